"""The `:` prompt: one line, completed as you type (→ or tab takes the suggestion), enter
goes there, esc leaves. What the words mean is render/jump.py's business."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label

from ...docker.models import Snapshot
from ...render.jump import complete


class JumpSuggester(Suggester):
    def __init__(self, snapshot: Callable[[], Snapshot | None]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._snapshot = snapshot

    async def get_suggestion(self, value: str) -> str | None:
        return complete(value, self._snapshot())


class CommandPrompt(ModalScreen[str]):
    """Answers the text entered; empty when left with esc."""

    BINDINGS = [Binding("escape", "leave", "Leave", show=False)]

    def __init__(self, snapshot: Callable[[], Snapshot | None]) -> None:
        super().__init__(classes="prompt")
        self._snapshot = snapshot

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-body"):
            yield Label(
                ":svc NAME  :node NAME  :net  :secret  :config  :stack NAME  :events  :logs NAME",
                markup=False,
            )
            yield Input(placeholder="svc web", id="prompt", suggester=JumpSuggester(self._snapshot))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_leave(self) -> None:
        self.dismiss("")
