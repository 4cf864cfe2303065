"""Compose files written for a test, and the errors loading them is refused with."""

from __future__ import annotations

from pathlib import Path

import pytest

from swarmtui.stack import ComposeError, load

from .paths import COMPOSE

__all__ = ["COMPOSE", "errors_of", "write"]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def errors_of(files: list[Path], environ: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(ComposeError) as caught:
        load(files, environ or {})
    return caught.value.messages
