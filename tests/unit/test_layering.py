"""The Docker layer stays free of Textual, and the stylesheet ships inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.support.paths import ROOT


def test_docker_layer_imports_no_textual() -> None:
    code = (
        "import sys, swarmtui.docker, swarmtui.docker.health, swarmtui.docker.replay, "
        "swarmtui.docker.swarm_setup, swarmtui.docker.service_spec, swarmtui.docker.writes, "
        "swarmtui.rows, swarmtui.detail, swarmtui.format, swarmtui.stack, "
        "swarmtui.stack.deploy, swarmtui.stack.report, "
        "swarmtui.docker.stacks, swarmtui.stack_rows, swarmtui.headless\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"the Docker layer imported Textual: {result.stdout}"


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
        "import swarmtui, swarmtui.app\n"
        "from swarmtui.locations import styles_dir\n"
        "print(swarmtui.__file__); print(styles_dir()); print(swarmtui.app.SwarmTuiApp.CSS_PATH)"
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
