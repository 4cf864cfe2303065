"""The footer: the keys the screen offers now, as one line of text.

Textual's Footer mounts a widget per key (about fifty here) and mounts them all again whenever
focus moves, restyling each: on a big swarm that was the largest part of a key press. One
widget drawing one line costs a string, and nothing at all when the keys did not change.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class KeyHint(NamedTuple):
    key: str
    """The key as bound: what a click on the hint presses."""
    shown: str
    """The key as the operator reads it ('^r', '?')."""
    description: str
    enabled: bool


def shown_hints(screen: Screen[Any]) -> tuple[KeyHint, ...]:
    """The screen's shown bindings, one per action (its first key), in binding order; the
    command palette's key last, as Textual's footer has it."""
    app = screen.app
    hints: list[KeyHint] = []
    actions: set[str] = set()
    palette: KeyHint | None = None
    for key, (_, binding, enabled, _) in screen.active_bindings.items():
        if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
            palette = KeyHint(binding.key, app.get_key_display(binding), "palette", enabled)
            continue
        if not binding.show or binding.action in actions:
            continue
        actions.add(binding.action)
        hints.append(KeyHint(binding.key, app.get_key_display(binding), binding.description,
                             enabled))  # fmt: skip
    if palette is not None:
        hints.append(palette)
    return tuple(hints)


class KeyHints(Widget):
    """One line of `key description` pairs; a click on a pair presses its key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-hints--key", "key-hints--description"}
    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        text-wrap: nowrap;
        background: $footer-background;
        color: $footer-foreground;
        .key-hints--key { color: $footer-key-foreground; text-style: bold; }
        .key-hints--description { color: $footer-description-foreground; }
    }
    """

    def __init__(self) -> None:
        super().__init__(id="key-hints")
        self.hints: tuple[KeyHint, ...] = ()
        self._spans: list[tuple[int, int, KeyHint]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self._bindings_changed, self.screen)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        hints = shown_hints(screen)
        if hints != self.hints:
            self.hints = hints
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-hints--key")
        description_style = self.get_component_rich_style("key-hints--description")
        text = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for hint in self.hints:
            start = len(text)
            text.append(f" {hint.shown} ", style=key_style)
            text.append(f"{hint.description} ", style=description_style)
            if not hint.enabled:
                text.stylize("dim", start)
            self._spans.append((start, len(text), hint))
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, hint in self._spans:
            if start <= event.x < end:
                if hint.enabled:
                    self.app.simulate_key(hint.key)
                else:
                    self.app.bell()
                return
