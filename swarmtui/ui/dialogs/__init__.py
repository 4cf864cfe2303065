"""Modal dialogs for actions: a validated prompt, a yes/no confirmation, a typed confirmation.

Titles, prompts and messages name services, nodes and stacks, and errors quote the daemon:
all of it is shown as literal text (`render.text`), never read as markup."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...docker.errors import SwarmError
from ...render.text import line, literal


def shown(value: str | Text) -> Text:
    """A message as given: a `Text` the caller built, or a string taken literally."""
    return value if isinstance(value, Text) else literal(value)


class PromptDialog(ModalScreen[str | None]):
    """Asks for one value; `validate` raises with a sentence to show, keeping the dialog open."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        prompt: str,
        value: str = "",
        validate: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.prompt = prompt
        self.value = value
        self.validate = validate

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-body"):
            yield Label(line(self.title_text), classes="dialog-title")
            yield Static(shown(self.prompt), classes="dialog-prompt")
            yield Input(self.value, id="dialog-input", select_on_focus=True)
            yield Label("", id="dialog-error", classes="dialog-error")
            yield Static("enter: apply   esc: cancel", classes="dialog-keys")

    @on(Input.Changed, "#dialog-input")
    def _changed(self) -> None:
        self.query_one("#dialog-error", Label).update("")

    @on(Input.Submitted, "#dialog-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.validate is not None:
            try:
                self.validate(event.value)
            except (SwarmError, ValueError) as error:
                self.query_one("#dialog-error", Label).update(literal(str(error)))
                return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no, with what will happen spelled out; `no` is the default."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, title: str, message: str | Text, confirm_label: str = "Yes") -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.message = message
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-body"):
            yield Label(line(self.title_text), classes="dialog-title")
            yield Static(shown(self.message), classes="dialog-prompt")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.confirm_label} (y)", variant="error", id="yes")
                yield Button("No (n)", variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class TypedConfirmDialog(ModalScreen[bool]):
    """For what cannot be undone: the operator types the object's name to go ahead."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, message: str | Text, expected: str) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.message = message
        self.expected = expected

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-body"):
            yield Label(line(self.title_text), classes="dialog-title")
            yield Static(shown(self.message), classes="dialog-prompt")
            yield Static(
                Text.assemble("Type ", line(self.expected, style="bold"), " to confirm:"),
                classes="dialog-prompt",
            )
            yield Input(id="dialog-input")
            yield Label("", id="dialog-error", classes="dialog-error")
            yield Static("enter: confirm   esc: cancel", classes="dialog-keys")

    @on(Input.Submitted, "#dialog-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() != self.expected:
            self.query_one("#dialog-error", Label).update(
                line(f"That is not {self.expected!r}; nothing was changed. Esc cancels.")
            )
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
