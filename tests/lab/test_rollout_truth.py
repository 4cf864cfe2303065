"""Rollouts that tell the truth, on the lab: a rollout that stalls, one that rolls back and one
that pauses, each named in the rollout panel, the header and the attention order, and
`swarmtui wait` (and `stack deploy --yes --wait`) exiting with its code and sentence.

The services start healthy and are then updated, all three at once, in the module's fixture:
- stall: the new tasks' health check never passes and its start period is ten minutes, so the
  first new task stays `starting` and the updater waits on it for good (failure action
  continue: nothing pauses), while the daemon still says `updating`;
- rollback: the new tasks exit after a second, failure action rollback;
- pause: the same, failure action pause.
Short monitors and delays, KILL stop signals and a 5 s stall margin keep each under a minute.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from textual.widgets import Label, Static

from swarmtui.render.attention import attention_groups
from swarmtui.ui.app import SwarmTuiApp
from tests.support.lab import Lab, first_poll, inspect, run_cli, select, wait_for

MARGIN_S = 5
FAST = (
    "--detach", "--no-resolve-image", "--replicas", "2", "--stop-signal", "KILL",
    "--stop-grace-period", "1s", "--update-parallelism", "1", "--update-delay", "1s",
    "--update-monitor", "2s", "--rollback-monitor", "1s", "--rollback-parallelism", "2",
)  # fmt: skip
EXITS = ("--args", "sh -c 'sleep 1; exit 3'")
NEVER_HEALTHY = (
    "--health-cmd", "false", "--health-interval", "1s", "--health-retries", "1",
    "--health-start-period", "10m",
)  # fmt: skip


@pytest.fixture(scope="module")
def rollouts(lab: Lab) -> Iterator[dict[str, str]]:
    """Case → service name, each update already started."""
    tag = uuid.uuid4().hex[:5]
    names = {case: f"{case}-{tag}" for case in ("stall", "rollback", "pause")}
    actions = {"stall": "continue", "rollback": "rollback", "pause": "pause"}
    try:
        for case, name in names.items():
            lab.docker(
                "service", "create", "--name", name, *FAST,
                "--update-failure-action", actions[case], "swarmlab/app:1",
            )  # fmt: skip
        for name in names.values():
            lab.settle(name)
        changes = {"stall": NEVER_HEALTHY, "rollback": EXITS, "pause": EXITS}
        for case, name in names.items():
            lab.docker(
                "service", "update", "--detach", "--no-resolve-image",
                "--image", "swarmlab/app:2", *changes[case], name,
            )  # fmt: skip
        yield names
    finally:
        for name in names.values():
            lab.docker("service", "rm", name, check=False)


def panel(app: SwarmTuiApp) -> str:
    if not app.main.has_class("-rollout"):
        return ""
    title = str(app.main.query_one("#rollout-title", Label).render())
    return title + "\n" + str(app.main.query_one("#rollout", Static).render())


def header(app: SwarmTuiApp) -> str:
    return str(app.main.query_one("#header").render())


def update(lab: Lab, name: str) -> dict:
    return inspect(lab, "service", name).get("UpdateStatus") or {}


async def test_each_rollout_is_named_in_the_panel_header_and_order(
    lab: Lab, lab_app, rollouts: dict[str, str]
) -> None:  # noqa: ANN001
    app = lab_app(stall_margin=MARGIN_S)
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        # The paused service's new tasks crash as well: it may count as failing, which comes
        # first. A completed rollback counts as failing for a moment too (its slot restarted).
        await wait_for(
            pilot,
            lambda: "1 stalled · 1 rolled back" in header(app),
            timeout=90,
            what="the header to count a stalled and a rolled back service",
        )
        await select(pilot, app, "service", rollouts["stall"])
        await wait_for(pilot, lambda: "stalled" in panel(app), what="the stall in the panel")
        text = panel(app)
        assert f"Update of {rollouts['stall']}: stalled" in text
        assert "No slot has moved for" in text and "monitor 2s + delay 1s + 5s margin" in text
        assert "starting" in text  # where it stands: the new task that never gets healthy
        assert update(lab, rollouts["stall"])["State"] == "updating"  # the daemon's word

        await select(pilot, app, "service", rollouts["rollback"])
        await wait_for(
            pilot, lambda: "the update failed" in panel(app), what="the rollback in the panel"
        )
        text = panel(app)
        assert f"Rollback of {rollouts['rollback']}: rollback completed: the update failed" in text
        # The reason the daemon gave as the rollback started, though it now says only
        # "rollback completed".
        assert "Rolled back: update rolled back due to failure or early termination" in text
        assert update(lab, rollouts["rollback"])["State"] == "rollback_completed"

        await select(pilot, app, "service", rollouts["pause"])
        await wait_for(pilot, lambda: "paused" in panel(app), what="the pause in the panel")
        assert update(lab, rollouts["pause"])["Message"] in panel(app)

        # Attention order: paused, then stalled, then rolled back, all before the services
        # the scheduler cannot place and the healthy ones.
        pane = app.main.services_pane

        def order() -> list[str]:
            return [app.snapshot.service_by_id[key].name for key in pane.row_keys]

        def places() -> list[int]:
            listed = order()
            return [listed.index(rollouts[case]) for case in ("pause", "stall", "rollback")]

        def groups() -> dict[str, str]:
            found = attention_groups(app.snapshot, app.main.cluster_view().facts)
            return {app.snapshot.service_by_id[key].name: group for key, group in found.items()}

        # A verdict can flip for a moment on a loaded machine (a slot of the stall moving, a
        # rollback's restarted slot failing): the order is the one its groups give, once.
        try:
            await wait_for(
                pilot, lambda: places() == sorted(places()), timeout=30, what="the order"
            )
        except AssertionError as error:
            raise AssertionError(f"{error}: {order()}, {groups()}") from None
        assert max(places()) < min(order().index("pending"), order().index("web")), (
            order(),
            groups(),
        )


def wait_cli(lab: Lab, *args: str) -> tuple[int, str, str]:
    result = run_cli("--host", lab.host(), "wait", *args, timeout=120)
    return result.returncode, result.stdout, result.stderr


def test_wait_exits_with_each_failures_code_and_sentence(
    lab: Lab, rollouts: dict[str, str]
) -> None:
    stall, rollback, pause = (rollouts[case] for case in ("stall", "rollback", "pause"))
    code, out, err = wait_cli(lab, "--stall-margin", str(MARGIN_S), stall)
    assert code == 6, (out, err)
    assert f"{stall}: the rollout stalled at " in err and "no slot has moved for" in err
    assert "starting" in err

    code, out, err = wait_cli(lab, rollback)
    assert code == 5, (out, err)
    assert f"{rollback}: the update failed and was rolled back" in err
    assert "failed: task: non-zero exit (3)" in err  # why, though the daemon no longer says

    code, out, err = wait_cli(lab, pause)
    assert code == 4, (out, err)
    message = update(lab, pause)["Message"]
    assert f"{pause}: the update paused" in err and message in err

    # Out of time: a margin too long to call the stall, and a short timeout.
    code, out, err = wait_cli(lab, "--stall-margin", "600", "--timeout", "2", stall)
    assert code == 7, (out, err)
    assert f"{stall}: not converged after " in err and ": updating, 0/2 running" in err

    code, out, err = wait_cli(lab, "no-such-service")
    assert code == 2 and "No such service: no-such-service." in err


COMPOSE = """
services:
  app:
    image: swarmlab/app:{tag}
    {command}
    stop_signal: KILL
    stop_grace_period: 1s
    deploy:
      replicas: 2
      update_config: {{parallelism: 1, delay: 1s, monitor: 2s, failure_action: rollback}}
      rollback_config: {{parallelism: 2, monitor: 1s}}
"""


def test_stack_deploy_waits_and_fails_on_a_rollback(lab: Lab, stack: str, tmp_path) -> None:  # noqa: ANN001
    good, bad = tmp_path / "good.yml", tmp_path / "bad.yml"
    good.write_text(COMPOSE.format(tag=1, command=""))
    bad.write_text(COMPOSE.format(tag=2, command="command: [sh, -c, 'sleep 1; exit 3']"))

    def deploy(file: object) -> tuple[int, str, str]:
        result = run_cli(
            "--host", lab.host(), "stack", "deploy", "-c", str(file),
            "--resolve-image", "never", "--yes", "--wait", stack, timeout=150,
        )  # fmt: skip
        return result.returncode, result.stdout, result.stderr

    code, out, err = deploy(good)
    assert code == 0, (out, err)
    assert f"{stack}_app: converged, 2/2 running the current spec." in out

    code, out, err = deploy(bad)
    assert code == 5, (out, err)
    assert f"{stack}_app: updating" in out  # progress as it goes, one line per change
    assert f"{stack}_app: the update failed and was rolled back" in err
    why = ("update rolled back due to failure or early termination of task", "non-zero exit (3)")
    assert any(words in err for words in why), err
    assert len([line for line in out.splitlines() if line.startswith(f"{stack}_app: ")]) < 20
    spec = inspect(lab, "service", f"{stack}_app")["Spec"]["TaskTemplate"]["ContainerSpec"]
    assert spec["Image"].startswith("swarmlab/app:1")  # rolled back, as the exit code says


def test_report_names_the_stall_and_the_rollback(
    lab: Lab, rollouts: dict[str, str], tmp_path
) -> None:  # noqa: ANN001
    config = tmp_path / "config.toml"
    config.write_text(f"stall_margin = {MARGIN_S}\n")
    out = tmp_path / "r.md"
    result = run_cli(
        "--host", lab.host(), "--config", str(config), "--no-node-access", "report", "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(out.with_suffix(".json").read_text())
    listed = {s["name"]: s for s in data["services_needing_attention"]}
    stall, rollback = listed[rollouts["stall"]], listed[rollouts["rollback"]]
    assert stall["group"] == "stalled" and stall["update"]["stalled"]["limit_s"] == 3 + MARGIN_S
    assert rollback["group"] in ("rolled_back", "failing")  # failing for a moment after
    assert rollback["update"]["state"] == "rollback_completed"
    # Not seen as it started: its cause is the task that failed since the update started.
    assert "failed: task: non-zero exit (3)" in rollback["update"]["reason"]
    assert data["summary"]["groups"]["stalled"] == 1
    markdown = out.read_text()
    assert f"### {rollouts['stall']}: rollout stalled" in markdown
    assert "- Stalled: no slot has moved for " in markdown
