"""Where swarmtui keeps its files, following the XDG base directory convention."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # swarmtui/, not swarmtui/core/


def _xdg(variable: str, fallback: str) -> Path:
    return Path(os.environ.get(variable) or Path.home() / fallback) / "swarmtui"


def config_dir() -> Path:
    return _xdg("XDG_CONFIG_HOME", ".config")


def state_dir() -> Path:
    return _xdg("XDG_STATE_HOME", ".local/state")


def styles_dir() -> Path:
    """The stylesheets: inside the package when installed, the top-level styles/ in a checkout."""
    for candidate in (PACKAGE_DIR / "styles", PACKAGE_DIR.parent / "styles"):
        if (candidate / "swarmtui.tcss").is_file():
            return candidate
    raise FileNotFoundError(
        f"swarmtui's stylesheet is missing (looked in {PACKAGE_DIR / 'styles'} and "
        f"{PACKAGE_DIR.parent / 'styles'}); reinstall the package."
    )
