"""Settings: the file's values over the defaults, the command line's over both, a keymap, and a
value of the wrong type told in one sentence instead of a traceback."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from swarmtui.core.config import Settings, load_settings


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_file_then_command_line(tmp_path: Path) -> None:
    path = config(tmp_path, 'interval = 5\ntheme = "nord"\nread_only = true\n')
    settings = load_settings(path, {"interval": 1.5, "theme": None})
    assert (settings.interval, settings.theme, settings.read_only) == (1.5, "nord", True)
    assert load_settings(tmp_path / "missing.toml") == Settings()


def test_keymap_from_the_file(tmp_path: Path) -> None:
    path = config(tmp_path, '[keymap]\n"service.scale" = "S"\n"stack.deploy" = "ctrl+d"\n')
    settings = load_settings(path)
    assert dict(settings.keymap) == {"service.scale": "S", "stack.deploy": "ctrl+d"}
    assert Settings().keymap == {}
    with pytest.raises(TypeError):
        settings.keymap["service.scale"] = "X"  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.theme = "nord"  # type: ignore[misc]


def test_a_keymap_value_must_be_a_string(tmp_path: Path) -> None:
    path = config(tmp_path, '[keymap]\n"service.scale" = 5\n')
    with pytest.raises(ValueError) as error:
        load_settings(path)
    assert str(error.value) == (
        f'The keymap in {path}: entry "service.scale" must be a key string such as "S" or '
        '"ctrl+s", not 5.'
    )
    with pytest.raises(ValueError, match="keymap entry"):
        Settings(keymap={"service.scale": ["S"]})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="keymap in"):
        load_settings(config(tmp_path, 'keymap = "S"\n'))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('interval = "5"', "interval in {path} must be a number, not '5'."),
        ("full_tasks_every = true", "full_tasks_every in {path} must be a number, not True."),
        ('read_only = "yes"', "read_only in {path} must be true or false, not 'yes'."),
        ("host = 2376", "host in {path} must be a string, not 2376."),
    ],
)
def test_a_value_of_the_wrong_type_is_one_sentence(tmp_path: Path, text: str, said: str) -> None:
    path = config(tmp_path, text + "\n")
    with pytest.raises(ValueError) as error:
        load_settings(path)
    assert str(error.value) == said.format(path=path)


def test_the_command_line_reports_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from swarmtui import cli

    path = config(tmp_path, 'interval = "5"\n')
    assert cli.main(["--config", str(path)]) == 1
    err = capsys.readouterr().err
    assert err == f"swarmtui: interval in {path} must be a number, not '5'.\n"
