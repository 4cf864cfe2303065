"""The context picker and the header on a docker context, over the lab recording: the contexts
as `docker context ls` lists them, marks for the one in use and docker's current one, the
context's settings, and a context changed outside swarmtui said but not followed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from swarmtui.core.config import Settings
from swarmtui.core.context_settings import ContextSettings
from swarmtui.ui.screens.command_prompt import CommandPrompt
from swarmtui.ui.screens.contexts import ContextPicker
from tests.support.contexts import add_context
from tests.support.replay import replay_on_context
from tests.support.waiting import polled, wait_for

SETTINGS = Settings(
    contexts={
        "prod": ContextSettings(read_only=True, header_color="red"),
        "lab": ContextSettings(interval=5),
    }
)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    add_context(tmp_path, "lab", "unix:///run/swarmtui-lab/lab/node1/docker.sock")
    add_context(tmp_path, "prod", "ssh://ops@prod-manager1")
    (tmp_path / "config.json").write_text(json.dumps({"currentContext": "lab"}))
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    return tmp_path


def rows(picker: ContextPicker) -> list[str]:
    options = picker.query_one("#contexts-list")
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_picker_lists_and_marks_contexts(store: Path) -> None:
    app = replay_on_context("lab", settings=SETTINGS)
    assert app.polling.interval == 5  # the context's own interval
    async with app.run_test(size=(160, 48)) as pilot:
        await polled(pilot)
        assert " lab " in app.main.header.lines[0].plain
        await wait_for(pilot, app.switcher.names, what="the contexts read")
        await pilot.press("colon", *"ctx", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ContextPicker), what="the picker")
        picker = app.screen
        await wait_for(pilot, lambda: len(rows(picker)) == 3, what="three contexts")
        default, lab, prod = rows(picker)
        assert default.startswith("  default") and "unix:///var/run/docker.sock" in default
        assert lab.startswith("● lab") and "docker's current" in lab
        assert "ssh://ops@prod-manager1" in prod and "read-only" in prod
        assert picker.note == ""
        await pilot.press("escape")

        # `docker context use prod` in another terminal: said, never followed.
        (store / "config.json").write_text(json.dumps({"currentContext": "prod"}))
        await pilot.press("colon", *"ctx", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ContextPicker), what="the picker")
        picker = app.screen
        await wait_for(pilot, lambda: picker.note, what="the note")
        assert picker.note == "current context is now prod (changed outside swarmtui)"
        assert " lab " in app.main.header.lines[0].plain


async def test_prompt_completes_context_names(store: Path) -> None:
    app = replay_on_context("lab", settings=SETTINGS)
    async with app.run_test(size=(160, 48)) as pilot:
        await polled(pilot)
        await wait_for(pilot, lambda: "prod" in app.switcher.names(), what="the contexts read")
        await pilot.press("colon")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPrompt), what="the prompt")
        assert app.screen._completer("ctx pr") == "ctx prod"


async def test_started_on_a_read_only_context_hides_writes(store: Path) -> None:
    app = replay_on_context("prod", settings=SETTINGS)
    async with app.run_test(size=(160, 48)) as pilot:
        await polled(pilot)
        facts = app.main.header.lines[0]
        assert " prod " in facts.plain and "read-only" in facts.plain
        badge = next(span for span in facts.spans if facts.plain[span.start : span.end] == " prod ")
        assert "red" in str(badge.style)
        assert not app.main.check_action("run", ("service.scale",))
        assert app.writes.runner.read_only
