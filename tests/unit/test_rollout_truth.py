"""Rollouts that tell the truth, without the lab: when a rollout counts as stalled, a completed
rollback as a failed rollout, where both sort and how they are said, and `swarmtui wait`'s
verdicts and exit codes over recorded API JSON with a clock that only moves when it sleeps."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from swarmtui.cli.wait import EXIT_ROLLED_BACK, EXIT_STALLED, EXIT_TIMEOUT, follow
from swarmtui.docker.converge import verdict
from swarmtui.docker.health import placement
from swarmtui.docker.models import ServiceInfo, Snapshot, TaskInfo, UpdateStatus
from swarmtui.docker.poller import Poller
from swarmtui.docker.reader import SwarmReader
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.service_parts import Pace, UpdateConfig
from swarmtui.docker.stacks import StackInfo
from swarmtui.docker.stall import RolloutPaces
from swarmtui.render.attention import attention_counts, attention_groups, attention_summary
from swarmtui.render.detail import service_detail
from swarmtui.render.palette import Palette
from swarmtui.render.placement import placement_columns, placement_rows
from swarmtui.render.rollout import rollout_detail, rollout_title, shown_rollout
from swarmtui.render.selection import Selection
from swarmtui.render.services import service_rows
from swarmtui.render.stacks import stack_health
from swarmtui.render.view import TaskFacts
from tests.support.replay import ROLLOUT_RECORDING, by_name, lab_snapshot, recorded_at

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
CONFIG = UpdateConfig(parallelism=1, delay_ns=1_000_000_000, monitor_ns=2_000_000_000)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def task(
    task_id: str, slot: int, state: str, since: float, *, desired: str = "running", **more: object
) -> TaskInfo:
    fields: dict[str, object] = {
        "id": task_id, "service_id": "svc", "service_name": "api", "slot": slot, "node_id": "n1",
        "desired_state": desired, "state": state, "state_since": at(since), "message": "",
        "error": "", "exit_code": None, "image": "app:2", "container_id": "",
        "created_at": at(since), "version": 1,
    }  # fmt: skip
    fields.update(more)
    return TaskInfo(**fields)  # type: ignore[arg-type]


def service(state: str | None, message: str = "", **more: object) -> ServiceInfo:
    web = by_name(lab_snapshot(ReplayApi(ROLLOUT_RECORDING)), "web")
    status = UpdateStatus(state, message, started_at=T0) if state else None
    return replace(
        web, id="svc", name="api", replicas=2, update_status=status, update_config=CONFIG, **more
    )


def test_a_rollout_is_stalled_once_no_slot_moved_for_monitor_delay_and_margin() -> None:
    paces = RolloutPaces(margin_s=5)
    updating = service("updating")
    moving = (task("a", 1, "running", 1), task("b", 2, "starting", 2))
    first = paces.observe([updating], {"svc": moving}, at(3))["svc"]
    assert first.moved_at == at(2)  # first seen: from the tasks' own timestamps
    assert (first.limit_s, first.stalled) == (8.0, False)  # monitor 2 + delay 1 + margin 5
    assert not paces.observe([updating], {"svc": moving}, at(10))["svc"].stalled
    assert paces.observe([updating], {"svc": moving}, at(10.5))["svc"].stalled
    # A slot that moves starts the count again.
    moved = (task("a", 1, "running", 1), task("b", 2, "running", 11))
    assert paces.observe([updating], {"svc": moved}, at(11))["svc"].moved_at == at(11)
    assert not paces.observe([updating], {"svc": moved}, at(18))["svc"].stalled
    # A new update (another StartedAt) is another rollout.
    again = replace(updating, update_status=UpdateStatus("updating", "", started_at=at(30)))
    assert paces.observe([again], {"svc": moved}, at(31))["svc"].moved_at == at(30)
    # Paused is not stalled: the daemon says what it is.
    paused = replace(updating, update_status=UpdateStatus("paused", "", started_at=T0))
    assert not paces.observe([paused], {"svc": moved}, at(99))["svc"].stalled


def test_a_rollback_keeps_the_reason_it_started_with() -> None:
    paces = RolloutPaces()
    why = "update rolled back due to failure or early termination of task x1"
    paces.observe([service("rollback_started", why)], {}, at(1))
    done = paces.observe([service("rollback_completed", "rollback completed")], {}, at(9))
    assert done["svc"].reason == why
    # Not seen as it started: the task that failed since the update started.
    failed = task("f", 1, "failed", 4, desired="shutdown", error="task: non-zero exit (3)")
    fresh = RolloutPaces().observe(
        [service("rollback_completed", "rollback completed")], {"svc": (failed,)}, at(9)
    )
    assert fresh["svc"].reason == "api.1 failed: task: non-zero exit (3)"


def snapshot_with_web(status: UpdateStatus, stalled: bool = False) -> Snapshot:
    snapshot = lab_snapshot(ReplayApi(ROLLOUT_RECORDING))
    web = by_name(snapshot, "web")
    services = tuple(
        replace(s, update_status=status) if s.id == web.id else s for s in snapshot.services
    )
    paces = {web.id: Pace(at(0), 75.0, 64.0, stalled, "")} if stalled else {}
    return replace(snapshot, services=services, paces=paces)


@pytest.mark.parametrize(
    ("status", "stalled", "group", "words"),
    [
        (UpdateStatus("updating", "update in progress"), True, "stalled", "1 stalled"),
        (UpdateStatus("rollback_completed", "rollback completed"), False, "rolled_back", ""),
        (UpdateStatus("updating", "update in progress"), False, "converging", "converging"),
    ],
    ids=["stalled", "rolled-back", "moving"],
)
def test_stalled_and_rolled_back_are_groups_of_their_own(
    status: UpdateStatus, stalled: bool, group: str, words: str
) -> None:
    snapshot = snapshot_with_web(status, stalled)
    facts = TaskFacts.of(snapshot.tasks)
    groups = attention_groups(snapshot, facts)
    web = by_name(snapshot, "web")
    assert groups[web.id] == group
    summary = attention_summary(attention_counts(groups), Palette()).plain
    assert words in summary
    if group != "converging":
        rows = dict(service_rows(snapshot, Palette(), facts.failing, facts.stuck))
        assert "bold red" in str(rows[web.id][0].style)  # red, as failing and paused are


def test_the_recorded_completed_rollback_is_red_not_healthy() -> None:
    snapshot = lab_snapshot(ReplayApi(ROLLOUT_RECORDING))
    groups = attention_groups(snapshot, TaskFacts.of(snapshot.tasks))
    assert groups[by_name(snapshot, "shop_api").id] == "rolled_back"
    assert "1 rolled back" in attention_summary(attention_counts(groups), Palette()).plain


def test_the_panel_says_stalled_and_how_long_nothing_moved() -> None:
    snapshot = snapshot_with_web(UpdateStatus("updating", "update in progress"), stalled=True)
    web = by_name(snapshot, "web")
    rollout = shown_rollout(snapshot, Selection.service(web.id), recorded_at(ROLLOUT_RECORDING))
    assert rollout is not None and rollout.stalled
    assert rollout_title(rollout).plain.startswith("Update of web: stalled · ")
    text = rollout_detail(rollout, snapshot, Palette()).plain
    assert "No slot has moved for 1m15s (more than monitor 2s + delay 2s + 1m00s margin)." in text
    assert rollout.eta_s is None  # no estimate of the time left for a rollout standing still
    detail = service_detail(web, None, None, snapshot, Palette(), recorded_at(ROLLOUT_RECORDING))
    assert "Update: updating, stalled\n" in detail.plain


def test_the_panel_says_a_completed_rollback_failed_with_its_reason() -> None:
    snapshot = lab_snapshot(ReplayApi(ROLLOUT_RECORDING))
    shop = by_name(snapshot, "shop_api")
    snapshot = replace(snapshot, paces={shop.id: Pace(None, reason="update rolled back: x")})
    when = shop.update_status.completed_at + timedelta(seconds=10)
    rollout = shown_rollout(snapshot, Selection.service(shop.id), when)
    assert rollout is not None
    assert "rollback completed: the update failed" in rollout_title(rollout).plain
    detail = rollout_detail(rollout, snapshot, Palette())
    assert "Rolled back: update rolled back: x" in detail.plain
    assert str(detail.spans[0].style) == "bold red"  # its state: red, as a failure
    # The detail area beside the tasks says the same.
    text = service_detail(shop, None, None, snapshot, Palette(), when).plain
    assert "Update: rollback completed: the update failed" in text
    assert "update rolled back: x" in text


def test_the_verdicts_of_wait() -> None:
    running = (task("a", 1, "running", 1), task("b", 2, "running", 2))
    current = frozenset({"a", "b"})

    def outcome(state: str | None, since: datetime | None = None, **kw: object) -> str:
        seen = verdict(
            service(state), running, kw.get("fresh", current), kw.get("pace"), since, at(10)
        )  # type: ignore[arg-type]
        return seen.outcome

    assert outcome("paused") == "paused"
    assert outcome("rollback_paused") == "paused"
    assert outcome("rollback_completed") == "rolled_back"
    assert outcome("updating") == "updating"
    assert outcome("updating", pace=Pace(at(0), 10, 8, True)) == "stalled"
    assert outcome("completed", fresh=frozenset({"a"})) == "converging"  # b runs the old spec
    assert outcome("completed") == "settling"  # converged: held for the monitor period?
    assert outcome("completed", since=at(9)) == "settling"
    assert outcome("completed", since=at(8)) == "converged"  # 2 s: the monitor period
    assert outcome(None, since=at(0)) == "converged"  # never updated: created and running


class Clock:
    """Time that passes only when `follow` sleeps."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def test_wait_follows_a_rollout_that_never_moves_until_it_stalls(capsys) -> None:  # noqa: ANN001
    clock = Clock(recorded_at(ROLLOUT_RECORDING))
    code = follow(ReplayApi(ROLLOUT_RECORDING), ["web"], 600, 3, clock, clock.sleep)
    out, err = capsys.readouterr()
    assert code == EXIT_STALLED
    assert out.splitlines() == ["web: updating, 1/6 running the current spec"]  # once
    assert err.startswith("swarmtui: web: the rollout stalled at 1/6: no slot has moved for ")
    assert "(more than the 7s its monitor, delay and margin allow)" in err


def test_wait_says_a_rolled_back_service_failed_and_runs_out_of_time(capsys) -> None:  # noqa: ANN001
    clock = Clock(recorded_at(ROLLOUT_RECORDING))
    api = ReplayApi(ROLLOUT_RECORDING)
    assert follow(api, ["shop_api"], 600, 60, clock, clock.sleep) == EXIT_ROLLED_BACK
    assert (
        "shop_api: the update failed and was rolled back at 15:19:08 UTC" in capsys.readouterr().err
    )
    assert follow(api, ["web"], 3, 600, clock, clock.sleep) == EXIT_TIMEOUT
    err = capsys.readouterr().err
    assert err == "swarmtui: web: not converged after 3s: updating, 1/6 running the current spec.\n"
    assert follow(api, ["nope"], 3, 600, clock, clock.sleep) == 2


def test_poller_hands_the_paces_to_the_snapshot() -> None:
    recorded = recorded_at(ROLLOUT_RECORDING)
    poller = Poller(SwarmReader(ReplayApi(ROLLOUT_RECORDING)), clock=lambda: recorded)
    poller.paces.margin_s = 0
    snapshot = poller.poll()
    web = by_name(snapshot, "web")
    assert snapshot.paces[web.id].moved_at is not None
    poller.clock = lambda: recorded + timedelta(seconds=5)
    assert web.id in poller.poll().stalled  # 5 s still > monitor 2 + delay 2 + margin 0


def test_a_stalled_rollout_is_stalled_in_the_grid_and_its_stack_too() -> None:
    snapshot = snapshot_with_web(UpdateStatus("updating", "update in progress"), stalled=True)
    facts = TaskFacts.of(snapshot.tasks)
    web = by_name(snapshot, "web")
    cells = placement(snapshot)
    columns = placement_columns(snapshot, False)
    rows = dict(placement_rows(snapshot, cells, columns, Palette(), facts.failing, facts.stuck))
    palette = Palette()
    assert str(rows[web.id][0].style).endswith(palette.for_health("stalled"))
    stack = StackInfo("shop", (web,), ())
    assert stack_health(stack, facts.failing, facts.stuck, snapshot.stalled) == "stalled"
