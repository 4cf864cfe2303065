"""Updating a service to the digest its tag points at now, and checking the tags again now."""

from __future__ import annotations

from ...core.writes import Write
from ...docker.image_checks import pinned_to
from ...render.image_news import NEWER, UNPINNED, image_state, short_digest
from ...render.selection import Kind
from ..commands import Command
from ..dialogs import ConfirmDialog
from .context import ActionContext

CHECK_KEY = "I"


async def update_to_new_digest(ctx: ActionContext) -> None:
    service = ctx.service()
    if service is None:
        return
    watch = getattr(ctx.app, "image_watch", None)
    if watch is None:
        ctx.notify("Image checks are off, so no newer digest is known.", "warning")
        return
    state, check = image_state(service, watch.checks)
    if check is None or state not in (NEWER, UNPINNED):
        why = {
            "": "its image was not checked yet",
            "current": "it runs the digest its tag points at",
            "problem": check.problem if check is not None else "",
        }.get(state, state)
        ctx.notify(
            f"{service.name} has no newer digest to update to: {why.rstrip('.')} "
            f"({CHECK_KEY} checks every image now).",
            "warning",
        )
        return
    image = pinned_to(service, check.digest)
    runs = short_digest(service.image_digest) if service.image_digest else "no digest pinned"
    config = service.update_config
    if not await ctx.ask(
        ConfirmDialog(
            f"Update {service.name} to the tag's new digest?",
            f"image: {image}\n\nIt runs {runs} now. Tasks are replaced by its update config: "
            f"{config.parallelism} at a time, {config.order}.",
            "Update",
        )
    ):
        return
    await ctx.writes.run(
        Write(
            "update-image",
            service.name,
            {"image": image},
            lambda writer: writer.update_image(service.id, image),
        ),
        f"Started rolling {service.name} to {short_digest(check.digest)}.",
        service_id=service.id,
    )


# fmt: off  (a table reads better than one argument per line)
IMAGE_COMMANDS = (
    Command(
        "service.new_digest",
        "u",
        "New digest",
        "Update the selected service to the digest its image's tag points at now "
        "(marked ↑ in the services pane), after a confirmation",
        "Service",
        writes=True,
        target=Kind.SERVICE,
        run=update_to_new_digest,
    ),
    Command(
        "images.check",
        CHECK_KEY,
        "Check images",
        "Ask the registries now, through the manager, whether each service's image tag "
        "points at a newer digest (otherwise every 10 minutes)",
        "Data",
        action="app.check_images",
    ),
)
# fmt: on
