"""Concrete cell colours from the Textual theme: Rich needs colours, not CSS expressions."""

from __future__ import annotations

from textual.color import Color, ColorParseError

from ..render.palette import Palette


def palette_from_theme(variables: dict[str, str]) -> Palette:
    def colour(name: str, fallback: str) -> str:
        try:
            return Color.parse(variables[name]).hex
        except (KeyError, ColorParseError):
            return fallback

    foreground = Color.parse(colour("foreground", "#e0e0e0"))
    background = Color.parse(colour("background", "#121212"))
    return Palette(
        success=colour("success", "green"),
        warning=colour("warning", "yellow"),
        error=colour("error", "red"),
        accent=colour("primary-lighten-2", colour("primary", "cyan")),
        muted=foreground.blend(background, 0.45).hex,
        tasks=tuple(
            dict.fromkeys(
                colour(f"{name}{shade}", fallback)
                for shade in ("", "-lighten-2")
                for name, fallback in (
                    ("primary", "cyan"),
                    ("secondary", "magenta"),
                    ("accent", "yellow"),
                    ("success", "green"),
                )
            )
        ),
    )
