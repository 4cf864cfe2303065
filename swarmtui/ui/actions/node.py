"""Actions on the selected node: availability (drain with a preview), role, labels, removal."""

from __future__ import annotations

from rich.text import Text

from ...core.writes import Write
from ...docker.drain import preview_drain
from ...docker.secrets import mask_value
from ...docker.validate import parse_label
from ...render.drain import drain_preview_text
from ...render.selection import Kind
from ..commands import Command
from ..dialogs import ConfirmDialog, PromptDialog, TypedConfirmDialog
from .context import ActionContext

_DONE = {"drain": "Draining", "pause": "Paused", "active": "Activated"}


async def set_availability(ctx: ActionContext, availability: str) -> None:
    node = ctx.node()
    if node is None or ctx.snapshot is None:
        return
    if node.availability == availability:
        ctx.notify(f"{node.hostname} is already {availability}.")
        return
    if availability != "active":
        what: str | Text = (
            "Its tasks keep running but no new task is placed there."
            if availability == "pause"
            else drain_preview_text(preview_drain(ctx.snapshot, node.id), ctx.palette)
        )
        verb = availability.capitalize()
        if not await ctx.ask(ConfirmDialog(f"{verb} {node.hostname}?", what, verb)):
            return
    await ctx.writes.run(
        Write(
            f"node-{availability}",
            node.hostname,
            {"availability": availability},
            lambda writer: writer.set_availability(node.id, availability),
        ),
        f"{_DONE[availability]} {node.hostname}.",
        nodes_changed=True,
    )


async def drain(ctx: ActionContext) -> None:
    await set_availability(ctx, "drain")


async def pause(ctx: ActionContext) -> None:
    await set_availability(ctx, "pause")


async def activate(ctx: ActionContext) -> None:
    await set_availability(ctx, "active")


async def set_role(ctx: ActionContext, role: str) -> None:
    node = ctx.node()
    if node is None:
        return
    if node.role == role:
        ctx.notify(f"{node.hostname} is already a {role}.")
        return
    verb = "Promote" if role == "manager" else "Demote"
    if not await ctx.ask(
        ConfirmDialog(f"{verb} {node.hostname}?", f"{node.hostname} becomes a {role}.", verb)
    ):
        return
    await ctx.writes.run(
        Write(
            f"node-{verb.lower()}",
            node.hostname,
            {"role": role},
            lambda writer: writer.set_role(node.id, role),
        ),
        f"{verb}d {node.hostname} to {role}.",
        nodes_changed=True,
    )


async def promote(ctx: ActionContext) -> None:
    await set_role(ctx, "manager")


async def demote(ctx: ActionContext) -> None:
    await set_role(ctx, "worker")


async def add_label(ctx: ActionContext) -> None:
    node = ctx.node()
    if node is None:
        return
    value = await ctx.ask(
        PromptDialog(
            f"Label {node.hostname}",
            "Label as key=value (or just key):",
            "",
            validate=parse_label,
        )
    )
    if value is None:
        return
    key, label_value = parse_label(value)
    await ctx.writes.run(
        Write(
            "node-label-add",
            node.hostname,
            {"key": key, "value": label_value},
            lambda writer: writer.add_node_label(node.id, key, label_value),
        ),
        f"Labelled {node.hostname} {key}={mask_value(key, label_value)}.",  # as the table
        nodes_changed=True,
    )


async def remove_label(ctx: ActionContext) -> None:
    node = ctx.node()
    if node is None:
        return
    current = ", ".join(key for key, _ in node.labels) or "none"
    value = await ctx.ask(
        PromptDialog(
            f"Remove a label from {node.hostname}",
            f"Label key (current: {current}):",
            "",
            validate=parse_label,
        )
    )
    if value is None:
        return
    key, _ = parse_label(value)
    await ctx.writes.run(
        Write(
            "node-label-remove",
            node.hostname,
            {"key": key},
            lambda writer: writer.remove_node_label(node.id, key),
        ),
        f"Removed label {key} from {node.hostname}.",
        nodes_changed=True,
    )


async def remove_node(ctx: ActionContext) -> None:
    node = ctx.node()
    if node is None:
        return
    force = node.state != "down"
    message = (
        f"{node.hostname} is {node.state}: removing it by force cuts it off the "
        "swarm while it may still run tasks."
        if force
        else f"{node.hostname} is down; it leaves the node list."
    )
    if not await ctx.ask(
        TypedConfirmDialog(f"Remove node {node.hostname}?", message, node.hostname)
    ):
        return
    await ctx.writes.run(
        Write(
            "node-remove",
            node.hostname,
            {"force": force},
            lambda writer: writer.remove_node(node.id, force=force),
        ),
        f"Removed node {node.hostname}.",
        nodes_changed=True,
    )


# fmt: off  (a table reads better than one argument per line)
NODE_COMMANDS = (
    Command(
        "node.drain",
        "d",
        "Drain",
        "Move every task off the selected node",
        "Node",
        footer=True,
        writes=True,
        target=Kind.NODE,
        run=drain,
    ),
    Command(
        "node.pause",
        "p",
        "Pause node",
        "Stop scheduling new tasks on the selected node",
        "Node",
        footer=True,
        writes=True,
        target=Kind.NODE,
        run=pause,
    ),
    Command(
        "node.activate",
        "a",
        "Activate",
        "Make the selected node available for tasks again",
        "Node",
        footer=True,
        writes=True,
        target=Kind.NODE,
        run=activate,
    ),
    Command(
        "node.promote",
        "plus",
        "Promote",
        "Make the selected worker a manager",
        "Node",
        writes=True,
        target=Kind.NODE,
        run=promote,
    ),
    Command(
        "node.demote",
        "minus",
        "Demote",
        "Make the selected manager a worker",
        "Node",
        writes=True,
        target=Kind.NODE,
        run=demote,
    ),
    Command(
        "node.label_add",
        "l",
        "Add label",
        "Add or change a label on the selected node",
        "Node",
        writes=True,
        target=Kind.NODE,
        run=add_label,
    ),
    Command(
        "node.label_remove",
        "L",
        "Remove label",
        "Remove a label from the selected node",
        "Node",
        writes=True,
        target=Kind.NODE,
        run=remove_label,
    ),
    Command(
        "node.remove",
        "x",
        "Remove node",
        "Remove the selected node from the swarm (a down node; force asks you to type its name)",
        "Node",
        writes=True,
        target=Kind.NODE,
        run=remove_node,
    ),
)
# fmt: on
