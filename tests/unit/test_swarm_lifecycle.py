"""The swarm lifecycle without a daemon: the locked manager named (API errors, /info, the
command line), the settings read and written as whole specs with their version, durations,
what leaving does to the quorum, and the unlock key kept out of every message."""

from __future__ import annotations

import copy
import importlib
import json
from collections.abc import Callable

import pytest
import requests
from docker.errors import APIError

from swarmtui import cli
from swarmtui.core.config import Settings
from swarmtui.docker.error_mapping import explain_api_error
from swarmtui.docker.errors import (
    DaemonError,
    NotInSwarm,
    SwarmError,
    SwarmLocked,
    VersionConflict,
    WriteRefused,
)
from swarmtui.docker.head_start import HeadStart
from swarmtui.docker.protocol import Json, SwarmApi
from swarmtui.docker.reader import SwarmReader
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.secrets import MASK
from swarmtui.docker.swarm_lifecycle import (
    NOT_LOCKED,
    WRONG_KEY,
    edit_setting,
    format_duration,
    leave_consequence,
    mask_unlock_key,
    parse_duration,
    parse_swarm_settings,
    rotate_unlock_key,
    set_autolock,
    unlock,
)
from swarmtui.render.swarm import swarm_settings_text
from tests.support.replay import RECORDING

KEY = "SWMKEY-1-PNqQD01jwpmMQaLoOlcJR9xFEJv4VABiezD6CqK1r54"
LOCKED_TEXT = (
    'Swarm is encrypted and needs to be unlocked before it can be used. Please use "docker '
    'swarm unlock" to unlock it.'
)


def api_error(status: int, message: str) -> APIError:
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps({"message": message}).encode()
    return APIError(message, response=response, explanation=message)


def recorded_swarm() -> Json:
    return json.loads((RECORDING / "info.json").read_text())["Swarm"]["Cluster"]


class Swarm(ReplayApi):
    """The recording's swarm, whose updates are kept; `conflicts` first answers are stale."""

    def __init__(self, conflicts: int = 0, unlock_error: str = "") -> None:
        super().__init__(RECORDING)
        self.swarm = recorded_swarm()
        self.sent: list[tuple[int, Json, bool]] = []
        self.conflicts = conflicts
        self.unlock_error = unlock_error
        self.key = KEY

    def inspect_swarm(self) -> Json:
        return copy.deepcopy(self.swarm)

    def update_swarm(  # type: ignore[override]
        self, version: int, spec: Json, rotate_unlock_key: bool = False, **rotate: bool
    ) -> None:
        if self.conflicts:
            self.conflicts -= 1
            raise DaemonError("rpc error: update out of sequence")
        self.sent.append((version, spec, rotate_unlock_key))
        if rotate_unlock_key:
            self.key = KEY[:-4] + "ZZZZ"

    def unlock_key(self) -> str:  # type: ignore[override]
        return self.key

    def unlock_swarm(self, key: str) -> None:  # type: ignore[override]
        if self.unlock_error:
            raise DaemonError(self.unlock_error)


def test_a_locked_manager_is_named_by_its_answers_and_by_info() -> None:
    error = explain_api_error(api_error(503, LOCKED_TEXT))
    assert isinstance(error, SwarmLocked) and isinstance(error, NotInSwarm)
    assert str(error).startswith("The swarm is locked: this manager restarted with autolock on")
    leave = explain_api_error(
        api_error(503, "You are attempting to leave the swarm on a node that is participating")
    )
    assert type(leave) is DaemonError  # a refusal to leave is no "not in a swarm"
    api = ReplayApi(RECORDING)
    info = api.info()
    api.info = lambda: {**info, "Swarm": {**info["Swarm"], "LocalNodeState": "locked"}}  # type: ignore[method-assign]
    with pytest.raises(SwarmLocked, match="the swarm is locked"):
        SwarmReader(api).check_manager()


def test_the_settings_are_read_from_the_swarm() -> None:
    settings = parse_swarm_settings(
        {
            **recorded_swarm(),
            "DataPathPort": 4789,
            "SubnetSize": 24,
            "DefaultAddrPool": ["10.0.0.0/8"],
            "TLSInfo": {"CertIssuerSubject": "MBMxETAPBgNVBAMTCHN3YXJtLWNh"},
        }
    )
    assert (settings.task_history_limit, settings.heartbeat_ns) == (5, 5 * 10**9)
    assert format_duration(settings.cert_expiry_ns) == "90d"
    assert not settings.autolock and not settings.root_rotation_in_progress
    assert settings.ca_issuer == "swarm-ca"  # the lab's TLSInfo.CertIssuerSubject, decoded
    text = swarm_settings_text(settings, read_only=False).plain
    assert parse_swarm_settings({"TLSInfo": {"CertIssuerSubject": "not base64!"}}).ca_issuer == ""
    for said in (
        "root CA                  swarm-ca",
        "task history limit",
        "5   [t]",
        "90d",
        "10.0.0.0/8 (subnets of /24)",
        "4789",
    ):
        assert said in text
    assert "[t]" not in swarm_settings_text(settings, read_only=True).plain


def test_durations_read_and_write_as_an_operator_types_them() -> None:
    assert parse_duration("90d", "x") == 90 * 86400 * 10**9
    assert parse_duration(" 1h30m ", "x") == 5400 * 10**9
    assert format_duration(5400 * 10**9) == "1h30m" and format_duration(500 * 10**6) == "500ms"
    for bad in ("", "5", "5 s", "-5s", "5y", "1h 30m"):
        with pytest.raises(WriteRefused, match="write it like 5s"):
            parse_duration(bad, "heartbeat")


def test_an_edit_posts_the_whole_spec_with_its_version_and_retries_a_stale_one() -> None:
    api = Swarm(conflicts=1)
    edit_setting(api, "task_history", 9)
    ((version, spec, rotated),) = api.sent
    expected = copy.deepcopy(recorded_swarm()["Spec"])
    expected["Orchestration"]["TaskHistoryRetentionLimit"] = 9
    assert (version, spec, rotated) == (recorded_swarm()["Version"]["Index"], expected, False)
    with pytest.raises(VersionConflict):
        edit_setting(Swarm(conflicts=2), "heartbeat", 10**9)


def test_autolock_returns_the_key_once_and_rotation_needs_autolock() -> None:
    api = Swarm()
    assert set_autolock(api, True) == KEY
    assert api.sent[-1][1]["EncryptionConfig"] == {"AutoLockManagers": True}
    assert set_autolock(api, False) == ""
    with pytest.raises(WriteRefused, match="Autolock is off"):
        rotate_unlock_key(api)
    api.swarm["Spec"]["EncryptionConfig"]["AutoLockManagers"] = True
    assert rotate_unlock_key(api) != KEY and api.sent[-1][2]
    assert mask_unlock_key(KEY) == "SWMKEY-1-" + MASK


@pytest.mark.parametrize(
    ("daemon", "said"),
    [
        ("invalid key string", WRONG_KEY),
        (f"bad key {KEY}", WRONG_KEY),
        ("swarm is not locked", NOT_LOCKED),
    ],
)
def test_an_unlock_refusal_is_one_sentence_without_the_key(daemon: str, said: str) -> None:
    with pytest.raises(DaemonError) as refused:
        unlock(Swarm(unlock_error=daemon), KEY)
    assert str(refused.value) == said and refused.value.__cause__ is None
    with pytest.raises(WriteRefused, match="Type the unlock key"):
        unlock(Swarm(), "  ")


def test_leaving_says_what_it_does_to_the_quorum() -> None:
    said, last = leave_consequence("node1", 1, 1)
    assert last and "only manager" in said and "cannot be undone" in said
    said, last = leave_consequence("node1", 3, 3)
    assert not last and said.startswith("3 managers → 2: one more loss stops the swarm.")
    assert "survives the loss of 1 more" in leave_consequence("node1", 5, 5)[0]
    assert "stops at once" in leave_consequence("node1", 3, 2)[0]


class Dashboard:
    def __init__(self) -> None:
        self.ran = 0

    def run(
        self,
        settings: Settings,
        api_factory: Callable[[], SwarmApi],
        head_start: HeadStart | None = None,
    ) -> None:
        self.ran += 1
        if head_start is not None:
            head_start.close()

    def offer_swarm_init(self, *args: object) -> bool:
        raise AssertionError("a locked swarm is no swarm to initialize")


class Locked(ReplayApi):
    def info(self) -> Json:
        info = super().info()
        return {**info, "Swarm": {**info["Swarm"], "LocalNodeState": "locked"}}


@pytest.mark.parametrize(
    ("argv", "tty", "exit_code", "said"),
    [
        (["--read-only"], True, 1, "swarmtui runs read-only, so it cannot unlock it."),
        ([], False, 1, "Run swarmtui in a terminal to type the key."),
        ([], True, 0, ""),
    ],
)
def test_the_command_line_opens_the_dashboard_on_a_locked_manager_only_when_it_can_ask(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    tty: bool,
    exit_code: int,
    said: str,
) -> None:
    monkeypatch.setattr(
        importlib.import_module("swarmtui.cli.main"),
        "_api_factory",
        lambda settings, replay: lambda: Locked(RECORDING),
    )
    monkeypatch.setattr("sys.stdin.isatty", lambda: tty)
    monkeypatch.setattr("sys.stdout.isatty", lambda: tty)
    dashboard = Dashboard()
    assert cli.main(argv, dashboard) == exit_code  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert dashboard.ran == (exit_code == 0)
    if said:
        assert "is locked" in err and err.rstrip().endswith(said)


def test_a_key_that_cannot_be_read_after_the_change_says_the_change_was_made() -> None:
    api = Swarm()

    def unreadable() -> str:
        raise DaemonError("connection reset")

    api.unlock_key = unreadable  # type: ignore[method-assign]
    with pytest.raises(SwarmError, match=r"^Autolock is on, but its unlock key could not be read"):
        set_autolock(api, True)
    assert api.sent  # the change went through: the error must not read as "nothing changed"
