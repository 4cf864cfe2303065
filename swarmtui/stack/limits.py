"""The bounds on what a compose file may ask of the loader, in one place.

A compose file is input: a few hundred bytes of YAML aliases can expand to billions of nodes,
a deeply nested one exhausts Python's stack, and `file: /dev/zero` never ends. Every bound
here is far above what a real stack needs; each message names the file and its limit.
"""

from __future__ import annotations

import os
import stat

MiB = 1 << 20
KiB = 1 << 10

# Bytes of one compose file, and of one env_file.
MAX_COMPOSE_FILE_BYTES = 1 * MiB
MAX_ENV_FILE_BYTES = 1 * MiB
# A secret's or config's `file:` source: swarmkit refuses more than 500 KiB for either
# (MaxSecretSize, MaxConfigSize), so a bigger file could never be deployed anyway.
MAX_SOURCE_FILE_BYTES = 500 * KiB
# Mappings and lists nested in one another, counting through aliases.
MAX_NESTING_DEPTH = 64
# Nodes (keys, values, items) of one document once every alias is expanded: a real stack
# has a few thousand; a "billion laughs" document is refused before it is expanded.
MAX_DOCUMENT_NODES = 200_000
# Characters of one integer as written: no field takes more than 20 digits (uint64), and
# Python refuses to read more than 4,300 (its int-string conversion limit).
MAX_INTEGER_DIGITS = 100


class TooBig(ValueError):
    """A file is larger than its limit, or cannot be read as text; the text says which."""


def size_text(size: int) -> str:
    """12582912 → "12 MiB", 2048 → "2 KiB", 100 → "100 bytes"."""
    for unit, scale in (("MiB", MiB), ("KiB", KiB)):
        if size >= scale:
            amount = size / scale
            return (
                f"{amount:.0f} {unit}"
                if amount >= 10 or amount.is_integer()
                else (f"{amount:.1f} {unit}")
            )
    return f"{size} bytes"


def read_text(path: str | os.PathLike[str], limit: int, kind: str, encoding: str = "utf-8") -> str:
    """The file's text, read no further than `limit` bytes; TooBig names the file and the
    limit when it holds more, or when it is not text in `encoding`. OSError passes through."""
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
        if len(data) > limit:
            size = os.fstat(handle.fileno()).st_size
            shown = size_text(size) if size > limit else f"more than {size_text(limit)}"
            raise TooBig(f"{os.fspath(path)} is {shown}; {kind} are limited to {size_text(limit)}.")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise TooBig(
            f"{os.fspath(path)} is not UTF-8 text (byte {error.start + 1} cannot be read)."
        ) from None


def check_source_file(path: str, kind: str) -> str | None:
    """Why a secret's or config's `file:` source cannot be sent, or None. A file that does not
    exist is left for the deploy to report, as before."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return f"{path} is not a regular file; {kind} sources must be files"
    if status.st_size > MAX_SOURCE_FILE_BYTES:
        return (
            f"{path} is {size_text(status.st_size)}; {kind} sources are limited to "
            f"{size_text(MAX_SOURCE_FILE_BYTES)} (the swarm's own limit)"
        )
    return None
