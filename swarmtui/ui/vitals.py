"""Node vitals read on worker threads at a modest pace, for the nodes pane and the detail area.

Every REFRESH_S each node is read again, at most MAX_READS at a time and never two reads of
one node at once (a slow node keeps its turn; the others go on). A node that cannot be reached
is said once per failure streak (ui/node_notices.py), and in its row and detail until it answers;
it is tried again after a minute, then twice as long each time, up to 5 minutes
(node_access.retry_after), or at once on `^r`.
With node access off nothing is read and the columns say so.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType

from textual.message import Message
from textual.widget import Widget

from ..docker import daemon_threads
from ..docker.models import NodeInfo
from ..docker.node_access import NodeAccessSettings, retry_after
from ..docker.node_vitals import NodeVitals, VitalsReader
from .node_notices import UnreachedNodes

REFRESH_S = 12.0
RETRY_FAILED_S = 60.0
"""A node that could not be read waits this long, then twice as long each time: a node
without sshd (or refusing our key) does not change within seconds, and every try runs ssh
and leaves a refused login in its logs. `^r` tries them all again at once."""
MAX_READS = 4


@dataclass
class VitalsRead(Message):
    """A worker read a node's vitals (or why not)."""

    node_id: str
    hostname: str
    vitals: NodeVitals
    generation: int


class NodeVitalsRefresher:
    def __init__(
        self,
        settings: NodeAccessSettings,
        enabled: bool = True,
        reader: Callable[[NodeAccessSettings], VitalsReader] = VitalsReader,
        clock: Callable[[], float] = time.monotonic,
        unreached: UnreachedNodes | None = None,
    ) -> None:
        self.enabled = settings.enabled and enabled
        """Off with --no-node-access, [nodes] enabled = false, or for a dashboard whose
        nodes are not to be dialled (one over recorded data)."""
        self._reader = reader(settings)
        self._clock = clock
        self.figures: MappingProxyType[str, NodeVitals] = MappingProxyType({})
        """By node id; a new mapping whenever a figure changes (the panes compare it)."""
        self._reading: set[str] = set()
        self._due: dict[str, float] = {}
        self._failures: dict[str, int] = {}
        """Failed reads in a row, by node: each waits twice as long (node_access.retry_after)."""
        self._unreached = unreached
        self._generation = 0

    @property
    def shown(self) -> MappingProxyType[str, NodeVitals] | None:
        """What the panes show: None when node access is off."""
        return self.figures if self.enabled else None

    @property
    def reading(self) -> bool:
        return bool(self._reading)

    def refresh(self, owner: Widget, nodes: Iterable[NodeInfo]) -> None:
        """Starts reads of the nodes that are due, up to MAX_READS at a time."""
        if not self.enabled:
            return
        now = self._clock()
        for node in nodes:
            if len(self._reading) >= MAX_READS:
                return
            if node.id in self._reading or self._due.get(node.id, 0.0) > now:
                continue
            self._reading.add(node.id)
            daemon_threads.start(partial(self._read, owner, node, self._generation), "node-vitals")

    def _read(self, owner: Widget, node: NodeInfo, generation: int) -> None:
        try:
            vitals = self._reader.read(node)
        except Exception as error:  # noqa: BLE001 - a bug here must not kill the dashboard
            vitals = NodeVitals(error=f"node {node.hostname}: {type(error).__name__}: {error}")
        owner.post_message(VitalsRead(node.id, node.hostname, vitals, generation))

    def arrived(self, message: VitalsRead) -> bool:
        """Keeps what a worker read (on the event loop); whether anything shown changed."""
        self._reading.discard(message.node_id)
        if message.generation != self._generation:
            return False
        vitals = message.vitals
        failures = self._failures.get(message.node_id, 0) + 1 if vitals.error else 0
        self._failures[message.node_id] = failures
        wait = retry_after(RETRY_FAILED_S, failures) if failures else REFRESH_S
        self._due[message.node_id] = self._clock() + wait
        if self._unreached is not None and vitals.error:
            self._unreached.failed("vitals", message.node_id, message.hostname, vitals.error)
        elif self._unreached is not None:
            self._unreached.answered("vitals", message.node_id)
        if self.figures.get(message.node_id) == vitals:
            return False  # the same failure again: nothing to draw
        self.figures = MappingProxyType({**self.figures, message.node_id: vitals})
        return True

    def retry_now(self) -> None:
        """The operator asked for everything again: the nodes that failed are due now."""
        for node_id, failures in self._failures.items():
            if failures:
                self._due[node_id] = 0.0

    def reset(self) -> None:
        """Another cluster: forget every node (reads under way land in the old generation)."""
        self._generation += 1
        self.figures = MappingProxyType({})
        self._due.clear()
        self._failures.clear()
