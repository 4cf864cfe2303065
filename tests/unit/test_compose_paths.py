"""Spec paths back to compose keys, values in compose units, nothing secret shown."""

from __future__ import annotations

import base64

from swarmtui.stack.compose_paths import compose_key, cpus, duration, shown_differences, size

C = "TaskTemplate.ContainerSpec."


def test_common_service_paths_read_as_compose_keys() -> None:
    assert {
        path: compose_key(path)
        for path in (
            C + "Image",
            C + "Args",
            C + "Command",
            C + "Dir",
            C + "Labels.a.b",
            "Labels.traefik.enable",
            "Mode.Replicated.Replicas",
            "TaskTemplate.Resources.Limits.MemoryBytes",
            "TaskTemplate.Resources.Reservations.NanoCPUs",
            "TaskTemplate.RestartPolicy.MaxAttempts",
            "UpdateConfig.FailureAction",
            "RollbackConfig.MaxFailureRatio",
            "TaskTemplate.Placement.MaxReplicas",
            C + "Healthcheck.StartPeriod",
            "TaskTemplate.LogDriver.Options.max-size",
            "TaskTemplate.ForceUpdate",
        )
    } == {
        C + "Image": "image",
        C + "Args": "command",
        C + "Command": "entrypoint",
        C + "Dir": "working_dir",
        C + "Labels.a.b": "labels.a.b",
        "Labels.traefik.enable": "deploy.labels.traefik.enable",
        "Mode.Replicated.Replicas": "deploy.replicas",
        "TaskTemplate.Resources.Limits.MemoryBytes": "deploy.resources.limits.memory",
        "TaskTemplate.Resources.Reservations.NanoCPUs": "deploy.resources.reservations.cpus",
        "TaskTemplate.RestartPolicy.MaxAttempts": "deploy.restart_policy.max_attempts",
        "UpdateConfig.FailureAction": "deploy.update_config.failure_action",
        "RollbackConfig.MaxFailureRatio": "deploy.rollback_config.max_failure_ratio",
        "TaskTemplate.Placement.MaxReplicas": "deploy.placement.max_replicas_per_node",
        C + "Healthcheck.StartPeriod": "healthcheck.start_period",
        "TaskTemplate.LogDriver.Options.max-size": "logging.options.max-size",
        "TaskTemplate.ForceUpdate": "TaskTemplate.ForceUpdate",  # no compose key: the API path
    }


def test_units_read_as_compose_writes_them() -> None:
    assert [size(33554432), size(1 << 30), size(3072), size(1000)] == ["32M", "1G", "3k", "1000B"]
    assert [cpus(500_000_000), cpus(2_000_000_000)] == ["0.5", "2"]
    assert [duration(90 * 10**9), duration(500 * 10**6), duration(0)] == ["1m30s", "500ms", "0s"]


def test_differences_are_shown_safely() -> None:
    found = (
        ("TaskTemplate.Resources.Limits.MemoryBytes", 33554432, 67108864),
        ("UpdateConfig.Delay", 10**10, None),
        ("Labels.db.password", "old", "new"),
        (C + "Labels.url", "redis://:pw@cache", "x"),
        ("EndpointSpec.Ports", None, [{"PublishedPort": 80, "TargetPort": 8080}]),
    )
    assert shown_differences("service", found) == [
        ("deploy.resources.limits.memory", "32M → 64M"),
        ("deploy.update_config.delay", "10s → (none)"),
        ("deploy.labels.db.password", "changed"),
        ("labels.url", "redis://:••••••••••••@cache → x"),
        ("ports", '(none) → ["80:8080/tcp"]'),
    ]
    data = base64.b64encode(b"secret!").decode()
    assert shown_differences("config", (("Data", "", data),)) == [
        ("content", "content changed (0 bytes → 7 bytes)")
    ]
