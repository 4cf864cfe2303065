"""`B`: rebalance the services spread unevenly over their eligible nodes (docker/rebalance.py).

A preview names the tasks a forced update would move; the chosen services are then redeployed
one at a time, each after the previous one's rollout has completed, with the cursor on the one
rolling out so that the rollout panel follows it. Each forced update is an audited write."""

from __future__ import annotations

import asyncio
from functools import partial

from ...core.writes import Write
from ...docker.rebalance import uneven, update_started_at, wait_rollout
from ...docker.writes import SwarmWriter
from ...render.rebalance import rebalance_preview
from ..commands import Command
from ..dialogs.rebalance import RebalanceDialog
from .context import ActionContext


def _force(service_id: str, writer: SwarmWriter) -> None:
    writer.force_update(service_id)


async def rebalance(ctx: ActionContext) -> None:
    snapshot = ctx.snapshot
    shapes = uneven(snapshot) if snapshot is not None else {}
    if snapshot is None or not shapes:
        ctx.notify("Every replicated service is spread evenly over its eligible nodes.")
        return
    ordered = tuple(sorted(shapes.values(), key=lambda shape: shape.service.name))
    chosen = await ctx.ask(
        RebalanceDialog(
            rebalance_preview(ordered, snapshot, ctx.palette),
            tuple((shape.service.id, shape.service.name) for shape in ordered),
            frozenset(shapes),
        )
    )
    api = ctx.api_factory()
    done: list[str] = []
    for service_id in chosen or ():
        shape = shapes[service_id]
        service = shape.service
        await ctx.hooks.select_when_listed(service.name)  # the rollout panel follows it
        before = await asyncio.to_thread(update_started_at, api, service.id)
        moves = [task.name for task in shape.moves]
        outcome = await ctx.writes.run(
            Write(
                "rebalance",
                service.name,
                {"moves": moves, "to": [node.hostname for node in shape.to]},
                partial(_force, service.id),
            ),
            f"Rebalancing {service.name}: {', '.join(moves)} move.",
            service_id=service.id,
        )
        if not outcome.ok:
            return
        state = await asyncio.to_thread(wait_rollout, api, service.id, before)
        if state != "completed":
            rest = len(chosen or ()) - len(done) - 1
            ctx.notify(
                f"The rollout of {service.name} ended {state.replace('_', ' ')}"
                + (f"; the other {rest} were left as they are." if rest else "."),
                "error",
            )
            return
        done.append(service.name)
    if done:
        ctx.notify(f"Rebalanced {', '.join(done)}.")


REBALANCE_COMMANDS = (
    Command(
        "services.rebalance",
        "B",
        "Rebalance",
        "Preview which tasks a forced update would move to even out the services the placement "
        "grid marks ⇄, then redeploy the chosen ones, one at a time",
        "Service",
        writes=True,
        run=rebalance,
    ),
)
