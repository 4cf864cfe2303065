"""Write the README's screenshots into screenshots/ from the lab recording.

    .venv/bin/python scripts/screenshots.py          # from the recording
    .venv/bin/python scripts/screenshots.py --lab    # deploy-converging.svg, from the live lab
    .venv/bin/python scripts/screenshots.py --browser  # serve-browser.png, headless Chromium
    .venv/bin/python scripts/screenshots.py --lab-stats  # task-figures.svg, top.svg: live lab
    .venv/bin/python scripts/screenshots.py --lab-rotation  # rotation-160x48.svg: live lab

Uses the replayed lab recording with a frozen clock, so the pictures change only when the UI
or the recording does; the one picture of a live deploy needs the lab up.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The dashboard over the recording with its clock frozen, as the snapshot tests build it: the
# helpers the tests share (tests/support), not a copy of them.

from swarmtui.core.config import Settings  # noqa: E402
from swarmtui.core.context_settings import ContextSettings  # noqa: E402
from tests.support.contexts import add_context  # noqa: E402
from tests.support.replay import (  # noqa: E402
    RECORDING,
    ROLLOUT_RECORDING,
    replay_app,
    replay_on_context,
)
from tests.support.screen import select_node, select_service  # noqa: E402

OUT = ROOT / "screenshots"
OBJECTS_RECORDING = ROOT / "tests" / "data" / "objects"
"""A recording with networks, secrets, configs and an hour of events."""


async def shoot(
    name: str,
    size: tuple[int, int],
    steps: Callable[[object], Awaitable[None]] | None = None,
    recording: Path = RECORDING,
) -> None:
    app = replay_app(recording)
    async with app.run_test(size=size) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.polling.polls_done:
                break
        if steps is not None:
            await steps(pilot)
        await pilot.pause(0.5)  # last words are read on a worker
        app.save_screenshot(f"{name}.svg", str(OUT))
    print(f"wrote screenshots/{name}.svg")


async def failing_selected(pilot) -> None:  # noqa: ANN001
    select_service(pilot.app, "crashloop")
    await pilot.pause()


async def web_rolling_out(pilot) -> None:  # noqa: ANN001
    select_service(pilot.app, "web")
    await pilot.pause()


async def drain_node3(pilot) -> None:  # noqa: ANN001
    await pilot.press("2")
    select_node(pilot.app, "node3")
    await pilot.pause()
    await pilot.press("d")


async def deploy_plan(pilot) -> None:  # noqa: ANN001
    await pilot.press("D")
    await pilot.pause()
    screen = pilot.app.screen
    screen.query_one("#deploy-files").value = "tests/compose/shop-v2.yml"  # from ROOT
    screen.query_one("#deploy-stack").value = "shop"
    screen.query_one("#deploy-resolve").value = "never"
    screen.query_one("#deploy-stack").focus()
    await pilot.press("enter")
    for _ in range(100):
        await pilot.pause(0.05)
        if "Stack shop" in str(screen.query_one("#deploy-plan").render()):
            break


async def why_pending(pilot) -> None:  # noqa: ANN001
    select_service(pilot.app, "pending")
    await pilot.pause()
    await pilot.press("4")
    await pilot.pause(0.3)


async def logs_of_web(pilot) -> None:  # noqa: ANN001
    select_service(pilot.app, "web")
    await pilot.pause()
    await pilot.press("g")
    await pilot.pause(1.0)


async def inspect_web(pilot) -> None:  # noqa: ANN001
    select_service(pilot.app, "web")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause(0.5)
    # Search for the environment, so the masked password is in view.
    await pilot.press("slash", *"Env:", "enter")
    await pilot.pause(0.3)


async def events_view(pilot) -> None:  # noqa: ANN001
    import json

    from swarmtui.docker.events import parse_event

    # A replayed app follows no stream: give it the recording's hour of events, as the
    # follower would on opening one.
    recorded = json.loads((OBJECTS_RECORDING / "events.json").read_text())
    for raw in recorded:
        pilot.app.event_history.add(parse_event(raw), replayed=True)
    await pilot.press("E")
    await pilot.pause(0.5)


async def lint_view(pilot) -> None:  # noqa: ANN001
    await pilot.press("W")
    for _ in range(100):
        await pilot.pause(0.05)
        if getattr(pilot.app.screen, "findings", ()):
            break
    screen = pilot.app.screen
    rows = [f.update is not None and f.name == "web" for f in screen.findings]
    screen.query_one("#lint").move_cursor(row=rows.index(True))
    await pilot.pause(0.2)


async def press(*keys: str) -> Callable[[object], Awaitable[None]]:
    async def steps(pilot) -> None:  # noqa: ANN001
        await pilot.press(*keys)

    return steps


async def deploy_converging() -> None:
    """Against the live lab (`--lab`): the two-API stack moved to tag 2 through the deploy
    screen, caught while the rollout panel follows it."""
    import subprocess
    import tempfile

    from swarmtui.core.config import Settings
    from swarmtui.docker.client import DockerApi
    from swarmtui.docker.connection import Endpoint
    from swarmtui.ui.app import SwarmTuiApp

    swarmlab = str(ROOT / "lab" / "swarmlab")
    host = subprocess.check_output([swarmlab, "host", "node1"], text=True).strip()
    docker = ["docker", "-H", host]
    apis = ROOT / "tests" / "compose" / "apis.yml"
    subprocess.run(
        [*docker, "stack", "deploy", "--resolve-image", "never", "-c", str(apis), "apis"],
        check=True,
        capture_output=True,
    )
    with tempfile.TemporaryDirectory() as folder:
        moved = Path(folder) / "apis.yml"
        moved.write_text(apis.read_text().replace("swarmlab/app:1", "swarmlab/app:2"))
        app = SwarmTuiApp(Settings(), lambda: DockerApi(Endpoint(host, "lab")))
        try:
            async with app.run_test(size=(160, 48)) as pilot:
                while not app.polling.polls_done:
                    await pilot.pause(0.1)
                await asyncio.sleep(8)  # let the first deploy converge
                await pilot.press("D")
                await pilot.pause()
                screen = app.screen
                screen.query_one("#deploy-files").value = str(moved)
                screen.query_one("#deploy-stack").value = "apis"
                screen.query_one("#deploy-resolve").value = "never"
                screen.query_one("#deploy-stack").focus()
                await pilot.press("enter")
                while "Stack apis" not in str(screen.query_one("#deploy-plan").render()):
                    await pilot.pause(0.1)
                await pilot.press("ctrl+y")
                for _ in range(300):
                    await pilot.pause(0.1)
                    if "1/3 updated" in str(app.main.query_one("#rollout").render()):
                        break
                app.save_screenshot("deploy-converging.svg", str(OUT))
                print("wrote screenshots/deploy-converging.svg")
        finally:
            subprocess.run([*docker, "stack", "rm", "apis"], capture_output=True, check=False)


async def browser() -> None:
    """`swarmtui serve` over the recording, opened in headless Chromium, as a PNG."""
    import tempfile

    from tests.support.browser import Chromium
    from tests.support.serving import served

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with served(work, ["--replay", str(RECORDING)], []) as server:
            async with Chromium(work / "chromium", width=1440, height=900) as page:
                await page.open(server.url)
                await page.wait_for_screen(
                    lambda text: "Last lines of crashloop" in text, "the dashboard drawn"
                )
                await page.screenshot(OUT / "serve-browser.png")
    print("wrote screenshots/serve-browser.png")


async def context_picker() -> None:
    """The context picker over the recording, from a context store made for the picture."""
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder)
        add_context(store, "lab", "unix:///run/swarmtui-lab/lab/node1/docker.sock")
        add_context(store, "prod", "ssh://ops@prod-manager1")
        add_context(store, "staging", "tcp://staging-m1.example.net:2376")
        (store / "config.json").write_text(json.dumps({"currentContext": "lab"}))
        os.environ["DOCKER_CONFIG"] = folder
        os.environ.pop("DOCKER_HOST", None)
        contexts = {"prod": ContextSettings(read_only=True, header_color="red")}
        app = replay_on_context("lab", settings=Settings(contexts=contexts))
        async with app.run_test(size=(160, 48)) as pilot:
            for _ in range(100):
                await pilot.pause(0.05)
                if app.polling.polls_done:
                    break
            await pilot.press("colon", *"ctx", "enter")
            for _ in range(100):
                await pilot.pause(0.05)
                if (
                    app.screen.query("#contexts-list")
                    and app.screen.query_one("#contexts-list").option_count
                ):
                    break
            await pilot.pause(0.5)
            app.save_screenshot("contexts-160x48.svg", str(OUT))
    print("wrote screenshots/contexts-160x48.svg")


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    await shoot("main-160x48", (160, 48), failing_selected)
    await shoot("main-80x24", (80, 24), failing_selected)
    await shoot("placement-80x24", (80, 24), await press("3"))
    await shoot("nodes-80x24", (80, 24), await press("2"))
    await shoot("help", (100, 36), await press("question_mark"))
    await shoot("rollout-160x48", (160, 48), web_rolling_out, ROLLOUT_RECORDING)
    await shoot("rollout-80x24", (80, 24), web_rolling_out, ROLLOUT_RECORDING)
    await shoot("drain-preview", (100, 30), drain_node3)
    await shoot("deploy-plan", (120, 40), deploy_plan)
    await shoot("stacks-80x24", (80, 24), await press("5"))
    await shoot("attention-launch-160x48", (160, 48), await press())  # as it opens
    await shoot("why-pending-160x48", (160, 48), why_pending)
    await shoot("logs-160x48", (160, 48), logs_of_web)
    await shoot("inspect-160x48", (160, 48), inspect_web, OBJECTS_RECORDING)
    await shoot("events-160x48", (160, 48), events_view, OBJECTS_RECORDING)
    await shoot("lint-160x48", (160, 48), lint_view)
    await context_picker()


if __name__ == "__main__":
    os.chdir(ROOT)  # the plan screenshot names its compose file as a person would, relatively
    if "--browser" in sys.argv:
        asyncio.run(browser())
    elif "--lab-stats" in sys.argv:
        from screenshots_stats import task_figures

        asyncio.run(task_figures(OUT))
    elif "--lab-rotation" in sys.argv:
        from screenshots_rotation import rotation

        asyncio.run(rotation(OUT))
    else:
        asyncio.run(deploy_converging() if "--lab" in sys.argv else main())
