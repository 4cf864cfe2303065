"""Read the swarm through a SwarmReadApi and return frozen models."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from .client import MIN_API_VERSION
from .errors import (
    ApiTooOld,
    NotAManager,
    NotInSwarm,
    SwarmError,
    SwarmInactive,
    SwarmLocked,
)
from .models import ClusterInfo, NodeInfo, ObjectInfo, ServiceInfo, StackObject, TaskInfo
from .objects import OBJECT_KINDS, parse_object
from .parse import parse_cluster, parse_node, parse_service, parse_task
from .protocol import SwarmReadApi
from .rawlist import RawList
from .stacks import STACK_NAMESPACE_LABEL, STACK_OBJECT_KINDS, parse_stack_object

_NOT_ACTIVE = {
    "inactive": "is not part of a swarm (run `docker swarm init`, or point --host at a manager)",
    "pending": "is still joining a swarm",
    "error": "reports a swarm error",
    "locked": "is locked (its swarm has autolock on): the swarm is locked until this manager "
    "is given the swarm's unlock key (docker swarm unlock)",
}


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


@dataclass
class _Memo:
    """The last body read for one kind of query (its digest), and what it was turned into."""

    key: object = None
    digest: bytes | None = None
    value: Any = None


class SwarmReader:
    """Turns API answers into models; an answer byte-identical to the last is not re-parsed."""

    def __init__(self, api: SwarmReadApi) -> None:
        self.api = api
        self._memos: dict[str, _Memo] = {}
        self._services: dict[tuple[object, ...], ServiceInfo] = {}
        """Each service as last parsed, by what its parse depends on."""
        self.services_parsed = 0
        """Services parsed so far (a test counts them)."""
        self._tasks: dict[tuple[object, ...], TaskInfo] = {}
        """Each task as last parsed, by id, version and its service's name."""
        self.tasks_parsed = 0

    def _parsed(self, kind: str, key: object, raw: RawList, build: Callable[[], Any]) -> Any:
        memo = self._memos.setdefault(kind, _Memo())
        if memo.key == key and raw.digest == memo.digest:
            return memo.value
        memo.key, memo.digest, memo.value = key, raw.digest, build()
        return memo.value

    def check_manager(self) -> ClusterInfo:
        """Confirm the daemon is a reachable swarm manager with a recent enough API."""
        info = self.api.info()
        version = self.api.version()
        where = f"The Docker daemon at {self.api.endpoint.display}"
        api_version = version.get("ApiVersion", "")
        if api_version and _version_tuple(api_version) < _version_tuple(MIN_API_VERSION):
            raise ApiTooOld(
                f"{where} speaks API {api_version}; swarmtui needs {MIN_API_VERSION} or newer "
                "(Docker Engine 20.10+)."
            )
        swarm = info.get("Swarm") or {}
        state = swarm.get("LocalNodeState") or "inactive"
        if state != "active":
            reason = _NOT_ACTIVE.get(state, f"is in swarm state {state!r}")
            detail = f": {swarm['Error']}" if swarm.get("Error") else ""
            # Only a daemon in no swarm at all can be offered `swarm init`; pending, error
            # and locked are states of a swarm it already belongs to.
            not_in_swarm = {"inactive": SwarmInactive, "locked": SwarmLocked}.get(state, NotInSwarm)
            raise not_in_swarm(f"{where} {reason}{detail}.")
        if not swarm.get("ControlAvailable"):
            managers = tuple(
                manager.get("Addr", "") for manager in swarm.get("RemoteManagers") or ()
            )
            listed = ", ".join(managers) or "none reported"
            raise NotAManager(
                f"{where} is a swarm worker, not a manager; connect to a manager instead "
                f"(managers: {listed}).",
                managers,
            )
        return parse_cluster(info, version, self.api.endpoint.display)

    def nodes(self) -> tuple[NodeInfo, ...]:
        raw = self.api.nodes()

        def build() -> tuple[NodeInfo, ...]:
            nodes = (parse_node(item) for item in raw)
            return tuple(sorted(nodes, key=lambda node: (node.hostname, node.id)))

        return self._parsed("nodes", None, raw, build)

    def services(self, service_ids: list[str] | None = None) -> tuple[ServiceInfo, ...]:
        raw = self.api.services(service_ids)

        def build() -> tuple[ServiceInfo, ...]:
            services = (self._service(item) for item in raw)
            found = tuple(sorted(services, key=lambda service: (service.name, service.id)))
            if not service_ids:  # a full list: forget services that are gone
                keep = {id(service) for service in found}
                self._services = {k: v for k, v in self._services.items() if id(v) in keep}
            return found

        return self._parsed("services", service_ids, raw, build)

    def _service(self, item: Any) -> ServiceInfo:
        """The service, parsed again only if its version or its task counts moved: a poll
        that changed one service of a thousand parses one."""
        key = (
            item.get("ID"),
            (item.get("Version") or {}).get("Index"),
            repr(item.get("ServiceStatus")),
            repr(item.get("JobStatus")),
        )
        service = self._services.get(key)
        if service is None:
            service = self._services[key] = parse_service(item)
            self.services_parsed += 1
        return service

    def _task(self, item: Any, service_names: dict[str, str]) -> TaskInfo:
        """A task is parsed again only when its version moved: a full re-read of 10,000
        tasks after one scale parses the few that changed."""
        service_id = item.get("ServiceID", "")
        key = (
            item.get("ID"),
            int((item.get("Version") or {}).get("Index", 0)),
            service_names.get(service_id, service_id[:12]),
        )
        task = self._tasks.get(key)
        if task is None:
            task = self._tasks[key] = parse_task(item, service_names)
            self.tasks_parsed += 1
        return task

    def tasks(
        self,
        service_names: dict[str, str],
        filters: dict[str, list[str]] | None = None,
        before_parsing: Callable[[], object] | None = None,
    ) -> tuple[TaskInfo, ...]:
        """`before_parsing` is called once the answer is in, before a byte of it is parsed."""
        raw = self.api.tasks(filters)
        if before_parsing is not None:
            before_parsing()

        def build() -> tuple[TaskInfo, ...]:
            found = tuple(self._task(item, service_names) for item in raw)
            if not filters:  # a full list: forget tasks that are gone
                self._tasks = {(task.id, task.version, task.service_name): task for task in found}
            return found

        # One memo per kind of query, so the selection changing does not pile up bodies.
        kind = "tasks:" + ",".join(sorted(filters or {}))
        return self._parsed(kind, (filters, service_names), raw, build)

    def objects(self) -> tuple[ObjectInfo, ...]:
        """Every swarm network, secret and config (the node's local networks are not the
        cluster's): one request per kind, the same three the stacks once needed."""
        found: list[ObjectInfo] = []
        for kind in OBJECT_KINDS:
            filters = {"scope": ["swarm"]} if kind == "network" else {}
            raw = self.api.list_objects(f"{kind}s", filters)
            found.extend(self._parsed(f"{kind}s", None, raw, partial(_parse_objects, kind, raw)))
        return tuple(found)

    def stack_objects(self) -> tuple[StackObject, ...]:
        """The networks, secrets and configs that carry a stack's namespace label."""
        found: list[StackObject] = []
        for kind in STACK_OBJECT_KINDS:
            raw = self.api.list_objects(f"{kind}s", {"label": [STACK_NAMESPACE_LABEL]})
            found.extend(
                self._parsed(
                    f"stack-{kind}s",
                    None,
                    raw,
                    partial(_parse_stack_objects, kind, raw),
                )
            )
        return tuple(sorted(found, key=lambda item: (item.stack, item.kind, item.name)))


def _parse_objects(kind: str, raw: RawList) -> tuple[ObjectInfo, ...]:
    return tuple(parse_object(kind, item) for item in raw)


def _parse_stack_objects(kind: str, raw: RawList) -> tuple[StackObject, ...]:
    return tuple(parse_stack_object(kind, item) for item in raw)


__all__ = ["SwarmError", "SwarmReader"]
