"""The user's theme and keymap, applied when the app mounts; what is wrong with them is said,
and the defaults stand in."""

from __future__ import annotations

from textual.app import App

from ..core.config import Settings
from ..render.text import visible
from .commands import keymap_problems
from .registry import KEYMAP_SCOPES


def apply_theme_and_keymap(app: App[None], settings: Settings) -> None:
    try:
        app.theme = settings.theme
    except Exception:  # noqa: BLE001 - an unknown theme name falls back to the default
        app.notify(visible(f"Unknown theme {settings.theme!r}; using the default."), markup=False)
    if settings.keymap:
        app.set_keymap(dict(settings.keymap))
        for problem in keymap_problems(KEYMAP_SCOPES, settings.keymap):
            app.notify(visible(problem), severity="warning", timeout=8, markup=False)
