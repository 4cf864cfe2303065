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

from docker.context import ContextAPI
from docker.errors import ContextException, ContextNotFound, TLSParameterError
from docker.utils import kwargs_from_env as _kwargs_from_env

from .errors import DaemonUnreachable
from .ssh_failures import check_ssh_url

DEFAULT_HOST = "unix:///var/run/docker.sock"


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


def kwargs_from_env(environment: Mapping[str, str]) -> dict[str, Any]:
    try:
        return _kwargs_from_env(environment=dict(environment))
    except TLSParameterError as error:
        cert_path = environment.get("DOCKER_CERT_PATH") or "~/.docker"
        raise DaemonUnreachable(
            f"TLS is on (DOCKER_TLS_VERIFY/DOCKER_CERT_PATH) but {cert_path} lacks "
            "cert.pem and key.pem."
        ) from error


def _from_context(name: str | None, environ: Mapping[str, str]) -> dict[str, Any]:
    try:
        return ContextAPI.kwargs_from_context(name, environment=dict(environ))
    except (ContextNotFound, ContextException, TLSParameterError) as error:
        raise DaemonUnreachable(f"Docker context {name!r} could not be loaded: {error}") from error


def resolve_endpoint(
    host: str | None = None,
    context: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Endpoint:
    endpoint = _resolve(host, context, environ)
    if endpoint.base_url.startswith("ssh://"):
        # Whatever named it (flag, variable, context), it ends up on ssh's command line.
        check_ssh_url(endpoint.base_url)
    return endpoint


def _resolve(host: str | None, context: str | None, environ: Mapping[str, str] | None) -> Endpoint:
    environ = os.environ if environ is None else environ
    if host:
        tls = kwargs_from_env({**environ, "DOCKER_HOST": host}).get("tls")
        return Endpoint(host, "--host", tls if host.startswith("tcp://") else None)
    if context:
        kwargs = _from_context(context, environ)
        if not kwargs:
            raise DaemonUnreachable(f"Docker context {context!r} names no docker endpoint.")
        return Endpoint(kwargs["base_url"], f"context {context}", kwargs.get("tls"))
    if environ.get("DOCKER_HOST"):
        kwargs = kwargs_from_env(environ)
        return Endpoint(kwargs["base_url"], "DOCKER_HOST", kwargs.get("tls"))
    kwargs = _from_context(None, environ)
    if kwargs.get("base_url"):
        name = environ.get("DOCKER_CONTEXT") or "current context"
        return Endpoint(kwargs["base_url"], name, kwargs.get("tls"))
    return Endpoint(DEFAULT_HOST, "default socket")
