"""Read the swarm through a SwarmApi and return frozen models."""

from __future__ import annotations

from .api import MIN_API_VERSION, SwarmApi, _version_tuple
from .errors import ApiTooOld, NotAManager, NotInSwarm, SwarmError
from .models import ClusterInfo, NodeInfo, ServiceInfo, TaskInfo
from .parse import parse_cluster, parse_node, parse_service, parse_task

_NOT_ACTIVE = {
    "inactive": "is not part of a swarm (run `docker swarm init`, or point --host at a manager)",
    "pending": "is still joining a swarm",
    "error": "reports a swarm error",
    "locked": "is locked: unlock it with `docker swarm unlock` and its unlock key",
}


class SwarmReader:
    def __init__(self, api: SwarmApi) -> None:
        self.api = api

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
            raise NotInSwarm(f"{where} {reason}{detail}.")
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
        nodes = (parse_node(raw) for raw in self.api.nodes())
        return tuple(sorted(nodes, key=lambda node: (node.hostname, node.id)))

    def services(self, service_ids: list[str] | None = None) -> tuple[ServiceInfo, ...]:
        services = (parse_service(raw) for raw in self.api.services(service_ids))
        return tuple(sorted(services, key=lambda service: (service.name, service.id)))

    def tasks(
        self, service_names: dict[str, str], filters: dict[str, list[str]] | None = None
    ) -> tuple[TaskInfo, ...]:
        return tuple(parse_task(raw, service_names) for raw in self.api.tasks(filters))


__all__ = ["SwarmReader", "SwarmError"]
