"""The write runner: one audited line per write, refusals that send nothing, failures that never
escape, and one change at a time on a client of its own. Its client is the lab recording,
which answers reads and refuses every change as a daemon would."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from swarmtui.core.audit import read_entries
from swarmtui.core.writes import (
    READ_ONLY_REFUSAL,
    Write,
    WriteOutcome,
    WriteRunner,
    swarm_init,
)
from swarmtui.docker.errors import DaemonError, WriteRefused
from swarmtui.docker.protocol import SwarmApi
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.writes import SwarmWriter
from tests.support.replay import RECORDING


class Factory:
    """Counts the write clients the runner opens."""

    def __init__(self) -> None:
        self.made: list[ReplayApi] = []

    def __call__(self) -> SwarmApi:
        self.made.append(ReplayApi(RECORDING))
        return self.made[-1]


def runner(factory: Factory, read_only: bool = False) -> WriteRunner:
    return WriteRunner(
        factory, read_only=read_only, endpoint="unix:///replay.sock", cluster=lambda: "swarm1"
    )


def service_count(writer: SwarmWriter) -> int:
    return len(writer.api.services())


def test_a_write_is_audited_before_and_after(audit_log: Path) -> None:
    factory = Factory()
    seen_before: list[list[str]] = []

    def count(writer: SwarmWriter) -> int:
        seen_before.append([e["outcome"] for e in read_entries(audit_log)])
        return service_count(writer)

    outcome = runner(factory).run(Write("count", "services", {"n": 1}, count))
    assert outcome == WriteOutcome("ok", result=len(ReplayApi(RECORDING).services()))
    assert outcome.ok and len(factory.made) == 1
    assert seen_before == [["started"]]  # the intent is on disk before anything is sent
    intent, entry = read_entries(audit_log)
    assert intent["outcome"] == "started" and intent["write"] == entry["write"]
    assert intent["action"] == "count" and intent["params"] == {"n": 1}
    assert entry["action"] == "count" and entry["target"] == "services"
    assert entry["params"] == {"n": 1} and entry["outcome"] == "ok"
    assert entry["cluster"] == "swarm1" and entry["endpoint"] == "unix:///replay.sock"
    assert "detail" not in entry


def test_read_only_refuses_without_opening_a_client(audit_log: Path) -> None:
    factory = Factory()
    called: list[SwarmWriter] = []
    outcome = runner(factory, read_only=True).run(
        Write("scale", "web", {"replicas": 3}, called.append)
    )
    assert outcome.status == "refused" and outcome.message == READ_ONLY_REFUSAL
    assert not outcome.ok and not called and not factory.made
    (entry,) = read_entries(audit_log)
    assert entry["outcome"] == "refused" and entry["detail"] == READ_ONLY_REFUSAL


def test_a_refusal_named_by_the_caller_sends_nothing(audit_log: Path) -> None:
    factory = Factory()
    run = runner(factory)
    assert run.run(Write("scale", "web", {}, service_count, refused="It is global.")) == (
        WriteOutcome("refused", "It is global.")
    )
    assert run.run(Write("scale", "web", {}, None)).status == "refused"
    assert not factory.made
    assert [(e["outcome"], e.get("detail")) for e in read_entries(audit_log)] == [
        ("refused", "It is global."),
        ("refused", None),
    ]


def test_write_refused_is_a_refusal(audit_log: Path) -> None:
    outcome = runner(Factory()).run(
        Write("scale", "web", {"replicas": -1}, lambda writer: writer.scale("web", -1))
    )
    assert outcome.status == "refused" and isinstance(outcome.error, WriteRefused)
    assert outcome.message == str(outcome.error) and "not a replica count" in outcome.message
    assert read_entries(audit_log)[-1]["outcome"] == "refused"


def test_a_daemon_error_is_a_failure(audit_log: Path) -> None:
    outcome = runner(Factory()).run(
        Write("remove", "web", {}, lambda writer: writer.remove_service("web"))
    )
    assert outcome.status == "failed" and isinstance(outcome.error, DaemonError)
    assert outcome.message == "This is a recording; it cannot be changed."
    entry = read_entries(audit_log)[-1]
    assert entry["outcome"] == "failed" and entry["detail"] == outcome.message


def test_an_unexpected_exception_fails_and_frees_the_runner(audit_log: Path) -> None:
    factory = Factory()
    run = runner(factory)
    outcome = run.run(Write("scale", "web", {}, lambda writer: next(iter(()))))
    assert outcome.status == "failed" and isinstance(outcome.error, StopIteration)
    assert outcome.message == "The change stopped on an unexpected StopIteration."
    broken = run.run(Write("scale", "web", {}, lambda writer: int("x")))
    assert "unexpected ValueError: invalid literal" in broken.message
    assert run.run(Write("count", "services", {}, service_count)).ok  # the lock was released
    assert len(factory.made) == 1  # and the client reused
    assert [e["outcome"] for e in read_entries(audit_log)] == [
        "started",
        "failed",
        "started",
        "failed",
        "started",
        "ok",
    ]


def test_writes_take_turns(audit_log: Path) -> None:
    run = runner(Factory())
    active: list[int] = []
    overlap: list[int] = []

    def slow(writer: SwarmWriter) -> None:
        active.append(1)
        overlap.append(len(active))
        time.sleep(0.05)
        active.pop()

    threads = [
        threading.Thread(target=run.run, args=(Write("slow", str(n), {}, slow),)) for n in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlap == [1, 1, 1]
    outcomes = [e["outcome"] for e in read_entries(audit_log)]
    assert outcomes == ["started", "ok"] * 3  # each intent is followed by its own outcome


def test_close_closes_the_client_and_a_later_write_opens_another() -> None:
    factory = Factory()
    run = runner(factory)
    assert run.run(Write("count", "services", {}, service_count)).ok
    run.close()
    assert factory.made[0]._closed.is_set()
    assert run.run(Write("count", "services", {}, service_count)).ok
    assert len(factory.made) == 2
    run.close()
    run.close()  # closing twice is harmless


def test_swarm_init_names_the_new_swarm_only_on_success(audit_log: Path) -> None:
    run = WriteRunner(Factory(), read_only=False, endpoint="unix:///replay.sock")
    outcome = run.run(swarm_init("unix:///replay.sock", " 10.0.0.5 "))
    assert outcome.status == "failed"  # the recording refuses, as a daemon in a swarm would
    entry = read_entries(audit_log)[-1]
    assert entry["action"] == "swarm-init" and entry["target"] == "unix:///replay.sock"
    assert entry["params"] == {"advertise_addr": "10.0.0.5", "listen_addr": "0.0.0.0:2377"}
    # The daemon is in a swarm already (that is why it refused): the line names that swarm.
    assert entry["cluster"] == ReplayApi(RECORDING).info()["Swarm"]["Cluster"]["ID"]
    assert run.run(swarm_init("unix:///replay.sock", "eth 0")).status == "refused"

    created = Write("swarm-init", "here", {}, lambda writer: "newswarm", names_cluster=str)
    assert run.run(created).result == "newswarm"
    assert read_entries(audit_log)[-1]["cluster"] == "newswarm"


def test_a_write_before_the_first_poll_names_its_cluster(audit_log: Path) -> None:
    run = WriteRunner(Factory(), read_only=False, endpoint="unix:///replay.sock")  # no cluster yet
    assert run.run(Write("count", "services", {}, service_count)).ok
    cluster = ReplayApi(RECORDING).info()["Swarm"]["Cluster"]["ID"]
    assert cluster and {e["cluster"] for e in read_entries(audit_log)} == {cluster}


def test_the_audit_log_is_private(audit_log: Path) -> None:
    audit_log.parent.chmod(0o755)
    runner(Factory()).run(Write("count", "services", {}, service_count))
    assert audit_log.stat().st_mode & 0o777 == 0o600
    fresh = audit_log.parent / "new" / "audit.log"
    WriteRunner(Factory(), read_only=False, endpoint="e", audit_path=fresh).run(
        Write("count", "services", {}, service_count)
    )
    assert fresh.parent.stat().st_mode & 0o777 == 0o700
    assert fresh.stat().st_mode & 0o777 == 0o600


def test_an_unwritable_audit_log_is_said_and_the_write_still_reported(audit_log: Path) -> None:
    audit_log.mkdir()  # a folder where the file should be: no user can append to it
    outcome = runner(Factory()).run(Write("count", "services", {}, service_count))
    assert outcome.ok and outcome.result
    assert (
        str(audit_log) in outcome.audit_problem and "could not be written" in outcome.audit_problem
    )
    refused = runner(Factory(), read_only=True).run(Write("scale", "web", {}, service_count))
    assert refused.status == "refused" and refused.audit_problem


def test_a_daemon_message_quoting_a_secret_is_masked_everywhere(audit_log: Path) -> None:
    def refused(writer: SwarmWriter) -> None:
        raise DaemonError(
            "invalid spec: env DB_PASSWORD=hunter2, registry https://bob:s3cr3t@example.org"
        )

    outcome = runner(Factory()).run(Write("update", "web", {}, refused))
    assert outcome.status == "failed"
    assert "hunter2" not in outcome.message and "s3cr3t" not in outcome.message
    assert "DB_PASSWORD=" in outcome.message
    assert not any("hunter2" in str(entry) for entry in read_entries(audit_log))
