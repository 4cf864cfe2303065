"""The detail area beside the tasks: the selection, or the focused task, in full."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


def same_shape(old: Text, new: Text) -> bool:
    """Whether `new` wraps into the very lines `old` did, at any width: the same lines, each
    as wide, with its spaces in the same places. Then it needs no layout, only a repaint."""
    old_lines, new_lines = old.plain.split("\n"), new.plain.split("\n")
    if len(old_lines) != len(new_lines):
        return False
    for before, after in zip(old_lines, new_lines, strict=True):
        if before == after:
            continue
        if len(before) != len(after) or cell_len(before) != cell_len(after):
            return False
        if any(a.isspace() != b.isspace() for a, b in zip(before, after, strict=True)):
            return False
    return True


class DetailPane(VerticalScroll):
    def __init__(self) -> None:
        super().__init__(id="detail-pane", classes="pane")
        self.shown: Text | None = None
        """The text on screen: a poll that changed nothing here must not lay the pane out."""
        self.layouts = 0
        """Texts that needed the screen laid out again (a test counts them)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="detail")

    def show(self, text: Text) -> None:
        shown = self.shown
        if shown is not None and text == shown and text.style == shown.style:
            return
        self.shown = text
        detail = self.query_one("#detail", Static)
        if shown is not None and same_shape(shown, text):
            # An age ticking in a line ("started 8s ago"): a layout of the whole screen for
            # it was most of what an idle dashboard drew.
            detail.update(text, layout=False)
            return
        self.layouts += 1
        detail.update(text)
        # A second layout once this one is done: a text that arrives while the last one is
        # still being laid out (its last lines, just read) kept the old text's height, and
        # the bottom line was cut off until the next change.
        self.call_after_refresh(detail.refresh, layout=True)

    def show_waiting(self) -> None:
        self.show(Text("Waiting for the first snapshot…"))
