"""Whether each service's image tag now points at a digest other than the one it runs.

The manager answers for its registries (GET /distribution/NAME/json, as `docker service
create` resolves a tag): what the tag points at now. What a service runs is the digest pinned
in its spec (`name:tag@sha256:…`, as the CLI and `stack deploy` write it). A service created
without a digest runs whatever each node found under the tag: which digest is unknown (the
tasks' specs carry the same reference, and a container's image id is no registry digest), so
it is said as such and never marked.

Asked on a worker at a modest pace (each distinct image every CHECK_EVERY_S, one question at
a time, CHECK_TIMEOUT_S each). A registry that cannot be reached or refuses is asked once per
round, not once per image: its other images get the same answer. Air-gapped clusters are
common, so that answer is quick (the lab's nodes resolve no DNS at all) and said once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from .errors import DaemonUnreachable, SwarmError
from .models import ServiceInfo
from .protocol import SwarmReadApi

CHECK_EVERY_S = 600.0
"""Seconds between two questions about one image (a failed one too)."""
CHECK_TIMEOUT_S = 5.0
"""The most one question waits for the manager and its registry."""
MAX_PER_ROUND = 20
"""Images asked about in one round; the rest wait for the next one."""

_REFUSALS = ("unauthorized", "denied", "authentication required", "forbidden")
_MISSING = ("manifest unknown", "not found", "no such")


@dataclass(frozen=True, slots=True)
class ImageCheck:
    """What the manager said about one image reference (`name[:tag]`, no digest)."""

    image: str
    registry: str
    checked_at: datetime
    digest: str = ""
    """What the tag points at now; empty when the question failed."""
    problem: str = ""
    """Why no digest: a sentence's middle part (`docker.io cannot be reached: …`)."""
    registry_wide: bool = False
    """The registry itself cannot be reached or refuses: true for all its images."""


def tracked_image(service: ServiceInfo) -> str | None:
    """The reference to ask about: the spec's `name[:tag]`; None for an image pinned by digest
    alone (no tag to follow) or no image at all."""
    if not service.image:
        return None
    if service.image_digest and not _has_tag(service.image):
        return None
    return service.image


def _has_tag(name: str) -> bool:
    return ":" in name.rpartition("/")[2]


def registry_of(image: str) -> str:
    """The registry host an image reference names (`docker.io` when it names none)."""
    first, slash, _ = image.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        return first
    return "docker.io"


def pinned_to(service: ServiceInfo, digest: str) -> str:
    """The reference that pins the service's image to `digest`: `name:tag@sha256:…` (an
    untagged name gets docker's implicit `:latest`, so the reference still names the tag)."""
    name = service.image if _has_tag(service.image) else f"{service.image}:latest"
    return f"{name}@{digest}"


def _classify(image: str, registry: str, error: SwarmError) -> tuple[str, bool]:
    text = str(error).strip().rstrip(".")
    lowered = text.lower()
    if any(word in lowered for word in _REFUSALS):
        return f"{registry} refuses to say without credentials ({text})", True
    if any(word in lowered for word in _MISSING):
        return f"{image} is not in its registry ({text})", False
    return f"{registry} cannot be reached from the manager ({text})", True


def ask_registry(
    api: SwarmReadApi, image: str, now: datetime, timeout: float = CHECK_TIMEOUT_S
) -> ImageCheck:
    """One question; DaemonUnreachable (the manager itself is gone) is the caller's."""
    registry = registry_of(image)
    try:
        digest = api.image_digest(image, timeout)
    except DaemonUnreachable:
        raise
    except SwarmError as error:
        problem, wide = _classify(image, registry, error)
        return ImageCheck(image, registry, now, problem=problem, registry_wide=wide)
    except Exception as error:  # noqa: BLE001 - an answer we cannot read is this image's problem
        return ImageCheck(image, registry, now, problem=f"{image}: {type(error).__name__}: {error}")
    if not digest:
        return ImageCheck(image, registry, now, problem=f"the manager named no digest for {image}")
    return ImageCheck(image, registry, now, digest=digest)


def check_images(
    api: SwarmReadApi,
    images: Iterable[str],
    clock: Callable[[], datetime],
    timeout: float = CHECK_TIMEOUT_S,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[ImageCheck]:
    """Each image once; a registry that cannot be reached or refuses is asked once, and its
    other images get its answer. Stops early when the manager itself does not answer (the
    poll says so) or when `cancelled()`."""
    checks: list[ImageCheck] = []
    failed: dict[str, ImageCheck] = {}
    for image in dict.fromkeys(images):
        if cancelled():
            break
        registry = registry_of(image)
        known = failed.get(registry)
        if known is not None:
            checks.append(
                ImageCheck(
                    image, registry, known.checked_at, problem=known.problem, registry_wide=True
                )
            )
            continue
        try:
            check = ask_registry(api, image, clock(), timeout)
        except DaemonUnreachable:
            break
        if check.registry_wide:
            failed[registry] = check
        checks.append(check)
    return checks


class ImageWatch:
    """What the dashboard knows of its images, by reference: the last answer for each, which
    are due a question, and which registries are in a failure streak (said once each)."""

    def __init__(self, every: float = CHECK_EVERY_S) -> None:
        self.every = every
        self.checks: dict[str, ImageCheck] = {}
        """The last answer per image; a new dict whenever one arrives (panes compare it)."""
        self.cluster = ""
        """The swarm the answers are about: another one forgets them all."""
        self._failing: set[str] = set()
        self._stale_before: datetime | None = None

    def follow(self, cluster: str) -> None:
        """Forget everything when the dashboard watches another swarm."""
        if cluster != self.cluster:
            self.cluster = cluster
            self.checks = {}
            self._failing.clear()
            self._stale_before = None

    def check_now(self, now: datetime) -> None:
        """Every image is due at once, whenever it was last asked about."""
        self._stale_before = now

    def due(self, services: Iterable[ServiceInfo], now: datetime) -> list[str]:
        images = sorted({image for s in services if (image := tracked_image(s)) is not None})
        return [image for image in images if self._is_due(image, now)][:MAX_PER_ROUND]

    def _is_due(self, image: str, now: datetime) -> bool:
        check = self.checks.get(image)
        if check is None:
            return True
        if self._stale_before is not None and check.checked_at <= self._stale_before:
            return True
        return (now - check.checked_at).total_seconds() >= self.every

    def arrived(self, checks: Iterable[ImageCheck]) -> list[ImageCheck]:
        """Keeps the answers; returns one failure per registry whose failure streak starts
        with them (to be said once), none for a registry already said."""
        checks = list(checks)
        self.checks = {**self.checks, **{check.image: check for check in checks}}
        starting: dict[str, ImageCheck] = {}
        for check in checks:
            if not check.registry_wide:
                self._failing.discard(check.registry)
            elif check.registry not in self._failing:
                starting.setdefault(check.registry, check)
        self._failing.update(starting)
        return list(starting.values())
