"""The incident report's services needing attention, in Markdown.

Services with the same cause (the same group, and the same update message, failure or reason
they cannot be placed) share one section naming them compactly: a thousand services pending
for one reason are one section, not a thousand identical ones. The JSON twin still lists each
service in full (its image with the digest, which the Markdown leaves out, as every pane
does). Everything quoted goes through render/markdown.py.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

from .format import short_image
from .markdown import code_fence, code_span, inline

GROUP_TITLES = {
    "failing": "failing now",
    "paused": "update paused or rolling back",
    "stalled": "rollout stalled",
    "rolled_back": "update rolled back",
    "pending": "cannot be placed",
    "converging": "converging",
}
NAMES_SHOWN = 10
"""Services a shared section names before 'and N more'."""
MAX_SECTIONS = 40
"""Sections written out; the services of any further ones are named in one line."""


def names(items: list[str], shown: int = NAMES_SHOWN) -> str:
    """'a, b, c and 990 more': the first `shown` of them (escaped), then how many others."""
    listed = ", ".join(inline(item) for item in items[:shown])
    more = len(items) - shown
    return f"{listed} and {more} more" if more > 0 else listed


def _cause(service: dict[str, Any]) -> Hashable:
    update, failure, stuck = (service.get(k) for k in ("update", "failure", "unschedulable"))
    return (
        service["group"],
        (update["state"], update["message"]) if update else None,
        (failure["error"], failure["exit_code"]) if failure else None,
        (stuck["error"], tuple(stuck["nodes"].items())) if stuck else None,
    )


def services_markdown(services: Iterable[dict[str, Any]]) -> list[str]:
    by_cause: dict[Hashable, list[dict[str, Any]]] = {}
    for service in services:
        by_cause.setdefault(_cause(service), []).append(service)
    sections = list(by_cause.values())
    lines: list[str] = []
    for group in sections[:MAX_SECTIONS]:
        lines += _single(group[0]) if len(group) == 1 else _shared(group)
    rest = [service["name"] for group in sections[MAX_SECTIONS:] for service in group]
    if rest:
        lines += [
            f"{len(sections) - MAX_SECTIONS} more causes, {len(rest)} services, are in the "
            f"JSON twin: {names(rest)}.",
            "",
        ]
    return lines


def _single(service: dict[str, Any]) -> list[str]:
    lines = [
        f"### {inline(service['name'])}: {GROUP_TITLES[service['group']]}",
        "",
        f"- {inline(service['mode'])}, {service['running']}/{service['desired']} running, "
        f"image {code_span(short_image(service['image']))}",
    ]
    failure = service.get("failure")
    lines += _update(service)
    if failure:
        lines.append(f"- Failing now: {_failure(failure)}{_exit_code(failure)}")
        lines += _last_lines(failure)
    lines += _stuck(service.get("unschedulable"), shared=False)
    return [*lines, ""]


def _shared(services: list[dict[str, Any]]) -> list[str]:
    first = services[0]
    images = sorted({short_image(service["image"]) for service in services})
    running = sum(service["running"] for service in services)
    desired = sum(service["desired"] for service in services)
    lines = [
        f"### {len(services)} services: {GROUP_TITLES[first['group']]}",
        "",
        f"- {names([service['name'] for service in services])}"
        + ("; the JSON twin lists them all" if len(services) > NAMES_SHOWN else ""),
        f"- {running}/{desired} running in all, "
        + (f"image {code_span(images[0])}" if len(images) == 1 else f"{len(images)} images"),
    ]
    lines += _update(first)
    failure = first.get("failure")
    if failure:
        lines.append(f"- Failing now: {inline(failure['error'])}{_exit_code(failure)}")
        lines.append(f"- The first: {_failure(failure)}")
        lines += _last_lines(failure)
    lines += _stuck(first.get("unschedulable"), shared=True)
    return [*lines, ""]


def _update(service: dict[str, Any]) -> list[str]:
    update = service.get("update")
    if not update:
        return []
    state = inline(update["state"].replace("_", " "))
    lines = [f"- Update {state}: {inline(update['message']) or '-'}"]
    stalled = update.get("stalled")
    if stalled:
        lines.append(
            f"- Stalled: no slot has moved for {stalled['still_s']} s (more than its monitor, "
            f"delay and margin allow: {stalled['limit_s']} s)"
        )
    if update.get("reason"):
        lines.append(f"- Rolled back: {inline(update['reason'])}")
    return lines


def _failure(failure: dict[str, Any]) -> str:
    return (
        f"{inline(failure['task'])} on {inline(failure['node'])}, {inline(failure['state'])} "
        f"since {failure['since']}: {inline(failure['error'])}"
    )


def _exit_code(failure: dict[str, Any]) -> str:
    code = failure["exit_code"]
    return f", exit code {code}" if code is not None else ""


def _last_lines(failure: dict[str, Any]) -> list[str]:
    lines = []
    if failure.get("last_lines_error"):
        lines.append(f"- Its log cannot be read: {inline(failure['last_lines_error'])}")
    if failure.get("last_lines"):
        # Log lines are quoted verbatim: the fence is longer than any backticks they hold.
        fence = code_fence(failure["last_lines"])
        lines += [f"- Last lines of {inline(failure['task'])}:", "", fence + "text"]
        lines += [*failure["last_lines"], fence]
    return lines


def _stuck(stuck: dict[str, Any] | None, shared: bool) -> list[str]:
    if not stuck:
        return []
    which = inline(stuck["task"]) + (" and the others' tasks" if shared else "")
    lines = [f"- Cannot be placed ({which}): {inline(stuck['error'])}"]
    lines += [f"  - {inline(node)}: {inline(reason)}" for node, reason in stuck["nodes"].items()]
    return lines
