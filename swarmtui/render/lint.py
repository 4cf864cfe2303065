"""The lint's findings (docker/lint.py) as table rows and detail for `:lint`, as plain lines for
`swarmtui lint`, and a fix as the plan its confirmation shows. Findings come grouped by object
(the swarm, then nodes, then services), each object's errors first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text

from ..docker.lint import Finding
from .cells import Column, Row
from .format import duration_ns, size
from .palette import Palette
from .text import line, literal, one_line

LINT_COLUMNS = (
    Column("severity", "SEVERITY"),
    Column("object", "OBJECT"),
    Column("rule", "RULE"),
    Column("why", "WHY"),
)
_DURATIONS = ("Delay", "Monitor", "Window", "Interval", "Timeout", "StartPeriod")


def finding_key(finding: Finding) -> str:
    return f"{finding.kind}:{finding.object_id or finding.name}:{finding.rule}"


def object_name(finding: Finding) -> str:
    return "swarm" if finding.kind == "swarm" else f"{finding.kind} {finding.name}"


def _severity(finding: Finding, palette: Palette) -> Text:
    colour = palette.error if finding.severity == "error" else palette.warning
    return Text(finding.severity, style=f"bold {colour}")


def lint_rows(findings: Iterable[Finding], palette: Palette) -> list[Row]:
    return [
        (
            finding_key(finding),
            (
                _severity(finding, palette),
                line(object_name(finding)),
                Text(finding.rule),
                line(finding.why),
            ),
        )
        for finding in findings
    ]


def lint_summary(findings: tuple[Finding, ...]) -> str:
    """'2 errors, 5 warnings on 4 objects' or 'No findings: …'."""
    if not findings:
        return "No findings: every rule passes."
    errors = sum(1 for finding in findings if finding.severity == "error")
    warnings = len(findings) - errors
    objects = len({(finding.kind, finding.name) for finding in findings})
    return (
        f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning"
        f"{'s' if warnings != 1 else ''} on {objects} object{'s' if objects != 1 else ''}"
    )


def finding_text(finding: Finding, palette: Palette, fix_key: str = "") -> Text:
    text = Text()
    text.append_text(_severity(finding, palette))
    text.append(one_line(f"  {object_name(finding)}  {finding.rule}"), style="bold")
    text.append("\n")
    text.append("Why: ", style="bold")
    text.append_text(literal(finding.why))
    text.append("\nFix: ", style="bold")
    text.append_text(literal(finding.fix))
    if finding.update is not None and fix_key:
        text.append(f"\n{fix_key}: shows this update as a plan and applies it once confirmed")
    return text


def shown_value(path: str, value: Any) -> str:
    """A spec value as a person reads it: durations and sizes in units, absent as 'unset'."""
    if value is None:
        return "unset"
    leaf = path.rsplit(".", 1)[-1]
    if isinstance(value, int) and leaf in _DURATIONS:
        return duration_ns(value)
    if isinstance(value, int) and leaf == "MemoryBytes":
        return size(value)
    return str(value)


def plan_text(
    finding: Finding, changes: tuple[tuple[str, Any, Any], ...], palette: Palette
) -> Text:
    """~ service web\n      UpdateConfig.Monitor: 5s → 1m30s"""
    text = Text()
    text.append_text(literal(f"~ service {finding.name}\n", style=palette.warning))
    for path, was, will in changes:
        text.append_text(
            literal(f"    {path}: {shown_value(path, was)} → {shown_value(path, will)}\n")
        )
    text.append_text(
        literal(
            "Its tasks are replaced as its update config says, and the change is audited.",
        )
    )
    return text


def lint_lines(findings: tuple[Finding, ...]) -> list[str]:
    """The findings for a terminal: a heading per object, then each finding with its fix."""
    lines: list[str] = []
    shown = ""
    for finding in findings:
        heading = object_name(finding)
        if heading != shown:
            lines.append(heading)
            shown = heading
        lines.append(f"  {finding.severity:<8} {finding.rule}: {finding.why}")
        lines.append(f"  {'':<8} fix: {finding.fix}")
    lines.append(lint_summary(findings))
    return lines
