"""A deploy plan (stack/report.py) as Rich text for the deploy screen: the same lines the
headless command prints, creates in the success colour, updates in the warning colour,
removals in the error colour."""

from __future__ import annotations

from rich.text import Text

from ..stack.deploy import Plan
from ..stack.report import plan_report
from .palette import Palette
from .text import literal


def plan_text(plan: Plan, palette: Palette | None = None) -> Text:
    palette = palette or Palette()
    styles = {"+": palette.success, "~": palette.warning, "-": palette.error}
    text = Text()
    for number, line in enumerate(plan_report(plan)):
        if number:
            text.append("\n")
        text.append_text(literal(line.text, style=styles.get(line.mark, "")))
    return text
