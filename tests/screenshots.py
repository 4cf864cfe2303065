"""Write the README's screenshots into screenshots/ from the lab recording.

    .venv/bin/python tests/screenshots.py

Uses the replayed lab recording with a frozen clock, so the pictures change only when the UI
or the recording does.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import ROLLOUT_RECORDING, RECORDING, replay_app  # noqa: E402
from tests.test_app import select_node, select_service  # noqa: E402

OUT = ROOT / "screenshots"


async def shoot(name: str, size: tuple[int, int],
                steps: Callable[[object], Awaitable[None]] | None = None,
                recording: Path = RECORDING) -> None:
    app = replay_app(recording)
    async with app.run_test(size=size) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.polls_done:
                break
        if steps is not None:
            await steps(pilot)
        await pilot.pause(0.2)
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


async def press(*keys: str) -> Callable[[object], Awaitable[None]]:
    async def steps(pilot) -> None:  # noqa: ANN001
        await pilot.press(*keys)
    return steps


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


if __name__ == "__main__":
    asyncio.run(main())
