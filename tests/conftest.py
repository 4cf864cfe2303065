"""Fixtures for every test: a private audit log and state directory, the replayed lab
recording, and a check that the suite left no new file in the checkout."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from swarmtui.docker.replay import ReplayApi
from tests.support.paths import ROOT
from tests.support.replay import RECORDING


@pytest.fixture(autouse=True)
def audit_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes its audit entries to a file of its own, never the user's."""
    path = tmp_path / "audit.log"
    monkeypatch.setenv("SWARMTUI_AUDIT_LOG", str(path))
    return path


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Saved logs, reports and the ssh log go to the test's own state directory (read it with
    swarmtui.core.files.saved_dir()), never the user's nor the checkout; the user's config
    is not read either."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "state"


def _untracked() -> set[str] | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=all"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None  # not a git checkout (an unpacked sdist): nothing to compare
    return {line for line in result.stdout.splitlines() if line.startswith("??")}


@pytest.fixture(scope="session", autouse=True)
def checkout_left_clean() -> Iterator[None]:
    """A test that saves a file without choosing where once committed its output at the
    repository's root: any file the run adds to the checkout fails it. Only new untracked
    files count, so a run on a tree being edited is not failed for the edits (.ci/run checks
    the whole tree after the suite)."""
    before = _untracked()
    yield
    after = _untracked()
    if before is not None and after is not None and after - before:
        added = "\n".join(sorted(after - before))
        pytest.fail(f"the tests left files in the checkout:\n{added}", pytrace=False)


@pytest.fixture
def recording() -> ReplayApi:
    return ReplayApi(RECORDING)
