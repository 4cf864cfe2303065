"""Actions on the selected service: scale, image, rollback, retry, redeploy, remove, create."""

from __future__ import annotations

from ...core.writes import Write
from ...docker.service_spec import audit_params, service_spec
from ...docker.validate import parse_replicas, validate_image
from ...render.selection import Kind
from ..commands import Command
from ..dialogs import ConfirmDialog, PromptDialog, TypedConfirmDialog
from ..dialogs.create_service import CreateServiceForm
from .context import ActionContext
from .node import remove_node


async def scale(ctx: ActionContext) -> None:
    service = ctx.service()
    if service is None:
        return
    if service.is_global or service.is_job:
        await ctx.writes.run(
            Write(
                "scale",
                service.name,
                {},
                None,
                refused=f"{service.name} is a {service.mode} service: it runs one task per "
                "eligible node (or per job), so it has no replica count to scale.",
            )
        )
        return
    value = await ctx.ask(
        PromptDialog(
            f"Scale {service.name}",
            f"Replicas: now {service.replicas} desired, {service.running} running.",
            str(service.replicas),
            validate=parse_replicas,
        )
    )
    if value is None:
        return
    replicas = parse_replicas(value)
    if (
        replicas == 0
        and service.replicas
        and not await ctx.ask(
            ConfirmDialog(
                f"Scale {service.name} to 0?",
                f"All {service.running} running tasks of {service.name} stop; the service stays, "
                "with no task, until it is scaled up again.",
                "Scale to 0",
            )
        )
    ):
        return
    await ctx.writes.run(
        Write(
            "scale",
            service.name,
            {"replicas": replicas},
            lambda writer: writer.scale(service.id, replicas),
        ),
        f"Scaled {service.name} to {replicas}.",
        service_id=service.id,
    )


async def update_image(ctx: ActionContext) -> None:
    service = ctx.service()
    if service is None:
        return
    value = await ctx.ask(
        PromptDialog(
            f"Update the image of {service.name}",
            f"Image (now {service.image}). Tasks are replaced by its update config: "
            f"{service.update_config.parallelism} at a time, {service.update_config.order}.",
            service.image,
            validate=validate_image,
        )
    )
    if value is None:
        return
    image = validate_image(value)
    await ctx.writes.run(
        Write(
            "update-image",
            service.name,
            {"image": image},
            lambda writer: writer.update_image(service.id, image),
        ),
        f"Started rolling {service.name} to {image}.",
        service_id=service.id,
    )


async def rollback(ctx: ActionContext) -> None:
    service = ctx.service()
    if service is None:
        return
    previous = service.previous_image or "its previous spec"
    if not await ctx.ask(
        ConfirmDialog(
            f"Roll back {service.name}?",
            f"{service.name} goes back to {previous}; its tasks are replaced as its "
            "rollback config says.",
            "Roll back",
        )
    ):
        return
    await ctx.writes.run(
        Write("rollback", service.name, {"to": previous}, lambda w: w.rollback(service.id)),
        f"Started rolling {service.name} back.",
        service_id=service.id,
    )


async def retry_update(ctx: ActionContext) -> None:
    service = ctx.service()
    if service is None:
        return
    status = service.update_status
    if status is None or not status.paused:
        state = status.state.replace("_", " ") if status else "not started"
        ctx.notify(
            f"{service.name} has no paused update to retry (its update is {state}).",
            "warning",
        )
        return
    if not await ctx.ask(
        ConfirmDialog(
            f"Retry the update of {service.name}?",
            f"It paused: {status.message or 'a task failed'}. The update starts over: "
            f"its tasks are replaced again, {service.update_config.parallelism} at a time; "
            "if they fail the same way it pauses again. The daemon then keeps this spec as "
            f"the one to roll back to, so {service.previous_image or 'the previous spec'} is "
            "no longer reachable with b: to go back there, roll back instead.",
            "Retry",
        )
    ):
        return
    await ctx.writes.run(
        Write("retry-update", service.name, {}, lambda w: w.retry_update(service.id)),
        f"Resumed the update of {service.name}.",
        service_id=service.id,
    )


async def force_update(ctx: ActionContext) -> None:
    service = ctx.service()
    if service is None:
        return
    if not await ctx.ask(
        ConfirmDialog(
            f"Redeploy {service.name}?",
            f"Every task of {service.name} is replaced, "
            f"{service.update_config.parallelism} at a time, with no change to its spec "
            "(docker service update --force).",
            "Redeploy",
        )
    ):
        return
    await ctx.writes.run(
        Write("force-update", service.name, {}, lambda w: w.force_update(service.id)),
        f"Started redeploying {service.name}.",
        service_id=service.id,
    )


async def remove_selected(ctx: ActionContext) -> None:
    """`del` removes the selected service, or the selected node (as x does)."""
    if ctx.selection is not None and ctx.selection.kind == Kind.NODE:
        await remove_node(ctx)
        return
    service = ctx.service()
    if service is None:
        return
    if not await ctx.ask(
        TypedConfirmDialog(
            f"Remove {service.name}?",
            f"All {service.running} running tasks of {service.name} stop and the service "
            "is deleted. This cannot be undone.",
            service.name,
        )
    ):
        return
    await ctx.writes.run(
        Write("remove-service", service.name, {}, lambda w: w.remove_service(service.id)),
        f"Removed {service.name}.",
        service_id=service.id,
    )


async def create(ctx: ActionContext) -> None:
    taken = tuple(s.name for s in ctx.snapshot.services) if ctx.snapshot else ()
    form = await ctx.ask(CreateServiceForm(taken=taken))
    if form is None:
        return
    spec = service_spec(form)
    name = spec["Name"]
    outcome = await ctx.writes.run(
        Write("create-service", name, audit_params(form), lambda w: w.create_service(spec)),
        f"Created service {name}.",
    )
    if outcome.ok:
        await ctx.hooks.select_when_listed(name)


# fmt: off  (a table reads better than one argument per line)
SERVICE_COMMANDS = (
    Command(
        "service.scale",
        "s",
        "Scale",
        "Set the replica count of the selected service",
        "Service",
        footer=True,
        writes=True,
        target=Kind.SERVICE,
        run=scale,
    ),
    Command(
        "service.image",
        "i",
        "Image",
        "Roll the selected service to another image",
        "Service",
        footer=True,
        writes=True,
        target=Kind.SERVICE,
        run=update_image,
    ),
    Command(
        "service.rollback",
        "b",
        "Roll back",
        "Roll the selected service back to its previous spec",
        "Service",
        footer=True,
        writes=True,
        target=Kind.SERVICE,
        run=rollback,
    ),
    Command(
        "service.retry",
        "r",
        "Retry update",
        "Resume the selected service's paused update or rollback",
        "Service",
        writes=True,
        target=Kind.SERVICE,
        run=retry_update,
    ),
    Command(
        "service.force",
        "f",
        "Redeploy",
        "Restart every task of the selected service (update --force)",
        "Service",
        footer=True,
        writes=True,
        target=Kind.SERVICE,
        run=force_update,
    ),
    Command(
        "service.remove",
        "delete",
        "Remove service",
        "Remove the selected service (asks you to type its name)",
        "Service",
        writes=True,
        target=Kind.SERVICE,
        run=remove_selected,
    ),
    Command(
        "service.create",
        "c",
        "Create",
        "Fill in a form for a new service (image, replicas, ports, limits, …) and create it",
        "Service",
        writes=True,
        run=create,
    ),
)
# fmt: on
