"""Swarm setup, as `docker swarm init` and `docker swarm join-token` do it: make a daemon that
is in no swarm the first manager of a new one, and show the commands other nodes join with.

Rotating a join token is a swarm update, so it lives with the other writes (writes.py).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import DaemonError, WriteRefused
from .protocol import Json, SwarmApi, SwarmReadApi
from .secrets import MASK

LISTEN_ADDR = "0.0.0.0:2377"
"""Where a new manager listens for other nodes: every interface, the swarm port (CLI default)."""
TOKEN_PREFIX = "SWMTKN-1-"
ROLES = ("worker", "manager")


def join_command(token: str, address: str) -> str:
    """The line `docker swarm join-token ROLE` prints for a node to run."""
    return f"docker swarm join --token {token} {address}"


def mask_token(token: str) -> str:
    """Hide the whole secret, keeping only the prefix that says what kind of string it is.

    The mask has a fixed length, so not even the token's length shows.
    """
    return (TOKEN_PREFIX if token.startswith(TOKEN_PREFIX) else "") + MASK


@dataclass(frozen=True)
class JoinTokens:
    swarm_id: str
    worker: str
    manager: str
    address: str
    """host:port other nodes reach the manager at: its ManagerStatus.Addr, as the CLI prints."""

    def token(self, role: str) -> str:
        return self.manager if role == "manager" else self.worker

    def command(self, role: str, revealed: bool = False) -> str:
        token = self.token(role)
        return join_command(token if revealed else mask_token(token), self.address)


def manager_address(info: Json, node: Json | None) -> str:
    """The address the CLI puts in a join command: this manager's ManagerStatus.Addr; failing
    that, what /info lists for this node among the managers, then any manager."""
    status = (node or {}).get("ManagerStatus") or {}
    if status.get("Addr"):
        return str(status["Addr"])
    swarm = info.get("Swarm") or {}
    managers = [m for m in swarm.get("RemoteManagers") or () if m.get("Addr")]
    own = [m for m in managers if m.get("NodeID") == swarm.get("NodeID")]
    for manager in own + managers:
        return str(manager["Addr"])
    raise DaemonError("The daemon reports no manager address to join at.")


def read_join_tokens(api: SwarmReadApi) -> JoinTokens:
    """Read the tokens and the manager address; the daemon refuses this on a worker."""
    swarm = api.inspect_swarm()
    info = api.info()
    node_id = (info.get("Swarm") or {}).get("NodeID")
    node = api.inspect_node(node_id) if node_id else None
    tokens = swarm.get("JoinTokens") or {}
    return JoinTokens(
        swarm_id=swarm.get("ID", ""),
        worker=tokens.get("Worker", ""),
        manager=tokens.get("Manager", ""),
        address=manager_address(info, node),
    )


def default_advertise_address(base_url: str) -> str:
    """A first guess at the address to advertise: the IP we reach the daemon at, for a tcp://
    or ssh:// host, since other nodes likely reach it there too. Otherwise "" — the daemon
    then picks one itself, as `docker swarm init` does. A loopback address (a tunnel) or a
    host name is no guess at all, so it gives "" too."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("tcp", "ssh", "http", "https"):
        return ""
    try:
        address = ipaddress.ip_address(parts.hostname or "")
    except ValueError:
        return ""
    if address.is_loopback or address.is_unspecified:
        return ""
    return str(address)


def init_swarm(api: SwarmApi, advertise_addr: str) -> str:
    """Make the daemon the first manager of a new swarm and return the swarm's ID.

    The daemon checks the address itself and says what is wrong with it, e.g. that it "could
    not choose an IP address to advertise" when the address is left empty on a machine with
    several; the caller shows that sentence and lets the operator try again.
    """
    address = advertise_addr.strip()
    if any(character.isspace() for character in address):
        raise WriteRefused(f"'{advertise_addr}' is not an address: it has spaces in it.")
    api.init_swarm(LISTEN_ADDR, address)
    return str(api.inspect_swarm().get("ID", ""))
