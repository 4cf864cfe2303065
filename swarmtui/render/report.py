"""The incident report: what is wrong with the cluster now and what happened in the last hour,
as Markdown for a ticket and as JSON for a script, from the same facts.

Everything from the cluster is made visible (no control characters) and masked where it may
hold a secret (docker/secrets.py): a report gets pasted where anyone can read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .. import __version__
from ..docker.health import replica_progress, tasks_running_desired
from ..docker.incident import IncidentFacts
from ..docker.models import ServiceInfo, TaskInfo
from ..docker.scheduling import why_pending
from ..docker.secrets import mask_text
from .attention import attention_groups
from .events import change_text
from .markdown import code_span, inline
from .pending import fit_reason
from .report_sections import GROUP_TITLES, services_markdown
from .report_top import top_markdown, top_section
from .report_vitals import vitals_data, vitals_markdown
from .text import visible
from .view import TaskFacts

NEEDING = ("failing", "paused", "stalled", "rolled_back", "pending", "converging")
MAX_EVENT_ROWS = 200
"""Events the Markdown lists (the newest); the JSON twin holds them all."""


def _clean(value: str) -> str:
    return mask_text(visible(value, one_line=True))


def _stamp(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S UTC") if when else "-"


def _service_data(
    service: ServiceInfo, group: str, facts: IncidentFacts, task_facts: TaskFacts
) -> dict[str, Any]:
    progress = replica_progress(service)
    data: dict[str, Any] = {
        "name": _clean(service.name),
        "id": service.id,
        "group": group,
        "mode": service.mode,
        "running": progress.running,
        "desired": progress.desired,
        "image": _clean(service.image),
    }
    status = service.update_status
    if status is not None:
        data["update"] = _update_data(service, facts)
    failure = task_facts.failing.get(service.id)
    if failure is not None:
        data["failure"] = _task_data(failure, facts)
    stuck = task_facts.stuck.get(service.id)
    if stuck is not None:
        data["unschedulable"] = {
            "task": _clean(stuck.name),
            "error": _clean(stuck.error or stuck.message),
            "nodes": {
                _clean(fit.node.hostname): _clean(fit_reason(fit))
                for fit in why_pending(facts.snapshot, stuck)
            },
        }
    return data


def _update_data(service: ServiceInfo, facts: IncidentFacts) -> dict[str, Any]:
    """The update's state and message; a stalled rollout's standstill, and the reason a
    rollback gave as it started (the daemon says only "rollback completed" after)."""
    status, pace = service.update_status, facts.snapshot.paces.get(service.id)
    assert status is not None
    data: dict[str, Any] = {"state": status.state, "message": _clean(status.message)}
    if pace is not None and pace.stalled and status.in_progress:
        data["stalled"] = {"still_s": round(pace.still_s), "limit_s": round(pace.limit_s)}
    if pace is not None and pace.reason and status.rolled_back:
        data["reason"] = _clean(pace.reason)
    return data


def _task_data(task: TaskInfo, facts: IncidentFacts) -> dict[str, Any]:
    log = facts.last_words.get(task.id)
    data: dict[str, Any] = {
        "task": _clean(task.name),
        "node": _clean(facts.snapshot.node_name(task.node_id) or "-"),
        "state": task.state,
        "since": _stamp(task.state_since),
        "error": _clean(task.error or task.message),
        "exit_code": task.exit_code,
    }
    if log is not None:
        data["last_lines"] = [_clean(line.text) for line in log.lines]
        if log.error:
            data["last_lines_error"] = _clean(log.error)
    return data


def report_data(facts: IncidentFacts) -> dict[str, Any]:
    """The report as plain data: the JSON twin, and what the Markdown is written from."""
    snapshot = facts.snapshot
    task_facts = TaskFacts.of(snapshot.tasks)
    groups = attention_groups(snapshot, task_facts)
    running, desired = tasks_running_desired(snapshot)
    leader = snapshot.leader
    needing = sorted(
        (s for s in snapshot.services if groups.get(s.id) in NEEDING),
        key=lambda s: (NEEDING.index(groups[s.id]), s.name),
    )
    return {
        "taken_at": _stamp(facts.taken_at),
        "swarmtui": __version__,
        "endpoint": _clean(facts.endpoint),
        "cluster": snapshot.cluster.swarm_id,
        "summary": {
            "nodes": len(snapshot.nodes),
            "nodes_ready": sum(1 for node in snapshot.nodes if node.is_ready),
            "leader": _clean(leader.hostname) if leader else None,
            "services": len(snapshot.services),
            "groups": {group: sum(1 for g in groups.values() if g == group) for group in NEEDING},
            "tasks_running": running,
            "tasks_desired": desired,
        },
        "nodes_needing_attention": [
            {
                "node": _clean(node.hostname),
                "role": node.role,
                "state": node.state,
                "availability": node.availability,
                "message": _clean(node.state_message),
            }
            for node in snapshot.nodes
            if not node.is_ready or node.availability != "active"
        ],
        "node_vitals": vitals_data(facts),
        "services_needing_attention": [
            _service_data(service, groups[service.id], facts, task_facts) for service in needing
        ],
        "events": [
            {
                "time": _stamp(event.at),
                "kind": event.kind,
                "action": event.action,
                "object": _clean(event.name or event.object_id[:12]),
                "change": _clean(change_text(event)),
            }
            for event in facts.events
        ],
        "events_error": _clean(facts.events_error),
        **top_section(facts),
    }


def report_markdown(data: dict[str, Any]) -> str:
    """The report for a ticket. Every outside string is inline text (render/markdown.py): a
    name or an error can make no heading, link, list or table cell of its own."""
    summary = data["summary"]
    lines = [
        f"# Incident report: swarm {inline(data['cluster'][:12])}",
        "",
        f"Taken {data['taken_at']} by swarmtui {data['swarmtui']} at "
        f"{code_span(data['endpoint'])}.",
        "",
        "## Summary",
        "",
        f"- Nodes: {summary['nodes_ready']}/{summary['nodes']} ready, "
        f"leader {inline(summary['leader'] or 'none')}",
        f"- Services: {summary['services']}; "
        + ", ".join(f"{count} {GROUP_TITLES[g]}" for g, count in summary["groups"].items()),
        f"- Tasks: {summary['tasks_running']}/{summary['tasks_desired']} running",
        "",
        "## Nodes not ready or not active",
        "",
    ]
    nodes = data["nodes_needing_attention"]
    if nodes:
        lines += ["| node | role | state | availability | message |", "|---|---|---|---|---|"]
        lines += _rows(
            [n["node"], n["role"], n["state"], n["availability"], n["message"]] for n in nodes
        )
    else:
        lines.append("All nodes are ready and active.")
    lines += vitals_markdown(data["node_vitals"])
    lines += ["", "## Services needing attention", ""]
    if not data["services_needing_attention"]:
        lines.append("None: every service runs as asked.")
    lines += services_markdown(data["services_needing_attention"])
    lines += top_markdown(data.get("busiest_tasks"))
    lines += ["", "## Events of the last hour", ""]
    events = data["events"]
    if data["events_error"]:
        lines.append(f"The events could not be read: {inline(data['events_error'])}")
    elif not events:
        lines.append("No service, node, network, secret or config event.")
    else:
        if len(events) > MAX_EVENT_ROWS:
            lines += [
                f"The last {MAX_EVENT_ROWS}; the {len(events) - MAX_EVENT_ROWS} before them "
                "are in the JSON twin.",
                "",
            ]
        lines += ["| time | kind | object | action | change |", "|---|---|---|---|---|"]
        lines += _rows(
            [e["time"], e["kind"], e["object"], e["action"], e["change"]]
            for e in events[-MAX_EVENT_ROWS:]
        )
    return "\n".join(lines) + "\n"


def _rows(rows: Iterable[list[str]]) -> list[str]:
    # inline() escapes "|" too: a value cannot end its cell.
    return ["| " + " | ".join(inline(str(value)) for value in row) + " |" for row in rows]
