"""Image updates by digest against the lab: the lab's registry (`swarmlab registry`: Debian's
docker-registry on the lab bridge, an insecure registry of every node), `web:1` pushed and a
service created from it by tag with digest resolution on (pinned as `docker service create`
pins it), a new image pushed under the same tag; the dashboard checks, marks the service,
and `u` with its confirmation rolls it to the new digest, read back through the API. The
lab's other services use images no registry knows (docker.io, unreachable from the lab):
that is one sentence, not one per service."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest

from swarmtui.core.audit import read_outcomes
from swarmtui.core.config import Settings
from swarmtui.docker.client import DockerApi
from swarmtui.docker.connection import Endpoint
from swarmtui.render.image_news import MARK
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs import ConfirmDialog
from tests.support.lab import Lab, first_poll, inspect, select, wait_for
from tests.support.screen import detail_text, shown_rows
from tests.support.waiting import notifications, on_top

DIGEST = re.compile(r"digest: (sha256:[0-9a-f]{64})")


@pytest.fixture(scope="module")
def registry(lab: Lab) -> str:
    """ADDR:5000 of the lab's registry, started (and trusted by the nodes) if it is not."""
    return lab.run("registry").stdout.strip()


@pytest.fixture
def repository(registry: str) -> str:
    """A repository of its own in the registry (which lives as long as the lab)."""
    return f"{registry}/web-{uuid.uuid4().hex[:6]}"


@pytest.fixture
def service_name(lab: Lab) -> Iterator[str]:
    name = f"digest-{uuid.uuid4().hex[:6]}"
    yield name
    lab.docker("service", "rm", name, check=False)


def push(lab: Lab, source: str, target: str) -> str:
    """Tag `source` as `target` on node1, push it, and return the digest the registry gave."""
    lab.docker("tag", source, target)
    found = DIGEST.search(lab.docker("push", target))
    assert found, f"no digest in the push of {target}"
    return found.group(1)


def running_images(lab: Lab, service: str) -> set[str]:
    """The image references of the service's tasks that run now, from the API."""
    ids = lab.docker("service", "ps", "-q", "--filter", "desired-state=running", service).split()
    if not ids:
        return set()
    lines = lab.docker(
        "inspect", "--format", "{{.Status.State}} {{.Spec.ContainerSpec.Image}}", *ids
    ).split("\n")
    return {line.split(" ", 1)[1] for line in lines if line.startswith("running ")}


def image_cell(app: SwarmTuiApp, service: str) -> str:
    return shown_rows(app, "services")[service][3]


async def test_a_newer_digest_behind_the_tag_is_marked_and_updated_by_key(
    lab: Lab, repository: str, service_name: str, audit_log
) -> None:  # noqa: ANN001
    tag = f"{repository}:1"
    first = push(lab, "swarmlab/app:1", tag)
    lab.docker(  # digest resolution on, as by default: the spec pins the tag's digest
        "service",
        "create",
        "--detach",
        "--name",
        service_name,
        "--stop-grace-period",
        "1s",
        "--update-delay",
        "0s",
        tag,
    )
    spec_image = lambda: inspect(lab, "service", service_name)["Spec"]["TaskTemplate"][  # noqa: E731
        "ContainerSpec"
    ]["Image"]
    assert spec_image() == f"{tag}@{first}"

    endpoint = Endpoint(lab.host(), "lab")
    app = SwarmTuiApp(Settings(), lambda: DockerApi(endpoint), check_images=True)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await first_poll(pilot, app)
        # The first round, on the app's own timer: the lab's other images are docker.io's,
        # which the lab cannot reach: one sentence for all of them.
        await wait_for(
            pilot,
            lambda: any("docker.io cannot be reached" in n for n in notifications(app)),
            what="the sentence about docker.io",
        )
        said = [n for n in notifications(app) if "docker.io" in n]
        assert len(said) == 1, said
        await select(pilot, app, "service", service_name)
        await wait_for(
            pilot,
            lambda: "is the tag's current digest" in detail_text(app),
            what="the tag's digest to be the one it runs",
        )
        assert MARK not in image_cell(app, service_name)
        await select(pilot, app, "service", "web")  # swarmlab/app:1: docker.io's, unreached
        await wait_for(
            pilot,
            lambda: "Image check: docker.io cannot be reached" in detail_text(app),
            what="web's image check line",
        )

        # A new image under the same tag; I asks again now instead of in 10 minutes.
        second = push(lab, "swarmlab/app:2", tag)
        assert second != first
        await pilot.press("I")
        await wait_for(
            pilot, lambda: MARK in image_cell(app, service_name), what="the new digest's mark"
        )
        assert MARK not in image_cell(app, "web")  # deployed without a digest: not marked
        summary = next(n for n in notifications(app) if n.startswith("Images checked"))
        assert f"a newer digest for {service_name}" in summary, summary
        await select(pilot, app, "service", service_name)
        await wait_for(pilot, lambda: "New image:" in detail_text(app), what="the detail line")
        shown = detail_text(app)
        assert f"a newer digest {second[:19]}" in shown and f"runs {first[:19]}" in shown, shown

        await pilot.press("u")
        dialog = await on_top(pilot, ConfirmDialog)
        assert f"image: {tag}@{second}" in str(dialog.message)
        await pilot.press("y")
        await wait_for(
            pilot, lambda: spec_image() == f"{tag}@{second}", what="the spec's new digest"
        )
        await wait_for(
            pilot,
            lambda: running_images(lab, service_name) == {f"{tag}@{second}"},
            timeout=60,
            what="its task to run the new digest",
        )
        await wait_for(
            pilot, lambda: MARK not in image_cell(app, service_name), what="the mark to go"
        )
    outcomes = [e for e in read_outcomes(audit_log) if e["action"] == "update-image"]
    assert [e["outcome"] for e in outcomes] == ["ok"], outcomes
