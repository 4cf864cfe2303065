"""Shared fixtures: the replayed lab recording for deterministic UI tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from swarmtui.ui.app import SwarmTuiApp
from swarmtui.core.config import Settings
from swarmtui.docker.protocol import SwarmApi
from swarmtui.docker.parse import parse_time
from swarmtui.docker.replay import ReplayApi

RECORDING = Path(__file__).parent / "data" / "lab"


ROLLOUT_RECORDING = Path(__file__).parent / "data" / "rollout"
"""The lab with web part way through a rolling update (tests/record_lab.py --rollout)."""


def recorded_at(folder: Path = RECORDING) -> datetime:
    stamp = parse_time(ReplayApi(folder).recorded_at)
    assert stamp is not None
    return stamp


def replay_app(folder: Path = RECORDING, **settings: object) -> SwarmTuiApp:
    """The dashboard over a lab recording, its clock frozen at the moment of recording."""
    frozen = recorded_at(folder)

    def factory() -> SwarmApi:
        return ReplayApi(folder)

    return SwarmTuiApp(
        Settings(**settings),
        factory,
        clock=lambda: frozen,  # type: ignore[arg-type]
        follow_events=False,
    )


@pytest.fixture(autouse=True)
def audit_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes its audit entries to a file of its own, never the user's."""
    path = tmp_path / "audit.log"
    monkeypatch.setenv("SWARMTUI_AUDIT_LOG", str(path))
    return path


@pytest.fixture
def recording() -> ReplayApi:
    return ReplayApi(RECORDING)


@pytest.fixture
def make_replay_app() -> Callable[..., SwarmTuiApp]:
    return replay_app
