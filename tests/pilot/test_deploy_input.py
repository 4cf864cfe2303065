"""The deploy screen on bad input: each failure is a message on the screen, the app runs on.
The loader's limits themselves are tested in tests/unit/test_compose_limits.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from swarmtui.ui.dialogs.deploy import DeployScreen
from tests.support.replay import replay_app, settle
from tests.support.waiting import wait_for

SERVICE = "services:\n  web:\n    image: swarmlab/app:1\n"


async def _plan(files: str) -> str:
    app = replay_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, DeployScreen)
        app.screen.query_one("#deploy-files", Input).value = files
        app.screen.query_one("#deploy-stack", Input).value = "shop"
        await pilot.click("#plan")

        def error_said() -> str:
            return str(app.screen.query_one("#dialog-error").render())

        await wait_for(pilot, lambda: bool(error_said()), what="the plan's error")
        error = error_said()
        assert app.is_running and isinstance(app.screen, DeployScreen)
        return error


async def test_an_unclosed_quote_is_a_message() -> None:
    error = await _plan("'docker-stack.yml")
    assert "cannot be read as a list of names: No closing quotation" in error


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("loop.yml", SERVICE + "x-a: &a [*a]\n", "an alias refers to a value that contains it"),
        ("deep.yml", SERVICE + "x: " + "[" * 5000 + "]" * 5000 + "\n", "more than 64 deep"),
        ("latin1.yml", SERVICE + "# caf\xe9\n", "is not UTF-8 text"),
    ],
)
async def test_a_bad_file_is_a_message(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    file = tmp_path / name
    file.write_bytes(content.encode("latin-1"))
    error = await _plan(str(file))
    assert "The compose files cannot be deployed" in error and expected in error
