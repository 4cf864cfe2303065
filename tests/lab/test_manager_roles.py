"""Promoting and demoting a node, end to end on the lab; the last manager is never demoted.

The node promoted is the spare daemon, joined for the occasion and gone afterwards: each run
promotes a node the swarm has never seen (promoting, demoting and promoting one node again
wedged this lab's raft: every write then timed out). Two managers need each other for every
write, and on this lab a second manager has also, once, failed to settle after a long run of
other tests; on a fresh lab it settled every time. So this module runs first (RUN_FIRST in
tests/lab/conftest.py), and if the managers never agree its clean-up recovers the swarm
(`swarm init --force-new-cluster` on node1) so that no other test inherits a wedged raft; the
test still fails.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from swarmtui.core.audit import read_outcomes
from swarmtui.ui.dialogs import ConfirmDialog
from tests.support.lab import Lab, first_poll, inspect, open_dialog, role, select, wait_for


def managers(lab: Lab) -> list[str]:
    return lab.docker("node", "ls", "--filter", "role=manager", "--format", "{{.Hostname}}").split()


def reachable_manager(lab: Lab, node: str) -> bool:
    status = inspect(lab, "node", node).get("ManagerStatus") or {}
    return status.get("Reachability") == "reachable"


def writes_go_through(lab: Lab) -> bool:
    """A write needs a raft quorum: one that succeeds says the managers agree again."""
    result = lab.docker("node", "update", "--label-add", "swarmtui.quorum=ok", "node2", check=False)
    return bool(result.strip())


@pytest.fixture
def fresh_worker(lab: Lab) -> Iterator[str]:
    """The spare, joined as a worker under a new node ID; made to leave again afterwards."""
    assert managers(lab) == ["node1"], "an earlier run left another manager behind"
    token = lab.docker("swarm", "join-token", "-q", "worker").strip()
    address = inspect(lab, "node", "node1")["ManagerStatus"]["Addr"]
    lab.docker("swarm", "join", "--token", token, address, node="spare1")
    node_id = lab.docker("info", "--format", "{{.Swarm.NodeID}}", node="spare1").strip()
    try:
        yield node_id
    finally:
        if not writes_go_through(lab):
            address = inspect(lab, "node", "node1")["ManagerStatus"]["Addr"].split(":")[0]
            lab.docker(
                "swarm", "init", "--force-new-cluster", "--advertise-addr", address, check=False
            )
        deadline = time.monotonic() + 60
        while role(lab, node_id) != "worker" and time.monotonic() < deadline:
            lab.docker("node", "demote", node_id, check=False)
            time.sleep(1)
        lab.docker("swarm", "leave", "--force", node="spare1", check=False)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            lab.docker("node", "rm", "--force", node_id, check=False)
            if node_id not in lab.docker("node", "ls", "--format", "{{.ID}}").split():
                break
            time.sleep(1)
        lab.docker("node", "update", "--label-rm", "swarmtui.quorum", "node2", check=False)


async def test_promote_then_demote_and_the_last_manager_stays(
    lab: Lab, lab_app, audit_log, fresh_worker: str
) -> None:  # noqa: ANN001
    app = lab_app()
    leader_spec = inspect(lab, "node", "node1")["Spec"]  # versions move on status changes
    async with app.run_test(size=(120, 40)) as pilot:
        await first_poll(pilot, app)
        # node1 is the only manager: demoting it is refused before anything is sent.
        await select(pilot, app, "node", "node1")
        await open_dialog(pilot, app, "minus", ConfirmDialog)
        await pilot.press("y")
        await wait_for(pilot, lambda: bool(read_outcomes(audit_log)), what="the refusal")
        refused = read_outcomes(audit_log)[-1]
        assert refused["outcome"] == "refused" and "only manager" in refused["detail"]
        assert role(lab, "node1") == "manager"
        assert inspect(lab, "node", "node1")["Spec"] == leader_spec

        await wait_for(
            pilot,
            lambda: fresh_worker in app.snapshot.node_by_id,
            what="the spare to show as a node",
        )
        await select(pilot, app, "node", "spare1")
        await open_dialog(pilot, app, "plus", ConfirmDialog)
        await pilot.press("y")
        await wait_for(pilot, lambda: role(lab, fresh_worker) == "manager", what="promotion")
        await wait_for(
            pilot,
            lambda: app.snapshot.node_by_id[fresh_worker].role == "manager",
            what="the screen to follow",
        )
        # A manager raft has not taken in yet cannot be demoted ("can't find manager in raft
        # memberlist"): wait until it is a reachable member and writes go through.
        await wait_for(
            pilot,
            lambda: reachable_manager(lab, fresh_worker),
            timeout=60,
            what="the spare to be a reachable manager",
        )
        await wait_for(
            pilot, lambda: writes_go_through(lab), timeout=120, what="the two managers to agree"
        )
        await open_dialog(pilot, app, "minus", ConfirmDialog)
        await pilot.press("y")
        await wait_for(
            pilot, lambda: role(lab, fresh_worker) == "worker", timeout=60, what="demotion"
        )
        await wait_for(
            pilot,
            lambda: writes_go_through(lab),
            timeout=60,
            what="raft to settle with one manager",
        )
    outcomes = [(e["action"], e["outcome"]) for e in read_outcomes(audit_log)]
    assert outcomes == [("node-demote", "refused"), ("node-promote", "ok"), ("node-demote", "ok")]
