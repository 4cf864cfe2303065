"""The app's side of the image checks: on a timer it asks the manager, on a worker thread,
what each service's image tag points at now (docker/image_checks.py), at most one round at a
time, each image every CHECK_EVERY_S; `I` asks again at once. What it learns shows as a
mark in the services pane and a line in the detail area (render/image_news.py); a registry
that cannot be reached or refuses is one notice per failure streak, never one per service.

Off with --no-image-check or `[images] check = false`, and where the app is not asked to
check (tests and recordings opt in, as `swarmtui` runs)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from textual import on
from textual.app import App
from textual.events import Mount
from textual.message import Message
from textual.worker import get_current_worker

from ..core.config import Settings
from ..docker.image_checks import ImageCheck, ImageWatch, check_images
from ..docker.models import Snapshot
from ..docker.protocol import SwarmApi
from ..render.image_news import checked_summary, registries_failing
from ..render.text import visible
from .polling import PollScheduler
from .screens.main import MainScreen

TICK_S = 5.0
"""How often the images due a question are looked for (each is asked every CHECK_EVERY_S)."""

OFF = (
    "Image checks are off (--no-image-check, [images] check = false, or a dashboard over a "
    "recording)."
)


@dataclass
class ImagesChecked(Message):
    """A round of image checks ended (`by_hand`: asked for with the check-now key)."""

    checks: list[ImageCheck]
    cluster: str
    by_hand: bool


class ImageUpdates(App[None]):
    check_images: bool
    settings: Settings
    polling: PollScheduler
    main: MainScreen
    api_factory: Callable[[], SwarmApi]
    clock: Callable[[], datetime]
    _asked_by_hand = False
    """The check-now key was pressed while a round was under way: another follows it."""

    @property
    def snapshot(self) -> Snapshot | None:
        raise NotImplementedError

    @property
    def image_watch(self) -> ImageWatch | None:
        """What the checks learned; None while image checks are off."""
        return self.main.image_watch

    @on(Mount)
    def _start_image_checks(self) -> None:
        if self.check_images and self.settings.check_images:
            self.main.image_watch = ImageWatch()
            self.set_interval(TICK_S, self.image_checks_tick)

    def image_checks_tick(self, by_hand: bool = False) -> None:
        watch, snapshot = self.image_watch, self.snapshot
        if watch is None or snapshot is None or (self.polling.paused and not by_hand):
            return
        if any(w.group == "image-checks" and not w.is_finished for w in self.workers):
            self._asked_by_hand = self._asked_by_hand or by_hand
            return  # one round at a time; the next tick finds what is still due
        watch.follow(snapshot.cluster.swarm_id)
        images = watch.due(snapshot.services, self.clock())
        if images or by_hand:
            cluster = watch.cluster
            self.run_worker(
                lambda: self._check(images, cluster, by_hand),
                thread=True,
                exit_on_error=False,
                group="image-checks",
            )

    def _check(self, images: list[str], cluster: str, by_hand: bool) -> None:
        worker = get_current_worker()
        api = self.api_factory()
        try:
            checks = check_images(api, images, self.clock, cancelled=lambda: worker.is_cancelled)
        finally:
            api.close()
        self.post_message(ImagesChecked(checks, cluster, by_hand))

    @on(ImagesChecked)
    def _images_checked(self, message: ImagesChecked) -> None:
        watch = self.image_watch
        if watch is None or message.cluster != watch.cluster:
            return  # the dashboard moved to another swarm meanwhile
        if not (self.is_running and self.screen_stack and self.main.is_attached):
            return  # the app is closing: its panes may be gone already
        starting = watch.arrived(message.checks)
        if starting and not message.by_hand:
            self.notify(visible(registries_failing(starting)), timeout=10, markup=False)
        if message.by_hand and self.snapshot is not None:
            sentence = checked_summary(self.snapshot.services, watch.checks)
            self.notify(visible(sentence), timeout=8, markup=False)
        self.main.redraw()
        if self._asked_by_hand:
            self._asked_by_hand = False
            self.image_checks_tick(by_hand=True)

    def action_check_images(self) -> None:
        watch = self.image_watch
        if watch is None:
            self.notify(OFF, severity="warning", markup=False)
            return
        watch.check_now(self.clock())
        self.notify("Checking the services' images now.", timeout=3, markup=False)
        self.image_checks_tick(by_hand=True)
