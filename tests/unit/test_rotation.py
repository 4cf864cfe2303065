"""Rotating a secret or config, the pure part: the next version's name (configurable), the
swap that keeps each mount, the new version's spec, and the next step decided from what the
cluster reads back, including the report of a rotation stopped half-way."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from swarmtui.core.config import load_settings
from swarmtui.docker.errors import WriteRefused
from swarmtui.docker.rotation import (
    ROTATED_FROM,
    Mount,
    Progress,
    ServiceState,
    check_name,
    check_template,
    new_spec,
    next_name,
    next_step,
    stop_report,
    swap,
    version_of,
)
from swarmtui.docker.rotation_io import (
    MAX_DATA_BYTES,
    is_rotation_of,
    read_data_file,
    read_progress,
)


def test_the_next_name_strips_an_existing_version() -> None:
    assert next_name("db_pw") == "db_pw.v2"
    assert next_name("db_pw.v2") == "db_pw.v3"
    assert next_name("db_pw.v9") == "db_pw.v10"
    assert next_name("app.vault.token") == "app.vault.token.v2"
    assert version_of("db_pw.v12") == ("db_pw", 12)


def test_the_naming_is_configurable(tmp_path: Path) -> None:
    assert next_name("db_pw", "{name}-{n}") == "db_pw-2"
    assert next_name("db_pw-2", "{name}-{n}") == "db_pw-3"
    assert next_name("app", "r{n}_{name}") == "r2_app"
    assert next_name("r2_app", "r{n}_{name}") == "r3_app"
    config = tmp_path / "config.toml"
    config.write_text('[rotation]\nname = "{name}_r{n}"\n')
    assert load_settings(config).rotation_name == "{name}_r{n}"
    config.write_text('[rotation]\nname = "{name}"\n')
    with pytest.raises(ValueError, match=r"must hold \{name\} and \{n\}"):
        load_settings(config)
    with pytest.raises(ValueError):
        check_template("{name}.{n}.{x}")


def test_a_name_the_daemon_would_refuse_is_refused_first() -> None:
    assert check_name(" db_pw.v2 ", "secret") == "db_pw.v2"
    for bad in ("", "-x", "a b", "x" * 65, "db_pw."):
        with pytest.raises(WriteRefused):
            check_name(bad, "secret")


def _spec() -> dict:
    return {
        "Name": "api",
        "TaskTemplate": {
            "ContainerSpec": {
                "Secrets": [
                    {
                        "SecretID": "old1",
                        "SecretName": "db_pw",
                        "File": {"Name": "pw", "UID": "1000", "GID": "1001", "Mode": 0o400},
                    },
                    {"SecretID": "other", "SecretName": "tls", "File": {"Name": "tls"}},
                ]
            }
        },
    }


def test_the_swap_keeps_target_uid_gid_and_mode() -> None:
    spec = _spec()
    assert swap(spec, "secret", "old1", "new2", "db_pw.v2") == 1
    first, second = spec["TaskTemplate"]["ContainerSpec"]["Secrets"]
    assert first == {
        "SecretID": "new2",
        "SecretName": "db_pw.v2",
        "File": {"Name": "pw", "UID": "1000", "GID": "1001", "Mode": 0o400},
    }
    assert second["SecretID"] == "other"
    assert swap(spec, "secret", "old1", "new2", "db_pw.v2") == 0
    config = {"TaskTemplate": {"ContainerSpec": {"Configs": [{"ConfigID": "c1", "File": {}}]}}}
    assert swap(config, "config", "c1", "c2", "nginx.v2") == 1
    assert config["TaskTemplate"]["ContainerSpec"]["Configs"][0]["ConfigName"] == "nginx.v2"


def test_the_new_version_copies_the_labels_and_says_what_it_replaces() -> None:
    old = {"Spec": {"Name": "db_pw", "Labels": {"team": "db"}, "Data": "b2xk"}}
    made = new_spec(old, "db_pw.v2", base64.b64encode(b"new").decode())
    assert made == {
        "Name": "db_pw.v2",
        "Labels": {"team": "db", ROTATED_FROM: "db_pw"},
        "Data": base64.b64encode(b"new").decode(),
    }


def _service(
    name: str, on: str, update: str = "completed", converged: bool = True, message: str = ""
) -> ServiceState:
    mount = (Mount("db_pw", "0", "0", 0o444),)
    return ServiceState(f"id-{name}", name, on, update, message, converged, mount)  # type: ignore[arg-type]


def _progress(*services: ServiceState, new_id: str = "new2", old: bool = True) -> Progress:
    return Progress("secret", "old1", "db_pw", "db_pw.v2", old, new_id, services)


def test_a_rotation_goes_create_swap_wait_remove_done() -> None:
    a, b = _service("a", "old"), _service("b", "old")
    assert next_step(_progress(a, b, new_id=""), frozenset()).action == "create"
    step = next_step(_progress(a, b), frozenset())
    assert (step.action, step.service) == ("swap", a)
    rolling = _service("a", "new", "updating", converged=False)
    step = next_step(_progress(rolling, b), frozenset({"id-a"}))
    assert (step.action, step.service) == ("wait", rolling)
    step = next_step(_progress(_service("a", "new"), b), frozenset({"id-a"}))
    assert (step.action, step.service) == ("swap", b)
    both = _progress(_service("a", "new"), _service("b", "new"))
    assert next_step(both, frozenset({"id-a", "id-b"})).action == "remove"
    gone = _progress(_service("a", "new"), _service("b", "new"), old=False)
    assert next_step(gone, frozenset({"id-a", "id-b"})).action == "done"


def test_a_paused_update_stops_it_and_a_new_run_retries_it_once() -> None:
    paused = _service("b", "new", "paused", converged=False, message="update paused due to failure")
    progress = _progress(_service("a", "new"), paused, _service("c", "old"))
    step = next_step(progress, frozenset({"id-a", "id-b"}))
    assert step.action == "stop"
    report = stop_report(progress, step.why)
    assert report == (
        "Rotation of secret db_pw stopped: The update of b paused: update paused due to "
        "failure. Now a runs db_pw.v2; b runs db_pw.v2 (update paused); c runs db_pw. "
        "db_pw.v2 is kept. Fix the cause, then rotate db_pw again to resume from there."
    )
    # Run again (nothing touched yet in this run): the paused update is retried, once.
    assert next_step(progress, frozenset()).action == "retry"


def test_a_service_rolled_back_to_the_old_version_stops_it() -> None:
    back = _service("b", "old", "rollback_completed", message="rollback completed")
    progress = _progress(_service("a", "new"), back)
    step = next_step(progress, frozenset({"id-a", "id-b"}))
    assert step.action == "stop" and "b went back to db_pw (rollback completed)" in step.why
    assert next_step(progress, frozenset()).action == "swap"  # resumed: swapped again


def test_data_from_a_file_is_bounded_and_never_quoted(tmp_path: Path) -> None:
    data = tmp_path / "pw"
    data.write_bytes(b"hunter2")
    assert read_data_file(str(data)) == b"hunter2"
    big = tmp_path / "big"
    big.write_bytes(b"x" * (MAX_DATA_BYTES + 1))
    with pytest.raises(ValueError, match="larger than 500 KiB"):
        read_data_file(str(big))
    with pytest.raises(ValueError, match="not a regular file"):
        read_data_file(str(tmp_path))
    with pytest.raises(ValueError, match="cannot be read"):
        read_data_file(str(tmp_path / "missing"))
    (tmp_path / "empty").write_bytes(b"")
    with pytest.raises(ValueError, match="is empty") as error:
        read_data_file(str(tmp_path / "empty"))
    assert "hunter2" not in str(error.value)


class _Cluster:
    """Just what read_progress asks of a daemon."""

    def __init__(self, services: list[dict], tasks: dict[str, list[dict]]) -> None:
        self._services, self._tasks = services, tasks
        self.objects = [
            {"ID": "old1", "Spec": {"Name": "db_pw"}},
            {"ID": "new2", "Spec": {"Name": "db_pw.v2", "Labels": {ROTATED_FROM: "db_pw"}}},
            {"ID": "zzz", "Spec": {"Name": "db_pw.v2.bak"}},  # the name filter matches it too
        ]

    def list_objects(self, kind: str, filters: dict) -> list[dict]:
        return [o for o in self.objects if o["Spec"]["Name"].startswith(filters["name"][0])]

    def services(self) -> list[dict]:
        return self._services

    def tasks(self, filters: dict) -> list[dict]:
        return self._tasks.get(filters["service"][0], [])


def _raw(name: str, secret: str, replicas: int, state: str = "") -> dict:
    spec = _spec()
    spec["Name"] = name
    spec["TaskTemplate"]["ContainerSpec"]["Secrets"][0]["SecretID"] = secret
    spec["Mode"] = {"Replicated": {"Replicas": replicas}}
    raw = {"ID": f"id-{name}", "Spec": spec}
    if state:
        raw["UpdateStatus"] = {"State": state, "Message": f"update {state}"}
    return raw


def _task(secret: str, state: str = "running") -> dict:
    container = {"Secrets": [{"SecretID": secret}]}
    return {"Spec": {"ContainerSpec": container}, "Status": {"State": state}}


def test_read_progress_counts_a_service_converged_once_every_task_runs_the_new_version() -> None:
    cluster = _Cluster(
        [
            _raw("a", "new2", 2, "completed"),
            _raw("b", "new2", 2, "updating"),
            _raw("c", "new2", 2, "completed"),
            _raw("d", "old1", 1),
            _raw("e", "other", 1),
        ],
        {
            "id-a": [_task("new2"), _task("new2")],
            "id-b": [_task("new2"), _task("old1")],
            "id-c": [_task("new2"), _task("new2", "starting")],
            "id-d": [_task("old1")],
        },
    )
    progress = read_progress(cluster, "secret", "old1", "db_pw", "db_pw.v2")  # type: ignore[arg-type]
    assert (progress.old_exists, progress.new_id) == (True, "new2")
    states = {s.name: (s.on, s.converged) for s in progress.services}
    assert states == {
        "a": ("new", True),
        "b": ("new", False),
        "c": ("new", False),
        "d": ("old", True),
    }
    assert progress.services[0].mounts == (Mount("pw", "1000", "1001", 0o400),)
    assert is_rotation_of(cluster.objects[1], "db_pw") and not is_rotation_of(
        cluster.objects[2], "db_pw"
    )
