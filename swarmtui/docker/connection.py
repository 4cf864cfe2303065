"""Decide which daemon to talk to, the way the docker CLI does.

Precedence, as in the CLI: --host, then --context, then DOCKER_HOST, then DOCKER_CONTEXT, then
the current context in the docker config folder's config.json, then the local socket
(tcp://localhost:2376 when TLS is asked for). TLS for --host and DOCKER_HOST comes from the
--tls* flags, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH; a context brings its own files (tls.py).
Contexts are read from their store as the CLI reads them (contexts.py), config.json or not.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .contexts import DEFAULT_CONTEXT, DEFAULT_SOCKET, current_context_name, find_context
from .errors import DaemonUnreachable
from .ssh_failures import check_ssh_url
from .tls import TlsFlags, context_tls, tls_from_flags

DEFAULT_HOST = DEFAULT_SOCKET
DEFAULT_TLS_HOST = "tcp://localhost:2376"


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

    @property
    def proxied(self) -> bool:
        """Whether the environment (HTTP(S)_PROXY, NO_PROXY, ~/.netrc, a CA bundle) can bear on
        the connection: only over TCP. A unix socket or an ssh tunnel has no proxy, as for the
        docker CLI, and requests would read the environment and ~/.netrc on every request."""
        return self.base_url.startswith(("tcp://", "http://", "https://"))

    def client_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"base_url": self.base_url}
        if self.tls:
            kwargs["tls"] = self.tls
        if self.base_url.startswith("ssh://"):
            # The system ssh honours ~/.ssh/config and known_hosts, as the docker CLI does;
            # paramiko reads only part of the config and rejects unknown hosts.
            kwargs["use_ssh_client"] = True
        return kwargs


def context_endpoint(name: str, environ: Mapping[str, str], source: str = "") -> Endpoint:
    """The endpoint of docker context `name`; "default" is the local socket. A tcp://
    context's TLS files are checked here (tls.py): one sentence naming a bad one."""
    if name == DEFAULT_CONTEXT:
        return Endpoint(DEFAULT_HOST, source or "default socket", context=DEFAULT_CONTEXT)
    context = find_context(name, environ)
    tls = None
    if context.host.startswith("tcp://") and context.tls_dir is not None:
        tls = context_tls(context.tls_dir, context.skip_tls_verify)
    return checked(Endpoint(context.host, source or f"context {name}", tls, context=name))


def resolve_endpoint(
    host: str | None = None,
    context: str | None = None,
    environ: Mapping[str, str] | None = None,
    tls: TlsFlags | None = None,
) -> Endpoint:
    environ = os.environ if environ is None else environ
    flags = tls or TlsFlags()
    if host:
        return checked(Endpoint(host, "--host", _tcp_tls(host, flags, environ)))
    if context:
        if flags.given:
            raise DaemonUnreachable(
                f"The --tls options apply to --host and DOCKER_HOST; context {context!r} "
                "brings its own certificates (docker context update --docker …)."
            )
        return context_endpoint(context, environ)
    if environ.get("DOCKER_HOST"):
        return docker_host_endpoint(environ, flags)
    name = current_context_name(environ)
    if name == DEFAULT_CONTEXT:
        config = tls_from_flags(flags, environ)
        if config is not None:  # the CLI's address when TLS is on and no host is named
            return Endpoint(DEFAULT_TLS_HOST, "default TLS address", config, DEFAULT_CONTEXT)
    source = "default socket" if name == DEFAULT_CONTEXT else environ.get("DOCKER_CONTEXT", "")
    return context_endpoint(name, environ, source or "current context")


def docker_host_endpoint(environ: Mapping[str, str], flags: TlsFlags | None = None) -> Endpoint:
    url = environ["DOCKER_HOST"]
    return checked(Endpoint(url, "DOCKER_HOST", _tcp_tls(url, flags or TlsFlags(), environ)))


def checked(endpoint: Endpoint) -> Endpoint:
    """`endpoint`, once an ssh:// one is known to be safe on ssh's command line: whatever
    named it (a flag, a variable, a context, config.toml), its user and host reach ssh."""
    if endpoint.base_url.startswith("ssh://"):
        check_ssh_url(endpoint.base_url)
    return endpoint


def _tcp_tls(url: str, flags: TlsFlags, environ: Mapping[str, str]) -> Any:
    """TLS applies to tcp:// only, as in the CLI: a unix socket or ssh:// ignores it."""
    return tls_from_flags(flags, environ) if url.startswith("tcp://") else None
