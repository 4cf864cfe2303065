"""Swarm setup end to end: the join screen against the lab's manager, and `swarm init` on the
spare daemon (`spare1`, in no swarm). Every test that may initialize the spare makes it leave
again in `finally`, so it is outside any swarm for the next test and the next run.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from textual.widgets import Label, Static

from swarmtui import launch
from swarmtui.core.audit import read_outcomes
from swarmtui.core.config import Settings
from swarmtui.core.writes import READ_ONLY_REFUSAL, WriteRunner
from swarmtui.docker.client import DockerApi
from swarmtui.docker.connection import Endpoint
from swarmtui.docker.errors import SwarmInactive
from swarmtui.docker.protocol import SwarmApi
from swarmtui.docker.reader import SwarmReader
from swarmtui.docker.swarm_setup import MASK
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs import ConfirmDialog
from swarmtui.ui.screens.join import JoinScreen
from swarmtui.ui.setup import SetupScreen, SwarmSetupApp
from tests.support.lab import Lab, first_poll, run_cli, wait_for
from tests.support.screen import shown_rows
from tests.support.waiting import workers_done

BAD_ADDRESS = "eth9"  # no such interface on the spare, and not an IP address
DAEMON_SAYS = (
    "advertise address must be a non-zero IP address or network interface "
    "(with optional port number)"
)


# The join screen ----------------------------------------------------------------------------


def cli_token(lab: Lab, role: str) -> str:
    return lab.docker("swarm", "join-token", "-q", role).strip()


def cli_join_command(lab: Lab, role: str) -> str:
    """The `docker swarm join ...` line of `docker swarm join-token ROLE`."""
    lines = lab.docker("swarm", "join-token", role).splitlines()
    return next(line.strip() for line in lines if line.strip().startswith("docker swarm join"))


def shown_command(app: SwarmTuiApp, role: str) -> str:
    return str(app.screen.query_one(f"#join-{role}", Static).render()).strip()


async def open_join_screen(pilot, app: SwarmTuiApp) -> JoinScreen:  # noqa: ANN001
    await first_poll(pilot, app)
    await pilot.press("J")
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, JoinScreen) and app.screen.tokens is not None,
        what="the join screen to read the tokens",
    )
    return app.screen  # type: ignore[return-value]


async def test_join_screen_masks_then_shows_the_cli_commands(lab: Lab, lab_app) -> None:  # noqa: ANN001
    app = lab_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await open_join_screen(pilot, app)
        for role in ("worker", "manager"):
            shown = shown_command(app, role)
            assert cli_token(lab, role) not in shown
            assert shown.startswith("docker swarm join --token SWMTKN-1-" + MASK)
        await pilot.press("t")
        for role in ("worker", "manager"):
            assert shown_command(app, role) == cli_join_command(lab, role)
        address = lab.docker(
            "node", "inspect", "self", "--format", "{{.ManagerStatus.Addr}}"
        ).strip()
        assert shown_command(app, "worker").endswith(f"{cli_token(lab, 'worker')} {address}")
        await pilot.press("w")
        assert app.clipboard == cli_join_command(lab, "worker")
        await pilot.press("t")
        assert cli_token(lab, "worker") not in shown_command(app, "worker")
        await pilot.press("m")  # copying needs no reveal, and copies the real command
        assert app.clipboard == cli_join_command(lab, "manager")


async def test_rotating_the_worker_token_asks_first(lab: Lab, lab_app, audit_log) -> None:  # noqa: ANN001
    worker, manager = cli_token(lab, "worker"), cli_token(lab, "manager")
    app = lab_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await open_join_screen(pilot, app)
        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="confirm")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, JoinScreen), what="no")
        assert cli_token(lab, "worker") == worker
        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="confirm")
        await pilot.press("y")
        await wait_for(pilot, lambda: cli_token(lab, "worker") != worker, what="a new worker token")
        assert cli_token(lab, "manager") == manager
        await pilot.press("t")
        await wait_for(
            pilot,
            lambda: shown_command(app, "worker") == cli_join_command(lab, "worker"),
            what="the screen to show the new token",
        )
    entry = read_outcomes(audit_log)[-1]
    assert (entry["action"], entry["params"], entry["outcome"]) == (
        "rotate-join-token",
        {"role": "worker"},
        "ok",
    )


async def test_read_only_shows_masked_tokens_but_refuses_rotation(  # noqa: ANN001
    lab: Lab, lab_app, audit_log
) -> None:
    worker = cli_token(lab, "worker")
    app = lab_app(read_only=True)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_join_screen(pilot, app)
        assert worker not in shown_command(app, "worker")
        shown = {
            binding.action
            for (_, binding, enabled, _) in screen.active_bindings.values()
            if enabled
        }
        assert "toggle_reveal" in shown and not {"rotate('worker')", "rotate('manager')"} & shown
        keys = " ".join(str(s.render()) for s in screen.query(".dialog-keys"))
        assert "rotate" not in keys.lower()
        await pilot.press("W", "M")
        await pilot.pause()  # a hidden key does nothing: once handled, nothing is to come
        assert isinstance(app.screen, JoinScreen)
        screen.action_rotate("worker")  # invoked some other way than its (hidden) key
        await workers_done(pilot, "join-rotate")
    assert cli_token(lab, "worker") == worker
    entry = read_outcomes(audit_log)[-1]
    assert entry["action"] == "rotate-join-token" and entry["outcome"] == "refused"


# Initializing a swarm on the spare ----------------------------------------------------------


def spare_state(lab: Lab) -> str:
    return lab.docker("info", "--format", "{{.Swarm.LocalNodeState}}", node="spare1").strip()


def spare_address(lab: Lab) -> str:
    """The spare's own address, read from its network namespace (lab/README.md)."""
    shown = subprocess.run(
        ["ip", "-n", f"swarmtui-lab_{lab.name}_spare1", "-4", "-o", "addr", "show", "eth0"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"inet ([0-9.]+)/", shown)
    assert found, shown
    return found.group(1)


@contextmanager
def spare_left_afterwards(lab: Lab) -> Iterator[None]:
    try:
        assert spare_state(lab) == "inactive", "an earlier run left the spare in a swarm"
        yield
    finally:
        lab.docker("swarm", "leave", "--force", node="spare1", check=False)


def spare_factory(lab: Lab) -> Callable[[], SwarmApi]:
    endpoint = Endpoint(lab.host("spare1"), "lab")
    return lambda: DockerApi(endpoint)


def setup_app(lab: Lab) -> SwarmSetupApp:
    factory = spare_factory(lab)
    with pytest.raises(SwarmInactive) as inactive:
        SwarmReader(factory()).check_manager()
    endpoint = factory().endpoint
    runner = WriteRunner(factory, read_only=False, endpoint=endpoint.display)
    return SwarmSetupApp(runner, endpoint, str(inactive.value))


async def submit_address(pilot, address: str) -> None:  # noqa: ANN001
    await pilot.press("end", "ctrl+u", *address, "enter")


def setup_error(app: SwarmSetupApp) -> str:
    return str(app.screen.query_one("#setup-error", Label).render())


async def test_setup_screen_shows_the_daemon_error_then_initializes(  # noqa: ANN001
    lab: Lab, audit_log
) -> None:
    address = spare_address(lab)
    with spare_left_afterwards(lab):
        app = setup_app(lab)
        async with app.run_test(size=(100, 30)) as pilot:
            assert isinstance(app.screen, SetupScreen)
            shown = " ".join(str(static.render()) for static in app.screen.query(Static))
            assert "is not part of a swarm" in shown and "0.0.0.0:2377" in shown
            assert app.screen.address_input.value == ""  # a local socket: the daemon picks
            await submit_address(pilot, BAD_ADDRESS)
            await wait_for(
                pilot, lambda: DAEMON_SAYS in setup_error(app), what="the daemon's error"
            )
            assert spare_state(lab) == "inactive"
            await submit_address(pilot, address)  # corrected, and tried again
            await wait_for(pilot, lambda: app.return_value is True, what="the swarm to exist")
        assert spare_state(lab) == "active"
        assert (
            lab.docker("info", "--format", "{{.Swarm.NodeAddr}}", node="spare1").strip() == address
        )
        outcomes = [
            (e["params"]["advertise_addr"], e["outcome"])
            for e in read_outcomes(audit_log)
            if e["action"] == "swarm-init"
        ]
        assert outcomes == [(BAD_ADDRESS, "failed"), (address, "ok")]

        # The dashboard then starts on the new swarm, the spare its only node and leader.
        dashboard = SwarmTuiApp(Settings(), spare_factory(lab))
        async with dashboard.run_test(size=(160, 40)) as pilot:
            await first_poll(pilot, dashboard)
            nodes = shown_rows(dashboard, "nodes")
            assert list(nodes) == ["spare1"] and nodes["spare1"][1] == "leader"


async def test_quitting_the_setup_screen_changes_nothing(lab: Lab, audit_log) -> None:
    with spare_left_afterwards(lab):
        app = setup_app(lab)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.return_value is False, what="the app to quit")
        assert spare_state(lab) == "inactive"
        assert not read_outcomes(audit_log)


# The command line ---------------------------------------------------------------------------


def test_cli_read_only_never_offers_init(lab: Lab) -> None:
    result = run_cli("--host", lab.host("spare1"), "--read-only", "--init-swarm")
    assert result.returncode == 1
    assert result.stderr.startswith("swarmtui: The Docker daemon at ")
    assert "is not part of a swarm" in result.stderr
    assert READ_ONLY_REFUSAL in result.stderr  # the write runner's one wording
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert spare_state(lab) == "inactive"


def test_cli_init_swarm_flag_initializes_then_starts_the_dashboard(  # noqa: ANN001
    lab: Lab, monkeypatch, capsys
) -> None:
    started: list[str] = []
    monkeypatch.setattr(
        SwarmTuiApp, "run", lambda self, *args, **kwargs: started.append(self.api.endpoint.base_url)
    )
    host = lab.host("spare1")
    with spare_left_afterwards(lab):
        assert launch.main(["--host", host, "--init-swarm", BAD_ADDRESS]) == 1
        said = capsys.readouterr().err
        assert said == f"swarmtui: Could not initialize a swarm: {DAEMON_SAYS}\n"
        assert spare_state(lab) == "inactive" and not started

        assert launch.main(["--host", host, "--init-swarm", spare_address(lab)]) == 0
        assert "Initialized swarm" in capsys.readouterr().err
        assert spare_state(lab) == "active" and started == [host]
