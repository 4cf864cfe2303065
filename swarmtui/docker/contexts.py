"""Docker contexts, read from their store the way the docker CLI reads them.

The store is `$DOCKER_CONFIG/contexts` (or `~/.docker/contexts`): `meta/<sha256(name)>/meta.json`
names a context and its docker endpoint, `tls/<sha256(name)>/docker/{ca,cert,key}.pem` holds its
TLS material. docker-py's ContextAPI looks for that folder only beside an existing config.json,
so a machine with contexts but no config.json had none; the CLI does not need the file, and
neither does this reader.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import DaemonUnreachable

DEFAULT_CONTEXT = "default"
DEFAULT_SOCKET = "unix:///var/run/docker.sock"
HOST_ENTRY = "DOCKER_HOST"
"""The picker's name for the daemon DOCKER_HOST names, when it is set."""


@dataclass(frozen=True)
class DockerContext:
    name: str
    host: str
    description: str = ""
    tls_dir: Path | None = None
    """Where its TLS files are (`contexts/tls/<sha256 of its name>/docker`); they are read and
    checked (tls.context_tls) only when the context is used, so one broken context does not
    break the picker."""
    skip_tls_verify: bool = False


def docker_config_dir(environ: Mapping[str, str]) -> Path:
    # DOCKER_CONFIG in the process environment counts too: the CLI reads it from there.
    folder = environ.get("DOCKER_CONFIG") or os.environ.get("DOCKER_CONFIG")
    return Path(folder) if folder else Path.home() / ".docker"


def _context_id(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def current_context_name(environ: Mapping[str, str]) -> str:
    """DOCKER_CONTEXT, else config.json's currentContext, else "default"."""
    return environ.get("DOCKER_CONTEXT") or configured_context(environ)


def configured_context(environ: Mapping[str, str]) -> str:
    """config.json's currentContext (what `docker context use` writes), else "default"."""
    try:
        config = json.loads((docker_config_dir(environ) / "config.json").read_text())
    except (OSError, ValueError):
        return DEFAULT_CONTEXT
    name = config.get("currentContext") if isinstance(config, dict) else None
    return name if isinstance(name, str) and name else DEFAULT_CONTEXT


def _read(meta: Path, store: Path) -> DockerContext | None:
    try:
        data = json.loads(meta.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("Name"), str):
        return None
    name = data["Name"]
    endpoint = (data.get("Endpoints") or {}).get("docker") or {}
    host = endpoint.get("Host") if isinstance(endpoint, dict) else None
    if not isinstance(host, str) or not host:
        return None
    description = (data.get("Metadata") or {}).get("Description") or ""
    tls_folder = store / "tls" / _context_id(name) / "docker"
    skip = bool(endpoint.get("SkipTLSVerify"))
    return DockerContext(name, host, str(description), tls_folder, skip)


def stored_contexts(environ: Mapping[str, str]) -> tuple[DockerContext, ...]:
    """Every context in the store with a docker endpoint, by name."""
    store = docker_config_dir(environ) / "contexts"
    found = []
    for meta in sorted((store / "meta").glob("*/meta.json")):
        context = _read(meta, store)
        if context is not None:
            found.append(context)
    return tuple(sorted(found, key=lambda context: context.name))


def find_context(name: str, environ: Mapping[str, str]) -> DockerContext:
    """The stored context called `name`; DaemonUnreachable names it when there is none."""
    store = docker_config_dir(environ) / "contexts"
    meta = store / "meta" / _context_id(name) / "meta.json"
    context = _read(meta, store) if meta.is_file() else None
    if context is None or context.name != name:
        raise DaemonUnreachable(
            f"Docker context {name!r} could not be loaded: no context of that name with a "
            f"docker endpoint in {store}."
        )
    return context


def picker_entries(environ: Mapping[str, str]) -> tuple[tuple[DockerContext, ...], str]:
    """What the context picker lists, and config.json's currentContext: the stored contexts,
    the daemon DOCKER_HOST names when it is set, and `default` (the local socket), as
    `docker context ls` lists them."""
    stored = stored_contexts(environ)
    extra = []
    if environ.get("DOCKER_HOST"):
        extra.append(DockerContext(HOST_ENTRY, environ["DOCKER_HOST"], "from DOCKER_HOST"))
    if not any(context.name == DEFAULT_CONTEXT for context in stored):
        extra.append(DockerContext(DEFAULT_CONTEXT, DEFAULT_SOCKET, "the local socket"))
    return (*extra, *stored), configured_context(environ)
