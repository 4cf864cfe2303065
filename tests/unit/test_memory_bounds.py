"""What the docker layer keeps between polls, counted rather than timed: today's objects and
a digest per kind of query, not the answers' bodies nor the history of a churning cluster."""

from __future__ import annotations

import json

from swarmtui.docker.rawlist import RawList
from swarmtui.docker.reader import SwarmReader
from swarmtui.docker.replay import ReplayApi
from tests.support.replay import RECORDING


class Bodies(ReplayApi):
    """The recording served as the daemon's bytes, as the real client gets them."""

    def tasks(self, filters=None):  # noqa: ANN001, ANN201
        return RawList(json.dumps(list(super().tasks(filters))).encode())

    def services(self, service_ids=None):  # noqa: ANN001, ANN201
        return RawList(json.dumps(list(super().services(service_ids))).encode())


def kept_bytes(reader: SwarmReader) -> int:
    return sum(
        len(value)
        for memo in reader._memos.values()
        for value in vars(memo).values()
        if isinstance(value, bytes)
    )


def test_the_reader_keeps_a_digest_of_each_answer_not_its_body() -> None:
    """The last full task list was kept to compare the next one with: 7 MB at 10,000 tasks,
    35 MB at 50,000, for as long as the dashboard ran."""
    api = Bodies(RECORDING)
    reader = SwarmReader(api)
    names = {service.id: service.name for service in reader.services()}
    first = reader.tasks(names)
    assert len(json.dumps(list(api.tasks()))) > 20_000  # the body it need not keep
    assert kept_bytes(reader) <= 32 * len(reader._memos)
    parsed = reader.tasks_parsed
    assert reader.tasks(names) is first  # an unchanged answer is still recognised...
    assert reader.tasks_parsed == parsed  # ...and not parsed again
