"""Rotating a secret on the lab, from the dashboard: one secret mounted by three services (each
at its own target, uid, gid and mode); the second one's healthcheck accepts only the old
content, so its update fails half-way and pauses (as an app refusing a new password would).
The report says who runs which version; once its healthcheck is fixed, rotating again resumes
and finishes: all three mount the new version, each mount as it was, and the old one is gone.
The new content is typed into a password field: never on screen nor in the audit log."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from swarmtui.core.audit import read_outcomes
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs.rotate import RotateDialog
from swarmtui.ui.screens.main import MainScreen
from tests.support.lab import Lab, first_poll, inspect, wait_for
from tests.support.screen import table
from tests.support.waiting import notified, on_top

OLD_DATA, NEW_DATA = "pw-one-7Qx", "pw-two-9Kz"
MOUNTS = {  # service suffix: (target, uid, gid, mode)
    "a": ("app_pw", "1000", "1000", 0o400),
    "b": ("db_pw", "0", "0", 0o444),
    "c": ("conf/pw", "33", "33", 0o440),
}


def _health(target: str, data: str) -> str:
    return f"grep -qx {data} /run/secrets/{target}"


@pytest.fixture
def secret(lab: Lab, tmp_path: Path) -> Iterator[str]:
    """A fresh secret holding OLD_DATA; it and its next version are removed afterwards."""
    name = f"rot{uuid.uuid4().hex[:6]}_pw"
    source = tmp_path / "old"
    source.write_text(OLD_DATA)
    lab.docker("secret", "create", name, str(source))
    yield name
    for each in (name, f"{name}.v2"):
        lab.docker("secret", "rm", each, check=False)


@pytest.fixture
def rotated(lab: Lab, secret: str) -> Iterator[tuple[str, dict[str, str]]]:
    """The secret and three services mounting it, settled; the services removed afterwards
    (before the secret fixture removes the secrets they mount)."""
    services = {suffix: f"{secret[:9]}-{suffix}" for suffix in MOUNTS}
    for suffix, (target, uid, gid, mode) in MOUNTS.items():
        health = [
            "--health-cmd", _health(target, OLD_DATA), "--health-interval", "1s",
            "--health-retries", "1", "--health-timeout", "2s", "--health-start-period", "0s",
        ] if suffix == "b" else []  # fmt: skip
        lab.docker(
            "service", "create", "-d", "--no-resolve-image", "--name", services[suffix],
            "--stop-signal", "KILL", "--update-delay", "0s", "--update-monitor", "1s",
            "--update-failure-action", "pause", "--restart-delay", "1s",
            "--secret", f"source={secret},target={target},uid={uid},gid={gid},mode=0{mode:o}",
            *health, "swarmlab/app:1",
        )  # fmt: skip
    for name in services.values():
        lab.settle(name, timeout=60)
    yield secret, services
    for name in services.values():
        lab.docker("service", "rm", name, check=False)


def _mounts(lab: Lab, service: str) -> list[dict]:
    spec = inspect(lab, "service", service)["Spec"]
    return spec["TaskTemplate"]["ContainerSpec"].get("Secrets") or []


async def _rotate_dialog(pilot, app: SwarmTuiApp, secret_id: str) -> RotateDialog:  # noqa: ANN001
    await pilot.press("7")
    secrets = table(app, "secrets")
    await wait_for(pilot, lambda: secret_id in secrets.rows, what="the secret listed")
    secrets.focus()
    secrets.move_cursor(row=secrets.get_row_index(secret_id))
    await wait_for(pilot, lambda: secrets.selected_key == secret_id, what="the secret's row")
    await pilot.press("O")
    return await on_top(pilot, RotateDialog)


async def test_a_rotation_stops_half_way_says_who_runs_what_and_resumes(
    lab: Lab, lab_app, rotated, audit_log: Path
) -> None:  # noqa: ANN001
    secret, services = rotated
    secret_id = inspect(lab, "secret", secret)["ID"]
    new = f"{secret}.v2"
    app = lab_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        dialog = await _rotate_dialog(pilot, app, secret_id)
        assert dialog.query_one("#rotate-name", Input).value == new  # the naming, shown
        typed = dialog.query_one("#rotate-typed", Input)
        typed.focus()
        await pilot.press(*NEW_DATA)
        assert NEW_DATA not in app.export_screenshot()  # typed, never echoed
        await pilot.press("ctrl+y")
        report = await notified(pilot, f"Rotation of secret {secret} stopped", timeout=120)
        a, b, c = services["a"], services["b"], services["c"]
        assert f"The update of {b} paused" in report
        assert f"Now {a} runs {new}; {b} runs {new} (update paused); {c} runs {secret}." in report
        assert f"{new} is kept." in report and f"rotate {secret} again to resume" in report
        assert NEW_DATA not in report
        # The report is what the API says: a and b mount the new version, c still the old.
        new_id = inspect(lab, "secret", new)["ID"]
        assert [m["SecretID"] for m in _mounts(lab, a)] == [new_id]
        assert [m["SecretID"] for m in _mounts(lab, b)] == [new_id]
        assert [m["SecretID"] for m in _mounts(lab, c)] == [secret_id]
        assert inspect(lab, "service", b)["UpdateStatus"]["State"] == "paused"

        # The cause fixed (the service now accepts the new password), rotating again resumes.
        target = MOUNTS["b"][0]
        lab.docker("service", "update", "-d", "--health-cmd", _health(target, NEW_DATA), b)
        lab.settle(b, timeout=60)
        dialog = await _rotate_dialog(pilot, app, secret_id)
        assert dialog.query_one("#rotate-name", Input).value == new
        assert "the rotation resumes" in str(dialog.query_one("#rotate-mode").render())
        await pilot.press("ctrl+y")
        await notified(pilot, f"Rotated secret {secret} → {new}: 3 services converged", timeout=120)
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), what="the main screen")

    for suffix, (target, uid, gid, mode) in MOUNTS.items():
        mount = _mounts(lab, services[suffix])
        assert mount == [
            {
                "File": {"Name": target, "UID": uid, "GID": gid, "Mode": mode},
                "SecretID": new_id,
                "SecretName": new,
            }
        ], suffix
    assert not lab.docker("secret", "ls", "-q", "--filter", f"id={secret_id}").strip()
    labels = inspect(lab, "secret", new)["Spec"]["Labels"]
    assert labels == {"swarmtui.rotated-from": secret}

    steps = [(e["action"], e["target"], e["outcome"]) for e in read_outcomes(audit_log)]
    assert steps == [
        ("rotate-create", new, "ok"),
        ("rotate-swap", services["a"], "ok"),
        ("rotate-swap", services["b"], "ok"),
        ("rotate-swap", services["c"], "ok"),
        ("rotate-remove", secret, "ok"),
    ]
    logged = audit_log.read_text()
    assert NEW_DATA not in logged and base64.b64encode(NEW_DATA.encode()).decode() not in logged
    assert json.loads(logged.splitlines()[0])["params"]["source"] == "typed"


async def test_read_only_refuses_a_rotation(lab: Lab, lab_app, secret: str) -> None:  # noqa: ANN001
    secret_id = inspect(lab, "secret", secret)["ID"]
    app = lab_app(read_only=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        await pilot.press("7")
        secrets = table(app, "secrets")
        await wait_for(pilot, lambda: secret_id in secrets.rows, what="the secret listed")
        secrets.focus()
        secrets.move_cursor(row=secrets.get_row_index(secret_id))
        await pilot.press("O")
        await pilot.pause()  # a hidden key does nothing: once handled, nothing is to come
        assert isinstance(app.screen, MainScreen)
    assert not lab.docker("secret", "ls", "-q", "--filter", f"name={secret}.v2").strip()
