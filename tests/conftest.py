"""Fixtures for every test: a private audit log, and the replayed lab recording."""

from __future__ import annotations

from pathlib import Path

import pytest

from swarmtui.docker.replay import ReplayApi
from tests.support.replay import RECORDING


@pytest.fixture(autouse=True)
def audit_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes its audit entries to a file of its own, never the user's."""
    path = tmp_path / "audit.log"
    monkeypatch.setenv("SWARMTUI_AUDIT_LOG", str(path))
    return path


@pytest.fixture
def recording() -> ReplayApi:
    return ReplayApi(RECORDING)
