"""The files swarmtui writes (saved logs, incident reports): in the state directory by default,
0600 whatever the umask, never over an existing file nor through a symlink, a report's JSON
twin never over its Markdown, saved log lines masked."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from swarmtui import launch
from swarmtui.core.files import saved_dir, write_private
from swarmtui.core.report_files import report_paths, write_report
from swarmtui.docker.logs import LogLine
from swarmtui.render.logs import LogEntry, saved_text
from tests.support.replay import RECORDING


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that grants everyone everything: the files must still be the owner's only."""
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_saved_files_go_to_the_xdg_state_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert saved_dir() == tmp_path / "xdg" / "swarmtui"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert saved_dir() == tmp_path / "home" / ".local" / "state" / "swarmtui"


def test_a_new_file_is_the_owners_only_whatever_the_umask(tmp_path: Path, open_umask: None) -> None:
    [path] = write_private([(tmp_path / "web.log", "line\n")])
    assert path.read_text() == "line\n" and mode(path) == 0o600


def test_an_existing_file_is_neither_truncated_nor_rechmodded(tmp_path: Path) -> None:
    path = tmp_path / "web.log"
    path.write_text("kept\n")
    path.chmod(0o644)
    with pytest.raises(FileExistsError, match="nothing was overwritten"):
        write_private([(path, "new\n")])
    assert path.read_text() == "kept\n" and mode(path) == 0o644


def test_a_symlink_at_the_name_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    (tmp_path / "web.log").symlink_to(victim)
    (tmp_path / "dangling.log").symlink_to(tmp_path / "nowhere")
    for name in ("web.log", "dangling.log"):
        with pytest.raises(FileExistsError):
            write_private([(tmp_path / name, "new\n")])
    assert victim.read_text() == "precious\n" and not (tmp_path / "nowhere").exists()


def test_a_taken_default_name_moves_on_to_the_next_number(tmp_path: Path) -> None:
    folder = tmp_path / "state" / "swarmtui"  # made on demand, private
    first = write_private([(folder / "web.log", "1\n")], renumber=True)
    second = write_private([(folder / "web.log", "2\n")], renumber=True)
    third = write_private([(folder / "web.log", "3\n")], renumber=True)
    assert [p.name for p in first + second + third] == ["web.log", "web-1.log", "web-2.log"]
    assert (folder / "web.log").read_text() == "1\n" and mode(folder) == 0o700


def test_a_report_and_its_twin_are_written_together_or_not_at_all(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text("someone else's\n")
    with pytest.raises(FileExistsError):
        write_report("# report\n", {"a": 1}, tmp_path / "r.md")
    assert not (tmp_path / "r.md").exists()  # not left without its twin
    markdown, twin = write_report("# report\n", {"a": 1}, tmp_path / "r.md", renumber=True)
    assert (markdown.name, twin.name) == ("r-1.md", "r-1.json")
    assert (tmp_path / "r.json").read_text() == "someone else's\n"


def test_the_json_twin_never_replaces_the_markdown() -> None:
    assert report_paths(Path("r.md")) == (Path("r.md"), Path("r.json"))
    assert report_paths(Path("r.json")) == (Path("r.md"), Path("r.json"))
    assert report_paths(Path("report")) == (Path("report"), Path("report.json"))
    assert report_paths(Path("r.txt")) == (Path("r.txt"), Path("r.txt.json"))


def test_report_o_json_keeps_both_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.json"
    assert launch.main(["--replay", str(RECORDING), "report", "-o", str(out)]) == 0
    assert "services_needing_attention" in json.loads(out.read_text())  # the JSON, as asked
    markdown = tmp_path / "r.md"
    assert markdown.read_text().startswith("#")
    assert mode(out) == 0o600 and mode(markdown) == 0o600
    said = capsys.readouterr().out
    assert str(markdown) in said and str(out) in said


def test_report_o_an_existing_file_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.md"
    out.write_text("yesterday's report\n")
    assert launch.main(["--replay", str(RECORDING), "report", "-o", str(out)]) != 0
    assert out.read_text() == "yesterday's report\n" and not (tmp_path / "r.json").exists()
    assert "already exists" in capsys.readouterr().err


def test_report_without_o_goes_to_the_state_directory(capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(2):  # the same second twice: a second name, not an overwrite
        assert launch.main(["--replay", str(RECORDING), "report"]) == 0
    written = sorted(saved_dir().glob("swarmtui-incident-*"))
    assert len(written) == 4 and all(mode(path) == 0o600 for path in written)
    assert str(saved_dir()) in capsys.readouterr().out


def test_saved_log_lines_are_masked() -> None:
    line = LogLine(0, "stdout", "connecting DB_PASSWORD=hunter2 to postgres://app:s3cret@db/x")
    text = saved_text([LogEntry(line, "web.1", "node1")])
    assert text.startswith("web.1@node1 connecting DB_PASSWORD=") and text.endswith("/x\n")
    assert "hunter2" not in text and "s3cret" not in text
