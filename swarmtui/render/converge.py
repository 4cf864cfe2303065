"""What `swarmtui wait` says: one progress line per change of a service's state, and one
sentence per service at the end (docker/converge.py decides the state)."""

from __future__ import annotations

from datetime import datetime

from ..docker.converge import Verdict


def seconds(value: float) -> str:
    value = int(value)
    return f"{value // 60}m{value % 60:02d}s" if value >= 60 else f"{value}s"


def _stamp(when: datetime | None) -> str:
    return f" at {when.strftime('%H:%M:%S')} UTC" if when else ""


def progress_line(verdict: Verdict) -> str:
    """The service's state in a few words; printed when it differs from the last one."""
    counts = f"{verdict.current}/{verdict.total}"
    outcome = verdict.outcome
    if outcome == "updating":
        kind = "rolling back" if verdict.state.startswith("rollback") else "updating"
        return f"{verdict.name}: {kind}, {counts} running the current spec"
    if outcome == "converging":
        tail = f"; failing: {verdict.failing}" if verdict.failing else ""
        return f"{verdict.name}: converging, {counts} running the current spec{tail}"
    if outcome == "settling":
        return f"{verdict.name}: {counts} running the current spec, checking that they stay up"
    return sentence(verdict)


def stall_words(verdict: Verdict) -> str:
    pace = verdict.pace
    if pace is None:
        return "no slot moves"
    where = f"; {', '.join(verdict.stuck)}" if verdict.stuck else ""
    return (
        f"no slot has moved for {seconds(pace.still_s)} "
        f"(more than the {seconds(pace.limit_s)} its monitor, delay and margin allow){where}"
    )


def sentence(verdict: Verdict, waited_s: float | None = None) -> str:
    """The final word on one service; `waited_s` when the wait ran out of time."""
    name, counts = verdict.name, f"{verdict.current}/{verdict.total}"
    outcome = verdict.outcome
    if outcome == "converged":
        return f"{name}: converged, {counts} running the current spec."
    if outcome == "gone":
        return f"{name}: the service was removed while waiting."
    if outcome == "paused":
        what = "rollback" if verdict.state == "rollback_paused" else "update"
        return f"{name}: the {what} paused{_stamp(verdict.at)}: {verdict.message or '-'}"
    if outcome == "rolled_back":
        reason = verdict.message or "rollback completed"
        return f"{name}: the update failed and was rolled back{_stamp(verdict.at)}: {reason}"
    if outcome == "stalled":
        return f"{name}: the rollout stalled at {counts}: {stall_words(verdict)}."
    limit = f" after {seconds(waited_s)}" if waited_s is not None else ""
    return f"{name}: not converged{limit}: {progress_line(verdict).split(': ', 1)[1]}."
