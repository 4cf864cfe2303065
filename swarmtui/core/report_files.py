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


def report_paths(path: Path) -> tuple[Path, Path]:
    """The Markdown file and its JSON twin for the name the user gave: `X.md` → X.md and
    X.json; `X.json` asks for the JSON there, so the Markdown goes beside it as X.md; any
    other name is the Markdown and gets `.json` added for the twin. The two never coincide,
    so the twin never replaces the Markdown."""
    if path.suffix == ".md":
        return path, path.with_suffix(".json")
    if path.suffix == ".json":
        return path.with_suffix(".md"), path
    return path, path.with_name(path.name + ".json")


def write_report(
    markdown: str, data: dict[str, Any], path: Path, renumber: bool = False
) -> tuple[Path, Path]:
    """Write the report_paths of `path` (Markdown, JSON), both new files readable by the owner
    only (a report names nodes, addresses and errors of the cluster); returns both. A name
    already taken raises FileExistsError, or with `renumber` (a default name) moves both on to
    `-1`, `-2`, …"""
    text = json.dumps(data, indent=2) + "\n"
    markdown_path, twin = report_paths(path)
    written = write_private(((markdown_path, markdown), (twin, text)), renumber=renumber)
    return written[0], written[1]
