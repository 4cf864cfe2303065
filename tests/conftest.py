"""Fixtures for every test: a private audit log, and the replayed lab recording."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from swarmtui.app import SwarmTuiApp
from swarmtui.docker.replay import ReplayApi
from tests.support.replay import RECORDING, replay_app


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
