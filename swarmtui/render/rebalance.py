"""What a rebalance would do, as text for its confirmation: per uneven service, how its tasks
lie now and which a forced update moves where."""

from __future__ import annotations

from rich.text import Text

from ..docker.models import Snapshot
from ..docker.rebalance import Spread
from .palette import Palette
from .text import one_line


def spread_line(shape: Spread, snapshot: Snapshot) -> str:
    """'web: node1 3 · node2 3 · node3 0; moves web.5 (node1), web.6 (node2) to node3'."""
    moved = ", ".join(f"{task.name} ({snapshot.node_name(task.node_id)})" for task in shape.moves)
    to = ", ".join(node.hostname for node in shape.to)
    return f"{shape.service.name}: {shape.said()}; moves {moved} to {to}"


def rebalance_preview(shapes: tuple[Spread, ...], snapshot: Snapshot, palette: Palette) -> Text:
    text = Text(
        "A forced update (docker service update --force) replaces every task of each chosen "
        "service, one service at a time, each after the previous one's rollout has completed; "
        "the scheduler puts each new task on the node with the fewest. The tasks that move:\n"
    )
    for shape in shapes:
        text.append("  ⇄ ", style=f"bold {palette.warning}")
        text.append(one_line(spread_line(shape, snapshot)))
        text.append("\n")
    text.rstrip()
    return text
