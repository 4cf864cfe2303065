"""Swarm setup's pure parts: join commands, masking, the address guesses, init and the
recording's refusals. The join screen is tested in tests/pilot/test_swarm_setup.py; behaviour
against a daemon in tests/lab/test_swarm_setup.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from swarmtui.docker.errors import DaemonError, NotInSwarm, SwarmInactive, WriteRefused
from swarmtui.docker.reader import SwarmReader
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.swarm_setup import (
    LISTEN_ADDR,
    MASK,
    JoinTokens,
    default_advertise_address,
    init_swarm,
    join_command,
    manager_address,
    mask_token,
)
from swarmtui.ui.registry import COMMANDS
from tests.support.replay import MANAGER_TOKEN as MANAGER
from tests.support.replay import RECORDING
from tests.support.replay import WORKER_TOKEN as WORKER


def test_join_command_is_what_the_cli_prints() -> None:
    assert join_command(WORKER, "10.0.0.11:2377") == (
        f"docker swarm join --token {WORKER} 10.0.0.11:2377"
    )


def test_mask_hides_the_whole_token_and_its_length() -> None:
    assert mask_token(WORKER) == "SWMTKN-1-" + MASK
    assert mask_token(WORKER[:40]) == mask_token(WORKER)
    assert mask_token("not-a-swarm-token") == MASK
    tokens = JoinTokens("swarmid", WORKER, MANAGER, "10.0.0.11:2377")
    assert tokens.command("worker") == f"docker swarm join --token SWMTKN-1-{MASK} 10.0.0.11:2377"
    assert WORKER not in tokens.command("worker") and MANAGER not in tokens.command("manager")
    assert tokens.command("manager", revealed=True) == join_command(MANAGER, "10.0.0.11:2377")


def test_manager_address_prefers_the_managers_own_status() -> None:
    info = {
        "Swarm": {
            "NodeID": "me",
            "RemoteManagers": [
                {"NodeID": "other", "Addr": "10.0.0.12:2377"},
                {"NodeID": "me", "Addr": "10.0.0.11:2377"},
            ],
        }
    }
    assert manager_address(info, {"ManagerStatus": {"Addr": "10.0.0.9:2377"}}) == "10.0.0.9:2377"
    assert manager_address(info, {}) == "10.0.0.11:2377"
    assert (
        manager_address({"Swarm": {"RemoteManagers": [{"Addr": "10.0.0.12:2377"}]}}, None)
        == "10.0.0.12:2377"
    )
    with pytest.raises(DaemonError, match="no manager address"):
        manager_address({"Swarm": {}}, None)


@pytest.mark.parametrize(
    ("url", "guess"),
    [
        ("tcp://10.1.2.3:2376", "10.1.2.3"),
        ("ssh://ops@192.168.7.4", "192.168.7.4"),
        ("tcp://[fd00::5]:2376", "fd00::5"),
        ("tcp://docker.example.com:2376", ""),  # a name is not an address to advertise
        ("tcp://127.0.0.1:2375", ""),  # a tunnel's end: no use to other nodes
        ("unix:///var/run/docker.sock", ""),  # the daemon picks, as `swarm init` does
    ],
)
def test_default_advertise_address(url: str, guess: str) -> None:
    assert default_advertise_address(url) == guess


class InitSpy(ReplayApi):
    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.inits: list[tuple[str, str]] = []

    def init_swarm(self, listen_addr: str, advertise_addr: str) -> str:
        self.inits.append((listen_addr, advertise_addr))
        return "node"

    def inspect_swarm(self) -> dict:
        return {"ID": "newswarm"}


def test_init_listens_on_the_swarm_port_and_strips_the_address() -> None:
    api = InitSpy(RECORDING)
    assert init_swarm(api, "  10.0.0.5 ") == "newswarm"
    assert init_swarm(api, "") == "newswarm"
    assert api.inits == [(LISTEN_ADDR, "10.0.0.5"), ("0.0.0.0:2377", "")]
    with pytest.raises(WriteRefused, match="spaces"):
        init_swarm(api, "10.0.0.5 eth0")
    assert len(api.inits) == 2


def test_only_an_inactive_daemon_is_offered_init() -> None:
    def reader(swarm: dict) -> SwarmReader:
        api = ReplayApi(RECORDING)
        info = {**api.info(), "Swarm": swarm}
        api.info = lambda: info  # type: ignore[method-assign]
        return SwarmReader(api)

    with pytest.raises(SwarmInactive, match="is not part of a swarm"):
        reader({"LocalNodeState": "inactive"}).check_manager()
    with pytest.raises(NotInSwarm, match="is locked") as locked:
        reader({"LocalNodeState": "locked"}).check_manager()
    assert not isinstance(locked.value, SwarmInactive)


def test_a_recording_keeps_no_tokens_and_changes_nothing() -> None:
    api = ReplayApi(RECORDING)
    with pytest.raises(DaemonError, match="no join tokens"):
        api.inspect_swarm()
    with pytest.raises(DaemonError, match="recording"):
        api.init_swarm(LISTEN_ADDR, "")
    with pytest.raises(DaemonError, match="recording"):
        api.update_swarm(1, {}, rotate_worker_token=True)


def test_the_join_screen_is_a_read_only_safe_swarm_command() -> None:
    command = next(c for c in COMMANDS if c.action == "app.show_join_tokens")
    assert (command.keys, command.group, command.writes, command.palette) == (
        "J",
        "Swarm",
        False,
        True,
    )
    assert sum(1 for c in COMMANDS if "J" in c.keys.split(",")) == 1
