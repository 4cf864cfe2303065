"""Newer images behind a tag, as the services pane, the detail area and notices say it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from rich.text import Text

from ..docker.image_checks import ImageCheck, tracked_image
from ..docker.models import ServiceInfo
from .format import ago_in_minutes, short_image
from .palette import Palette
from .text import one_line, visible

MARK = "↑"
"""Beside the image in the services pane: its tag points at a newer digest."""

NEWER, CURRENT, UNPINNED, PROBLEM = "newer", "current", "unpinned", "problem"


def short_digest(digest: str) -> str:
    """`sha256:abcdef123456…`: enough to tell two digests apart at a glance."""
    algorithm, _, hex_part = digest.partition(":")
    return f"{algorithm}:{hex_part[:12]}…" if hex_part else digest


def image_state(
    service: ServiceInfo, checks: Mapping[str, ImageCheck]
) -> tuple[str, ImageCheck | None]:
    """`newer` (the tag points at another digest than the pinned one), `current`, `unpinned`
    (deployed without a digest: which one runs is unknown), `problem`, or empty (not asked
    about yet, or nothing to follow)."""
    image = tracked_image(service)
    check = checks.get(image) if image is not None else None
    if check is None:
        return "", None
    if not check.digest:
        return PROBLEM, check
    if not service.image_digest:
        return UNPINNED, check
    return (NEWER if check.digest != service.image_digest else CURRENT), check


def newer_digest(service: ServiceInfo, checks: Mapping[str, ImageCheck] | None) -> str:
    """The digest the service's tag points at now when it is newer than the one it runs."""
    state, check = image_state(service, checks or {})
    return check.digest if state == NEWER and check is not None else ""


def image_marks(
    services: Iterable[ServiceInfo], checks: Mapping[str, ImageCheck] | None
) -> dict[str, str]:
    """Service id to its mark, for the services whose tag points at a newer digest."""
    if not checks:
        return {}
    return {service.id: MARK for service in services if newer_digest(service, checks)}


def image_news_line(
    service: ServiceInfo,
    checks: Mapping[str, ImageCheck] | None,
    now: datetime,
    palette: Palette,
    key: str = "u",
) -> Text:
    """The detail area's line about the tag's digest; empty when nothing is known (checks
    off, not asked about yet, or pinned by digest alone)."""
    state, check = image_state(service, checks or {})
    if check is None:
        return Text()
    name = short_image(service.image)
    when = f"checked {ago_in_minutes(check.checked_at, now)}"
    text = Text()
    if state == NEWER:
        text.append("New image: ", style=f"bold {palette.accent}")
        text.append(
            one_line(
                f"{name} → a newer digest {short_digest(check.digest)} (runs "
                f"{short_digest(service.image_digest)}; {when}; {key} updates to it)"
            ),
            style=palette.accent,
        )
    elif state == CURRENT:
        text.append("Image check: ", style="bold")
        text.append(one_line(f"{name} is the tag's current digest ({when})"))
    elif state == UNPINNED:
        text.append("Image check: ", style="bold")
        text.append(
            one_line(
                f"unknown: deployed without a digest, so which {name} its tasks run is not "
                f"known; the tag points at {short_digest(check.digest)} ({when}; {key} pins it)"
            )
        )
    else:
        text.append("Image check: ", style="bold")
        text.append(visible(f"{check.problem} ({when})"), style=palette.warning)
    text.append("\n")
    return text


def registries_failing(failures: Iterable[ImageCheck]) -> str:
    """One sentence for the registries whose failure streak just started, however many
    services use them."""
    problems = [check.problem for check in failures]
    if not problems:
        return ""
    said = "; ".join(problem.rstrip(".") for problem in problems)
    return (
        f"Image checks: {said}. No service on its images is marked until it answers "
        "(--no-image-check or [images] check = false stops asking)."
    )


def checked_summary(services: Iterable[ServiceInfo], checks: Mapping[str, ImageCheck]) -> str:
    """After a check asked for by hand: which services' tags point at a newer digest."""
    services = list(services)
    newer = sorted(service.name for service in services if newer_digest(service, checks))
    failed = sorted({check.registry for check in checks.values() if check.registry_wide})
    if newer:
        said = ", ".join(newer[:5]) + (f" and {len(newer) - 5} more" if len(newer) > 5 else "")
        sentence = f"Images checked: a newer digest for {said}."
    else:
        sentence = "Images checked: no service's tag points at a newer digest."
    if failed:
        sentence += f" Not answered: {', '.join(failed)}."
    return sentence
