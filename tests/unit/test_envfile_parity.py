"""env_file lines as docker reads them (docker/cli pkg/kvfile, bufio.ScanLines): cut at "\\n"
only, one "\\r" before it dropped, Go's spaces stripped from the start, lines up to 64 KiB;
and the compose formats stack deploy knows, as docker/cli's schemas name them."""

from __future__ import annotations

from pathlib import Path

import pytest

from swarmtui.stack import load
from swarmtui.stack.envfile import MAX_LINE_BYTES, read_env_file
from swarmtui.stack.schema_versions import LATEST, VERSIONS
from tests.support.compose import errors_of, write

SERVICE = "services:\n  web:\n    image: swarmlab/app:1\n    env_file: app.env\n"


def _read(tmp_path: Path, data: bytes, environ: dict[str, str] | None = None) -> dict:
    (tmp_path / "app.env").write_bytes(data)
    return read_env_file(str(tmp_path / "app.env"), environ or {})


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"A=1\r\nB=two words \r\n", {"A": "1", "B": "two words "}),
        (b"A=x\ry\nB=2", {"A": "x\ry", "B": "2"}),  # a lone \r is part of the value
        (b"A=a\r\r\n", {"A": "a\r"}),  # one \r before the newline goes, not two
        (b"A=page\x0cbreak\n", {"A": "page\x0cbreak"}),
        (b"A=group\x1dsep\n", {"A": "group\x1dsep"}),
        ("A=one\u2028two\u2029three\x85four\n".encode(), {"A": "one\u2028two\u2029three\x85four"}),
        ("\ufeffA=1\n".encode(), {"A": "1"}),  # a BOM before the first line
        ("\u3000\u2028 A=1\n".encode(), {"A": "1"}),  # Go's spaces before the name
        (b"\x1cA=1\n", {"\x1cA": "1"}),  # not a space to Go: part of the name
        (b"\n\r\n  # comment\r\n", {}),
    ],
)
def test_lines_are_cut_as_docker_cuts_them(tmp_path: Path, data: bytes, expected: dict) -> None:
    assert _read(tmp_path, data) == expected


def test_a_bare_name_after_a_form_feed_is_still_a_bare_name(tmp_path: Path) -> None:
    # splitlines() made "B" a line of its own, taking the environment's value.
    assert _read(tmp_path, b"A=1\x0cB\n", {"B": "env"}) == {"A": "1\x0cB"}


def test_crlf_values_reach_the_service_whole(tmp_path: Path) -> None:
    (tmp_path / "app.env").write_bytes(b"MODE=x\ry\r\nNOTE=a\x0cb\xe2\x80\xa8c\r\n")
    file = write(tmp_path, "s.yml", SERVICE)
    environment = load([file], {}).services["web"]["environment"]
    assert environment == {"MODE": "x\ry", "NOTE": "a\x0cb\u2028c"}


def test_a_line_longer_than_docker_reads_is_refused(tmp_path: Path) -> None:
    longest = b"A=" + b"x" * (MAX_LINE_BYTES - 2)
    assert _read(tmp_path, longest + b"\n") == {"A": "x" * (MAX_LINE_BYTES - 2)}
    assert _read(tmp_path, longest) == {"A": "x" * (MAX_LINE_BYTES - 2)}
    (tmp_path / "app.env").write_bytes(b"B=1\n" + longest + b"x\r\n")
    file = write(tmp_path, "s.yml", SERVICE)
    [error] = errors_of([file])
    assert f"{tmp_path / 'app.env'}:2: the line is longer than docker reads (65536 bytes" in error


def test_the_newest_format_is_docker_clis_newest() -> None:
    # docker/cli cli/compose/schema/schema.go: defaultVersion "3.13", schemas v3.0 … v3.13
    # (a v3.14 was added and reverted, so a file saying 3.14 is refused by docker too).
    assert VERSIONS == (
        "3.0",
        "3.1",
        "3.2",
        "3.3",
        "3.4",
        "3.5",
        "3.6",
        "3.7",
        "3.8",
        "3.9",
        "3.10",
        "3.11",
        "3.12",
        "3.13",
    )
    assert LATEST == "3.13"
