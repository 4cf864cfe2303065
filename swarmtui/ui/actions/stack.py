"""Actions on stacks: deploy from compose files (plan first), and remove the selected one."""

from __future__ import annotations

from ...core.writes import Write
from ...docker.poller import PollHints
from ...docker.stacks import plan_removal, remove_stack
from ...docker.writes import SwarmWriter
from ...render.selection import Kind
from ...render.stacks import contents
from ...render.text import visible
from ..commands import Command
from ..dialogs import TypedConfirmDialog
from ..dialogs.deploy import DeployScreen
from .context import ActionContext

STACK_POLL_DELAY_S = 0.1


async def deploy(ctx: ActionContext) -> None:
    """Plan, then apply, a deploy from compose files; an opened stack is prefilled."""
    selected = ctx.selection
    stack = selected.key if selected is not None and selected.kind == Kind.STACK else ""
    await ctx.app.push_screen(
        DeployScreen(
            ctx.writes,
            ctx.api_factory,
            ctx.hooks.select_when_listed,
            stack=ctx.hooks.opened_stack() or stack,
        )
    )


async def remove(ctx: ActionContext) -> None:
    stack = ctx.stack()
    if stack is None:
        return
    name, what = stack.name, contents(stack)
    if not await ctx.ask(
        TypedConfirmDialog(
            f"Remove stack {name}?",
            f"Removes {what}: the services first (their {stack.running} running tasks "
            "stop), then the secrets, configs and networks, as `docker stack rm` does. "
            "Volumes stay. This cannot be undone.",
            name,
        )
    ):
        return
    app = ctx.app

    def retrying(message: str) -> None:
        # Names the stack and the daemon's reason: literal text, never markup.
        app.call_from_thread(
            app.notify, visible(message), severity="warning", timeout=8, markup=False
        )

    def remove_all(writer: SwarmWriter) -> None:
        remove_stack(writer.api, plan_removal(writer.api, name), retrying=retrying)

    outcome = await ctx.writes.run(
        Write("remove-stack", name, {"objects": what}, remove_all),
        f"Removed stack {name} ({what}).",
    )
    if outcome.ok and ctx.hooks.opened_stack() == name:
        ctx.hooks.show_stack("")
    # Events re-read the stack objects too; this does it when no event stream runs.
    ctx.hooks.request_poll(STACK_POLL_DELAY_S, PollHints(stack_objects_changed=True))


# fmt: off  (a table reads better than one argument per line)
STACK_COMMANDS = (
    Command(
        "stack.deploy",
        "D",
        "Deploy stack",
        "Deploy a stack from compose files: see the plan, then apply it (ctrl+y)",
        "Stacks",
        writes=True,
        run=deploy,
    ),
    # Before service.remove: `del` removes a stack while one is selected, else falls through.
    Command(
        "stack.remove",
        "delete",
        "Remove stack",
        "Remove the selected stack: its services, then its secrets, configs and networks "
        "(asks you to type its name)",
        "Stacks",
        writes=True,
        target=Kind.STACK,
        run=remove,
    ),
)
# fmt: on
