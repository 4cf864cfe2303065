"""The files swarmtui writes for you (saved logs, incident reports): in one place by default,
readable by you only, and never over anything already there.

Each file is created with O_CREAT|O_EXCL|O_NOFOLLOW: an existing file is never truncated (it
would keep its old owner and permissions), and a symlink planted at a predictable name is
refused, not followed. A default name that is taken becomes `name-1.ext`, `name-2.ext`, …; a
name the user typed that is taken is refused with a sentence (FileExistsError).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .locations import state_dir

PRIVATE = 0o600
RENUMBER_MAX = 1000
"""Names tried after the default one: a folder holding a thousand of the same second's files
is not one to add to."""


def saved_dir() -> Path:
    """Where saved logs and reports go unless a path is given: the XDG state directory."""
    return state_dir()


def default_path(name: str) -> Path:
    return saved_dir() / name


def numbered(path: Path, number: int) -> Path:
    """`path`, or `stem-number.suffix` after it (`incident.md` → `incident-2.md`)."""
    if number == 0:
        return path
    return path.with_name(f"{path.stem}-{number}{path.suffix}")


def write_private(files: Sequence[tuple[Path, str]], renumber: bool = False) -> list[Path]:
    """Create every file of `files` (path, text) with permissions 0600, or none of them.
    `renumber`: when a name is taken, try the next number for all of them together (a report
    and its twin keep one name); otherwise a taken name raises FileExistsError. Returns the
    paths written."""
    folders = {path.parent for path, _ in files}
    if renumber:  # only the default place is made on demand; a typed folder must exist
        for folder in folders:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for number in range(RENUMBER_MAX + 1 if renumber else 1):
        targets = [(numbered(path, number), text) for path, text in files]
        try:
            _create_all(targets)
        except FileExistsError:
            if renumber and number < RENUMBER_MAX:
                continue
            raise
        return [path for path, _ in targets]
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _create_all(targets: Sequence[tuple[Path, str]]) -> None:
    created: list[Path] = []
    try:
        for path, text in targets:
            _create(path, text)
            created.append(path)
    except BaseException:
        for path in created:  # all or none: a report without its twin is not left behind
            path.unlink(missing_ok=True)
        raise


def _create(path: Path, text: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        descriptor = os.open(path, flags, PRIVATE)
    except FileExistsError:
        raise FileExistsError(
            f"{path} already exists (a file or a link); nothing was overwritten"
        ) from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", errors="replace") as out:
            os.fchmod(out.fileno(), PRIVATE)  # whatever the umask, exactly 0600
            out.write(text)
    except BaseException:
        path.unlink(missing_ok=True)  # a half-written file (disk full) is not left behind
        raise
