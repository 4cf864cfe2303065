"""The Docker layer and its derived views, on API JSON recorded from the lab."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from swarmtui.docker.errors import NotAManager, NotInSwarm
from swarmtui.docker.health import (
    STEADY_AFTER,
    UNASSIGNED,
    failing_services,
    failing_slots,
    placement,
    replica_progress,
    service_health,
    slot_failures,
    unschedulable,
)
from swarmtui.docker.models import Snapshot, TaskInfo, task_index
from swarmtui.docker.parse import parse_time
from swarmtui.docker.poller import Poller, PollHints
from swarmtui.docker.protocol import SwarmApi
from swarmtui.docker.rawlist import RawList
from swarmtui.docker.reader import SwarmReader
from swarmtui.docker.replay import ReplayApi
from tests.support.replay import RECORDING, by_name, lab_snapshot, recorded_at


@pytest.fixture
def snapshot(recording: ReplayApi) -> Snapshot:
    return lab_snapshot(recording)


def test_parse_time_keeps_microseconds_and_drops_nanoseconds() -> None:
    stamp = parse_time("2026-11-25T07:23:06.017577151Z")
    assert stamp == datetime(2026, 11, 25, 7, 23, 6, 17577, tzinfo=UTC)
    assert parse_time("0001-01-01T00:00:00Z") is None
    assert parse_time("2026-11-25T07:23:06Z") == datetime(2026, 11, 25, 7, 23, 6, tzinfo=UTC)


def test_cluster_and_nodes(snapshot: Snapshot) -> None:
    assert snapshot.cluster.swarm_id
    assert len(snapshot.nodes) >= 3
    leaders = [node for node in snapshot.nodes if node.is_leader]
    assert len(leaders) == 1 and leaders[0].is_manager
    assert snapshot.leader is leaders[0]
    workers = [node for node in snapshot.nodes if not node.is_manager]
    assert workers and all(node.manager_addr == "" for node in workers)
    assert all(
        node.is_ready and node.nano_cpus > 0 and node.memory_bytes > 0 for node in snapshot.nodes
    )
    assert ("zone", "b") in next(n for n in snapshot.nodes if n.hostname == "node2").labels
    assert snapshot.cluster.nodes == len(snapshot.nodes)


def test_services_carry_status_spec_and_stack(snapshot: Snapshot) -> None:
    web = by_name(snapshot, "web")
    assert (web.mode, web.replicas) == ("replicated", 6)
    assert (web.running, web.desired) == (6, 6)
    assert web.image == "swarmlab/app:1" and not web.image_digest
    assert [str(port) for port in web.ports] == ["8080:80"]
    assert web.limits.memory_bytes > 0 and web.reservations.nano_cpus > 0
    assert web.update_config.parallelism == 2
    agent = by_name(snapshot, "agent")
    assert agent.is_global and agent.replicas is None and agent.desired == len(snapshot.nodes)
    shop = [service for service in snapshot.services if service.stack == "shop"]
    assert {service.short_name for service in shop} == {"api", "worker"}
    crashloop = by_name(snapshot, "crashloop")
    assert crashloop.restart.condition == "any"


def test_tasks_are_named_like_the_cli(snapshot: Snapshot) -> None:
    web = by_name(snapshot, "web")
    names = {task.name for task in snapshot.tasks_of_service(web.id) if task.is_active}
    assert names == {f"web.{slot}" for slot in range(1, 7)}
    agent = by_name(snapshot, "agent")
    for task in snapshot.tasks_of_service(agent.id):
        assert task.slot == 0 and task.name == f"agent.{task.node_id}"


def test_failing_now_rule_on_the_lab(snapshot: Snapshot) -> None:
    failing = failing_services(snapshot.tasks)
    crashloop = by_name(snapshot, "crashloop")
    assert set(failing) == {crashloop.id}
    assert "non-zero exit" in failing[crashloop.id].error
    assert service_health(crashloop, failing, unschedulable(snapshot.tasks)) == "failing"
    assert service_health(by_name(snapshot, "web"), failing, {}) == "ok"


def _task(slot: int, state: str, at: int, desired: str = "running") -> TaskInfo:
    base = datetime(2026, 1, 1, tzinfo=UTC)
    return TaskInfo(
        id=f"t{slot}{state}{at}",
        service_id="svc",
        service_name="svc",
        slot=slot,
        node_id="n1",
        desired_state=desired,
        state=state,
        state_since=base + timedelta(seconds=at),
        message="",
        error="boom" if state == "failed" else "",
        exit_code=1 if state == "failed" else None,
        image="img",
        container_id="",
        created_at=base,
        version=1,
    )


def test_old_failure_in_history_is_not_current() -> None:
    recovered = [_task(1, "failed", 10, "shutdown"), _task(1, "running", 20)]
    assert failing_slots(recovered) == {}
    crashing = [
        _task(1, "running", 10, "shutdown"),
        _task(1, "failed", 20, "shutdown"),
        _task(1, "starting", 25),
    ]
    assert list(failing_slots(crashing)) == [("svc", "1")]
    # A slot scaled away (nothing desired to run any more) is history, whatever it did.
    gone = [_task(2, "failed", 30, "shutdown")]
    assert failing_slots(gone) == {}


def test_a_crash_loop_stays_failing_while_its_restart_runs_for_a_moment() -> None:
    """A crash loop's task runs for a moment between failures; the slot must not leave the
    failing group for it, nor stay there once the restart has run steadily."""
    base = datetime(2026, 1, 1, tzinfo=UTC)
    restarted = [_task(1, "failed", 20, "shutdown"), _task(1, "running", 26)]
    failures = slot_failures(restarted, now=base + timedelta(seconds=28))
    assert list(failures.slots) == [("svc", "1")]
    assert failures.settles_at == base + timedelta(seconds=26) + STEADY_AFTER
    assert failing_slots(restarted, now=base + timedelta(seconds=36)) == {}
    # A task that starts long after the failure (a later update) is a recovery at once.
    later = [_task(1, "failed", 20, "shutdown"), _task(1, "running", 20 + 3600)]
    assert failing_slots(later, now=base + timedelta(seconds=3621)) == {}


def test_restart_facts_are_worked_out_again_once_the_restart_has_settled() -> None:
    import swarmtui.render.view as view_module

    base = datetime(2026, 1, 1, tzinfo=UTC)
    tasks = (_task(1, "failed", 20, "shutdown"), _task(1, "running", 26))
    cache = view_module.TaskFactsCache()
    assert "svc" in cache.facts(tasks, base + timedelta(seconds=28)).failing
    assert "svc" in cache.facts(tasks, base + timedelta(seconds=30)).failing
    assert cache.facts(tasks, base + timedelta(seconds=40)).failing == {}


def test_pending_reason_and_placement(snapshot: Snapshot) -> None:
    pending = by_name(snapshot, "pending")
    stuck = unschedulable(snapshot.tasks)
    assert "no suitable node" in stuck[pending.id].error
    assert service_health(pending, {}, stuck) == "pending"
    cells = placement(snapshot)
    assert cells[(pending.id, UNASSIGNED)].starting == 2
    web = by_name(snapshot, "web")
    assert sum(cell.running for (sid, _), cell in cells.items() if sid == web.id) == 6
    agent = by_name(snapshot, "agent")
    assert all(cells[(agent.id, node.id)].running == 1 for node in snapshot.nodes)


def test_replica_progress() -> None:
    service = replace(next(iter(ReplayServices())), running=2, desired=4)
    progress = replica_progress(service)
    assert (progress.ratio, progress.complete) == (0.5, False)


def ReplayServices():  # noqa: N802, ANN201 - tiny helper shared by the test above
    return SwarmReader(ReplayApi(RECORDING)).services()


class CountingReplay(ReplayApi):
    """The recording, plus a log of which task queries the poller made."""

    def __init__(self) -> None:
        super().__init__(RECORDING)
        self.task_queries: list[dict | None] = []

    def tasks(self, filters=None):  # noqa: ANN001, ANN201
        self.task_queries.append(filters)
        return super().tasks(filters)


def test_poller_reads_all_tasks_only_when_needed() -> None:
    api = CountingReplay()
    now = [recorded_at()]
    poller = Poller(SwarmReader(api), full_tasks_every=60, hot_for=30, clock=lambda: now[0])
    first = poller.poll()
    assert api.task_queries == [None]
    crashloop = by_name(first, "crashloop")
    web = by_name(first, "web")
    # Idle: only the failing service's tasks are re-read, filtered by the daemon.
    now[0] += timedelta(seconds=2)
    second = poller.poll()
    assert api.task_queries[-1] == {"service": [crashloop.id]}
    assert {t.id for t in second.tasks} == {t.id for t in first.tasks}
    # The service on screen is kept fresh too.
    now[0] += timedelta(seconds=2)
    poller.poll(PollHints(watched_service=web.id))
    assert api.task_queries[-1] == {"service": sorted([crashloop.id, web.id])}
    # An event naming a service, or a node change, is honoured.
    now[0] += timedelta(seconds=2)
    poller.poll(PollHints(nodes_changed=True))
    assert api.task_queries[-1] is None
    # And the full read comes back by itself once it is due.
    now[0] += timedelta(seconds=61)
    poller.poll()
    assert api.task_queries[-1] is None
    assert poller.stats.full_task_reads == 3


def test_with_events_flowing_the_full_task_read_is_only_a_backstop() -> None:
    """Events and the services' counts say what moved; the 7 MB re-read of every task on a
    10,000-task swarm comes five times less often while they flow."""
    api = CountingReplay()
    now = [recorded_at()]
    poller = Poller(SwarmReader(api), full_tasks_every=60, clock=lambda: now[0])
    poller.events_flowing = True
    poller.poll()
    for _ in range(10):
        now[0] += timedelta(seconds=29)
        poller.poll()
    assert poller.stats.full_task_reads == 1
    now[0] += timedelta(seconds=300)
    poller.poll()
    assert poller.stats.full_task_reads == 2
    poller.events_flowing = False  # the stream dropped: back to the minute
    now[0] += timedelta(seconds=61)
    poller.poll()
    assert poller.stats.full_task_reads == 3


class WorkerInfo(ReplayApi):
    def info(self):  # noqa: ANN201
        info = json.loads((RECORDING / "info.json").read_text())
        info["Swarm"]["ControlAvailable"] = False
        info["Swarm"]["RemoteManagers"] = [{"NodeID": "x", "Addr": "10.9.0.11:2377"}]
        return info


class InactiveInfo(ReplayApi):
    def info(self):  # noqa: ANN201
        info = json.loads((RECORDING / "info.json").read_text())
        info["Swarm"] = {"LocalNodeState": "inactive", "ControlAvailable": False}
        return info


def test_manager_check_messages() -> None:
    with pytest.raises(NotAManager, match=r"is a swarm worker.*managers: 10\.9\.0\.11:2377"):
        SwarmReader(WorkerInfo(RECORDING)).check_manager()
    with pytest.raises(NotInSwarm, match="is not part of a swarm"):
        SwarmReader(InactiveInfo(RECORDING)).check_manager()


def test_replay_is_a_swarm_api() -> None:
    api: SwarmApi = ReplayApi(RECORDING)
    assert api.endpoint.display.endswith("docker.sock")


def test_raw_list_decodes_arrays_element_by_element() -> None:
    from swarmtui.docker.rawlist import RawList, decode_array

    body = b' [ {"a": [1, 2]}, {"b": "]"} ,3]\n'
    assert decode_array(body) == [{"a": [1, 2]}, {"b": "]"}, 3]
    assert decode_array(b"[]") == []
    raw = RawList(body)
    assert len(raw) == 3 and raw[2] == 3
    assert raw.digest == RawList(body).digest != RawList(b"[]").digest
    with pytest.raises(ValueError):
        decode_array(b'[{"a": 1}')


class SameBodies(ReplayApi):
    """The recording served as fixed bytes, counting how often it was decoded."""

    def __init__(self) -> None:
        super().__init__(RECORDING)
        self.bodies = {
            name: (RECORDING / f"{name}.json").read_bytes()
            for name in ("nodes", "services", "tasks")
        }

    def nodes(self):  # noqa: ANN201
        from swarmtui.docker.rawlist import RawList

        return RawList(self.bodies["nodes"])

    def services(self, service_ids=None):  # noqa: ANN001, ANN201
        from swarmtui.docker.rawlist import RawList

        return RawList(self.bodies["services"])

    def tasks(self, filters=None):  # noqa: ANN001, ANN201
        from swarmtui.docker.rawlist import RawList

        return RawList(self.bodies["tasks"])


def test_unchanged_answers_are_not_parsed_again() -> None:
    api = SameBodies()
    reader = SwarmReader(api)
    services = reader.services()
    names = {s.id: s.name for s in services}
    tasks = reader.tasks(names)
    assert reader.services() is services and reader.nodes() is reader.nodes()
    assert reader.tasks(dict(names)) is tasks
    # A different body, or the same body under other service names, is parsed afresh.
    api.bodies["services"] = api.bodies["services"].replace(b'"web"', b'"web2"')
    assert reader.services() is not services
    renamed = {**names, next(iter(names)): "renamed"}
    assert reader.tasks(renamed) is not tasks


def test_task_rows_put_the_current_task_above_the_one_it_replaced() -> None:
    from swarmtui.render.tasks import task_sort_key

    base = datetime(2026, 1, 1, tzinfo=UTC)
    # The old task stopped a moment after its successor started: its status is newer.
    old = replace(_task(1, "shutdown", 11, desired="shutdown"), id="old", created_at=base)
    new = replace(_task(1, "running", 10), id="new", created_at=base + timedelta(seconds=9))
    older = replace(
        _task(1, "shutdown", 5, desired="shutdown"),
        id="older",
        created_at=base - timedelta(seconds=60),
    )
    ordered = sorted([older, old, new], key=task_sort_key)
    assert [task.id for task in ordered] == ["new", "old", "older"]


def test_nothing_is_worked_out_again_when_the_tasks_did_not_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The costly passes over every task run once per new task list, not once per poll:
    counted, not timed (issue: cost measured where users pay it)."""
    import swarmtui.render.view as view_module
    from swarmtui.docker import health

    calls = {"facts": 0}
    poller = Poller(SwarmReader(ReplayApi(RECORDING)), clock=recorded_at)
    first = poller.poll()
    walks = health.failures_memo.builds
    for _ in range(5):
        again = poller.poll(PollHints(watched_service=first.services[0].id))
        assert again.tasks is first.tasks  # the recording did not move
    assert health.failures_memo.builds == walks

    def facts(tasks, now):  # noqa: ANN001, ANN202
        calls["facts"] += 1
        return view_module.TaskFacts.of(tasks, now)

    cache = view_module.TaskFactsCache(facts)
    for _ in range(5):
        cache.facts(first.tasks, recorded_at())
    assert calls["facts"] == 1
    cache.facts(tuple(list(first.tasks)), recorded_at())  # an equal but new tuple is new
    assert calls["facts"] == 2


def test_task_lookups_walk_the_tasks_once_per_task_list() -> None:
    """A redraw, a cursor move and the why-pending check look tasks up per service, per node
    and per node load: on an idle cluster none of them walks the task list again."""
    from swarmtui.docker import models, scheduling
    from swarmtui.docker.scheduling import node_loads, why_pending

    snapshot = lab_snapshot(ReplayApi(RECORDING))
    snapshot.tasks_of_service(snapshot.services[0].id)
    node_loads(snapshot)
    index_builds, load_builds = models.task_index.builds, scheduling.loads_memo.builds
    pending = next(t for t in snapshot.tasks if t.state == "pending")
    for service in snapshot.services * 3:
        snapshot.tasks_of_service(service.id)
    for node in snapshot.nodes * 3:
        snapshot.tasks_on_node(node.id)
        node_loads(snapshot)
    for _ in range(3):
        why_pending(snapshot, pending)
    assert models.task_index.builds == index_builds
    assert scheduling.loads_memo.builds == load_builds
    again = replace(snapshot, taken_at=snapshot.taken_at + timedelta(seconds=2))
    again.tasks_of_service(snapshot.services[0].id)  # the next poll, nothing moved
    node_loads(again)
    assert models.task_index.builds == index_builds
    assert scheduling.loads_memo.builds == load_builds
    moved = replace(snapshot, tasks=tuple(reversed(snapshot.tasks)))
    moved.tasks_of_service(snapshot.services[0].id)
    node_loads(moved)
    assert models.task_index.builds == index_builds + 1
    assert scheduling.loads_memo.builds == load_builds + 1


class OneServiceScaled(ReplayApi):
    """The recording, with one service's version and counts moved from the second read on."""

    reads = 0

    def services(self, service_ids=None):  # noqa: ANN001, ANN201
        self.reads += 1
        items = list(super().services(service_ids))
        if self.reads > 1:
            moved = dict(items[0])
            moved["Version"] = {"Index": moved["Version"]["Index"] + 1}
            moved["ServiceStatus"] = {**moved.get("ServiceStatus", {}), "DesiredTasks": 99}
            items[0] = moved
        return RawList.of(items)


def test_only_the_services_that_moved_are_parsed_again() -> None:
    reader = SwarmReader(OneServiceScaled(RECORDING))
    first = reader.services()
    assert reader.services_parsed == len(first)
    second = reader.services()
    assert reader.services_parsed == len(first) + 1
    moved = [a for a, b in zip(first, second, strict=True) if a is not b]
    assert len(moved) == 1  # the others are the very same objects: their rows need no redraw
    assert max(service.desired for service in second) == 99
    reader.services()
    assert reader.services_parsed == len(first) + 1


def test_failing_slots_are_worked_out_once_per_task_list_for_everyone() -> None:
    """The poller, the facts and the placement grid ask about the same task list."""
    from swarmtui.docker import health
    from swarmtui.render.view import TaskFacts

    snapshot = lab_snapshot(ReplayApi(RECORDING))
    tasks = tuple(list(snapshot.tasks))  # a task list nobody has weighed yet
    snapshot = replace(snapshot, tasks=tasks)
    before = health.failures_memo.builds
    now = recorded_at() + timedelta(hours=1)
    health.slot_failures(tasks, now)
    TaskFacts.of(tasks, now)
    health.placement(snapshot)
    assert health.failures_memo.builds - before == 1


class OneTaskMoved(ReplayApi):
    """The recording, with one task's version and state moved from the second read on."""

    reads = 0

    def tasks(self, filters=None):  # noqa: ANN001, ANN201
        self.reads += 1
        items = list(super().tasks(filters))
        if self.reads > 1:
            moved = dict(items[0])
            moved["Version"] = {"Index": moved["Version"]["Index"] + 1}
            moved["Status"] = {**moved["Status"], "State": "running"}
            items[0] = moved
        return RawList.of(items)


def test_a_full_task_read_parses_only_the_tasks_that_moved() -> None:
    reader = SwarmReader(OneTaskMoved(RECORDING))
    names = {service.id: service.name for service in reader.services()}
    first = reader.tasks(names)
    assert reader.tasks_parsed == len(first)
    second = reader.tasks(names)
    assert reader.tasks_parsed == len(first) + 1
    assert sum(1 for a, b in zip(first, second, strict=True) if a is not b) == 1
    assert second[0].state == "running"
    assert len(reader._tasks) == len(second)  # the memo holds today's tasks, not history


def test_a_full_read_is_decoded_element_by_element_not_all_at_once() -> None:
    """The reader turns each element into a model as it is decoded: a full read of 10,000
    tasks no longer holds 10,000 decoded dicts at once (the step the churn's RSS took)."""
    body = json.dumps([{"ID": str(number)} for number in range(3)]).encode()
    raw = RawList(body)
    elements = iter(raw)
    assert next(elements) == {"ID": "0"}
    assert "items" not in raw.__dict__  # nothing kept beyond the element in hand
    assert [item["ID"] for item in raw] == ["0", "1", "2"]


def test_a_read_body_is_held_once_while_its_elements_are_made() -> None:
    """Decoded, the body's bytes go (their digest kept): a full read at 5000 services held
    the 35 MB task list twice, as bytes and as text, until the last task was made."""
    import hashlib

    body = json.dumps([{"ID": str(number)} for number in range(3)]).encode()
    raw = RawList(body)
    elements = iter(raw)
    assert next(elements) == {"ID": "0"}
    assert raw.body == b""  # the text stands for it now
    assert raw.digest == hashlib.sha256(body).digest()
    assert [item["ID"] for item in elements] == ["1", "2"]
    assert [item["ID"] for item in raw] == ["0", "1", "2"] and len(raw) == 3


def test_the_rebalance_marks_are_worked_out_on_the_polls_thread() -> None:
    """The placement grid's uneven marks come from the poll's work ahead: drawing the grid
    for the same snapshot works nothing out again on the UI thread."""
    from swarmtui.docker import rebalance
    from swarmtui.docker.ahead import work_out_ahead

    snapshot = lab_snapshot(ReplayApi(RECORDING))
    moved = replace(snapshot, tasks=tuple(reversed(snapshot.tasks)))
    work_out_ahead(moved, recorded_at())
    builds = rebalance._memo.builds
    rebalance.uneven(moved)
    assert rebalance._memo.builds == builds


def test_the_snapshot_on_screen_and_the_next_one_do_not_evict_each_other() -> None:
    """While a node changes, the screen draws the early snapshot (the last task list) after
    the poll thread worked out the next task list ahead: with one entry a memo lost the one
    for the other, and the UI thread walked every task again, for both (py-spy, a node lost
    at 1000 services)."""
    from swarmtui.docker import health, rebalance
    from swarmtui.docker.ahead import work_out_ahead

    snapshot = lab_snapshot(ReplayApi(RECORDING))
    shown = replace(snapshot, tasks=tuple(list(snapshot.tasks)))
    ahead = replace(snapshot, tasks=tuple(reversed(snapshot.tasks)))
    now = recorded_at()
    work_out_ahead(shown, now)
    work_out_ahead(ahead, now)
    walks, spreads = health.failures_memo.builds, rebalance._memo.builds
    cells = health.placement_cells.builds
    for drawn in (shown, ahead, shown, ahead):  # the screen, in the order snapshots land
        health.slot_failures(drawn.tasks, now)
        health.placement(drawn)
        rebalance.uneven(drawn)
    assert health.failures_memo.builds == walks
    assert rebalance._memo.builds == spreads
    assert health.placement_cells.builds == cells


def test_an_unchanged_poll_walks_no_task_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a service on screen, each poll reads its tasks: an unchanged answer is compared
    with that service's tasks from the index, and the list is not walked again for removed
    or renamed services (50,000 tasks at 5000 services, twice a poll, in py-spy's idle)."""
    from swarmtui.docker import task_lists

    walks = {"current": 0}
    current = task_lists.current

    def counted(tasks, names):  # noqa: ANN001, ANN202
        walks["current"] += 1
        return current(tasks, names)

    monkeypatch.setattr(task_lists, "current", counted)
    poller = Poller(SwarmReader(ReplayApi(RECORDING)), clock=recorded_at)
    first = poller.poll()
    watched = PollHints(watched_service=first.services[0].id)
    for _ in range(5):
        assert poller.poll(watched).tasks is first.tasks
    assert walks["current"] <= 1

    def walked(task: object) -> bool:
        raise AssertionError("the whole list was walked")

    index = task_index(first.tasks)
    mine = index.by_service[first.services[0].id]
    assert task_lists.merged(first.tasks, walked, mine, mine) is first.tasks


def test_the_attention_groups_are_worked_out_once_per_change() -> None:
    from swarmtui.render.attention import attention_groups
    from swarmtui.render.view import TaskFacts

    snapshot = lab_snapshot(ReplayApi(RECORDING))
    facts = TaskFacts.of(snapshot.tasks, recorded_at())
    groups = attention_groups(snapshot, facts)
    assert attention_groups(snapshot, facts) is groups  # the header and the pane, each poll
    moved = replace(snapshot, services=tuple(reversed(snapshot.services)))
    assert attention_groups(moved, facts) is not groups
    assert attention_groups(moved, facts) == groups
