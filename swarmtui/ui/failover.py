"""Failover: when the manager in use stops answering and other managers of the swarm are known
(config.toml's [failover] endpoints and the context's managers, and for tcp:// the node list's
manager addresses), probe them on a worker and move to one that answers, keeping the view.

It also says what the swarm's managers are doing: a new leader as it happens, a lost quorum
(managers answer, none leads) with how many are reachable, and the manager we left once it is
back, without moving back to it: flapping between managers helps nobody.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..docker.connection import Endpoint
from ..docker.endpoints import (
    Connection,
    Probe,
    candidates,
    configured_endpoint,
    probe,
    same_swarm,
)
from ..docker.models import NodeInfo, Snapshot
from ..render.text import visible
from .messages import PollFailed

ORIGINAL_CHECK_S = 10.0
"""How often the manager we left is asked whether it is back."""


class Failover:
    def __init__(
        self, app: Any, connection: Connection | None, move: Callable[[Endpoint], None]
    ) -> None:
        self.app = app
        """The SwarmTuiApp (which imports this module through ui/switching.py)."""
        self.connection = connection
        self._move = move
        """Moves the dashboard to that manager, keeping the view (Switcher.move)."""
        self._swarm_id = ""
        self._managers: dict[str, str] = {}
        """Node id → hostname of the swarm's managers, from the last snapshot."""
        self._nodes: tuple[NodeInfo, ...] = ()
        self._on = ""
        """The hostname of the manager in use."""
        self._leader = ""
        self._failing_since = ""
        self._probing = False
        self._original: tuple[Endpoint, str] | None = None
        """The manager we failed over from, until it is back."""
        self._lost_since = ""
        """When it stopped answering (local time), for the header."""
        self._next_check = 0.0
        self.note = ""
        """What the header says while the polls fail: quorum lost, or no manager answers."""
        self.route = ""
        self.probes: list[Probe] = []
        """What the managers said when last asked (a test shows them when it fails)."""

    def moved(self, failover: bool) -> None:
        """After a move: another context starts afresh; a failover keeps what we know."""
        if not failover:
            self._swarm_id, self._managers, self._nodes = "", {}, ()
            self._on = self._leader = ""
            self._original, self.route = None, ""
            self.app.main.show_route("")
        self._failing_since, self.note = "", ""

    def snapshot_arrived(self, snapshot: Snapshot) -> None:
        cluster = snapshot.cluster
        if self._swarm_id and cluster.swarm_id and cluster.swarm_id != self._swarm_id:
            # A manager that was busy electing when probed was assumed to be one of ours.
            self._say(
                f"{cluster.endpoint} is a manager of another swarm: check the failover "
                "endpoints in config.toml.",
                "error",
            )
        self._swarm_id = cluster.swarm_id or self._swarm_id
        self._nodes = snapshot.nodes
        self._managers = {node.id: node.hostname for node in snapshot.nodes if node.is_manager}
        self._on = snapshot.node_name(cluster.node_id)
        if self._original is not None:
            # The manager we moved to may have been too busy electing to give its name.
            self._show_route(f"via {self._on} — {self._original[1]} unreachable since ")
        leader = snapshot.leader.hostname if snapshot.leader else ""
        if self._leader and leader and leader != self._leader:
            self._say(f"The leader is now {leader} (was {self._leader}).")
        self._leader = leader or self._leader
        self._failing_since, self.note = "", ""
        if self._original is not None and time.monotonic() >= self._next_check:
            self._next_check = time.monotonic() + ORIGINAL_CHECK_S
            endpoint, name = self._original
            self.app.run_worker(
                lambda: self._check_original(endpoint, name),
                thread=True,
                exit_on_error=False,
                group="failover",
            )

    def _say(self, sentence: str, severity: str = "information") -> None:
        self.app.notify(visible(sentence), severity=severity, timeout=8, markup=False)

    # Polls failing ------------------------------------------------------------------------

    def poll_failed(self, message: PollFailed) -> str:
        """What the header says for this failure; probes the other managers if it can."""
        if not self._failing_since:
            self._failing_since = time.strftime("%H:%M")
        connection = self.connection
        if connection is not None and not self._probing:
            current = connection.endpoint
            settings = self.app.base_settings
            urls = (*settings.failover, *settings.of_context(current.context).managers)
            known = [configured_endpoint(url, current) for url in urls]
            if self._original is not None:
                known.insert(0, self._original[0])
            others = candidates(current, known, self._nodes)
            if others or message.no_leader:
                self._probing = True
                generation = self.app.polling.generation
                self.app.run_worker(
                    lambda: self._probe_all(current, others, generation),
                    thread=True,
                    exit_on_error=False,
                    group="failover",
                )
        return self.note or message.error

    def _probe_all(self, current: Endpoint, others: tuple[Endpoint, ...], generation: int) -> None:
        endpoints = (current, *others)
        found: list[Probe] = []
        try:
            with ThreadPoolExecutor(max_workers=len(endpoints)) as pool:
                found = list(pool.map(_probe_safely, endpoints))
        finally:
            # Whatever happened, the next failed poll may probe again.
            self.app.call_from_thread(self._probed, found, generation)

    def _probed(self, found: list[Probe], generation: int) -> None:
        self._probing = False
        self.probes = found
        if not found or generation != self.app.polling.generation:
            return  # we moved meanwhile: these answers are about another endpoint's swarm
        here, *others = found
        ours = [p for p in found if same_swarm(p, self._swarm_id, self._managers)]
        if here in ours and not here.no_leader:
            return  # it answers again: the next poll will tell
        leading = [p for p in others if p in ours and not p.no_leader]
        answering = [p for p in others if p in ours]
        if here not in ours and (leading or answering):
            self._fail_over(here.endpoint, (leading or answering)[0])
            return
        total = max(len(self._managers), len(ours))
        if any(p.no_leader for p in ours):
            electing = len(ours) > total // 2
            state = "is electing a leader" if electing else "has lost its quorum: no leader"
            self.note = f"The swarm {state}; {len(ours)} of {total} managers reachable."
        elif others:
            lost = self._on or here.endpoint.display
            self.note = f"{lost} is unreachable and no other manager answers ({len(others)} tried)."
        self.app.main.show_note(self.note)

    def _fail_over(self, lost_endpoint: Endpoint, found: Probe) -> None:
        lost = self._on or lost_endpoint.display
        name = self._managers.get(found.node_id) or found.endpoint.display
        since = self._failing_since or time.strftime("%H:%M")
        if self._original is None:
            self._original, self._lost_since = (lost_endpoint, lost), since
            self._next_check = time.monotonic() + ORIGINAL_CHECK_S
        elif self._original[0].base_url == found.endpoint.base_url:
            self._original = None  # back where we started: nothing to wait for
        self._move(found.endpoint)
        if self._original is not None:
            self._show_route(f"via {name} — {self._original[1]} unreachable since ")
        self._say(f"{lost} stopped answering; now via {name}.", "warning")

    def _show_route(self, route: str) -> None:
        route += self._lost_since if route.endswith("since ") else ""
        if route != self.route:
            self.route = route
            self.app.main.show_route(route)

    def _check_original(self, endpoint: Endpoint, name: str) -> None:
        found = probe(endpoint)
        if found.answers and found.manager and not found.no_leader:
            self.app.call_from_thread(self._original_back, endpoint, name)

    def _original_back(self, endpoint: Endpoint, name: str) -> None:
        if self._original is None or self._original[0] != endpoint:
            return
        self._original = None
        self._show_route(f"via {self._on} — {name} is back; staying here")
        self._say(f"{name} is back; staying on {self._on}.")


def _probe_safely(endpoint: Endpoint) -> Probe:
    """`probe`, with a bug or an odd URL reported as no answer rather than raised."""
    try:
        return probe(endpoint)
    except Exception as error:  # noqa: BLE001 - one endpoint must not stop the others' probes
        return Probe(endpoint, False, error=f"{type(error).__name__}: {error}")
