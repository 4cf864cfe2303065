"""Image checks on the dashboard over a recording whose manager answers for its registries
as a stand-in says: the mark and the detail line of a newer digest, the confirmation of `u`,
one sentence for registries that cannot be reached or refuse (however many services use
them, each registry asked once a round), and the checks off."""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from swarmtui.core.config import Settings
from swarmtui.docker.errors import DaemonError
from swarmtui.docker.protocol import SwarmApi
from swarmtui.docker.rawlist import RawList
from swarmtui.docker.replay import ReplayApi
from swarmtui.render.image_news import MARK
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs import ConfirmDialog
from tests.support.replay import RECORDING, recorded_at
from tests.support.screen import detail_text, select_service, shown_rows
from tests.support.waiting import notifications, on_top, polled, wait_for

OLD = "sha256:" + "a" * 64
NEW = "sha256:" + "b" * 64
IMAGES = {
    "web": f"10.213.1.1:5000/web:1@{OLD}",  # pinned, and its tag moved on: marked
    "crashloop": "swarmlab/other:1",  # docker.io, like swarmlab/app:1: asked no more
    "shop_api": "private.example:5000/api:1",  # refuses without credentials
}
UNREACHABLE = (
    'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on '
    "127.0.0.1:53: read: connection refused"
)


class RegistryReplay(ReplayApi):
    """The recording, some services' images changed as IMAGES says, and a manager that
    answers for the registries: the lab's has a new digest, docker.io is unreachable, the
    private one wants credentials."""

    asked: list[str] = []

    def services(self, service_ids: list[str] | None = None) -> RawList:
        services = copy.deepcopy(self._load("services"))
        for service in services:
            image = IMAGES.get(service["Spec"]["Name"])
            if image:
                service["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"] = image
        if service_ids:
            services = [s for s in services if any(s["ID"].startswith(i) for i in service_ids)]
        return RawList.of(services)

    def image_digest(self, image: str, timeout: float) -> str:
        RegistryReplay.asked.append(image)
        if image.startswith("10.213.1.1:5000/"):
            return NEW
        if image.startswith("private.example"):
            raise DaemonError("unauthorized: authentication required")
        raise DaemonError(UNREACHABLE)


def registry_app(asked: bool = True, **settings: Any) -> SwarmTuiApp:
    frozen = recorded_at(RECORDING)
    RegistryReplay.asked = []

    def factory(folder: Path = RECORDING) -> SwarmApi:
        return RegistryReplay(folder)

    return SwarmTuiApp(
        Settings(**settings),
        factory,
        clock=lambda: frozen,  # type: ignore[arg-type]
        follow_events=False,
        check_images=asked,
    )


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("swarmtui.ui.image_updates.TICK_S", 0.1)


def image_cell(app: SwarmTuiApp, service: str) -> str:
    return shown_rows(app, "services")[service][3]


async def test_a_newer_digest_is_marked_and_failing_registries_are_one_sentence() -> None:
    app = registry_app()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await polled(pilot)
        await wait_for(pilot, lambda: MARK in image_cell(app, "web"), what="web's mark")
        await wait_for(pilot, lambda: notifications(app), what="the registries' sentence")
        (said,) = notifications(app)
        assert "docker.io cannot be reached from the manager" in said, said
        assert "private.example:5000 refuses to say without credentials" in said, said
        # Each image once; docker.io once for its two images (the second gets its answer).
        assert sorted(RegistryReplay.asked) == [
            "10.213.1.1:5000/web:1",
            "private.example:5000/api:1",
            "swarmlab/app:1",
        ]
        for name in ("agent", "crashloop", "shop_api", "pending"):
            assert MARK not in image_cell(app, name), name

        select_service(app, "web")
        await wait_for(pilot, lambda: "New image:" in detail_text(app), what="web's detail")
        assert f"a newer digest sha256:{'b' * 12}… (runs sha256:{'a' * 12}…" in detail_text(app)
        select_service(app, "agent")
        await wait_for(pilot, lambda: "docker.io cannot be reached" in detail_text(app))
        select_service(app, "web")
        await wait_for(pilot, lambda: "New image:" in detail_text(app), what="web again")

        await pilot.press("u")
        dialog = await on_top(pilot, ConfirmDialog)
        assert f"image: 10.213.1.1:5000/web:1@{NEW}" in str(dialog.message)
        await pilot.press("n")
        # Asked again by hand: no second sentence of the same streak, a summary instead.
        await pilot.press("I")
        await wait_for(pilot, lambda: any("Images checked" in n for n in notifications(app)))
        summary = next(n for n in notifications(app) if "Images checked" in n)
        assert "a newer digest for web" in summary and "docker.io" in summary, summary
        assert sum("cannot be reached" in n for n in notifications(app)) == 1


async def test_a_service_deployed_without_a_digest_is_not_marked() -> None:
    app = registry_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await polled(pilot)
        await wait_for(pilot, lambda: MARK in image_cell(app, "web"), what="the checks")
        watch = app.image_watch
        assert watch is not None
        # As if the lab's registry answered for swarmlab/app:1 too: unpinned, so unknown.
        checks = dict(watch.checks)
        answered = checks["10.213.1.1:5000/web:1"]
        checks["swarmlab/app:1"] = replace(answered, image="swarmlab/app:1", registry="docker.io")
        watch.checks = checks
        app.main.redraw()
        select_service(app, "agent")
        await wait_for(
            pilot, lambda: "deployed without a digest" in detail_text(app), what="agent's line"
        )
        assert MARK not in image_cell(app, "agent")


@pytest.mark.parametrize("how", ["not asked", "config"])
async def test_checks_off_ask_nothing(how: str) -> None:
    app = registry_app(asked=False) if how == "not asked" else registry_app(check_images=False)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await polled(pilot)
        await pilot.press("I")
        await wait_for(pilot, lambda: notifications(app), what="the refusal")
        assert "Image checks are off" in notifications(app)[0]
        assert RegistryReplay.asked == []
        assert all(MARK not in cells[3] for cells in shown_rows(app, "services").values())
