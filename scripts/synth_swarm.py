"""A large synthetic swarm served as a daemon would, changing when told (scripts/bench_memory.py).

The lab recording (tests/data/lab) is multiplied: its nodes, networks and info stay, and each
of `services` services (cloned from the recording's first service, new ids and names) runs
`replicas` tasks (cloned from a recorded running task) spread over the nodes. `churn()` does
what bench_churn does to a real lab, a share of the services at a time: a rolling update (a
new version, a new task with a new id in every slot, the old ones gone) or a scale by one up
or down, and now and then a service removed and another created. The task count stays about
the same, so what grows in the dashboard is what it keeps, not what the cluster holds.

`--serve` answers the Engine API reads the dashboard makes on a unix socket (a process of its
own, so the dashboard's RSS is its own and its real client reads the bodies), plus
`POST /churn?share=0.001` to change the swarm. `--write` writes a recording in the lab's
layout instead (`swarmtui --replay FOLDER` shows it):

    .venv/bin/python scripts/synth_swarm.py --services 1000 --serve /tmp/synth.sock
    .venv/bin/python scripts/synth_swarm.py --services 1000 --write /tmp/synth-1000
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import shutil
import string
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from socketserver import ThreadingMixIn, UnixStreamServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent

LAB = ROOT / "tests" / "data" / "lab"
_ALPHABET = string.ascii_lowercase + string.digits


Task = tuple[str, bytes]
"""A task's node id and its JSON."""


class SynthSwarm:
    """The cluster's objects as the daemon lists them, changed in place by `churn`; each task
    kept as its JSON, so serving 50,000 of them is a join."""

    def __init__(self, services: int, replicas: int = 10, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.replicas = replicas
        self.nodes: list[dict[str, Any]] = json.loads((LAB / "nodes.json").read_text())
        self._service = json.loads((LAB / "services.json").read_text())[0]
        recorded = json.loads((LAB / "tasks.json").read_text())
        self._task = next(t for t in recorded if t["Status"]["State"] == "running")
        self.version = 1000
        self.made = 0
        self.services: list[dict[str, Any]] = []
        self._service_json: dict[str, bytes] = {}
        self.tasks: dict[str, list[Task]] = {}
        """Each service's tasks, by service id."""
        for _ in range(services):
            self._create()

    def _id(self) -> str:
        return "".join(self.rng.choice(_ALPHABET) for _ in range(25))

    def _next_version(self) -> int:
        self.version += 1
        return self.version

    def _create(self) -> None:
        service = copy.deepcopy(self._service)
        service["ID"] = self._id()
        service["Spec"]["Name"] = f"synth_{self.made:05d}"
        service["Spec"]["Mode"] = {"Replicated": {"Replicas": self.replicas}}
        service["Version"] = {"Index": self._next_version()}
        self.made += 1
        self.services.append(service)
        self.tasks[service["ID"]] = [self._new_task(service, slot) for slot in range(self.replicas)]
        self._count(service)

    def _new_task(self, service: dict[str, Any], slot: int) -> Task:
        task = self._task
        task["ID"] = self._id()
        task["ServiceID"] = service["ID"]
        task["Slot"] = slot + 1
        task["NodeID"] = self.nodes[(slot + self.made) % len(self.nodes)]["ID"]
        task["Version"] = {"Index": self._next_version()}
        task["Status"]["ContainerStatus"]["ContainerID"] = self._id() + self._id()
        return task["NodeID"], json.dumps(task).encode()

    def _count(self, service: dict[str, Any]) -> None:
        replicas = service["Spec"]["Mode"]["Replicated"]["Replicas"]
        running = len(self.tasks[service["ID"]])
        service["ServiceStatus"] = {
            "CompletedTasks": 0,
            "DesiredTasks": replicas,
            "RunningTasks": running,
        }
        self._service_json[service["ID"]] = json.dumps(service).encode()

    def churn(self, share: float) -> None:
        """Change `share` of the services (one at least in `1 / share` calls): most roll out,
        some scale; one call in a hundred a service is removed and another created."""
        count = int(len(self.services) * share + self.rng.random())
        for service in self.rng.sample(self.services, count):
            service["Version"] = {"Index": self._next_version()}
            if self.rng.random() < 0.7:
                size = len(self.tasks[service["ID"]])
                self.tasks[service["ID"]] = [self._new_task(service, s) for s in range(size)]
            else:
                self._scale(service)
            self._count(service)
        if self.rng.random() < 0.01:
            gone = self.services.pop(self.rng.randrange(len(self.services)))
            del self.tasks[gone["ID"]], self._service_json[gone["ID"]]
            self._create()

    def _scale(self, service: dict[str, Any]) -> None:
        mode = service["Spec"]["Mode"]["Replicated"]
        tasks = self.tasks[service["ID"]]
        if mode["Replicas"] > self.replicas:
            mode["Replicas"] -= 1
            tasks.pop()
        else:
            mode["Replicas"] += 1
            tasks.append(self._new_task(service, len(tasks)))

    def service_bodies(self, ids: list[str] | None = None) -> list[bytes]:
        return [
            self._service_json[s["ID"]]
            for s in self.services
            if not ids or any(s["ID"].startswith(i) for i in ids)
        ]

    def task_bodies(self, filters: dict[str, list[str]]) -> list[bytes]:
        if "_up-to-date" in filters:
            return []  # no rollout is ever part-way in this swarm
        if "service" in filters:
            names = {s["Spec"]["Name"]: s["ID"] for s in self.services}
            ids = {names.get(wanted, wanted) for wanted in filters["service"]}
            tasks = [task for sid in ids for task in self.tasks.get(sid, ())]
        else:
            tasks = [task for each in self.tasks.values() for task in each]
        nodes = set(filters.get("node", ()))
        return [body for node, body in tasks if not nodes or node in nodes]


def _joined(items: list[bytes]) -> bytes:
    return b"[" + b",".join(items) + b"]"


class Handler(BaseHTTPRequestHandler):
    """The few Engine API reads the dashboard makes, plus POST /churn?share=..."""

    protocol_version = "HTTP/1.1"
    server: SynthServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass

    def _send(self, body: bytes, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        url = urlsplit(self.path)
        if url.path == "/churn":
            share = float(parse_qs(url.query).get("share", ["0.001"])[0])
            with self.server.lock:
                self.server.swarm.churn(share)
            self._send(b"{}")
        else:
            self._send(b'{"message": "synthetic swarm: writes are refused"}', 403)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urlsplit(self.path)
        path = re.sub(r"^/v[0-9.]+", "", url.path)
        query = parse_qs(url.query)
        filters = json.loads(query["filters"][0]) if "filters" in query else {}
        swarm = self.server.swarm
        with self.server.lock:
            if path == "/_ping":
                body = b"OK"
            elif path in ("/info", "/version", "/networks", "/secrets", "/configs"):
                body = (LAB / f"{path[1:]}.json").read_bytes()
            elif path == "/nodes":
                body = json.dumps(swarm.nodes).encode()
            elif path == "/services":
                body = _joined(swarm.service_bodies(filters.get("id")))
            elif path == "/tasks":
                body = _joined(swarm.task_bodies(filters))
            elif path.startswith("/tasks/") and path.endswith("/logs"):
                body = b""
            else:
                self._send(b'{"message": "not in the synthetic swarm"}', 404)
                return
        self._send(body)


class SynthServer(ThreadingMixIn, UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: str, swarm: SynthSwarm) -> None:
        self.swarm = swarm
        self.lock = threading.Lock()
        super().__init__(path, Handler)

    def get_request(self) -> tuple[Any, Any]:
        request, _ = super().get_request()
        return request, ("synth", 0)  # http.server wants a (host, port) client address


def write(swarm: SynthSwarm, folder: Path) -> None:
    """A recording in the lab's layout (ReplayApi reads it)."""
    shutil.copytree(LAB, folder, dirs_exist_ok=True)
    (folder / "services.json").write_bytes(_joined(swarm.service_bodies()))
    (folder / "tasks.json").write_bytes(_joined(swarm.task_bodies({})))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--replicas", type=int, default=10)
    parser.add_argument("--write", type=Path, help="a folder (under /tmp) for a recording")
    parser.add_argument("--serve", help="a unix socket path to answer on as a daemon would")
    args = parser.parse_args()
    synth = SynthSwarm(args.services, args.replicas)
    if args.write:
        write(synth, args.write)
        print(f"wrote {args.services} services x {args.replicas} tasks to {args.write}")
    if args.serve:
        Path(args.serve).unlink(missing_ok=True)
        with SynthServer(args.serve, synth) as server:
            print(f"serving {args.services} services on {args.serve}", flush=True)
            server.serve_forever()
