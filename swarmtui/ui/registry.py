"""Every command of the dashboard, in footer order: views and data keys here, the actions that
change the cluster from their own modules. A new view is one module and one entry here."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from textual.binding import BindingType

from ..render.jump import OTHER_COMPLETIONS, OTHER_WORDS, Words
from . import commands
from .actions.image_updates import IMAGE_COMMANDS
from .actions.node import NODE_COMMANDS
from .actions.rebalance import REBALANCE_COMMANDS
from .actions.rotate import ROTATE_COMMAND
from .actions.service import SERVICE_COMMANDS
from .actions.stack import STACK_COMMANDS
from .actions.task import TASK_COMMANDS
from .commands import Command
from .panes.nodes import NodesPane
from .panes.objects import ConfigsPane, NetworksPane, SecretsPane
from .panes.placement import PlacementPane
from .panes.services import ServicesPane
from .panes.stacks import StacksPane
from .panes.table_pane import TablePane
from .screen_commands import SCREEN_COMMANDS

CLUSTER_PANES: tuple[type[TablePane], ...] = (
    ServicesPane,
    NodesPane,
    StacksPane,
    NetworksPane,
    SecretsPane,
    ConfigsPane,
    PlacementPane,
)
"""The cluster views, in layout order: on wide terminals the grid fills in this order (stacks
and the object views before placement, so they can take the nodes' slot); on narrow ones one
shows at a time."""


def pane_command(pane: type[TablePane]) -> Command:
    """A view's command, from what its pane declares: adding a view adds its key."""
    return Command(
        f"view.{pane.PANE}",
        pane.KEY,
        pane.TITLE,
        pane.HELP,
        "Views",
        action=f"show_view({pane.PANE!r})",
        footer=pane.FOOTER,
    )


TASKS_COMMAND = Command(
    "view.tasks",
    "4",
    "Tasks",
    "Move to the tasks of the selected service or node",
    "Views",
    action="focus_tasks",
    footer=True,
)

# fmt: off  (a table reads better than one argument per line)
VIEW_COMMANDS = (
    *sorted(
        (*(pane_command(pane) for pane in CLUSTER_PANES if pane.KEY), TASKS_COMMAND),
        key=lambda command: command.keys,
    ),
    Command(
        "events.open",
        "E",
        "Events",
        "The swarm's events of the last hour and live, with "
        "what changed; / filters, enter jumps to the object",
        "Views",
        action="open_events",
    ),
    Command(
        "inspect.open",
        "y",
        "Inspect",
        "Inspect the selection as YAML (j JSON, / search, r reveal secret-looking values)",
        "Views",
        action="inspect",
    ),
    Command(
        "prompt",
        "colon",
        "Go to",
        "Jump to a view or an object by name: :svc web, :node node2, :net, :secret, "
        ":config, :events, :logs web, :stack shop, :swarm, :top; :ctx prod switches docker context",
        "Views",
        action="open_prompt",
    ),
    Command(
        "tasks.history",
        "h",
        "History",
        "Show or hide finished tasks (the task history) in the tasks pane",
        "Views",
        action="toggle_history",
        footer=True,
    ),
    Command(
        "filter",
        "slash",
        "Filter",
        "Filter the list on screen by name (re: for a regular expression); in the tasks "
        "pane, the tasks by any text in their row",
        "Views",
        action="filter",
        footer=True,
    ),
    Command(
        "services.next_attention",
        "n",
        "Next problem",
        "Move to the next service needing attention: failing, paused, unschedulable or "
        "converging (wraps around)",
        "Views",
        action="next_attention",
        footer=True,
    ),
    Command(
        "services.sort",
        "o",
        "Sort",
        "Sort the services: attention first, then by name, replicas, mode, image or update "
        "(each press the next; remembered in config.toml)",
        "Views",
        action="cycle_sort",
    ),
    Command(
        "filter.clear",
        "escape",
        "Clear filter",
        "Clear the name filter; in an opened stack, list every service again",
        "Views",
        action="clear_filter",
        palette=False,
    ),
    Command(
        "logs.open",
        "g",
        "Logs",
        "Follow the logs of the selected service or stack, or of the task under the cursor "
        "in the tasks pane (filters, search, save inside)",
        "Views",
        action="app.show_logs",
    ),
    Command(
        "stack.open",
        "enter",
        "Open stack",
        "List only the highlighted stack's services (esc lists all again)",
        "Stacks",
        action="open_stack",
    ),
    Command(
        "lint.open",
        "W",
        "Lint",
        "Lint the live cluster: healthchecks, update monitors, restart policies, memory, "
        "image pins, placement, managers, the CA; u applies a fix after its plan",
        "Views",
        action="app.show_lint",
    ),
    Command(
        "top.open",
        "T",
        "Top",
        "The busiest tasks, by CPU or memory",
        "Views",
        action="app.show_top",
    ),
)

DATA_COMMANDS = (
    Command(
        "refresh",
        "ctrl+r,f5",
        "Refresh",
        "Re-read the whole cluster now",
        "Data",
        action="app.refresh_now",
        footer=True,
    ),
    Command(
        "pause",
        "P",
        "Pause",
        "Pause or resume live refresh (the data on screen stays)",
        "Data",
        action="app.toggle_pause",
        footer=True,
    ),
    Command(
        "report",
        "R",
        "Incident report",
        "Write an incident report to the state directory (Markdown and a JSON twin, new files "
        "readable by you only): the summary, every service needing attention with its cause "
        "and last lines, the last hour of events",
        "Data",
        action="app.write_report",
    ),
    commands.HELP,
)

GENERAL_COMMANDS = (
    Command(
        "swarm.join",
        "J",
        "Join tokens",
        "Show the commands that add a worker or a manager to this swarm (tokens masked "
        "until revealed); copy them, or rotate a token",
        "Swarm",
        action="app.show_join_tokens",
    ),
    Command(
        "swarm.settings",
        "S",
        "Swarm settings",
        "The swarm's own settings (task history, heartbeat, certificates, CA rotation, "
        "autolock, raft, address pool); change the safe ones, rotate the unlock key, leave",
        "Swarm",
        action="app.show_swarm",
    ),
    Command(
        "swarm.unlock",
        "U",
        "Unlock swarm",
        "Give a locked manager its unlock key (the prompt opens by itself when the manager "
        "is locked)",
        "Swarm",
        action="app.unlock",
        writes=True,
    ),
    Command(
        "palette",
        "ctrl+p",
        "Commands",
        "Open the command palette (jump to a service or node, theme, …)",
        "General",
        action="app.command_palette",
        palette=False,
    ),
    Command("quit", "q", "Quit", "Leave swarmtui", "General", action="app.quit", footer=True),
)
# fmt: on

COMMANDS: tuple[Command, ...] = (
    *VIEW_COMMANDS,
    *STACK_COMMANDS,
    *DATA_COMMANDS,
    *TASK_COMMANDS,  # before the nodes': `x` in the tasks pane is a shell, elsewhere removal
    *SERVICE_COMMANDS,
    *REBALANCE_COMMANDS,
    *IMAGE_COMMANDS,
    *NODE_COMMANDS,
    ROTATE_COMMAND,
    *GENERAL_COMMANDS,
)
BY_ID = commands.by_id(COMMANDS)
PROMPT_WORDS = Words(
    aliases={
        **{word: pane.PANE for pane in CLUSTER_PANES for word in (pane.PANE, *pane.WORDS)},
        **OTHER_WORDS,
    },
    completions=(*((pane.WORDS or (pane.PANE,))[0] for pane in CLUSTER_PANES), *OTHER_COMPLETIONS),
)
"""What the `:` prompt understands: each view's words, from its pane."""
KEYMAP_SCOPES: tuple[tuple[Command, ...], ...] = (COMMANDS, *SCREEN_COMMANDS.values())
"""Every command the keymap can rebind, one tuple per screen (a key is unique within one)."""


def visible_commands(read_only: bool) -> Iterable[Command]:
    return commands.visible(COMMANDS, read_only)


@cache
def bindings() -> list[BindingType]:
    return commands.bindings(COMMANDS)
