"""A service writing log lines as fast as a thread can frame them: the recording's web, for
the logs view's flood test and the benchmark's log-flood phase."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from swarmtui.docker.replay import ReplayApi


class FloodApi(ReplayApi):
    """The recording, with web writing lines as fast as a thread can frame them."""

    sent = 0

    def live_log(self, service_id: str) -> Iterator[bytes]:
        start = datetime(2026, 11, 25, 8, tzinfo=UTC)
        node, task = "lcnc0y", "5uzfw22c"
        tasks = [t for t in self.tasks().items if t["ServiceID"] == service_id]
        number = 0
        while not self._closed.is_set():
            chunk = []
            for _ in range(500):
                number += 1
                task_item = tasks[number % len(tasks)]
                node, task = task_item["NodeID"], task_item["ID"]
                stamp = (start + timedelta(microseconds=number)).strftime("%Y-%m-%dT%H:%M:%S.%f")
                body = (
                    f"{stamp}000Z com.docker.swarm.node.id={node},com.docker.swarm.service.id="
                    f"{service_id},com.docker.swarm.task.id={task} flood line {number}\n"
                ).encode()
                chunk.append(struct.pack(">BxxxL", 1 + number % 2, len(body)) + body)
            FloodApi.sent = number
            yield b"".join(chunk)
