"""`:lint`: what in the live cluster is set up to hurt later (docker/lint.py), grouped by
object; the detail of the highlighted finding below the table, and `u` to apply a finding's
service update after its plan is confirmed, through the write runner."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from ...core.writes import Write
from ...docker.errors import SwarmError
from ...docker.lint import Finding
from ...docker.lint_cluster import lint, read_lint_input
from ...docker.protocol import SwarmApi
from ...render.lint import (
    LINT_COLUMNS,
    finding_key,
    finding_text,
    lint_rows,
    lint_summary,
    plan_text,
)
from ...render.palette import Palette
from ...render.text import line, literal, visible
from ..commands import bindings
from ..dialogs import ConfirmDialog
from ..lint_commands import LINT_COMMANDS
from ..panes.key_hints import KeyHints
from ..panes.keyed_table import KeyedTable
from ..writes import UiWrites


def _findings(api_factory: Callable[[], SwarmApi]) -> tuple[Finding, ...]:
    return lint(read_lint_input(api_factory()))


class LintScreen(Screen[None]):
    OWN_COMMANDS = LINT_COMMANDS
    BINDINGS = bindings(LINT_COMMANDS)
    DEFAULT_CSS = """
    LintScreen #lint { height: 1fr; }
    LintScreen #lint-detail {
        height: auto; max-height: 12; padding: 0 1; border-top: solid $primary;
    }
    """

    def __init__(
        self,
        api_factory: Callable[[], SwarmApi],
        writes: UiWrites,
        read_only: bool,
        palette: Palette,
    ) -> None:
        super().__init__()
        self.api_factory = api_factory
        self.writes = writes
        self.read_only = read_only
        self.palette = palette
        self.findings: tuple[Finding, ...] = ()

    def compose(self) -> ComposeResult:
        yield Label("Lint: reading the cluster…", id="lint-title", classes="pane-title")
        yield KeyedTable(LINT_COLUMNS, id="lint")
        yield Static("", id="lint-detail")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(KeyedTable).focus()
        self.action_reread()

    @work(exclusive=True, group="lint-read", exit_on_error=False)
    async def action_reread(self) -> None:
        try:
            findings = await asyncio.to_thread(_findings, self.api_factory)
        except Exception as error:  # noqa: BLE001 - a SwarmError is a sentence; a bug is named
            said = str(error) if isinstance(error, SwarmError) else repr(error)
            self.query_one("#lint-title", Label).update(line(f"Lint: could not read: {said}"))
            return
        self.findings = findings
        self.query_one(KeyedTable).sync(lint_rows(findings, self.palette))
        self.query_one("#lint-title", Label).update(line(f"Lint: {lint_summary(findings)}"))
        self._show_detail()

    @property
    def highlighted(self) -> Finding | None:
        key = self.query_one(KeyedTable).selected_key
        return next((f for f in self.findings if finding_key(f) == key), None)

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        finding = self.highlighted
        key = "" if self.read_only else "u"
        detail = finding_text(finding, self.palette, key) if finding else literal("")
        self.query_one("#lint-detail", Static).update(detail)

    @work(group="lint-fix", exit_on_error=False)
    async def action_fix(self) -> None:
        finding = self.highlighted
        if self.read_only:
            await self.writes.refuse_read_only(finding.name if finding else "lint")
            return
        if finding is None or finding.update is None:
            self.notify("This finding has no service update to apply: see its fix.")
            return
        update = finding.update
        try:
            current = await asyncio.to_thread(self.api_factory().inspect_service, finding.object_id)
        except SwarmError as error:
            self.notify(visible(str(error)), severity="error", markup=False)
            return
        changes = update.changes(current.get("Spec") or {})
        if not await self.app.push_screen_wait(
            ConfirmDialog(
                f"Update {finding.name}?", plan_text(finding, changes, self.palette), "Update"
            )
        ):
            return
        params = {path: will for path, _, will in changes}
        outcome = await self.writes.run(
            Write(
                "lint-fix",
                finding.name,
                {"rule": finding.rule, **params},
                lambda writer: writer.change_service(
                    finding.object_id, lambda _, spec: update.apply(spec)
                ),
            ),
            f"Updated {finding.name} ({finding.rule}).",
            service_id=finding.object_id,
        )
        if outcome.ok and self.is_attached:
            self.action_reread()

    def action_leave(self) -> None:
        self.dismiss()
