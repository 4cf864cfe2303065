"""The one registry of commands: key bindings, the command palette and the help screen all
come from here, so a key can never be listed in one place and missing from another."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Command:
    id: str
    keys: str
    """Comma-separated Textual key names; the first is the one shown."""
    action: str
    """An action on the main screen (`screen.` is implied)."""
    title: str
    help: str
    group: str = "General"
    footer: bool = False
    writes: bool = False
    """Changes the cluster: hidden and refused in read-only mode."""
    target: str | None = None
    """'service' or 'node': offered only while one of those is selected."""
    palette: bool = True

    @property
    def display_key(self) -> str:
        return key_label(self.keys.split(",")[0])

    @property
    def all_keys(self) -> str:
        return " / ".join(key_label(key) for key in self.keys.split(","))

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.title,
            show=self.footer,
            key_display=self.display_key,
            id=self.id,
            tooltip=self.help,
        )


def key_label(key: str) -> str:
    return {
        "question_mark": "?",
        "slash": "/",
        "plus": "+",
        "minus": "-",
        "delete": "del",
        "escape": "esc",
        "ctrl+r": "^r",
        "ctrl+p": "^p",
    }.get(key, key)


COMMANDS: tuple[Command, ...] = (
    Command(
        "view.services",
        "1",
        "show_view('services')",
        "Services",
        "Show the services pane",
        "Views",
        footer=True,
    ),
    Command(
        "view.nodes",
        "2",
        "show_view('nodes')",
        "Nodes",
        "Show the nodes pane",
        "Views",
        footer=True,
    ),
    Command(
        "view.placement",
        "3",
        "show_view('placement')",
        "Placement",
        "Show the service × node placement grid",
        "Views",
        footer=True,
    ),
    Command(
        "view.tasks",
        "4",
        "focus_tasks",
        "Tasks",
        "Move to the tasks of the selected service or node",
        "Views",
        footer=True,
    ),
    Command(
        "view.stacks",
        "5",
        "show_view('stacks')",
        "Stacks",
        "Show the stacks pane: services, tasks, networks, secrets and configs per stack",
        "Views",
        footer=True,
    ),
    Command(
        "tasks.history",
        "h",
        "toggle_history",
        "History",
        "Show or hide finished tasks (the task history) in the tasks pane",
        "Views",
        footer=True,
    ),
    Command(
        "filter",
        "slash",
        "filter",
        "Filter",
        "Filter services and nodes by name",
        "Views",
        footer=True,
    ),
    Command(
        "filter.clear",
        "escape",
        "clear_filter",
        "Clear filter",
        "Clear the name filter; in an opened stack, list every service again",
        "Views",
        palette=False,
    ),
    Command(
        "stack.open",
        "enter",
        "open_stack",
        "Open stack",
        "List only the highlighted stack's services (esc lists all again)",
        "Stacks",
    ),
    Command(
        "stack.deploy",
        "D",
        "deploy_stack",
        "Deploy stack",
        "Deploy a stack from compose files: see the plan, then apply it (ctrl+y)",
        "Stacks",
        writes=True,
    ),
    # Before service.remove: `del` removes a stack while one is selected, else falls through.
    Command(
        "stack.remove",
        "delete",
        "remove_stack",
        "Remove stack",
        "Remove the selected stack: its services, then its secrets, configs and networks "
        "(asks you to type its name)",
        "Stacks",
        writes=True,
        target="stack",
    ),
    Command(
        "refresh",
        "ctrl+r,f5",
        "refresh_now",
        "Refresh",
        "Re-read the whole cluster now",
        "Data",
        footer=True,
    ),
    Command(
        "pause",
        "P",
        "toggle_pause",
        "Pause",
        "Pause or resume live refresh (the data on screen stays)",
        "Data",
        footer=True,
    ),
    Command(
        "help",
        "question_mark",
        "app.show_help",
        "Help",
        "Show every key and command",
        "General",
        footer=True,
    ),
    Command(
        "service.scale",
        "s",
        "scale",
        "Scale",
        "Set the replica count of the selected service",
        "Service",
        footer=True,
        writes=True,
        target="service",
    ),
    Command(
        "service.image",
        "i",
        "update_image",
        "Image",
        "Roll the selected service to another image",
        "Service",
        footer=True,
        writes=True,
        target="service",
    ),
    Command(
        "service.rollback",
        "b",
        "rollback",
        "Roll back",
        "Roll the selected service back to its previous spec",
        "Service",
        footer=True,
        writes=True,
        target="service",
    ),
    Command(
        "service.retry",
        "r",
        "retry_update",
        "Retry update",
        "Resume the selected service's paused update or rollback",
        "Service",
        writes=True,
        target="service",
    ),
    Command(
        "service.force",
        "f",
        "force_update",
        "Redeploy",
        "Restart every task of the selected service (update --force)",
        "Service",
        footer=True,
        writes=True,
        target="service",
    ),
    Command(
        "service.remove",
        "delete",
        "remove_service",
        "Remove service",
        "Remove the selected service (asks you to type its name)",
        "Service",
        writes=True,
        target="service",
    ),
    Command(
        "service.create",
        "c",
        "create_service",
        "Create",
        "Fill in a form for a new service (image, replicas, ports, limits, …) and create it",
        "Service",
        writes=True,
    ),
    Command(
        "node.drain",
        "d",
        "set_availability('drain')",
        "Drain",
        "Move every task off the selected node",
        "Node",
        footer=True,
        writes=True,
        target="node",
    ),
    Command(
        "node.pause",
        "p",
        "set_availability('pause')",
        "Pause node",
        "Stop scheduling new tasks on the selected node",
        "Node",
        footer=True,
        writes=True,
        target="node",
    ),
    Command(
        "node.activate",
        "a",
        "set_availability('active')",
        "Activate",
        "Make the selected node available for tasks again",
        "Node",
        footer=True,
        writes=True,
        target="node",
    ),
    Command(
        "node.promote",
        "plus",
        "set_role('manager')",
        "Promote",
        "Make the selected worker a manager",
        "Node",
        writes=True,
        target="node",
    ),
    Command(
        "node.demote",
        "minus",
        "set_role('worker')",
        "Demote",
        "Make the selected manager a worker",
        "Node",
        writes=True,
        target="node",
    ),
    Command(
        "node.label_add",
        "l",
        "add_label",
        "Add label",
        "Add or change a label on the selected node",
        "Node",
        writes=True,
        target="node",
    ),
    Command(
        "node.label_remove",
        "L",
        "remove_label",
        "Remove label",
        "Remove a label from the selected node",
        "Node",
        writes=True,
        target="node",
    ),
    Command(
        "node.remove",
        "x",
        "remove_node",
        "Remove node",
        "Remove the selected node from the swarm (a down node; force asks you to type its name)",
        "Node",
        writes=True,
        target="node",
    ),
    Command(
        "swarm.join",
        "J",
        "app.show_join_tokens",
        "Join tokens",
        "Show the commands that add a worker or a manager to this swarm (tokens masked "
        "until revealed); copy them, or rotate a token",
        "Swarm",
    ),
    Command(
        "palette",
        "ctrl+p",
        "app.command_palette",
        "Commands",
        "Open the command palette (jump to a service or node, theme, …)",
        "General",
        palette=False,
    ),
    Command("quit", "q", "app.quit", "Quit", "Leave swarmtui", "General", footer=True),
)


def visible_commands(read_only: bool) -> Iterable[Command]:
    return (command for command in COMMANDS if not (read_only and command.writes))


def bindings(read_only: bool = False) -> list[Binding]:
    return [command.binding() for command in visible_commands(read_only)]
