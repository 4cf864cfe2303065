"""Serve Engine API JSON recorded from the lab, for deterministic tests and screenshots.

Behaviour is tested against the real lab; this only replays what the lab once answered.
`tests/record_lab.py` writes the files this reads.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

from .connection import Endpoint
from .errors import DaemonError
from .log_frames import parse_task_log
from .logs import LogLine, LogOptions, parse_stream
from .protocol import Json
from .rawlist import RawList
from .task_logs import LOG_TAIL, TaskLog
from .traffic import Traffic

READ_ONLY = "This is a recording; it cannot be changed."


def _labels(item: Json) -> dict[str, str]:
    # Networks keep their labels at the top level, the other kinds in their Spec.
    return item.get("Labels") or (item.get("Spec") or {}).get("Labels") or {}


class RecordingRefusesWrites:
    """The write half of `SwarmApi` for a recording: every write is refused the same way.

    One refusal taking any arguments stands in for each write, so a recording still satisfies
    the full protocol and a writer given one fails with the daemon's kind of error.
    """

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise DaemonError(READ_ONLY)

    update_service = _refuse
    remove_service = _refuse
    create_service = _refuse
    update_node = _refuse
    remove_node = _refuse
    remove_object = _refuse
    create_object = _refuse
    update_object = _refuse
    init_swarm = _refuse
    update_swarm = _refuse
    unlock_key = _refuse
    unlock_swarm = _refuse
    leave_swarm = _refuse


class ReplayApi(RecordingRefusesWrites):
    """The read protocol served from recorded JSON; writes are refused (see above)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.traffic = Traffic()
        meta = self._load("meta")
        self.endpoint = Endpoint(meta.get("endpoint", "unix:///replay.sock"), "replay")
        self.recorded_at: str = meta.get("recorded_at", "")
        self._closed = threading.Event()

    def _load(self, name: str) -> Any:
        path = self.folder / f"{name}.json"
        text = path.read_text()
        self.traffic.add(len(text))
        return json.loads(text)

    def info(self) -> Json:
        return self._load("info")

    def version(self) -> Json:
        return self._load("version")

    def nodes(self) -> RawList:
        return RawList.of(self._load("nodes"))

    def services(self, service_ids: list[str] | None = None) -> RawList:
        services = self._load("services")
        if service_ids:
            services = [s for s in services if any(s["ID"].startswith(i) for i in service_ids)]
        return RawList.of(services)

    def tasks(self, filters: dict[str, list[str]] | None = None) -> RawList:
        tasks = self._load("tasks")
        filters = filters or {}
        if "service" in filters:
            wanted = set(filters["service"])
            names = {s["ID"]: s["Spec"]["Name"] for s in self._load("services")}
            tasks = [
                t
                for t in tasks
                if t.get("ServiceID") in wanted or names.get(t.get("ServiceID")) in wanted
            ]
        if "node" in filters:
            tasks = [t for t in tasks if t.get("NodeID") in set(filters["node"])]
        if "_up-to-date" in filters:
            # A recording made mid-rollout lists which tasks matched the spec then.
            path = self.folder / "up_to_date.json"
            current = set(json.loads(path.read_text())) if path.exists() else set()
            tasks = [t for t in tasks if t["ID"] in current]
        if "desired-state" in filters:
            tasks = [t for t in tasks if t.get("DesiredState") in set(filters["desired-state"])]
        return RawList.of(tasks)

    def list_objects(self, kind: str, filters: dict[str, list[str]]) -> RawList:
        """Label filters (`key` or `key=value`) as the daemon applies them; a recording made
        before stack objects were recorded has none."""
        items = self._load(kind) if (self.folder / f"{kind}.json").exists() else []
        for wanted in filters.get("label", []):
            key, has_value, value = wanted.partition("=")
            items = [
                item
                for item in items
                if key in _labels(item) and (not has_value or _labels(item)[key] == value)
            ]
        return RawList.of(items)

    def task_logs(self, task_id: str, tail: int = LOG_TAIL) -> TaskLog:
        """A recorded log (task_logs/<task id>.txt: the daemon's timestamped lines, as
        `docker service logs --timestamps --raw` prints them); none recorded: no lines."""
        path = self.folder / "task_logs" / f"{task_id}.txt"
        if path.parent.name != "task_logs" or "/" in task_id or not path.is_file():
            return TaskLog()
        body = path.read_bytes()
        self.traffic.add(len(body))
        return parse_task_log(body, tail)

    # Reads of one object come from the recording, so a writer's checks (global service, last
    # manager, missing label) behave as they would live; the write itself is refused.
    def inspect_service(self, service_id: str) -> Json:
        return self._find("services", service_id, lambda item: item["Spec"].get("Name"))

    def inspect_node(self, node_id: str) -> Json:
        return self._find(
            "nodes",
            node_id,
            lambda item: (
                item["Spec"].get("Name") or (item.get("Description") or {}).get("Hostname")
            ),
        )

    def inspect_task(self, task_id: str) -> Json:
        return self._find("tasks", task_id, lambda item: None)

    def inspect_object(self, kind: str, object_id: str) -> Json:
        if not (self.folder / f"{kind}.json").exists():
            raise DaemonError(f"{kind[:-1]} {object_id} not found")
        return self._find(kind, object_id, lambda item: (item.get("Spec") or item).get("Name"))

    def _find(self, kind: str, wanted: str, name: Callable[[Json], str | None]) -> Json:
        # The daemon resolves a full ID, then a name, then a unique ID prefix.
        items = self._load(kind)
        for match in (
            lambda i: i.get("ID", i.get("Id")) == wanted,
            lambda i: name(i) == wanted,
            lambda i: str(i.get("ID", i.get("Id"))).startswith(wanted),
        ):
            found = [item for item in items if match(item)]
            if len(found) == 1:
                return found[0]
        raise DaemonError(f"{kind[:-1]} {wanted} not found")

    def image_digest(self, image: str, timeout: float) -> str:
        raise DaemonError("A recording has no registry to resolve images with.")

    def inspect_swarm(self) -> Json:
        # Join tokens are secrets, so tests/record_lab.py does not record them.
        if not (self.folder / "swarm.json").exists():
            raise DaemonError("This recording holds no swarm inspect, so no join tokens.")
        return self._load("swarm")

    def events(self, since: float | None = None, until: float | None = None) -> Iterator[Json]:
        if until is not None:  # a bounded replay: what the recording holds, in that window
            recorded = self._load("events") if (self.folder / "events.json").exists() else []
            return iter([e for e in recorded if (since or 0) <= float(e.get("time") or 0) <= until])
        # A recording has no future: block quietly until closed, like an idle event stream.
        self._closed.wait()
        return iter(())

    # Logs: logs/<service id>.frames holds the daemon's framed answer (timestamps and
    # details on); logs/<service id>.error the daemon's refusal, for a driver it cannot read.
    def follow_logs(self, kind: str, object_id: str, options: LogOptions) -> Iterator[LogLine]:
        task_id = ""
        if kind == "tasks":
            task = self._find("tasks", object_id, lambda item: None)
            object_id, task_id = task["ServiceID"], task["ID"]
        else:
            object_id = self.inspect_service(object_id)["ID"]
        refusal = self.folder / "logs" / f"{object_id}.error"
        if refusal.exists():
            raise DaemonError(refusal.read_text().strip())
        return self._replay_logs(object_id, task_id, options)

    def _replay_logs(self, service_id: str, task_id: str, options: LogOptions) -> Iterator[LogLine]:
        since_ns = int((options.since or 0) * 1e9)

        def wanted(entry: LogLine) -> bool:
            return entry.time_ns >= since_ns and (not task_id or entry.task_id == task_id)

        # The daemon's tail counts per task.
        tails: dict[str, deque[LogLine]] = {}
        for entry in filter(wanted, parse_stream(self.recorded_log(service_id))):
            tails.setdefault(entry.task_id, deque(maxlen=options.tail)).append(entry)
        for tail in tails.values():
            yield from tail
        if options.follow:
            yield from filter(wanted, parse_stream(self.live_log(service_id), self.traffic.add))

    def recorded_log(self, service_id: str) -> Iterator[bytes]:
        path = self.folder / "logs" / f"{service_id}.frames"
        if path.exists():
            data = path.read_bytes()
            self.traffic.add(len(data))
            yield data

    def live_log(self, service_id: str) -> Iterator[bytes]:
        """What a followed log says after the recording: nothing, until closed. A test's
        subclass can say more (a flood of lines, say)."""
        self._closed.wait()
        yield from ()

    def close(self) -> None:
        self._closed.set()
