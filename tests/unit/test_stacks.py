"""Stacks on the lab recording: grouping, removal order and retries, and the headless
`swarmtui stack rm`. The stacks pane is tested in tests/pilot/test_stacks.py; removal itself
against the lab in tests/lab."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from swarmtui import cli
from swarmtui.cli.command_words import split_command
from swarmtui.cli.main import build_parser
from swarmtui.core.audit import read_outcomes
from swarmtui.docker.errors import DaemonError, DaemonUnreachable
from swarmtui.docker.poller import Poller, PollHints
from swarmtui.docker.rawlist import RawList
from swarmtui.docker.reader import SwarmReader
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.stacks import (
    StackNotFound,
    StackPartlyRemoved,
    plan_removal,
    remove_stack,
    stacks_of,
)
from swarmtui.render.palette import Palette
from swarmtui.render.stacks import stack_rows
from tests.support.replay import RECORDING, recorded_at

# The Docker layer ----------------------------------------------------------------------------


def test_stacks_group_services_and_objects_by_namespace(recording: ReplayApi) -> None:
    snapshot = Poller(SwarmReader(recording), clock=recorded_at).poll()
    [shop] = stacks_of(snapshot)
    assert shop.name == "shop"
    assert [s.name for s in shop.services] == ["shop_api", "shop_worker"]
    assert (shop.running, shop.desired) == (3, 3)
    assert [n.name for n in shop.of_kind("network")] == ["shop_default"]
    assert shop.of_kind("secret") == shop.of_kind("config") == ()
    [(key, cells)] = stack_rows(stacks_of(snapshot), Palette(), {}, {})
    assert key == "shop"
    assert [str(getattr(c, "plain", c)) for c in cells] == [
        "shop",
        "2",
        "━━━━━━━━ 3/3",
        "1",
        "0",
        "0",
    ]


class CountingReplay(ReplayApi):
    def __init__(self) -> None:
        super().__init__(RECORDING)
        self.object_reads: list[str] = []

    def list_objects(self, kind: str, filters: dict[str, list[str]]) -> RawList:
        self.object_reads.append(kind)
        return super().list_objects(kind, filters)


def test_stack_objects_are_read_rarely() -> None:
    api = CountingReplay()
    now = [recorded_at()]
    poller = Poller(SwarmReader(api), full_tasks_every=60, clock=lambda: now[0])
    first = poller.poll()
    assert api.object_reads == ["networks", "secrets", "configs"]
    for _ in range(5):  # idle polls every 2 s leave them alone
        now[0] += timedelta(seconds=2)
        assert poller.poll().stack_objects is first.stack_objects
    assert len(api.object_reads) == 3
    now[0] += timedelta(seconds=2)
    poller.poll(PollHints(stack_objects_changed=True))  # a network, secret or config event
    assert len(api.object_reads) == 6
    now[0] += timedelta(seconds=61)
    poller.poll()  # with the full task read, as a safety net
    assert len(api.object_reads) == 9 and poller.stats.stack_object_reads == 3


class FakeStackApi:
    """Lists one stack of every kind and removes by script: the network is refused as in use
    once, then accepted but still listed once, then gone."""

    def __init__(self, network_refusals: list[str]) -> None:
        self.objects = {
            "services": [{"ID": "s1", "Spec": {"Name": "demo_app", "Labels": LABEL}}],
            "secrets": [{"ID": "x1", "Spec": {"Name": "demo_token", "Labels": LABEL}}],
            "configs": [{"ID": "c1", "Spec": {"Name": "demo_settings", "Labels": LABEL}}],
            "networks": [{"Id": "n1", "Name": "demo_back", "Labels": LABEL}],
        }
        self.network_refusals = network_refusals
        self.lingering = 0
        self.calls: list[str] = []

    def list_objects(self, kind: str, filters: dict[str, list[str]]) -> RawList:
        assert filters == {"label": ["com.docker.stack.namespace=demo"]}
        return RawList.of(self.objects[kind])

    def remove_object(self, kind: str, object_id: str) -> None:
        self.calls.append(f"{kind}/{object_id}")
        if kind == "networks" and self.network_refusals:
            refusal = self.network_refusals.pop(0)
            if refusal == "accepted, still listed":
                return
            raise DaemonError(refusal)
        if not any(item.get("ID", item.get("Id")) == object_id for item in self.objects[kind]):
            raise DaemonError(f"{kind[:-1]} {object_id} not found")
        self.objects[kind] = [
            o for o in self.objects[kind] if o.get("ID", o.get("Id")) != object_id
        ]


LABEL = {"com.docker.stack.namespace": "demo"}
IN_USE = "rpc error: code = FailedPrecondition desc = network n1 is in use by task t1"


def test_removal_goes_in_order_and_retries_what_is_in_use() -> None:
    api: Any = FakeStackApi([IN_USE, "accepted, still listed"])
    removal = plan_removal(api, "demo")
    assert [o.kind for o in removal.objects] == ["service", "secret", "config", "network"]
    removed: list[Any] = []
    retries: list[str] = []
    sleeps: list[float] = []
    remove_stack(
        api, removal, removed.append, retries.append, delays=(1, 2, 4), sleep=sleeps.append
    )
    assert api.calls == [
        "services/s1",
        "secrets/x1",
        "configs/c1",
        "networks/n1",
        "networks/n1",
        "networks/n1",
    ]
    assert [o.name for o in removed] == ["demo_app", "demo_token", "demo_settings", "demo_back"]
    assert sleeps == [1, 2]
    assert retries[0] == (
        "Not removed yet from stack demo: network demo_back (network n1 is "
        "in use by task t1); trying again in 1 s."
    )
    assert "still there while its tasks stop" in retries[1]


def test_removal_reports_what_remains_after_the_retries() -> None:
    api: Any = FakeStackApi([IN_USE] * 10)
    with pytest.raises(StackPartlyRemoved) as raised:
        remove_stack(api, plan_removal(api, "demo"), delays=(1, 1), sleep=lambda s: None)
    assert [o.name for o in raised.value.remaining] == ["demo_back"]
    assert str(raised.value) == (
        "Removed 3 of 4 objects of stack demo; could not remove "
        "network demo_back: network n1 is in use by task t1."
    )
    # A refusal for another reason is not retried.
    api = FakeStackApi(["permission denied"])
    with pytest.raises(StackPartlyRemoved, match="permission denied"):
        remove_stack(api, plan_removal(api, "demo"), sleep=pytest.fail)


def test_unknown_stack_is_refused() -> None:
    with pytest.raises(StackNotFound, match="Nothing found in stack nope"):
        plan_removal(ReplayApi(RECORDING), "nope")


# Headless `swarmtui stack rm` ----------------------------------------------------------------


def test_split_command_finds_the_command_after_dashboard_options() -> None:
    parser = build_parser()
    assert split_command(parser, ["--host", "unix:///x", "stack", "rm", "s"]) == (
        ["--host", "unix:///x"],
        ["stack", "rm", "s"],
    )
    assert split_command(parser, ["--context", "stack", "--read-only"]) == (
        ["--context", "stack", "--read-only"],
        None,
    )
    assert split_command(parser, []) == ([], None)


def run_replay_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(["--replay", str(RECORDING), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_stack_rm_without_yes_prints_the_plan(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_replay_cli(capsys, "stack", "rm", "shop")
    assert code == 1
    assert out.splitlines() == [
        "Stack shop has 2 services, 1 network:",
        "  service shop_api",
        "  service shop_worker",
        "  network shop_default",
    ]
    assert err == "swarmtui: Nothing was removed: add --yes to remove stack shop.\n"


def test_stack_rm_exit_codes(capsys: pytest.CaptureFixture[str], audit_log: Any) -> None:
    code, _, err = run_replay_cli(capsys, "stack", "rm", "nope", "--yes")
    assert code == 2 and "Nothing found in stack nope" in err
    code, _, err = run_replay_cli(capsys, "--read-only", "stack", "rm", "shop", "--yes")
    assert code == 2 and "read-only" in err
    assert read_outcomes(audit_log)[-1]["outcome"] == "refused"
    code, _, err = run_replay_cli(capsys, "stack", "rm", "shop", "--yes")  # a recording refuses
    assert code == 3 and "could not remove service shop_api" in err
    assert read_outcomes(audit_log)[-1]["outcome"] == "failed"
    with pytest.raises(SystemExit) as usage:
        run_replay_cli(capsys, "stack", "rm")
    assert usage.value.code == 2


def test_stack_rm_with_the_daemon_away(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(self: ReplayApi) -> dict:  # noqa: ARG001
        raise DaemonUnreachable("Cannot reach the Docker daemon at x: connection refused.")

    monkeypatch.setattr(ReplayApi, "info", unreachable)
    code, _, err = run_replay_cli(capsys, "stack", "rm", "shop", "--yes")
    assert code == 3 and "connection refused" in err
