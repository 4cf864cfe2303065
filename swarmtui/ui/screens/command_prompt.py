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

Completer = Callable[[str], "str | None"]
"""The whole input completed, or None (render/jump.py's complete, over the screen's data)."""


class JumpSuggester(Suggester):
    def __init__(self, completer: Completer) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._completer = completer

    async def get_suggestion(self, value: str) -> str | None:
        return self._completer(value)


class CommandPrompt(ModalScreen[str]):
    """Answers the text entered; empty when left with esc."""

    BINDINGS = [Binding("escape", "leave", "Leave", show=False)]

    def __init__(self, completer: Completer, hint: str) -> None:
        super().__init__(classes="prompt")
        self._completer = completer
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-body"):
            yield Label(self._hint, markup=False)
            yield Input(
                placeholder="svc web", id="prompt", suggester=JumpSuggester(self._completer)
            )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_leave(self) -> None:
        self.dismiss("")
