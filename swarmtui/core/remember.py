"""Writing one top-level setting back to the user's config.toml without disturbing the rest.

Why a rewrite of one line rather than a TOML writer or a separate state file: the standard
library reads TOML but cannot write it, and a round trip through a writer would drop the
user's comments and layout; a state file beside it would make two places decide one setting.
So the key's own line is replaced (or a line is added above the first table), and the result
is parsed again: unless it reads exactly as before with only this key changed, nothing is
written. The new file replaces the old one in one rename, so a crash leaves either.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from pathlib import Path

_TABLE = re.compile(r"^\s*\[")


def _key_line(key: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")


def with_setting(text: str, key: str, value: str) -> str:
    """`text` with the top-level `key = "value"`; ValueError if that cannot be done safely."""
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"it is not valid TOML ({error})") from error
    wanted = f"{key} = {_toml_string(value)}"
    lines = text.splitlines(keepends=True)
    first_table = next((i for i, line in enumerate(lines) if _TABLE.match(line)), len(lines))
    own = next((i for i in range(first_table) if _key_line(key).match(lines[i])), None)
    if own is not None:
        lines[own] = wanted + "\n"
    else:
        if first_table == len(lines) and lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        place = first_table
        while place > 0 and not lines[place - 1].strip():
            place -= 1  # beside the other top-level keys, not after their blank line
        lines.insert(place, wanted + "\n")
    after_text = "".join(lines)
    expected = {**before, key: value}
    try:
        after = tomllib.loads(after_text)
    except tomllib.TOMLDecodeError:
        after = None
    if after != expected:
        raise ValueError(f"its layout does not let {key} be changed on one line")
    return after_text


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def remember_setting(path: Path, key: str, value: str) -> None:
    """Set the top-level `key` in the TOML file at `path` (created if missing).

    Raises ValueError or OSError with the reason when the file is left as it was."""
    path = path.resolve()  # a symlinked config (dotfiles) keeps its link; its target changes
    text = path.read_text() if path.exists() else ""
    new_text = with_setting(text, key, value)
    if new_text == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w") as file:
            file.write(new_text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
