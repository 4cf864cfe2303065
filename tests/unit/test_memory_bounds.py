"""What the docker layer keeps between polls, counted rather than timed: today's objects and
a digest per kind of query, not the answers' bodies nor the history of a churning cluster."""

from __future__ import annotations

import json
import platform
import sys

import pytest

from swarmtui.docker import ahead
from swarmtui.docker.heap import give_back_free_heap
from swarmtui.docker.poller import Poller, PollHints
from swarmtui.docker.rawlist import RawList
from swarmtui.docker.reader import SwarmReader
from swarmtui.docker.replay import ReplayApi
from tests.support.replay import RECORDING, recorded_at


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


def test_a_full_task_read_gives_the_heap_back_and_other_polls_do_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What a full read churned (its body, text and dicts) goes back to the system at once;
    a poll that reads a few services' tasks has nothing worth the walk over the heap."""
    trims: list[int] = []
    monkeypatch.setattr(ahead, "give_back_free_heap", lambda: trims.append(1) or True)
    poller = Poller(SwarmReader(ReplayApi(RECORDING)), clock=recorded_at)
    poller.poll()
    assert (poller.stats.full_task_reads, len(trims)) == (1, 1)
    poller.poll()
    poller.poll(PollHints(watched_service=poller.last.services[0].id if poller.last else None))
    assert (poller.stats.full_task_reads, len(trims)) == (1, 1)
    poller.poll(PollHints(full=True))
    assert (poller.stats.full_task_reads, len(trims)) == (2, 2)


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's",
)
def test_the_heap_is_given_back_on_glibc() -> None:
    assert give_back_free_heap()
