"""Decide which daemon to talk to, the way the docker CLI does.

Precedence, as in the CLI: --host, then --context, then DOCKER_HOST, then DOCKER_CONTEXT, then
the current context in ~/.docker/config.json, then the local socket (tcp://localhost:2376 when
TLS is asked for). TLS for --host and DOCKER_HOST comes from the --tls* flags, DOCKER_TLS_VERIFY
and DOCKER_CERT_PATH; a context brings its own files (tls.py).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docker.context import ContextAPI
from docker.context.config import get_current_context_name, get_tls_dir
from docker.errors import ContextException, ContextNotFound, TLSParameterError

from .errors import DaemonUnreachable
from .tls import TlsFlags, context_tls, tls_from_flags

DEFAULT_HOST = "unix:///var/run/docker.sock"
DEFAULT_TLS_HOST = "tcp://localhost:2376"


@dataclass(frozen=True)
class Endpoint:
    """Where the daemon is and how to reach it."""

    base_url: str
    source: str
    tls: Any = None

    @property
    def display(self) -> str:
        """The address without the scheme noise a person does not need to read."""
        url = self.base_url
        return url.removeprefix("unix://") if url.startswith("unix://") else url

    def client_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"base_url": self.base_url}
        if self.tls:
            kwargs["tls"] = self.tls
        if self.base_url.startswith("ssh://"):
            # The system ssh honours ~/.ssh/config and known_hosts, as the docker CLI does;
            # paramiko reads only part of the config and rejects unknown hosts.
            kwargs["use_ssh_client"] = True
        return kwargs


def _from_context(name: str | None, environ: Mapping[str, str]) -> dict[str, Any]:
    try:
        kwargs = ContextAPI.kwargs_from_context(name, environment=dict(environ))
        if str(kwargs.get("base_url", "")).startswith("tcp://"):
            kwargs["tls"] = _context_tls(name or environ.get("DOCKER_CONTEXT"))
        return kwargs
    except (ContextNotFound, ContextException, TLSParameterError) as error:
        raise DaemonUnreachable(f"Docker context {name!r} could not be loaded: {error}") from error


def _context_tls(name: str | None) -> Any:
    """The context's TLS through tls.py's checks: docker-py's own reading ignores a context
    with only some of the files, and skip-tls-verify without files."""
    context = ContextAPI.get_context(name)
    if context is None:
        return None
    skip = bool(context.endpoints.get("docker", {}).get("SkipTLSVerify"))
    return context_tls(Path(get_tls_dir(context.name, "docker")), skip)


def resolve_endpoint(
    host: str | None = None,
    context: str | None = None,
    environ: Mapping[str, str] | None = None,
    tls: TlsFlags | None = None,
) -> Endpoint:
    environ = os.environ if environ is None else environ
    flags = tls or TlsFlags()
    if host:
        return Endpoint(host, "--host", _tcp_tls(host, flags, environ))
    if context:
        if flags.given:
            raise DaemonUnreachable(
                f"The --tls options apply to --host and DOCKER_HOST; context {context!r} "
                "brings its own certificates (docker context update --docker …)."
            )
        kwargs = _from_context(context, environ)
        if not kwargs:
            raise DaemonUnreachable(f"Docker context {context!r} names no docker endpoint.")
        return Endpoint(kwargs["base_url"], f"context {context}", kwargs.get("tls"))
    if environ.get("DOCKER_HOST"):
        url = environ["DOCKER_HOST"]
        return Endpoint(url, "DOCKER_HOST", _tcp_tls(url, flags, environ))
    if (environ.get("DOCKER_CONTEXT") or get_current_context_name()) == "default":
        config = tls_from_flags(flags, environ)
        if config is not None:  # the CLI's address when TLS is on and no host is named
            return Endpoint(DEFAULT_TLS_HOST, "default TLS address", config)
    kwargs = _from_context(None, environ)
    if kwargs.get("base_url"):
        name = environ.get("DOCKER_CONTEXT") or "current context"
        return Endpoint(kwargs["base_url"], name, kwargs.get("tls"))
    return Endpoint(DEFAULT_HOST, "default socket")


def _tcp_tls(url: str, flags: TlsFlags, environ: Mapping[str, str]) -> Any:
    """TLS applies to tcp:// only, as in the CLI: a unix socket or ssh:// ignores it."""
    return tls_from_flags(flags, environ) if url.startswith("tcp://") else None
