"""The Engine API calls the dashboard makes, as protocols a client satisfies structurally.

`DockerApi` (client.py) speaks to a daemon through docker-py; `ReplayApi` (replay.py) serves
JSON recorded from the lab for deterministic tests and screenshots. Reading and writing are
separate protocols so code that only looks at the swarm can ask for no more than that.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from .connection import Endpoint
from .logs import LogLine, LogOptions
from .rawlist import RawList
from .task_logs import LOG_TAIL, TaskLog
from .traffic import Traffic

# The Engine API's JSON objects, as json.loads returns them; the one alias the layers share.
Json = dict[str, Any]


class SwarmReadApi(Protocol):
    """What the reader, poller and previews need: nothing here changes the swarm."""

    endpoint: Endpoint
    traffic: Traffic

    def info(self) -> Json: ...
    def version(self) -> Json: ...
    def nodes(self) -> RawList: ...
    def services(self, service_ids: list[str] | None = None) -> RawList: ...
    def tasks(self, filters: dict[str, list[str]] | None = None) -> RawList: ...
    def events(self, since: float | None = None, until: float | None = None) -> Iterator[Json]:
        """Open the service and node event stream; iterating it blocks, so use a thread.
        With `until`, the daemon replays what happened from `since` to then and ends it."""
        ...

    def task_logs(self, task_id: str, tail: int = LOG_TAIL) -> TaskLog:
        """The task's last `tail` lines (stdout and stderr, timestamped), bounded in bytes and
        time; DaemonError when its log driver cannot be read through the manager."""
        ...

    def follow_logs(self, kind: str, object_id: str, options: LogOptions) -> Iterator[LogLine]:
        """The logs of a service or task (`kind`: services or tasks); iterating blocks, so
        use a thread and a client of its own; `close` from another thread ends it."""
        ...

    def inspect_service(self, service_id: str) -> Json: ...
    def inspect_node(self, node_id: str) -> Json: ...
    # Inspect (ui/screens/inspect.py): a task, or a network, secret or config by id.
    def inspect_task(self, task_id: str) -> Json: ...
    def inspect_object(self, kind: str, object_id: str) -> Json:
        """`kind` is the API's plural path: networks, secrets or configs."""
        ...

    # Stacks (stacks.py): services, networks, secrets and configs listed by label.
    def list_objects(self, kind: str, filters: dict[str, list[str]]) -> RawList: ...
    def image_digest(self, image: str, timeout: float) -> str:
        """The registry's digest of `image`, asked through the manager (`--resolve-image`)."""
        ...

    # The swarm itself (swarm_setup.py): GET /swarm carries the join tokens.
    def inspect_swarm(self) -> Json: ...
    def close(self) -> None: ...


class SwarmWriteApi(Protocol):
    """The calls that change the swarm; each update sends the whole spec read at `version`
    (see writes.py)."""

    def update_service(
        self, service_id: str, version: int, spec: Json, rollback: bool = False
    ) -> None: ...
    def remove_service(self, service_id: str) -> None: ...
    def create_service(self, spec: Json) -> Json: ...  # answers {"ID": …}
    def update_node(self, node_id: str, version: int, spec: Json) -> None: ...
    def remove_node(self, node_id: str, force: bool = False) -> None: ...
    def remove_object(self, kind: str, object_id: str) -> None: ...
    # Stack deploy (swarmtui/stack/deploy.py): networks, secrets and configs; answers {"ID": …}.
    def create_object(self, kind: str, spec: Json) -> Json: ...
    def update_object(self, kind: str, object_id: str, version: int, spec: Json) -> None: ...
    def init_swarm(self, listen_addr: str, advertise_addr: str) -> str: ...
    def update_swarm(
        self,
        version: int,
        spec: Json,
        rotate_worker_token: bool = False,
        rotate_manager_token: bool = False,
        rotate_unlock_key: bool = False,
    ) -> None: ...
    # Autolock and leaving (swarm_lifecycle.py): the unlock key is a secret, never logged.
    def unlock_key(self) -> str: ...
    def unlock_swarm(self, key: str) -> None: ...
    def leave_swarm(self, force: bool) -> None: ...


class SwarmApi(SwarmReadApi, SwarmWriteApi, Protocol):
    """A full client: everything read and everything written."""
