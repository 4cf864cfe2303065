"""Where an incident report goes: a Markdown file and its JSON twin beside it."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any


def default_report_path(taken_at: datetime, folder: Path | None = None) -> Path:
    name = f"swarmtui-incident-{taken_at.strftime('%Y%m%d-%H%M%S')}.md"
    return (folder or Path.cwd()) / name


def write_report(markdown: str, data: dict[str, Any], path: Path) -> tuple[Path, Path]:
    """Write `path` (Markdown) and the same name with .json; returns both. Readable by the
    owner only: a report names nodes, addresses and errors of the cluster."""
    twin = path.with_suffix(".json")
    for target, text in ((path, markdown), (twin, json.dumps(data, indent=2) + "\n")):
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(text)
    return path, twin
