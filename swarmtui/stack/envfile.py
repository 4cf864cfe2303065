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


def read_env_file(path: str, environ: Mapping[str, str]) -> dict[str, str | None]:
    entries: dict[str, str | None] = {}
    text = read_text(path, MAX_ENV_FILE_BYTES, "env_files", encoding="utf-8-sig")
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.lstrip()
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
