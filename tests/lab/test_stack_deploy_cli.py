"""`swarmtui stack deploy` for scripts, end to end on the lab: a plan first, changes only with
--yes, a no-op redeploy, and exit codes that tell validation and daemon errors apart."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from swarmtui.core.audit import read_entries
from tests.support.lab import Lab, run_cli, stack_services
from tests.support.paths import COMPOSE


def swarmtui(lab: Lab, *args: str, host: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli("--host", host or lab.host(), *args, timeout=180)


def test_plan_then_deploy_then_nothing_to_change(lab: Lab, stack: str, audit_log) -> None:  # noqa: ANN001
    apis = str(COMPOSE / "apis.yml")
    shown = swarmtui(lab, "stack", "deploy", "-c", apis, "--resolve-image", "never", stack)
    assert shown.returncode == 1, shown.stderr
    assert f"  + service {stack}_api1" in shown.stdout.splitlines()
    assert shown.stdout.splitlines()[-1] == "Plan: 3 to create."  # a network, two services
    assert "add --yes" in shown.stderr and stack_services(lab, stack) == {}

    done = swarmtui(lab, "stack", "deploy", "-c", apis, "--resolve-image", "never", "--yes", stack)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Created service {stack}_api2." in done.stdout
    versions = stack_services(lab, stack)
    assert set(versions) == {f"{stack}_api1", f"{stack}_api2"}

    again = swarmtui(lab, "stack", "deploy", "-c", apis, "--resolve-image", "never", "--yes", stack)
    assert again.returncode == 0 and "Nothing to change." in again.stdout
    assert stack_services(lab, stack) == versions  # no version bump: nothing was sent
    entries = read_entries(audit_log)
    assert [(e["action"], e["outcome"]) for e in entries] == [
        ("deploy-stack", "started"),  # the intent, before anything was sent
        ("deploy-stack", "ok"),
    ]


def test_unresolvable_images_are_deployed_as_written_with_a_warning(
    lab: Lab, stack: str, tmp_path: Path
) -> None:
    # No registry is reachable from the lab: the digest question fails, quickly.
    compose = tmp_path / "plain.yml"
    compose.write_text(
        "services:\n  one:\n    image: swarmlab/app:1\n  two:\n    image: swarmlab/app:1\n"
    )
    done = swarmtui(lab, "stack", "deploy", "-c", str(compose), "--yes", stack)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "could not resolve swarmlab/app:1 to a digest" in done.stdout
    assert done.stdout.count("could not resolve") == 2  # one warning per service
    for name in stack_services(lab, stack):
        image = json.loads(lab.docker("service", "inspect", name))[0]["Spec"]["TaskTemplate"][
            "ContainerSpec"
        ]["Image"]
        assert image == "swarmlab/app:1"


def test_invalid_files_exit_2_and_change_nothing(lab: Lab, stack: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "services:\n  web:\n    image: swarmlab/app:1\n    deploy:\n      replicas: lots\n"
    )
    result = swarmtui(lab, "stack", "deploy", "-c", str(bad), "--yes", stack)
    assert result.returncode == 2
    assert "replicas" in result.stderr and "lots" in result.stderr
    assert stack_services(lab, stack) == {}


def test_a_daemon_that_is_not_there_exits_3(lab: Lab, stack: str, tmp_path: Path) -> None:
    gone = f"unix://{tmp_path}/no-daemon.sock"
    result = swarmtui(
        lab, "stack", "deploy", "-c", str(COMPOSE / "apis.yml"), "--yes", stack, host=gone
    )
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr


def test_a_deploy_refused_part_way_says_what_was_done_and_continues(
    lab: Lab, stack: str, tmp_path: Path
) -> None:
    secret = tmp_path / "password.txt"
    secret.write_text("first\n")
    compose = tmp_path / "stack.yml"
    compose.write_text(
        "services:\n  one:\n    image: swarmlab/app:1\n    secrets: [password]\n"
        f"secrets:\n  password:\n    file: {secret}\n"
    )
    deploy = ("stack", "deploy", "-c", str(compose), "--resolve-image", "never", "--yes", stack)
    assert swarmtui(lab, *deploy).returncode == 0
    # A new network (created first) and a changed secret, which the daemon refuses next.
    secret.write_text("second\n")
    compose.write_text(
        "services:\n  one:\n    image: swarmlab/app:1\n    secrets: [password]\n"
        "    networks: [extra]\nnetworks:\n  extra: {}\n"
        f"secrets:\n  password:\n    file: {secret}\n"
    )
    refused = swarmtui(lab, *deploy)
    assert refused.returncode == 3, refused.stdout + refused.stderr
    assert "second" not in refused.stdout + refused.stderr
    assert f"Could not update secret {stack}_password" in refused.stderr
    assert "only updates to Labels are allowed" in refused.stderr
    assert f"name: {stack}_password_v2" in refused.stderr
    assert f"Already done, in order: created network {stack}_extra." in refused.stderr
    again = swarmtui(lab, "stack", "deploy", "-c", str(compose), "--resolve-image", "never", stack)
    assert f"    network {stack}_extra (unchanged)" in again.stdout.splitlines()
    assert "content not compared" in again.stdout
