"""Converting compose files to Engine API specs as `docker stack deploy` does (the lab test
tests/lab/test_stack_parity.py checks the same against the real CLI)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from swarmtui.stack import ComposeError, convert, load
from swarmtui.stack.units import nano_cpus, nanoseconds, ram_bytes
from tests.support.compose import COMPOSE

NS = "com.docker.stack.namespace"


def spec_of(file: str, stack: str = "st", **environ: str):  # noqa: ANN201
    return convert(load([COMPOSE / file], {"PORT_BASE": "3101", **environ}), stack)


def from_text(tmp_path: Path, text: str, stack: str = "st"):  # noqa: ANN201
    file = tmp_path / "stack.yml"
    file.write_text(text)
    return convert(load([file], {}), stack)


def test_names_labels_command_environment_and_ports() -> None:
    web = spec_of("basic.yml").services["st_web"]
    assert web["Name"] == "st_web"
    assert web["Labels"] == {
        "com.example.owner": "platform",
        NS: "st",
        "com.docker.stack.image": "swarmlab/app:1",
    }
    container = web["TaskTemplate"]["ContainerSpec"]
    assert container["Command"] == ["/bin/sh", "-c"]  # entrypoint
    assert container["Args"] == ["exec", "/app"]  # command
    assert container["Labels"] == {
        "com.example.role": "frontend",
        "com.example.tier": "1",
        NS: "st",
    }
    assert container["Env"] == sorted(container["Env"])
    assert "UNSET_IN_ENV" in container["Env"] and "APP_MODE=from-environment" in container["Env"]
    assert container["Hostname"] == "web-{{.Task.Slot}}"
    assert container["StopGracePeriod"] == 1_000_000_000
    assert web["Mode"] == {"Replicated": {"Replicas": 2}}
    assert web["EndpointSpec"] == {
        "Ports": [
            {"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 31011, "PublishMode": "ingress"},
            {"Protocol": "udp", "TargetPort": 81, "PublishedPort": 31012, "PublishMode": "ingress"},
        ]
    }
    assert web["TaskTemplate"]["Networks"] == [{"Target": "st_default", "Aliases": ["web"]}]


def test_deploy_settings() -> None:
    api = spec_of("resources.yml").services["st_api"]
    template = api["TaskTemplate"]
    assert template["Resources"] == {
        "Limits": {"NanoCPUs": 500_000_000, "MemoryBytes": 64 << 20},
        "Reservations": {"NanoCPUs": 50_000_000, "MemoryBytes": 16 << 20},
    }
    assert template["RestartPolicy"] == {
        "Condition": "on-failure",
        "Delay": 2_000_000_000,
        "Window": 30_000_000_000,
        "MaxAttempts": 3,
    }
    assert template["Placement"] == {
        "Constraints": ["node.role == worker", "node.labels.zone != a"],
        "Preferences": [{"Spread": {"SpreadDescriptor": "node.labels.zone"}}],
        "MaxReplicas": 1,
    }
    assert api["UpdateConfig"] == {
        "Parallelism": 2,
        "Delay": 2_000_000_000,
        "FailureAction": "rollback",
        "Monitor": 5_000_000_000,
        "MaxFailureRatio": 0.25,
        "Order": "start-first",
    }
    assert api["RollbackConfig"]["Parallelism"] == 0
    assert api["EndpointSpec"] == {"Mode": "dnsrr"}
    assert spec_of("resources.yml").services["st_batch"]["Mode"] == {"Replicated": {"Replicas": 0}}


def test_global_mode_healthchecks_and_mounts() -> None:
    services = spec_of("global.yml").services
    agent = services["st_agent"]
    assert agent["Mode"] == {"Global": {}}
    container = agent["TaskTemplate"]["ContainerSpec"]
    assert container["Healthcheck"] == {
        "Test": ["CMD-SHELL", "test -e /bin/sh"],
        "Interval": 10_000_000_000,
        "Timeout": 2_000_000_000,
        "StartPeriod": 5_000_000_000,
        "Retries": 3,
    }
    mounts = {mount["Target"]: mount for mount in container["Mounts"]}
    assert mounts["/data"] == {
        "Type": "volume",
        "Target": "/data",
        "Source": "st_data",
        "VolumeOptions": {"Labels": {NS: "st"}},
    }
    assert mounts["/var/log/app"]["VolumeOptions"]["Labels"] == {
        "com.example.kept": "yes",
        NS: "st",
    }
    assert mounts["/config"] == {
        "Type": "bind",
        "Target": "/config",
        "Source": str(COMPOSE / "files"),
        "ReadOnly": True,
    }
    assert mounts["/cache"]["VolumeOptions"] == {
        "NoCopy": True,
        "Labels": {NS: "st"},
        "DriverConfig": {"Name": "local"},
    }
    assert mounts["/scratch"] == {
        "Type": "tmpfs",
        "Target": "/scratch",
        "TmpfsOptions": {"SizeBytes": 1048576},
    }
    quiet = services["st_quiet"]["TaskTemplate"]["ContainerSpec"]
    assert quiet["Healthcheck"] == {"Test": ["NONE"]}
    assert (
        services["st_probe"]["TaskTemplate"]["ContainerSpec"]["Healthcheck"]["Test"][0]
        == "CMD-SHELL"
    )


def test_networks_secrets_and_configs() -> None:
    stack = spec_of("objects.yml", SHARED_NETWORK="outside")
    assert sorted(stack.networks) == ["st_backend", "st_default", "st_frontend"]
    assert stack.networks["st_backend"] == {
        "Name": "st_backend",
        "Labels": {NS: "st"},
        "Driver": "overlay",
        "Internal": True,
    }
    assert stack.networks["st_frontend"]["Attachable"] is True
    assert stack.external_networks == ["outside"]
    back = stack.services["st_back"]["TaskTemplate"]
    assert back["Networks"] == [
        {"Target": "st_backend", "Aliases": ["database", "db", "back"]},
        {"Target": "st_frontend", "Aliases": ["back"]},
    ]
    assert back["ContainerSpec"]["Secrets"] == [
        {
            "File": {"Name": "api_key", "UID": "0", "GID": "0", "Mode": 0o444},
            "SecretID": "",
            "SecretName": "st_api_key",
        },
        {
            "File": {"Name": "db_pass", "UID": "1000", "GID": "1000", "Mode": 0o400},
            "SecretID": "",
            "SecretName": "st_db_password",
        },
    ]
    front = stack.services["st_front"]["TaskTemplate"]
    assert front["ContainerSpec"]["Configs"] == [
        {
            "File": {"Name": "/etc/site.conf", "UID": "0", "GID": "0", "Mode": 0o440},
            "ConfigID": "",
            "ConfigName": "st_site",
        }
    ]
    assert [secret["Name"] for secret in stack.secrets] == ["st_api_key", "st_db_password"]
    assert base64.b64decode(stack.secrets[1]["Data"]) == b"secret-password\n"
    assert stack.configs[0]["Labels"] == {NS: "st"}


def test_references_to_undefined_objects_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ComposeError) as caught:
        from_text(
            tmp_path,
            """
services:
  web:
    image: swarmlab/app:1
    networks: [nowhere]
    secrets: [missing]
  db:
    image: swarmlab/app:1
    volumes: ["data:/data"]
  agent:
    image: swarmlab/app:1
    deploy: {mode: global, replicas: 2}
""",
        )
    assert caught.value.messages == [
        "service agent: deploy.replicas cannot be used with mode global.",
        "service db: undefined volume 'data': the top-level volumes section does not declare it.",
        "service web: undefined secret 'missing': the top-level secrets section does not "
        "declare it.",
    ]


def test_capabilities_ulimits_hosts_and_legacy_restart(tmp_path: Path) -> None:
    web = from_text(
        tmp_path,
        """
services:
  web:
    image: swarmlab/app:1
    cap_add: [net_admin, CAP_SYS_TIME]
    cap_drop: [NET_ADMIN, mknod]
    ulimits: {nproc: 65535, nofile: {soft: 1024, hard: 2048}}
    extra_hosts: ["db:10.0.0.2"]
    dns: 10.0.0.53
    restart: on-failure:3
""",
    ).services["st_web"]
    container = web["TaskTemplate"]["ContainerSpec"]
    assert container["CapabilityAdd"] == ["CAP_NET_ADMIN", "CAP_SYS_TIME"]
    assert container["CapabilityDrop"] == ["CAP_MKNOD"]
    assert container["Ulimits"] == [
        {"Name": "nofile", "Soft": 1024, "Hard": 2048},
        {"Name": "nproc", "Soft": 65535, "Hard": 65535},
    ]
    assert container["Hosts"] == ["10.0.0.2 db"]
    assert container["DNSConfig"] == {"Nameservers": ["10.0.0.53"]}
    assert web["TaskTemplate"]["RestartPolicy"] == {"Condition": "on-failure", "MaxAttempts": 3}


def test_converting_twice_gives_equal_specs() -> None:
    assert spec_of("objects.yml") == spec_of("objects.yml")


@pytest.mark.parametrize(
    ("text", "nanos"),
    [
        ("10s", 10**10),
        ("1m30s", 9 * 10**10),
        ("1.5h", 5400 * 10**9),
        ("0", 0),
        ("250ms", 25 * 10**7),
    ],
)
def test_durations(text: str, nanos: int) -> None:
    assert nanoseconds(text) == nanos


def test_cpus_and_sizes() -> None:
    assert nano_cpus("0.5") == 500_000_000
    assert ram_bytes("50M") == 50 << 20 and ram_bytes("1g") == 1 << 30 and ram_bytes(512) == 512
    with pytest.raises(ValueError):
        nano_cpus("0.0000000001")
    with pytest.raises(ValueError):
        ram_bytes("lots")
