"""A service's environment: its env_file entries, then `environment`, as docker's loader
reads them. An env_file is read no further than MAX_ENV_FILE_BYTES and must be UTF-8."""

from __future__ import annotations

import os
from collections.abc import Mapping

from ..docker.protocol import Json
from . import normalize
from .limits import MAX_ENV_FILE_BYTES, read_text

ENV_FILES = "x-swarmtui-env-files"
"""Where a loaded service keeps the env_files its environment was read from, for the plan."""


def environment(
    service: Json, working_dir: str, environ: Mapping[str, str]
) -> dict[str, str | None]:
    """env_file entries (relative to the first file), then `environment`; an entry with no
    value takes the process environment's, as docker's loader does."""
    result: dict[str, str | None] = {}

    def update(entries: dict[str, str | None]) -> None:
        for key, value in entries.items():
            result[key] = environ[key] if not value and key in environ else value

    from_files: dict[str, str | None] = {}
    for env_file in normalize.string_list(service.get("env_file")):
        path = env_file if os.path.isabs(env_file) else os.path.join(working_dir, env_file)
        from_files.update(read_env_file(path, environ))
    update(from_files)
    update(normalize.mapping(service.get("environment"), allow_none=True))
    return result


GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
r"""Go's unicode.IsSpace, what docker strips from the start of a line. Python's str.lstrip()
strips more (the \x1c-\x1f separators), so a name starting with one would differ."""
MAX_LINE_BYTES = 64 * 1024 - 1
"""The longest line docker's bufio.Scanner reads (bufio.MaxScanTokenSize holds the line and
its newline); a longer one fails the whole file with "token too long"."""


def env_file_lines(text: str, path: str) -> list[str]:
    r"""The lines as docker's bufio.ScanLines cuts them: at "\n" only, less one "\r" before it,
    and a BOM off the first. str.splitlines() also cuts at "\r", "\x0c", "\x1c"-"\x1e",
    U+0085, U+2028 and U+2029, ending there a value that docker keeps whole."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the newline ending the file starts no line
    for number, line in enumerate(lines, 1):
        if len(line.encode()) > MAX_LINE_BYTES:
            raise normalize.Invalid(
                f"env_file {path}:{number}: the line is longer than docker reads "
                f"({MAX_LINE_BYTES + 1} bytes with its newline)"
            )
    if lines:
        lines[0] = lines[0].removeprefix("\ufeff")
    return [line.removesuffix("\r") for line in lines]


def read_env_file(path: str, environ: Mapping[str, str]) -> dict[str, str | None]:
    """The entries as docker's kvfile.Parse reads them (docker/cli pkg/kvfile): the value
    verbatim after the first "=", quotes and trailing spaces included; a bare name takes
    the environment's value or is left out."""
    entries: dict[str, str | None] = {}
    # Decoded as it is, BOM included: docker counts it in the first line's length.
    text = read_text(path, MAX_ENV_FILE_BYTES, "env_files")
    for number, raw in enumerate(env_file_lines(text, path), 1):
        line = raw.lstrip(GO_SPACE)
        if not line or line.startswith("#"):
            continue
        key, has_value, value = line.partition("=")
        if not key or any(ch in key for ch in " \t"):
            raise normalize.Invalid(f"env_file {path}:{number}: {key!r} is not a variable name")
        if has_value:
            entries[key] = value
        elif key in environ:
            entries[key] = environ[key]
    return entries
