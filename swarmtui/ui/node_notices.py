"""Nodes that cannot be reached over ssh, said once, together.

Two readers dial the nodes (the vitals and the tasks' figures) and, on a cluster whose nodes run
no sshd the operator can reach, every node fails at once, at launch. Each failure used to be its
own notification, so the dashboard opened under a stack of them. Here a node is said once per
failure streak whichever reader found it, failures that come within GATHER_S of each other are
one notification, and the node's row keeps saying why after the notification is gone.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.timer import Timer

from ..render.text import visible

GATHER_S = 1.5
"""How long the first failure waits for the others of the same round before it is said."""

HINT = "set [nodes] ssh in config.toml to reach them, or --no-node-access to stop trying"


class UnreachedNodes:
    def __init__(self, owner: App[None], notify: Callable[[str], None] | None = None) -> None:
        self._owner = owner
        self._notify = notify or self._notify_owner
        self._failing: dict[str, set[str]] = {}
        """Node id to the readers whose last read of it failed."""
        self._said: set[str] = set()
        self._pending: dict[str, tuple[str, str]] = {}
        """Node id to (its name, why), waiting to be said."""
        self._timer: Timer | None = None

    def failed(self, reader: str, node_id: str, name: str, why: str) -> None:
        self._failing.setdefault(node_id, set()).add(reader)
        if node_id in self._said or node_id in self._pending:
            return
        self._pending[node_id] = (name, why.removeprefix(f"node {name}: "))
        if self._timer is None:
            self._timer = self._owner.set_timer(GATHER_S, self.say)

    def answered(self, reader: str, node_id: str) -> None:
        """A reader reached the node: once every reader has, a new failure is said again."""
        readers = self._failing.get(node_id)
        if readers is None:
            return
        readers.discard(reader)
        if not readers:
            del self._failing[node_id]
            self._said.discard(node_id)
            self._pending.pop(node_id, None)

    def say(self) -> None:
        self._timer = None
        pending, self._pending = self._pending, {}
        if not pending:
            return
        self._said |= pending.keys()
        if len(pending) == 1:
            ((name, why),) = pending.values()
            self._notify(f"Node {name} not reached: {why.rstrip('.')}.")
            return
        names = ", ".join(name for name, _ in pending.values())
        reasons = {why for _, why in pending.values()}
        why = f": {next(iter(reasons)).rstrip('.')}" if len(reasons) == 1 else ""
        self._notify(f"{len(pending)} nodes not reached ({names}){why}. Each row says why; {HINT}.")

    def reset(self) -> None:
        """Another cluster: nothing of the old one's nodes is kept, nor said."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._failing.clear()
        self._said.clear()
        self._pending.clear()

    def _notify_owner(self, sentence: str) -> None:
        self._owner.notify(visible(sentence), severity="warning", timeout=10, markup=False)
