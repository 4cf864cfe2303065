"""Deploy a stack from compose files: first the plan, then, once confirmed, the change.

The plan is worked out on a thread (it reads the cluster and may ask a registry for
digests) and shown in full: what is created, updated field by field, left alone and, with
prune, removed (report.py's lines, coloured by render/plan.py). Nothing is sent until the
operator applies it; then the one write runner applies it (audited, refused in read-only
mode) and the first changed service is selected, so its rollout shows in the rollout panel as
it converges. A deploy refused part way keeps its message (what was done, what failed) on
screen and is planned again from what now runs, so applying again continues from there.
"""

from __future__ import annotations

import asyncio
import shlex
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ...core.writes import Write
from ...docker.errors import SwarmError
from ...docker.protocol import SwarmApi
from ...render.plan import plan_text
from ...render.text import literal
from ...stack import ComposeError, convert, load
from ...stack.applying import DeployFailed, apply
from ...stack.deploy import Plan, plan
from ...stack.resolve import MODES, resolve_images
from ..writes import UiWrites


@dataclass(frozen=True)
class Asked:
    """What the form asked for, as typed: a plan is applied only while the form still asks
    for exactly this."""

    files: str
    stack: str
    resolve: str
    prune: bool

    def file_list(self) -> list[str]:
        """Raises ValueError on an unclosed quote."""
        return shlex.split(self.files)


def make_plan(api: SwarmApi, files: list[str], stack: str, resolve: str, prune: bool) -> Plan:
    """Load, convert, pin images and compare with the cluster; reads only."""
    spec = convert(load(files), stack)
    spec.warnings.extend(resolve_images(api, spec, resolve))
    return plan(api, spec, prune=prune)


class DeployScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+y", "apply", "Apply the plan"),
    ]

    def __init__(
        self,
        writes: UiWrites,
        api_factory: Callable[[], SwarmApi],
        select_when_listed: Callable[[str], Awaitable[None]],
        files: str = "",
        stack: str = "",
    ) -> None:
        super().__init__(classes="dialog")
        self.writes = writes
        self.api_factory = api_factory
        self.select_when_listed = select_when_listed
        self.files, self.stack = files, stack
        self.planned: Plan | None = None
        self.planned_for: Asked | None = None
        """The form's values the plan was worked out from."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-body", id="deploy-body"):
            yield Label("Deploy a stack", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("Compose files", classes="form-label")
                yield Input(
                    self.files,
                    placeholder="docker-stack.yml (several: a.yml b.yml)",
                    id="deploy-files",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Stack name", classes="form-label")
                yield Input(self.stack, placeholder="e.g. shop", id="deploy-stack", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Resolve images", classes="form-label")
                yield Select(
                    [(mode, mode) for mode in MODES],
                    value="always",
                    allow_blank=False,
                    compact=True,
                    id="deploy-resolve",
                )
                yield Checkbox("prune services not in the files", id="deploy-prune", compact=True)
            yield Static("", id="deploy-plan", markup=False)
            yield Label("", id="dialog-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Plan (enter)", variant="primary", id="plan")
                yield Button("Apply (ctrl+y)", variant="error", id="apply", disabled=True)
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#deploy-files", Input).focus()

    def _asked(self) -> Asked:
        return Asked(
            self.query_one("#deploy-files", Input).value,
            self.query_one("#deploy-stack", Input).value.strip(),
            str(self.query_one("#deploy-resolve", Select).value),
            self.query_one("#deploy-prune", Checkbox).value,
        )

    def _applicable(self) -> Plan | None:
        """The plan, while the form still asks for what it was worked out from."""
        planned = self.planned
        if planned is None or not planned.has_changes or self.planned_for != self._asked():
            return None
        return planned

    def _show(self, plan_text: str | Text, error: str = "") -> None:
        # Plans and errors quote compose files and the daemon: literal text, never markup.
        shown = literal(plan_text) if isinstance(plan_text, str) else plan_text
        self.query_one("#deploy-plan", Static).update(shown)
        self.query_one("#dialog-error", Label).update(literal(error))
        self.query_one("#apply", Button).disabled = self._applicable() is None

    def _forget(self) -> None:
        self.planned = self.planned_for = None

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _edited(self) -> None:
        if self.planned_for != self._asked():
            # A plan describes what was asked; asked otherwise, plan again.
            self._forget()
        self.query_one("#apply", Button).disabled = self._applicable() is None

    @on(Input.Submitted)
    @on(Button.Pressed, "#plan")
    def make(self) -> None:
        self.plan_again()

    @work(exclusive=True, group="deploy-plan", exit_on_error=False)
    async def plan_again(self, after_failure: str = "") -> None:
        """Work out the plan; after a deploy that failed part way, keep its message shown."""
        self._forget()
        asked = self._asked()
        try:
            files = asked.file_list()
        except ValueError as error:  # an unclosed quote
            self._show("", f"The compose files cannot be read as a list of names: {error}.")
            return
        if not files or not asked.stack:
            self._show("", "Give the compose file(s) and a stack name.")
            return
        self._show("Working out the plan…", after_failure)
        api = self.api_factory()  # a client of its own, for this thread
        try:
            planned = await asyncio.to_thread(
                make_plan, api, files, asked.stack, asked.resolve, asked.prune
            )
        except ComposeError as error:
            self._show(
                "\n".join(f"warning: {w}" for w in error.warnings),
                _after(after_failure)
                + "The compose files cannot be deployed:\n"
                + "\n".join(error.messages),
            )
            return
        except (SwarmError, OSError) as error:
            self._show("", f"{_after(after_failure)}The plan could not be made: {error}")
            return
        except Exception as error:  # noqa: BLE001 — input must never close the app
            said = f"{type(error).__name__}: {error}"
            self._show("", f"{_after(after_failure)}The plan could not be made: {said}")
            return
        finally:
            api.close()
        if self._asked() != asked:
            # Edited while the plan was worked out: it answers a question no longer asked.
            self._show("", f"{_after(after_failure)}The form changed while planning: plan again.")
            return
        self.planned, self.planned_for = planned, asked
        verdict = (
            "ctrl+y applies it."
            if planned.has_changes
            else "The cluster already runs this: there is nothing to apply."
        )
        if after_failure:
            verdict = "Planned again from what now runs; " + verdict
        self._show(plan_text(planned) + Text("\n\n" + verdict), after_failure)

    @on(Button.Pressed, "#apply")
    @work(exclusive=True, group="deploy-apply", exit_on_error=False)
    async def action_apply(self) -> None:
        planned, asked = self._applicable(), self.planned_for
        if planned is None or asked is None:
            self._show(
                str(self.query_one("#deploy-plan", Static).render()),
                "Make a plan first (enter); only a plan with changes, for the form as it is "
                "now, is applied.",
            )
            return
        stack = planned.spec.name
        params = {
            "files": asked.file_list(),
            "changes": [
                f"{c.action} {c.kind} {c.name}" for c in planned.changes if c.action != "unchanged"
            ],
        }
        outcome = await self.writes.run(
            Write("deploy-stack", stack, params, lambda writer: apply(writer.api, planned)),
            f"Deployed stack {stack}.",
        )
        if not outcome.ok:
            if isinstance(outcome.error, DeployFailed):
                # Part of it was applied: plan again from what now runs, so applying again
                # continues from there; the failure stays on screen until then.
                self._forget()
                self.plan_again(after_failure=outcome.message)
            return
        changed = [
            c.name
            for c in planned.changes
            if c.kind == "service" and c.action in ("create", "update")
        ]
        if changed:
            # On the app: this screen's workers end with it, and it closes now.
            self.app.run_worker(
                self.select_when_listed(changed[0]), group="select-deployed", exit_on_error=False
            )
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def _after(failure: str) -> str:
    """A failed deploy's report stays on screen above whatever planning again says."""
    return f"{failure}\n\n" if failure else ""
