"""The main screen's actions that change the cluster: dialogs first, then one guarded write.

Each action asks what it needs, says what will happen, and hands the change to the app's
`run_write`, which refuses in read-only mode, serialises writes, audits and reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from ..commands import COMMANDS
from ..detail import drain_preview_text
from ..docker.drain import preview_drain
from ..docker.models import NodeInfo, ServiceInfo
from ..docker.service_spec import audit_params, service_spec
from ..docker.validate import parse_label, parse_replicas, validate_image
from .create_service import CreateServiceForm, select_when_listed
from .dialogs import ConfirmDialog, PromptDialog, TypedConfirmDialog

if TYPE_CHECKING:
    from ..app import SwarmTuiApp

_WRITES = {command.action.split("(")[0] for command in COMMANDS if command.writes}
_TARGET_OF = {command.action.split("(")[0]: command.target for command in COMMANDS}


class ClusterActions:
    """Mixed into MainScreen, which provides `selection`, `read_only`, `app` and `notify`."""

    selection: tuple[str, str, str | None] | None
    read_only: bool

    @property
    def swarm_app(self) -> SwarmTuiApp:
        return self.app  # type: ignore[attr-defined, return-value]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide writes in read-only mode, and service or node actions for the other kind."""
        if action not in _WRITES:
            return True
        if self.read_only:
            return False
        target = _TARGET_OF.get(action)
        if action in ("remove_service", "remove_node"):
            return True  # `del` is bound to both; each explains itself
        kind = self.selection[0] if self.selection else None
        return target is None or target == kind

    def _selected(self, kind: str) -> Any:
        """The selected service or node to act on; None (with a message) when there is none.

        Every write action starts here, so read-only mode refuses them all in one place, even
        when one is invoked some other way than its hidden key.
        """
        if self.read_only:
            self.swarm_app.refuse_read_only(kind)
            return None
        snapshot = self.swarm_app.snapshot
        if self.selection is None or self.selection[0] != kind or snapshot is None:
            where = "1 for services" if kind == "service" else "2 for nodes"
            self.notify(f"Select a {kind} first ({where}).", severity="warning")  # type: ignore[attr-defined]
            return None
        found = (snapshot.service_by_id if kind == "service" else snapshot.node_by_id).get(
            self.selection[1]
        )
        if found is None:
            self.notify(f"That {kind} is gone from the cluster.", severity="warning")  # type: ignore[attr-defined]
        return found

    async def _ask(self, dialog: Any) -> Any:
        return await self.swarm_app.push_screen_wait(dialog)

    # Services -----------------------------------------------------------------------------

    @work(group="actions")
    async def action_scale(self) -> None:
        service: ServiceInfo | None = self._selected("service")
        if service is None:
            return
        if service.is_global or service.is_job:
            await self.swarm_app.run_write(
                "scale",
                service.name,
                {},
                None,
                "",
                refused=f"{service.name} is a {service.mode} service: it runs one task per "
                "eligible node (or per job), so it has no replica count to scale.",
            )
            return
        value = await self._ask(
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
        await self.swarm_app.run_write(
            "scale",
            service.name,
            {"replicas": replicas},
            lambda writer: writer.scale(service.id, replicas),
            f"Scaled {service.name} to {replicas}.",
            service_id=service.id,
        )

    @work(group="actions")
    async def action_update_image(self) -> None:
        service: ServiceInfo | None = self._selected("service")
        if service is None:
            return
        value = await self._ask(
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
        await self.swarm_app.run_write(
            "update-image",
            service.name,
            {"image": image},
            lambda writer: writer.update_image(service.id, image),
            f"Started rolling {service.name} to {image}.",
            service_id=service.id,
        )

    @work(group="actions")
    async def action_rollback(self) -> None:
        service: ServiceInfo | None = self._selected("service")
        if service is None:
            return
        previous = service.previous_image or "its previous spec"
        if not await self._ask(
            ConfirmDialog(
                f"Roll back {service.name}?",
                f"{service.name} goes back to {previous}; its tasks are replaced as its "
                "rollback config says.",
                "Roll back",
            )
        ):
            return
        await self.swarm_app.run_write(
            "rollback",
            service.name,
            {"to": previous},
            lambda writer: writer.rollback(service.id),
            f"Started rolling {service.name} back.",
            service_id=service.id,
        )

    @work(group="actions")
    async def action_retry_update(self) -> None:
        service: ServiceInfo | None = self._selected("service")
        if service is None:
            return
        status = service.update_status
        if status is None or not status.paused:
            state = status.state.replace("_", " ") if status else "not started"
            self.notify(
                f"{service.name} has no paused update to retry (its update is "  # type: ignore[attr-defined]
                f"{state}).",
                severity="warning",
            )
            return
        if not await self._ask(
            ConfirmDialog(
                f"Retry the update of {service.name}?",
                f"It paused: {status.message or 'a task failed'}. The update starts over: "
                f"its tasks are replaced again, {service.update_config.parallelism} at a time; "
                "if they fail the same way it pauses again. The daemon then keeps this spec as the one to "
                f"roll back to, so {service.previous_image or 'the previous spec'} is no longer "
                "reachable with b: to go back there, roll back instead.",
                "Retry",
            )
        ):
            return
        await self.swarm_app.run_write(
            "retry-update",
            service.name,
            {},
            lambda writer: writer.retry_update(service.id),
            f"Resumed the update of {service.name}.",
            service_id=service.id,
        )

    @work(group="actions")
    async def action_force_update(self) -> None:
        service: ServiceInfo | None = self._selected("service")
        if service is None:
            return
        if not await self._ask(
            ConfirmDialog(
                f"Redeploy {service.name}?",
                f"Every task of {service.name} is replaced, "
                f"{service.update_config.parallelism} at a time, with no change to its spec "
                "(docker service update --force).",
                "Redeploy",
            )
        ):
            return
        await self.swarm_app.run_write(
            "force-update",
            service.name,
            {},
            lambda writer: writer.force_update(service.id),
            f"Started redeploying {service.name}.",
            service_id=service.id,
        )

    @work(group="actions")
    async def action_remove_service(self) -> None:
        if self.selection and self.selection[0] == "node":
            self.action_remove_node()  # type: ignore[attr-defined]
            return
        service: ServiceInfo | None = self._selected("service")
        if service is None:
            return
        if not await self._ask(
            TypedConfirmDialog(
                f"Remove {service.name}?",
                f"All {service.running} running tasks of {service.name} stop and the service "
                "is deleted. This cannot be undone.",
                service.name,
            )
        ):
            return
        await self.swarm_app.run_write(
            "remove-service",
            service.name,
            {},
            lambda writer: writer.remove_service(service.id),
            f"Removed {service.name}.",
            service_id=service.id,
        )

    @work(group="actions")
    async def action_create_service(self) -> None:
        if self.read_only:  # no selection to go through `_selected`, so refuse here
            self.swarm_app.refuse_read_only("service")
            return
        form = await self._ask(CreateServiceForm())
        if form is None:
            return
        spec = service_spec(form)
        name = spec["Name"]
        if await self.swarm_app.run_write(
            "create-service",
            name,
            audit_params(form),
            lambda writer: writer.create_service(spec),
            f"Created service {name}.",
        ):
            await select_when_listed(self.swarm_app, name)

    # Nodes --------------------------------------------------------------------------------

    @work(group="actions")
    async def action_set_availability(self, availability: str) -> None:
        node: NodeInfo | None = self._selected("node")
        if node is None:
            return
        if node.availability == availability:
            self.notify(f"{node.hostname} is already {availability}.")  # type: ignore[attr-defined]
            return
        if availability != "active":
            what = (
                "Its tasks keep running but no new task is placed there."
                if availability == "pause"
                else drain_preview_text(
                    preview_drain(self.swarm_app.snapshot, node.id),  # type: ignore[arg-type]
                    self.swarm_app.main.renderer.palette,
                )
            )
            if not await self._ask(
                ConfirmDialog(
                    f"{availability.capitalize()} {node.hostname}?", what, availability.capitalize()
                )
            ):
                return
        done = {"drain": "Draining", "pause": "Paused", "active": "Activated"}[availability]
        await self.swarm_app.run_write(
            f"node-{availability}",
            node.hostname,
            {"availability": availability},
            lambda writer: writer.set_availability(node.id, availability),
            f"{done} {node.hostname}.",
            nodes_changed=True,
        )

    @work(group="actions")
    async def action_set_role(self, role: str) -> None:
        node: NodeInfo | None = self._selected("node")
        if node is None:
            return
        if node.role == role:
            self.notify(f"{node.hostname} is already a {role}.")  # type: ignore[attr-defined]
            return
        verb = "Promote" if role == "manager" else "Demote"
        if not await self._ask(
            ConfirmDialog(f"{verb} {node.hostname}?", f"{node.hostname} becomes a {role}.", verb)
        ):
            return
        await self.swarm_app.run_write(
            f"node-{verb.lower()}",
            node.hostname,
            {"role": role},
            lambda writer: writer.set_role(node.id, role),
            f"{verb}d {node.hostname} to {role}.",
            nodes_changed=True,
        )

    @work(group="actions")
    async def action_add_label(self) -> None:
        node: NodeInfo | None = self._selected("node")
        if node is None:
            return
        value = await self._ask(
            PromptDialog(
                f"Label {node.hostname}",
                "Label as key=value (or just key):",
                "",
                validate=parse_label,
            )
        )
        if value is None:
            return
        key, label_value = parse_label(value)
        await self.swarm_app.run_write(
            "node-label-add",
            node.hostname,
            {"key": key, "value": label_value},
            lambda writer: writer.add_node_label(node.id, key, label_value),
            f"Labelled {node.hostname} {key}={label_value}.",
            nodes_changed=True,
        )

    @work(group="actions")
    async def action_remove_label(self) -> None:
        node: NodeInfo | None = self._selected("node")
        if node is None:
            return
        current = ", ".join(key for key, _ in node.labels) or "none"
        value = await self._ask(
            PromptDialog(
                f"Remove a label from {node.hostname}",
                f"Label key (current: {current}):",
                "",
                validate=parse_label,
            )
        )
        if value is None:
            return
        key, _ = parse_label(value)
        await self.swarm_app.run_write(
            "node-label-remove",
            node.hostname,
            {"key": key},
            lambda writer: writer.remove_node_label(node.id, key),
            f"Removed label {key} from {node.hostname}.",
            nodes_changed=True,
        )

    @work(group="actions")
    async def action_remove_node(self) -> None:
        node: NodeInfo | None = self._selected("node")
        if node is None:
            return
        force = node.state != "down"
        message = (
            f"{node.hostname} is {node.state}: removing it by force cuts it off the "
            "swarm while it may still run tasks."
            if force
            else f"{node.hostname} is down; it leaves the node list."
        )
        if not await self._ask(
            TypedConfirmDialog(f"Remove node {node.hostname}?", message, node.hostname)
        ):
            return
        await self.swarm_app.run_write(
            "node-remove",
            node.hostname,
            {"force": force},
            lambda writer: writer.remove_node(node.id, force=force),
            f"Removed node {node.hostname}.",
            nodes_changed=True,
        )
