"""The dashboard against the real lab swarm: what it shows is what the API says, live."""

from __future__ import annotations

import pytest
import requests.sessions

from swarmtui.ui.app import SwarmTuiApp
from tests.support.lab import Lab, first_poll, run_cli, wait_for
from tests.support.screen import shown_rows, table


def replicas_shown(app: SwarmTuiApp, service: str) -> str:
    """'6/6' from the replicas cell '━━━━━━━━ 6/6'."""
    return shown_rows(app, "services")[service][1].split()[-1]


async def test_screen_matches_the_api(lab: Lab, lab_app) -> None:  # noqa: ANN001
    app = lab_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        listed = lab.docker("service", "ls", "--format", "{{.Name}} {{.Replicas}}")
        expected = dict(line.split()[:2] for line in listed.splitlines())
        services = shown_rows(app, "services")
        assert set(services) == set(expected)
        for name, replicas in expected.items():
            if name != "crashloop":  # its running count changes by the second
                assert replicas_shown(app, name) == replicas, name

        listed = lab.docker(
            "node",
            "ls",
            "--format",
            "{{.Hostname}} {{.Status}} {{.Availability}} {{.ManagerStatus}}",
        )
        nodes = shown_rows(app, "nodes")
        assert len(nodes) == len(listed.splitlines())
        for line in listed.splitlines():
            hostname, status, availability, *manager = line.split()
            row = nodes[hostname]
            assert row[2] == availability.lower() and row[3] == status.lower()
            assert (row[1] == "leader") == (manager == ["Leader"])

        header = str(app.main.query_one("#header").render())
        assert f"nodes {len(nodes)}/{len(nodes)} ready" in header
        assert f"services {len(expected)}" in header


def test_a_unix_socket_read_leaves_the_environment_alone(
    lab: Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    """requests would look up proxies and ~/.netrc on every request (about a fifth of each
    request's CPU) for a socket no proxy can stand in front of."""
    netrc_lookups: list[str] = []

    def counted(url: str, raise_errors: bool = False) -> None:
        netrc_lookups.append(url)

    monkeypatch.setattr(requests.sessions, "get_netrc_auth", counted)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    api = lab.api()
    try:
        assert api.services()
        assert api.nodes()
    finally:
        api.close()
    assert netrc_lookups == []


async def test_tasks_pane_shows_the_selected_service(lab: Lab, lab_app) -> None:  # noqa: ANN001
    lab.settle("web")
    app = lab_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        web = next(s for s in app.snapshot.services if s.name == "web")
        services = table(app, "services")
        services.move_cursor(row=services.get_row_index(web.id))
        await wait_for(pilot, lambda: app.main.selection == ("service", web.id, None))
        active = lab.docker(
            "service",
            "ps",
            "web",
            "--filter",
            "desired-state=running",
            "--format",
            "{{.Name}} {{.Node}}",
        )
        expected = sorted(tuple(line.split()) for line in active.splitlines())
        await pilot.press("h")  # history off: only the tasks desired to run
        await pilot.pause()
        shown = sorted((row[0], row[1]) for row in shown_rows(app, "tasks").values())
        assert shown == expected


async def test_scale_through_the_api_shows_up(lab: Lab, lab_app) -> None:  # noqa: ANN001
    lab.settle("web")
    app = lab_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await first_poll(pilot, app)
        assert replicas_shown(app, "web") == "6/6"
        lab.docker("service", "scale", "--detach", "web=3")
        try:
            await wait_for(
                pilot,
                lambda: replicas_shown(app, "web") == "3/3",
                what="web to show 3/3 after scaling to 3",
            )
        finally:
            lab.docker("service", "scale", "--detach", "web=6")
        await wait_for(
            pilot,
            lambda: replicas_shown(app, "web").endswith("/6"),
            what="web to show 6 desired again",
        )


async def test_node_drain_through_the_api_shows_up(lab: Lab, lab_app) -> None:  # noqa: ANN001
    app = lab_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        node3 = next(n for n in app.snapshot.nodes if n.hostname == "node3")
        web = next(s for s in app.snapshot.services if s.name == "web")

        def web_tasks_on_node3() -> int:
            return sum(
                1
                for t in app.snapshot.tasks_on_node(node3.id)
                if t.service_id == web.id and t.is_active
            )

        lab.docker("node", "update", "--availability", "drain", "node3")
        try:
            await wait_for(
                pilot,
                lambda: shown_rows(app, "nodes")["node3"][2] == "drain",
                what="node3 to show as drained",
            )
            await wait_for(
                pilot,
                lambda: web_tasks_on_node3() == 0,
                timeout=60,
                what="web's tasks to leave node3",
            )
            placement = shown_rows(app, "placement")["web"]
            column = [c.key for c in table(app, "placement")._columns_spec].index(node3.id)
            assert placement[column] == "·"
        finally:
            lab.docker("node", "update", "--availability", "active", "node3")
        await wait_for(
            pilot,
            lambda: shown_rows(app, "nodes")["node3"][2] == "active",
            what="node3 to show as active again",
        )


async def test_daemon_going_away_and_coming_back(lab: Lab, lab_app) -> None:  # noqa: ANN001
    app = lab_app(interval=1.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await first_poll(pilot, app)
        services_before = table(app, "services").row_count

        def header() -> str:
            return str(app.main.query_one("#header").render())

        lab.run("stop-node", "node1")
        try:
            await wait_for(
                pilot,
                lambda: "disconnected" in header(),
                timeout=30,
                what="the header to say disconnected",
            )
            assert "retrying" in header() and "stale data" in header()  # in N s, or now
            assert table(app, "services").row_count == services_before
            assert app.is_running
        finally:
            lab.run("start-node", "node1")
        await wait_for(
            pilot,
            lambda: "● live" in header(),
            timeout=90,
            what="the dashboard to reconnect by itself",
        )
        await wait_for(pilot, lab.answers, timeout=60, what="the manager")


def test_cli_refuses_a_worker_and_names_the_managers(lab: Lab) -> None:
    result = run_cli("--host", lab.host("node2"))
    assert result.returncode == 1
    assert "is a swarm worker, not a manager" in result.stderr
    manager_addr = lab.docker("info", "--format", "{{.Swarm.NodeAddr}}").strip()
    assert f"{manager_addr}:2377" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_refuses_a_daemon_outside_any_swarm(lab: Lab) -> None:
    result = run_cli("--host", lab.host("spare1"))
    assert result.returncode == 1
    assert "is not part of a swarm" in result.stderr and "Traceback" not in result.stderr


def test_cli_with_no_daemon_says_so(tmp_path) -> None:  # noqa: ANN001
    result = run_cli("--host", f"unix://{tmp_path}/docker.sock")
    assert result.returncode == 1
    assert "Cannot reach the Docker daemon" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
