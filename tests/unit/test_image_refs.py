"""One way to show an image everywhere (render/format.py short_image): the digest dropped, and
a cut keeps the tag, which is what tells the two sides of a rollout apart."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rich.cells import cell_len

from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.stacks import stacks_of
from swarmtui.render.detail import service_detail, task_detail
from swarmtui.render.format import short_image
from swarmtui.render.palette import Palette
from swarmtui.render.services import service_rows
from swarmtui.render.stacks import stack_detail
from swarmtui.render.tasks import TASK_COLUMNS, task_rows
from tests.support.replay import by_name, lab_snapshot

DIGEST = "@sha256:" + "0123456789abcdef" * 4


@pytest.mark.parametrize(
    ("ref", "width", "shown"),
    [
        ("lab/web:1", None, "lab/web:1"),
        ("lab/web:2", 6, "…web:2"),
        ("lab/web:1", 4, "…b:1"),
        ("lab/web:1" + DIGEST, None, "lab/web:1"),
        ("lab/web:1" + DIGEST, 9, "lab/web:1"),
        ("docker.io/library/nginx:1.25" + DIGEST, None, "nginx:1.25"),
        ("docker.io/team/app:2", None, "team/app:2"),
        ("registry:5000/team/app:2024-01-02", 12, "…:2024-01-02"),
        ("registry:5000/team/app" + DIGEST, None, "registry:5000/team/app@0123456789ab"),
        ("app", 8, "app"),
    ],
)
def test_short_image(ref: str, width: int | None, shown: str) -> None:
    assert short_image(ref, width) == shown
    assert width is None or cell_len(shown) <= width


def _two_images(recording: ReplayApi):  # noqa: ANN202 - a snapshot with web at lab/web:1 and :2
    snapshot = lab_snapshot(recording)
    web = by_name(snapshot, "web")
    tasks = tuple(
        replace(t, image=f"registry.example:5000/lab/web:{1 + i % 2}{DIGEST}")
        if t.service_id == web.id
        else t
        for i, t in enumerate(snapshot.tasks)
    )
    services = tuple(
        replace(s, image=f"registry.example:5000/lab/web:2{DIGEST}") if s.id == web.id else s
        for s in snapshot.services
    )
    changed = replace(snapshot, tasks=tasks, services=services)
    return changed, changed.service_by_id[web.id]


def test_a_narrow_tasks_pane_keeps_the_tag(recording: ReplayApi) -> None:
    snapshot, web = _two_images(recording)
    tasks = snapshot.tasks_of_service(web.id)
    at = next(i for i, column in enumerate(TASK_COLUMNS) if column.key == "image")
    whole = task_rows(tasks, snapshot, Palette(), set(), snapshot.taken_at)
    # As wide as the columns up to the image's, less 20: the image must give them up.
    wide = sum(max(cell_len(r[1][i].plain) for r in whole) + 2 for i in range(at + 1))
    rows = task_rows(tasks, snapshot, Palette(), set(), snapshot.taken_at, width=wide - 20)
    images = [cells[at].plain for _, cells in rows]
    assert {image[-2:] for image in images} == {":1", ":2"}
    assert all(image.startswith("…") and "sha256" not in image for image in images)
    assert (
        max(cell_len(image) for image in images) <= cell_len("registry.example:5000/lab/web:1") - 20
    )
    # Wide enough, nothing is cut (but the digest).
    assert {c[at].plain for _, c in whole} == {
        "registry.example:5000/lab/web:1",
        "registry.example:5000/lab/web:2",
    }


def test_a_narrow_services_pane_keeps_the_tag(recording: ReplayApi) -> None:
    snapshot, web = _two_images(recording)
    rows = dict(service_rows(snapshot, Palette(), {}, {}, width=60))
    assert rows[web.id][3].plain.startswith("…") and rows[web.id][3].plain.endswith("web:2")


def test_the_details_and_stacks_show_the_image_without_its_digest(recording: ReplayApi) -> None:
    snapshot, web = _two_images(recording)
    task = snapshot.tasks_of_service(web.id)[0]
    shown = [
        service_detail(web, None, None, snapshot, Palette(), snapshot.taken_at).plain,
        task_detail(task, snapshot, Palette(), snapshot.taken_at).plain,
    ]
    shop = next(s for s in stacks_of(snapshot) if s.name == "shop")
    shown.append(stack_detail(shop, "shop", Palette()).plain)
    for text in shown:
        assert "sha256" not in text
    assert "registry.example:5000/lab/web:2" in shown[0]
