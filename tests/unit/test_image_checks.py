"""Image checks without a daemon: which reference is asked about, how the manager's answers
and refusals are read, the pace of the questions, failure streaks said once, and how the
services pane and the detail area say a newer digest."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from swarmtui import cli
from swarmtui.core.config import Settings, load_settings
from swarmtui.docker.errors import DaemonError, DaemonUnreachable
from swarmtui.docker.head_start import HeadStart
from swarmtui.docker.image_checks import (
    CHECK_EVERY_S,
    ImageCheck,
    ImageWatch,
    check_images,
    pinned_to,
    registry_of,
    tracked_image,
)
from swarmtui.docker.models import ServiceInfo
from swarmtui.docker.replay import ReplayApi
from swarmtui.render.image_news import (
    MARK,
    checked_summary,
    image_marks,
    image_news_line,
    registries_failing,
)
from swarmtui.render.palette import Palette
from swarmtui.render.services import SERVICE_COLUMNS, service_rows
from tests.support.replay import RECORDING, by_name, lab_snapshot

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
OLD = "sha256:" + "a" * 64
NEW = "sha256:" + "b" * 64
LAB = "10.213.1.1:5000"


@pytest.fixture(scope="module")
def web() -> ServiceInfo:
    return by_name(lab_snapshot(ReplayApi(RECORDING)), "web")


def pinned(web: ServiceInfo, image: str = f"{LAB}/web:1", digest: str = OLD) -> ServiceInfo:
    return replace(web, image=image, image_digest=digest)


class Manager:
    """Answers GET /distribution as told; counts the questions."""

    def __init__(self, answers: dict[str, str | Exception]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def image_digest(self, image: str, timeout: float) -> str:
        self.asked.append(image)
        answer = self.answers[image]
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_which_reference_is_followed(web: ServiceInfo) -> None:
    assert tracked_image(pinned(web)) == f"{LAB}/web:1"
    assert tracked_image(replace(web, image="swarmlab/app:1", image_digest="")) == "swarmlab/app:1"
    assert tracked_image(pinned(web, image=f"{LAB}/web")) is None  # by digest alone: no tag
    assert registry_of(f"{LAB}/web:1") == LAB
    assert registry_of("swarmlab/app:1") == registry_of("nginx") == "docker.io"
    assert registry_of("localhost/app") == "localhost"
    assert pinned_to(pinned(web), NEW) == f"{LAB}/web:1@{NEW}"
    assert pinned_to(replace(web, image="nginx", image_digest=""), NEW) == f"nginx:latest@{NEW}"


def test_a_failing_registry_is_asked_once_a_round_and_each_answer_is_read() -> None:
    unreachable = DaemonError('Get "https://registry-1.docker.io/v2/": dial tcp: lookup …: refused')
    manager = Manager(
        {
            f"{LAB}/web:1": NEW,
            f"{LAB}/gone:1": DaemonError("manifest unknown: manifest unknown"),
            "private.example/api:1": DaemonError("unauthorized: authentication required"),
            "swarmlab/app:1": unreachable,
            "swarmlab/other:1": unreachable,
        }
    )
    checks = {c.image: c for c in check_images(manager, list(manager.answers), lambda: NOW)}  # type: ignore[arg-type]
    assert manager.asked == [
        f"{LAB}/web:1",
        f"{LAB}/gone:1",
        "private.example/api:1",
        "swarmlab/app:1",
    ]
    assert checks[f"{LAB}/web:1"].digest == NEW
    gone = checks[f"{LAB}/gone:1"]
    assert "is not in its registry" in gone.problem and not gone.registry_wide
    refused = checks["private.example/api:1"]
    assert refused.registry_wide and "refuses to say without credentials" in refused.problem
    other = checks["swarmlab/other:1"]
    assert other.registry_wide and "docker.io cannot be reached from the manager" in other.problem


def test_a_manager_that_does_not_answer_ends_the_round() -> None:
    manager = Manager({"a:1": DaemonUnreachable("gone"), "b:1": NEW})
    assert check_images(manager, ["a:1", "b:1"], lambda: NOW) == []  # type: ignore[arg-type]
    assert manager.asked == ["a:1"]


def test_each_image_is_due_every_ten_minutes_or_at_once_when_asked(web: ServiceInfo) -> None:
    watch = ImageWatch()
    services = [pinned(web), replace(pinned(web), id="x", name="web2")]  # one image, asked once
    assert watch.due(services, NOW) == [f"{LAB}/web:1"]
    watch.arrived([ImageCheck(f"{LAB}/web:1", LAB, NOW, NEW)])
    assert watch.due(services, NOW + timedelta(seconds=CHECK_EVERY_S - 1)) == []
    assert watch.due(services, NOW + timedelta(seconds=CHECK_EVERY_S)) == [f"{LAB}/web:1"]
    watch.check_now(NOW + timedelta(seconds=1))
    assert watch.due(services, NOW + timedelta(seconds=2)) == [f"{LAB}/web:1"]
    watch.follow("another swarm")
    assert watch.checks == {}


def test_a_registry_is_said_once_per_failure_streak() -> None:
    watch = ImageWatch()
    down = ImageCheck(
        "a:1", "docker.io", NOW, problem="docker.io cannot be reached", registry_wide=True
    )
    also = replace(down, image="b:1")
    assert watch.arrived([down, also]) == [down]
    assert watch.arrived([down]) == []  # the same streak
    watch.arrived([ImageCheck("a:1", "docker.io", NOW, NEW)])  # it answered: the streak ends
    assert watch.arrived([down]) == [down]
    sentence = registries_failing([down])
    assert sentence.startswith("Image checks: docker.io cannot be reached.")
    assert "--no-image-check" in sentence


def test_the_mark_and_the_detail_line(web: ServiceInfo) -> None:
    service = pinned(web)
    newer = {f"{LAB}/web:1": ImageCheck(f"{LAB}/web:1", LAB, NOW - timedelta(minutes=3), NEW)}
    assert image_marks([service], newer) == {service.id: MARK}
    line = image_news_line(service, newer, NOW, Palette()).plain
    assert line == (
        f"New image: {LAB}/web:1 → a newer digest sha256:{'b' * 12}… (runs sha256:{'a' * 12}…; "
        "checked 3m ago; u updates to it)\n"
    )
    # Asked every ten minutes: a count of seconds would only tick, and redraw the detail area
    # with every poll.
    fresh = {f"{LAB}/web:1": replace(newer[f"{LAB}/web:1"], checked_at=NOW - timedelta(seconds=17))}
    assert "checked just now;" in image_news_line(service, fresh, NOW, Palette()).plain
    current = {f"{LAB}/web:1": replace(newer[f"{LAB}/web:1"], digest=OLD)}
    assert image_marks([service], current) == {}
    assert "is the tag's current digest" in image_news_line(service, current, NOW, Palette()).plain
    unpinned = replace(service, image_digest="")
    assert image_marks([unpinned], newer) == {}
    said = image_news_line(unpinned, newer, NOW, Palette()).plain
    assert "unknown: deployed without a digest" in said and "u pins it" in said
    assert image_news_line(service, {}, NOW, Palette()).plain == ""
    assert checked_summary([service], newer) == f"Images checked: a newer digest for {web.name}."


def test_a_cut_image_keeps_its_mark(web: ServiceInfo) -> None:
    snapshot = lab_snapshot(ReplayApi(RECORDING))
    service = pinned(web, image=f"{LAB}/a/very/long/repository/path/web:1")
    snapshot = replace(snapshot, services=(service,))
    image = next(i for i, c in enumerate(SERVICE_COLUMNS) if c.key == "image")
    for width in (None, 60):
        ((_, cells),) = service_rows(
            snapshot, Palette(), {}, {}, width=width, marks={service.id: MARK}
        )
        assert cells[image].plain.endswith(f"web:1 {MARK}"), (width, cells[image].plain)


def test_the_config_switch(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    assert load_settings(config).check_images
    config.write_text("[images]\ncheck = false\n")
    assert not load_settings(config).check_images
    config.write_text('[images]\ncheck = "no"\n')
    with pytest.raises(ValueError, match=r"\[images\] check .* must be true or false"):
        load_settings(config)


class Dashboard:
    """Takes the settings the command line hands the dashboard."""

    def __init__(self) -> None:
        self.settings: list[Settings] = []

    def run(
        self, settings: Settings, api_factory: object, head_start: HeadStart | None = None
    ) -> None:
        self.settings.append(settings)
        if head_start is not None:
            head_start.close()

    def offer_swarm_init(self, *args: object) -> bool:
        raise AssertionError("the recording is a swarm: nothing to offer")


def test_the_command_line_switch() -> None:
    dashboard = Dashboard()
    assert cli.main(["--replay", str(RECORDING), "--no-image-check"], dashboard) == 0  # type: ignore[arg-type]
    assert cli.main(["--replay", str(RECORDING)], dashboard) == 0  # type: ignore[arg-type]
    assert [settings.check_images for settings in dashboard.settings] == [False, True]
