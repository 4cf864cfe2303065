"""Attention first on the real lab: broken services of every kind sort to the top, and `↓`
reaches each with its cause (the daemon's error, a crash loop's stderr line) in the detail."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator

import pytest

from swarmtui.ui.app import SwarmTuiApp
from tests.support.lab import Lab, first_poll, wait_for
from tests.support.screen import detail_text, table

IMAGE = "swarmlab/app:1"


@pytest.fixture
def broken(lab: Lab) -> Iterator[dict[str, str]]:
    """Six broken services (name → the text their detail must show); node3 drained for the
    one that may only run there. Everything is removed, and node3 activated, afterwards."""
    tag = uuid.uuid4().hex[:6]
    names: list[str] = []

    def create(kind: str, *options: str, image: str = IMAGE, command: tuple[str, ...] = ()) -> str:
        name = f"attn-{kind}-{tag}"
        names.append(name)
        lab.docker(
            "service", "create", "-d", "--no-resolve-image", "--stop-grace-period", "1s",
            "--name", name, *options, image, *command,
        )  # fmt: skip
        return name

    causes: dict[str, str] = {}
    try:
        causes[create("missing", image="swarmlab/missing:1")] = "No such image"
        causes[create("constraint", "--constraint", "node.labels.attn==never")] = "no suitable node"
        causes[
            create(
                "crash",
                "--restart-delay",
                "1s",
                command=("sh", "-c", "echo last words on stderr >&2; exit 3"),
            )
        ] = "last words on stderr"
        causes[create("memory", "--reserve-memory", "1000G")] = "insufficient resources"
        paused = create("paused", "--update-failure-action", "pause", "--update-monitor", "2s")
        lab.docker(
            "service", "update", "-d", "--no-resolve-image", "--args", "sh -c 'exit 1'", paused,
        )  # fmt: skip
        causes[paused] = "update paused"
        lab.docker("node", "update", "--availability", "drain", "node3")
        causes[create("drained", "--constraint", "node.hostname==node3")] = "no suitable node"
        _wait_until_broken(lab, paused)
        yield causes
    finally:
        for name in names:
            lab.docker("service", "rm", name, check=False)
        lab.docker("node", "update", "--availability", "active", "node3", check=False)


def _wait_until_broken(lab: Lab, paused: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = lab.docker("service", "inspect", paused, "--format", "{{.UpdateStatus.State}}")
        if state.strip() == "paused":
            return
        time.sleep(1)
    raise AssertionError(f"{paused}'s update did not pause within {timeout:.0f} s")


async def test_broken_services_sort_first_and_down_reaches_each_cause(
    lab_app: Callable[..., SwarmTuiApp], broken: dict[str, str]
) -> None:
    app = lab_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        services = table(app, "services")

        def name_at(row: int) -> str:
            key = services.coordinate_to_cell_key((row, 0))[0].value
            return next((s.name for s in app.snapshot.services if s.id == key), "")

        def selected() -> str:
            return next(
                (s.name for s in app.snapshot.services if s.id == services.selected_key), ""
            )

        def followed() -> bool:
            """The selection (whose detail shows) is the row under the cursor."""
            return app.main.selection == ("service", services.selected_key, None)

        pane = app.main.services_pane

        def needing_on_top() -> set[str]:
            """The services listed above the first healthy one."""
            top = []
            for key in pane.row_keys:
                if key not in pane.needing:
                    break
                top.append(app.snapshot.service_by_id[key].name)
            return set(top)

        # Every broken service sorts above the healthy ones, with the lab's own crashloop and
        # pending and whatever earlier tests left needing a look (a service they rolled back).
        await wait_for(
            pilot,
            lambda: set(broken) <= needing_on_top(),
            timeout=90,
            what="the broken services to sort to the top",
        )
        rows = len(pane.needing)
        # The cursor starts on the most urgent service, at the top. From there `↓` reaches each
        # broken service in at most as many presses as there are services needing attention
        # above it (a crash loop may flip between failing and starting, so the bound is the
        # whole group, not the row it had a moment ago); its cause is then on screen.
        assert selected() == name_at(0)
        for name, cause in broken.items():
            # A crash loop's flip between failing and starting can re-sort the group under a
            # walk, moving the service looked for above the cursor (which stays on its
            # service): one more walk from the top then reaches it, within the same bound.
            for _walk in range(2):
                await pilot.press("ctrl+home")
                await wait_for(pilot, followed, what="the selection to follow the cursor")
                for _ in range(rows - 1):
                    if selected() == name:
                        break
                    await pilot.press("down")
                    await wait_for(pilot, followed, what="the selection to follow the cursor")
                if selected() == name:
                    break
            assert selected() == name, f"{name} was not reached within {rows - 1} presses of ↓"
            await wait_for(
                pilot,
                lambda cause=cause: cause.lower() in detail_text(app).lower(),
                timeout=60,
                what=f"{cause!r} in the detail of {name}",
            )
