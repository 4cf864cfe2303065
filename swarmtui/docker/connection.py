"""Decide which daemon to talk to, the way the docker CLI does.

Precedence, as in the CLI: --host, then --context, then DOCKER_HOST (with DOCKER_TLS_VERIFY and
DOCKER_CERT_PATH), then DOCKER_CONTEXT, then the current context in ~/.docker/config.json, then
the local socket.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docker.errors import TLSParameterError
from docker.utils import kwargs_from_env as _kwargs_from_env

from .contexts import DEFAULT_CONTEXT, DEFAULT_SOCKET, current_context_name, find_context
from .errors import DaemonUnreachable

DEFAULT_HOST = DEFAULT_SOCKET


@dataclass(frozen=True)
class Endpoint:
    """Where the daemon is and how to reach it."""

    base_url: str
    source: str
    tls: Any = None
    context: str = ""
    """The docker context it came from ("default" for the local socket); empty for --host
    and DOCKER_HOST."""

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


def kwargs_from_env(environment: Mapping[str, str]) -> dict[str, Any]:
    try:
        return _kwargs_from_env(environment=dict(environment))
    except TLSParameterError as error:
        cert_path = environment.get("DOCKER_CERT_PATH") or "~/.docker"
        raise DaemonUnreachable(
            f"TLS is on (DOCKER_TLS_VERIFY/DOCKER_CERT_PATH) but {cert_path} lacks "
            "cert.pem and key.pem."
        ) from error


def context_endpoint(name: str, environ: Mapping[str, str], source: str = "") -> Endpoint:
    """The endpoint of docker context `name`; "default" is the local socket."""
    if name == DEFAULT_CONTEXT:
        return Endpoint(DEFAULT_HOST, source or "default socket", context=DEFAULT_CONTEXT)
    try:
        context = find_context(name, environ)
    except TLSParameterError as error:
        raise DaemonUnreachable(f"Docker context {name!r} could not be loaded: {error}") from error
    return Endpoint(context.host, source or f"context {name}", context.tls, context=name)


def resolve_endpoint(
    host: str | None = None,
    context: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Endpoint:
    environ = os.environ if environ is None else environ
    if host:
        tls = kwargs_from_env({**environ, "DOCKER_HOST": host}).get("tls")
        return Endpoint(host, "--host", tls if host.startswith("tcp://") else None)
    if context:
        return context_endpoint(context, environ)
    if environ.get("DOCKER_HOST"):
        return docker_host_endpoint(environ)
    name = current_context_name(environ)
    source = "default socket" if name == DEFAULT_CONTEXT else environ.get("DOCKER_CONTEXT", "")
    return context_endpoint(name, environ, source or "current context")


def docker_host_endpoint(environ: Mapping[str, str]) -> Endpoint:
    kwargs = kwargs_from_env(environ)
    return Endpoint(kwargs["base_url"], "DOCKER_HOST", kwargs.get("tls"))
