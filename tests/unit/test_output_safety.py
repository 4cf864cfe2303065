"""Every output besides the dashboard, fed the hostile strings of the hostile-data test
(tests/support/hostile.py): what each headless command prints to stdout and stderr, the
incident report's Markdown and JSON, and saved log lines. Nothing raises, and nothing printed
holds a byte a terminal would obey: no C0 control but the newline, no DEL, no C1 control, no
bidi control. The dashboard's side: tests/pilot/test_hostile_data.py and
tests/pilot/test_hostile_outputs.py.

The commands run in-process (cli.main) on a hostile copy of the lab recording, with a client
whose every write the daemon refuses in hostile words where a refusal is the point.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import pytest

from swarmtui import cli
from swarmtui.cli import stack_rm
from swarmtui.cli.headless import Headless
from swarmtui.docker.errors import DaemonError, DaemonUnreachable
from swarmtui.docker.incident import gather
from swarmtui.docker.logs import LogLine
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.stacks import remove_stack
from swarmtui.render.logs import LogEntry, plain_line
from swarmtui.render.report import report_data, report_markdown
from tests.support.compose import write
from tests.support.hostile import HOSTILE, hostile, hostile_recording
from tests.support.storing import recording_copy

TITLE = "\x1b]0;title\x07\x1b[2J"
"""A window title change and a screen clear: what a label value could do to a terminal."""

SHOWN = "␛[2J"
"""How ESC [2J reads once made safe: every case below must print some of it."""

BIDI = {0x061C, 0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}

COLOURS = ("\x1b[32m", "\x1b[33m", "\x1b[31m", "\x1b[0m")
"""The plan's own colours on a terminal: the only escapes the CLI may write."""


def raw_controls(text: str) -> list[str]:
    """Each character of `text` a terminal would act on instead of print, once."""
    return sorted(
        {
            f"U+{ord(char):04X}"
            for char in text
            if (ord(char) < 0x20 and char != "\n") or 0x7F <= ord(char) < 0xA0 or ord(char) in BIDI
        }
    )


class HostileDaemon(ReplayApi):
    """The recording, whose daemon refuses every write in hostile words; a network is refused
    as still in use, so `stack rm` retries it and says so."""

    def _refused(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise DaemonError(hostile("rpc error: code = Unknown desc = refused"))

    update_service = remove_service = create_service = create_object = _refused

    def remove_object(self, kind: str, object_id: str) -> None:
        if kind == "networks":
            raise DaemonError(hostile("rpc error: code = Unknown desc = network is in use"))
        self._refused()


class Dashboard:
    """Enough of cli.Dashboard for a start that never gets as far as the dashboard."""

    def run(self, *args: Any) -> None:
        raise AssertionError("the daemon check should have failed first")

    def offer_swarm_init(self, *args: Any) -> bool:
        raise AssertionError("the daemon check should have failed first")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return hostile_recording(tmp_path)


@pytest.fixture
def diff_folder(tmp_path: Path) -> Path:
    """The lab recording with a running service's label set to TITLE and the hostile tail:
    deploying the stack again plans to change it, and the plan's diff shows the old value."""
    copy = recording_copy(tmp_path)
    path = copy / "services.json"
    services = json.loads(path.read_text())
    api = next(s for s in services if s["Spec"]["Name"] == "shop_api")
    api["Spec"]["Labels"]["note"] = TITLE + HOSTILE
    path.write_text(json.dumps(services))
    return copy


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        "shop.yml",
        "services:\n  api:\n    image: swarmlab/app:1\n    deploy:\n      labels:\n"
        "        note: plain\n",
    )


@pytest.fixture
def daemon_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Headless, "api", lambda self: HostileDaemon(self.replay))
    # One retry at once, not 23 s of them.
    quick = functools.partial(remove_stack, delays=(0,), sleep=lambda seconds: None)
    monkeypatch.setattr(stack_rm, "remove_stack", quick)


def run(
    capsys: pytest.CaptureFixture[str], *argv: str, shows: str = SHOWN, dashboard: Any = None
) -> tuple[str, str]:
    """Run the command line; what it printed, having checked none of it is raw and that it
    `shows` the hostile text it was given (so the case printed some)."""
    try:
        cli.main(list(argv), dashboard)
    except SystemExit as usage:  # argparse's own errors
        assert usage.code == 2
    out, err = capsys.readouterr()
    assert raw_controls(out) == [], out
    assert raw_controls(err) == [], err
    assert shows in out + err, (out, err)
    # A name's newline is shown as '␤' on a line of progress: no line is forged.
    assert not any(line.startswith("next line") for line in out.splitlines()), out
    return out, err


def test_the_deploy_plan_and_its_diff(
    capsys: pytest.CaptureFixture[str], diff_folder: Path, shop: Path
) -> None:
    out, _ = run(
        capsys, "--replay", str(diff_folder), "stack", "deploy", "-c", str(shop),
        "--resolve-image", "never", "shop",
    )  # fmt: skip
    assert "deploy.labels.note: ␛]0;title␇␛[2J see [/x]" in out


def test_the_deploy_plan_on_a_terminal_has_only_its_colours(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    diff_folder: Path,
    shop: Path,
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    cli.main(
        ["--replay", str(diff_folder), "stack", "deploy", "-c", str(shop),
         "--resolve-image", "never", "shop"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "\x1b[33m" in out
    assert raw_controls(functools.reduce(lambda text, c: text.replace(c, ""), COLOURS, out)) == []


@pytest.mark.usefixtures("daemon_refuses")
def test_a_deploy_the_daemon_refuses(
    capsys: pytest.CaptureFixture[str], diff_folder: Path, shop: Path
) -> None:
    _, err = run(
        capsys, "--replay", str(diff_folder), "stack", "deploy", "-c", str(shop),
        "--resolve-image", "never", "--yes", "shop",
    )  # fmt: skip
    assert "desc = refused see [/x]" in err


def test_compose_files_that_cannot_be_deployed(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    bad = write(tmp_path, "bad.yml", 'services:\n  web:\n    image: x\n    "\\e[2J\\nno": 1\n')
    run(capsys, "--replay", str(folder), "stack", "deploy", "-c", str(bad), "s")
    missing = tmp_path / f"{TITLE}\nnext line.yml"
    run(capsys, "--replay", str(folder), "stack", "deploy", "-c", str(missing), "s")


@pytest.mark.usefixtures("daemon_refuses")
def test_stack_rm_of_a_hostile_stack(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    stack = hostile("shop")
    out, _ = run(capsys, "--replay", str(folder), "stack", "rm", stack)
    assert out.startswith("Stack shop see [/x]")
    out, err = run(capsys, "--replay", str(folder), "stack", "rm", stack, "--yes")
    assert "Not removed yet from stack shop see [/x]" in out
    assert "could not remove service shop_api see [/x]" in err
    run(capsys, "--replay", str(folder), "stack", "rm", TITLE)


def test_the_report_command(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    markdown = folder.parent / f"report {TITLE}.md"
    out, _ = run(capsys, "--replay", str(folder), "report", "-o", str(markdown))
    assert out.startswith("Wrote ")
    assert raw_controls(markdown.read_text()) == []
    json.loads(markdown.with_suffix(".json").read_text())
    run(capsys, "--replay", str(folder), "report", "-o", str(folder / TITLE / "report.md"))


def test_daemon_errors(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    def unreachable(self: ReplayApi) -> NoReturn:
        raise DaemonUnreachable(hostile("Cannot reach the Docker daemon"))

    monkeypatch.setattr(ReplayApi, "info", unreachable)
    for argv in (["report"], ["stack", "rm", "shop", "--yes"]):
        _, err = run(capsys, "--replay", str(folder), *argv)
        assert "Cannot reach the Docker daemon see [/x]" in err
    run(capsys, "--replay", str(folder), dashboard=Dashboard())


def test_usage_errors_quote_the_arguments_safely(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    run(capsys, "--replay", str(folder), "stack", "rm", "shop", TITLE)
    # These two quote the value as Python would (repr), which is safe already.
    run(
        capsys, "--replay", str(folder), "stack", "deploy", "-c", "x", "--resolve-image", TITLE,
        shows="'\\x1b]0;title\\x07\\x1b[2J'",
    )  # fmt: skip
    config = write(tmp_path, "config.toml", 'interval = "\\u001b[2J"\n')
    run(capsys, "--config", str(config), "--replay", str(folder), "report", shows="'\\x1b[2J'")


def test_the_incident_report_markdown_and_json(folder: Path) -> None:
    data = report_data(gather(ReplayApi(folder)))
    markdown = report_markdown(data)
    assert raw_controls(markdown) == []
    # Shown, and escaped as Markdown text (render/markdown.py): `[` would open a link.
    assert SHOWN.replace("[", "\\[") in markdown and "\\[/x\\]" in markdown
    assert json.loads(json.dumps(data, indent=2)) == data


def test_saved_log_lines_show_controls_as_the_screen_does() -> None:
    # A saved file is `cat`ed on a terminal as often as it is grepped: the same rule, tabs
    # kept for the tools that split on them.
    written = TITLE + HOSTILE.replace("\n", " ") + "\tcol"
    entry = LogEntry(LogLine(1, "stdout", written, "s1", "t1", "n1"), "web.1\nfake", "node1")
    saved = plain_line(entry)
    assert [c for c in raw_controls(saved) if c != "U+0009"] == []
    assert SHOWN in saved and "\tcol" in saved and "web.1␤fake" in saved
