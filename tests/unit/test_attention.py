"""Attention first: the services' groups and orders on the lab recording, the sort setting
remembered in config.toml, and a failed task's last lines read from the daemon's frames."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from swarmtui.core.config import SERVICE_SORTS, load_settings
from swarmtui.core.remember import remember_setting, with_setting
from swarmtui.docker.log_frames import parse_task_log
from swarmtui.docker.models import Snapshot, UpdateStatus
from swarmtui.docker.replay import ReplayApi
from swarmtui.render.attention import (
    attention_counts,
    attention_groups,
    attention_summary,
    most_urgent,
    next_needing,
    next_sort,
    sort_key,
)
from swarmtui.render.detail import service_detail
from swarmtui.render.last_words import READING
from swarmtui.render.palette import Palette
from swarmtui.render.view import TaskFacts
from tests.support.frames import frame
from tests.support.replay import RECORDING, by_name, lab_snapshot, recorded_at

CRASHLOOP_LAST_TASK = "nfw54wgrxj8pip2xoala2tphq"


def names_in(order: str, snapshot, groups) -> list[str]:  # noqa: ANN001
    return [s.name for s in sorted(snapshot.services, key=sort_key(order, groups))]


def test_groups_and_attention_order_on_the_lab(recording: ReplayApi) -> None:
    snapshot = lab_snapshot(recording)
    groups = attention_groups(snapshot, TaskFacts.of(snapshot.tasks))
    by_service = {snapshot.service_by_id[key].name: group for key, group in groups.items()}
    assert by_service["crashloop"] == "failing"
    assert by_service["pending"] == "pending"
    assert by_service["web"] == "ok"
    assert names_in("attention", snapshot, groups) == [
        "crashloop",
        "pending",
        "agent",
        "shop_api",
        "shop_worker",
        "web",
    ]
    assert names_in("name", snapshot, groups)[:2] == ["agent", "crashloop"]
    assert names_in("mode", snapshot, groups)[0] == "agent"  # global before replicated
    assert names_in("replicas", snapshot, groups)[:2] == ["pending", "crashloop"]  # 0/2, 0/1
    assert attention_counts(groups) == {"failing": 1, "pending": 1}
    assert most_urgent(snapshot.services, groups) == by_name(snapshot, "crashloop").id


def test_a_paused_update_sorts_after_failing_and_before_unschedulable(
    recording: ReplayApi,
) -> None:
    snapshot = lab_snapshot(recording)
    web = by_name(snapshot, "web")
    paused = replace(web, update_status=UpdateStatus("paused", "update paused due to failure"))
    services = tuple(paused if s.id == web.id else s for s in snapshot.services)
    snapshot = replace(snapshot, services=services)
    groups = attention_groups(snapshot, TaskFacts.of(snapshot.tasks))
    assert names_in("attention", snapshot, groups)[:3] == ["crashloop", "web", "pending"]
    summary = attention_summary(attention_counts(groups), Palette())
    assert summary.plain == "1 failing · 1 paused · 1 unschedulable"
    assert {span.style for span in summary.spans} >= {"bold red", "bold yellow"}


def with_web(snapshot: Snapshot, **changes: object) -> Snapshot:
    """The snapshot with web changed as asked (the rest as recorded)."""
    web = by_name(snapshot, "web")
    changed = replace(web, **changes)
    return replace(
        snapshot, services=tuple(changed if s.id == web.id else s for s in snapshot.services)
    )


def web_group(snapshot: Snapshot) -> tuple[str, list[str], dict[str, int]]:
    """web's group, the services in attention order, and the header's counts."""
    groups = attention_groups(snapshot, TaskFacts.of(snapshot.tasks))
    web = by_name(snapshot, "web")
    return groups[web.id], names_in("attention", snapshot, groups), attention_counts(groups)


@pytest.mark.parametrize(
    "changes",
    [
        {"running": 4},  # 4/6: replicas still starting, none failing nor unschedulable
        {"running": 7},  # 7/6: an extra task still stopping after a scale down
        {"update_status": UpdateStatus("updating", "update in progress")},
    ],
    ids=["fewer", "more", "updating"],
)
def test_a_converging_service_sorts_after_the_unschedulable_before_the_healthy(
    recording: ReplayApi, changes: dict[str, object]
) -> None:
    group, order, counts = web_group(with_web(lab_snapshot(recording), **changes))
    assert group == "converging"
    assert order[:3] == ["crashloop", "pending", "web"]  # then the healthy, by name
    assert counts == {"failing": 1, "pending": 1, "converging": 1}


def test_a_rollback_under_way_sorts_with_the_paused_updates(recording: ReplayApi) -> None:
    rolling_back = UpdateStatus("rollback_started", "update rolled back due to failure")
    snapshot = with_web(lab_snapshot(recording), update_status=rolling_back)
    group, order, counts = web_group(snapshot)
    assert group == "paused"
    assert order[:3] == ["crashloop", "web", "pending"]
    assert counts == {"failing": 1, "paused": 1, "pending": 1}
    assert attention_summary(counts, Palette()).plain == "1 failing · 1 paused · 1 unschedulable"


def test_the_sort_cycles_through_every_order_and_next_wraps() -> None:
    seen = ["attention"]
    while (following := next_sort(seen[-1])) != "attention":
        seen.append(following)
    assert tuple(seen) == SERVICE_SORTS
    assert next_needing(["a", "b", "c", "d"], "c", {"a", "b"}) == "a"  # wraps around
    assert next_needing(["a", "b", "c"], "a", {"a", "b"}) == "b"
    assert next_needing(["a", "b"], "a", set()) is None


def test_the_sort_is_read_and_written_back_keeping_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    original = '# mine\ninterval = 5  # slower\n\n[keymap]\n"service.scale" = "S"\n'
    path.write_text(original)
    assert load_settings(path).services_sort == "attention"
    remember_setting(path, "services_sort", "image")
    assert path.read_text() == original.replace("\n[keymap]", 'services_sort = "image"\n\n[keymap]')
    assert load_settings(path).services_sort == "image"
    remember_setting(path, "services_sort", "name")
    assert path.read_text().count("services_sort") == 1
    assert load_settings(path).services_sort == "name"
    assert dict(load_settings(path).keymap) == {"service.scale": "S"}
    fresh = tmp_path / "new" / "config.toml"
    remember_setting(fresh, "services_sort", "mode")
    assert fresh.read_text() == 'services_sort = "mode"\n'
    bad = tmp_path / "bad.toml"
    bad.write_text('services_sort = "size"\n')
    with pytest.raises(ValueError, match="services_sort in"):
        load_settings(bad)


def test_a_file_whose_layout_would_change_is_left_alone() -> None:
    tricky = 'note = """\n[not a table]\n"""\n'
    with pytest.raises(ValueError, match="layout"):
        with_setting(tricky, "services_sort", "name")
    with pytest.raises(ValueError, match="not valid TOML"):
        with_setting("= broken", "services_sort", "name")


def test_multiplexed_log_frames_become_timestamped_lines() -> None:
    body = (
        frame(1, b"2026-11-25T07:39:06.1Z starting\n")
        + frame(2, b"2026-11-25T07:39:07.281904512Z fatal: no ")
        + frame(2, b"database\n")
    )
    log = parse_task_log(body, tail=20)
    assert [(line.stream, line.text) for line in log.lines] == [
        ("stdout", "starting"),
        ("stderr", "fatal: no database"),
    ]
    assert log.lines[1].time is not None and log.lines[1].time.second == 7
    assert len(parse_task_log(b"".join(frame(1, b"x\n") for _ in range(30)), 20).lines) == 20
    plain = parse_task_log(b"2026-11-25T07:39:06Z tty line\r\n", tail=20)  # a TTY's log
    assert [(line.stream, line.text) for line in plain.lines] == [("", "tty line")]


def test_the_crashloops_last_words_are_in_its_detail(recording: ReplayApi) -> None:
    snapshot = lab_snapshot(recording)
    facts = TaskFacts.of(snapshot.tasks)
    crashloop = by_name(snapshot, "crashloop")
    failure = facts.failing[crashloop.id]
    assert failure.id == CRASHLOOP_LAST_TASK
    logs = {failure.id: recording.task_logs(failure.id)}
    now = recorded_at(RECORDING)
    text = service_detail(crashloop, failure, None, snapshot, Palette(), now, logs).plain
    assert "Exit code: 3" in text
    assert "crashloop: fatal: cannot connect to database at db:5432" in text
    reading = service_detail(crashloop, failure, None, snapshot, Palette(), now, {}).plain
    assert READING in reading
    hostile = {failure.id: parse_task_log(b"DB_PASSWORD=hunter2 \x1b[2J[/x] token\n")}
    shown = service_detail(crashloop, failure, None, snapshot, Palette(), now, hostile).plain
    assert "hunter2" not in shown and "\x1b" not in shown and "[/x]" in shown
    assert recording.task_logs("no-such-task").lines == ()
