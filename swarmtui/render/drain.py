"""The drain confirmation's text: which tasks move, where they can go, which would be stuck."""

from __future__ import annotations

from rich.text import Text

from ..docker.drain import DrainPreview
from .palette import Palette
from .text import one_line

_STRANDED_BECAUSE = {
    "no-node": "no other node is ready and active",
    "constraints": "no other ready, active node meets its constraints",
    "resources": "the nodes that may run it lack the reserved CPU or memory",
}


def drain_preview_text(preview: DrainPreview, palette: Palette, listed: int = 12) -> Text:
    """The drain confirmation: which tasks move, where they can go, which would be stuck."""
    text = Text()
    if not preview.moving and not preview.stopping:
        text.append(one_line(preview.node.hostname))
        text.append(" runs no tasks; new tasks stop going there.")
        return text
    text.append(f"Its {preview.task_count} task(s) move to other nodes:\n")
    for group in preview.moving[:listed]:
        names = ", ".join(task.name for task in group.tasks[:4])
        more = f" and {len(group.tasks) - 4} more" if len(group.tasks) > 4 else ""
        mark, style = (
            ("✗", f"bold {palette.error}") if group.stranded else ("→", f"bold {palette.success}")
        )
        text.append(f" {mark} ", style=style)
        text.append(one_line(f"{names}{more}"), style="bold")
        if group.candidates:
            text.append(one_line(f" → {', '.join(group.candidates)}"))
        if group.stranded:
            constraints = (
                f" ({', '.join(group.service.constraints)})"
                if group.problem == "constraints"
                else ""
            )
            text.append(
                f"\n     {group.stranded} would stay pending: "
                f"{_STRANDED_BECAUSE[group.problem]}{one_line(constraints)}",
                style=palette.error,
            )
        text.append("\n")
    if len(preview.moving) > listed:
        text.append(f" … and {len(preview.moving) - listed} more services\n")
    if preview.stopping:
        services = sorted({task.service_name for task in preview.stopping})
        text.append(one_line(f"Global services stop their task here: {', '.join(services)}."))
        text.append("\n")
    if preview.stranded:
        text.append(
            "Some tasks would have nowhere to go; drain anyway?", style=f"bold {palette.error}"
        )
    return text
