"""The stylesheet ships inside the wheel. (Which layer may import what is import-linter's
job: see [tool.importlinter] in pyproject.toml.)"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.support.paths import ROOT


def test_non_editable_install_finds_the_stylesheet(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(wheels.glob("swarmtui-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        assert "swarmtui/styles/swarmtui.tcss" in archive.namelist()
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import swarmtui, swarmtui.ui.app\n"
        "from swarmtui.core.locations import styles_dir\n"
        "print(swarmtui.__file__); print(styles_dir()); print(swarmtui.ui.app.SwarmTuiApp.CSS_PATH)"
    )
    # Run from an empty folder so the checkout's own styles/ cannot be picked up.
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    module_file, styles, css_path = result.stdout.splitlines()
    assert module_file.startswith(str(target))
    assert styles == str(target / "swarmtui" / "styles")
    assert str(target) in css_path
