#!/usr/bin/env python3
"""Create many never-schedulable swarm services fast (the lab's "large" workload).

Used by `lab/swarmlab up --workload large`.  Standard library only: it speaks
HTTP to the manager's unix socket directly and keeps a few requests in flight,
which is far faster than one `docker service create` process per service.

Every service has the placement constraint node.labels.never==true, which no
node satisfies, so its tasks stay pending ("no suitable node") and no container
starts: a large service/task table for almost no CPU or memory.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import sys
import threading
import time

API = "/v1.41"


class UnixHTTPConnection(http.client.HTTPConnection):
    """HTTPConnection over an AF_UNIX socket (the Docker API socket)."""

    def __init__(self, path: str, timeout: float = 60.0) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self._path)
        self.sock = sock


def service_spec(name: str, image: str, replicas: int) -> dict:
    return {
        "Name": name,
        "Labels": {"swarmlab.workload": "large"},
        "TaskTemplate": {
            "ContainerSpec": {
                "Image": image,
                "StopGracePeriod": 1_000_000_000,  # 1 s, in nanoseconds
            },
            "Placement": {"Constraints": ["node.labels.never==true"]},
            "RestartPolicy": {"Condition": "any", "Delay": 1_000_000_000},
        },
        "Mode": {"Replicated": {"Replicas": replicas}},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--socket", required=True, help="manager's docker.sock path")
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--replicas", type=int, default=10)
    parser.add_argument("--prefix", default="bulk-")
    parser.add_argument("--image", default="swarmlab/app:1")
    parser.add_argument("--parallel", type=int, default=8)
    args = parser.parse_args()

    width = max(4, len(str(args.services)))
    names = [f"{args.prefix}{i:0{width}d}" for i in range(1, args.services + 1)]
    lock = threading.Lock()
    errors: list[str] = []
    created = 0
    existed = 0
    next_index = 0

    def worker() -> None:
        nonlocal created, existed, next_index
        conn = UnixHTTPConnection(args.socket)
        while True:
            with lock:
                if next_index >= len(names) or len(errors) > 10:
                    break
                name = names[next_index]
                next_index += 1
            body = json.dumps(service_spec(name, args.image, args.replicas))
            try:
                conn.request(
                    "POST",
                    f"{API}/services/create",
                    body=body,
                    headers={"Content-Type": "application/json"},
                )
                resp = conn.getresponse()
                data = resp.read()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = UnixHTTPConnection(args.socket)
                with lock:
                    errors.append(f"{name}: {exc}")
                continue
            with lock:
                if resp.status == 201:
                    created += 1
                elif resp.status == 409:  # already there (re-run): fine
                    existed += 1
                else:
                    errors.append(f"{name}: HTTP {resp.status} {data[:200]!r}")
        conn.close()

    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(max(1, args.parallel))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start

    print(
        f"bulk services: {created} created, {existed} already present, "
        f"{len(errors)} failed, {args.replicas} replicas each, in {elapsed:.1f} s"
    )
    for err in errors[:10]:
        print(f"  error: {err}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
