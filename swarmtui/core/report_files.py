"""Where an incident report goes: a Markdown file and its JSON twin beside it, in the state
directory unless a path is given (core/files.py creates them)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from .files import saved_dir, write_private


def default_report_path(taken_at: datetime, folder: Path | None = None) -> Path:
    name = f"swarmtui-incident-{taken_at.strftime('%Y%m%d-%H%M%S')}.md"
    return (folder or saved_dir()) / name


def twin_path(path: Path) -> Path:
    """The JSON twin of the Markdown file `path`: `X.md` → `X.json`; any other name gets
    `.json` added (`r.json` → `r.json.json`), so the twin never replaces the Markdown."""
    if path.suffix == ".md":
        return path.with_suffix(".json")
    return path.with_name(path.name + ".json")


def write_report(
    markdown: str, data: dict[str, Any], path: Path, renumber: bool = False
) -> tuple[Path, Path]:
    """Write `path` (Markdown) and its twin_path (JSON), both new files readable by the owner
    only (a report names nodes, addresses and errors of the cluster); returns both. A name
    already taken raises FileExistsError, or with `renumber` (a default name) moves both on to
    `-1`, `-2`, …"""
    text = json.dumps(data, indent=2) + "\n"
    written = write_private(((path, markdown), (twin_path(path), text)), renumber=renumber)
    return written[0], written[1]
