"""A shell in the task under the cursor: the dashboard hands its terminal to
`ssh -t NODE docker exec -it CONTAINER …` and takes it back, on the same view, when it ends.

It changes nothing through the manager's API, yet it is the most powerful thing swarmtui does
(a root shell in a production container), so it is a write: hidden and refused in read-only
mode, and audited (who, task, node, container, when, and the exit status; never what was
typed). No confirmation is asked, as `docker exec` asks none.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from textual.app import App, SuspendNotSupported

from ...core.audit import STARTED, AuditLog
from ...docker.ssh_transport import ssh_options, stderr_log
from ...docker.task_shell import (
    SSH_FAILED,
    ShellEnd,
    ShellPlan,
    ShellRefused,
    command_words,
    interactive_options,
    plan_shell,
    run_shell,
)
from ...render.text import visible
from ..commands import Command
from ..dialogs import PromptDialog
from .context import ActionContext

NO_TERMINAL = "This terminal cannot be handed to a shell (a browser, or no terminal at all)"


async def open_shell(ctx: ActionContext) -> None:
    await _exec(ctx, ())


async def run_command(ctx: ActionContext) -> None:
    task = ctx.task()
    if task is None:
        return
    typed = await ctx.ask(
        PromptDialog(
            f"Run a command in {task.name}",
            "Command (its words go to docker exec as typed; for pipes: sh -c '…'):",
            validate=command_words,
        )
    )
    if typed is None or not typed.strip():
        return
    await _exec(ctx, tuple(command_words(typed)))


async def _exec(ctx: ActionContext, command: tuple[str, ...]) -> None:
    task = ctx.task()
    if task is None or ctx.snapshot is None:
        return
    log = stderr_log()
    try:
        node = ctx.snapshot.node_by_id.get(task.node_id)
        plan = plan_shell(task, node, ctx.nodes, interactive_options(ssh_options(log)), command)
    except ShellRefused as refused:
        ctx.notify(str(refused), "warning")
        return
    audit = _Audit(ctx, plan)
    await asyncio.to_thread(audit.record, STARTED)
    try:
        end = _on_the_terminal(ctx.app, plan, lambda: run_shell(plan, log))
    except SuspendNotSupported:
        said = f"{NO_TERMINAL}: nothing was run in {plan.task}."
        await asyncio.to_thread(audit.record, "refused", said)
        ctx.notify(said, "warning")
        return
    failed = end.status != 0
    await asyncio.to_thread(audit.record, "failed" if failed else "ok", end.said)
    ctx.notify(end.said, "warning" if end.status == SSH_FAILED else "information")
    if audit.problem:
        ctx.notify(audit.problem, "warning")


def _on_the_terminal(app: App[Any], plan: ShellPlan, run: Callable[[], ShellEnd]) -> ShellEnd:
    """Runs ssh with the dashboard suspended. It blocks the event loop on purpose: Textual
    may not draw while another program owns the terminal, and nothing on screen is shown
    until the shell is over; polls and events wait their turn."""
    with app.suspend(), _keys_go_to_the_shell():
        end = run()
        if plan.typed or end.status not in (0, SSH_FAILED):
            # Its output (or docker's complaint) would vanish under the redrawn dashboard.
            _wait_for_enter(end.said)
    return end


@contextlib.contextmanager
def _keys_go_to_the_shell() -> Iterator[None]:
    """The suspended terminal sends ctrl+c, ctrl+\\ and ctrl+z as signals to swarmtui too,
    until ssh puts it in raw mode: swarmtui must not die or stop of them. A handler (not
    SIG_IGN) is reset by exec, so ssh still gets them as usual."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    kept = {}
    for number in (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP):
        kept[number] = signal.signal(number, lambda *_: None)
    try:
        yield
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)


def _wait_for_enter(said: str) -> None:
    out, keys = sys.__stdout__, sys.__stdin__
    if out is None or keys is None:
        return
    out.write(f"\n[swarmtui] {visible(said, one_line=True)} Press Enter to go back.\n")
    out.flush()
    with contextlib.suppress(OSError, ValueError):
        keys.readline()


class _Audit:
    """The exec's lines in the audit log, as the write runner records a write: the intent
    before anything runs, the outcome after, one id for both."""

    def __init__(self, ctx: ActionContext, plan: ShellPlan) -> None:
        runner = ctx.writes.runner
        self.log = AuditLog(runner.audit_path, runner.cluster(), runner.endpoint)
        self.plan = plan
        self.id = uuid.uuid4().hex[:12]
        self.problem = ""

    def record(self, outcome: str, detail: str = "") -> None:
        plan = self.plan
        params = {
            "task": plan.task_id,
            "node": plan.node,
            "ssh": plan.target,
            "container": plan.container,
            "command": "typed (not recorded)" if plan.typed else "shell",
        }
        try:
            self.log.record("task-exec", plan.task, params, outcome, detail, self.id)
        except OSError as error:
            self.problem = f"The audit log {self.log.path} could not be written: {error}."


# fmt: off  (a table reads better than one argument per line)
TASK_COMMANDS = (
    Command(
        "task.shell",
        "x",
        "Shell",
        "A shell (bash, else sh) in the task's container, on its node over ssh",
        "Task",
        footer=True,
        writes=True,
        tasks_pane=True,
        run=open_shell,
    ),
    Command(
        "task.exec",
        "X",
        "Run command",
        "A typed command in the task's container, on its node over ssh",
        "Task",
        writes=True,
        tasks_pane=True,
        run=run_command,
    ),
)
# fmt: on
