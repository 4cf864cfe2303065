"""The keys of the swarm screen (`S`, `:swarm`), the unlock prompt and the screen that shows a
new unlock key, as commands of the one registry (screen_commands.py lists them under their
screens' headings)."""

from __future__ import annotations

from .commands import HELP, Command

SWARM = "Swarm screen"
UNLOCK = "Unlock prompt"
NEW_KEY = "New unlock key"

# fmt: off  (a table reads better than one argument per line)
SWARM_COMMANDS = (
    Command(
        "swarm.task_history",
        "t",
        "Task history limit",
        "Change how many finished tasks the swarm keeps per slot, after a confirmation",
        SWARM,
        action="edit('task_history')",
        footer=True,
        writes=True,
    ),
    Command(
        "swarm.heartbeat",
        "b",
        "Dispatcher heartbeat",
        "Change how often nodes report to the managers, after a confirmation",
        SWARM,
        action="edit('heartbeat')",
        footer=True,
        writes=True,
    ),
    Command(
        "swarm.cert_expiry",
        "e",
        "Certificate expiry",
        "Change how long node certificates last, after a confirmation",
        SWARM,
        action="edit('cert_expiry')",
        footer=True,
        writes=True,
    ),
    Command(
        "swarm.autolock",
        "a",
        "Autolock",
        "Turn autolock on (the unlock key is shown once: store it) or off, after a confirmation",
        SWARM,
        action="autolock",
        footer=True,
        writes=True,
    ),
    Command(
        "swarm.rotate_unlock_key",
        "k",
        "Rotate unlock key",
        "Replace the unlock key, after a confirmation; the new key is shown once",
        SWARM,
        action="rotate_key",
        footer=True,
        writes=True,
    ),
    Command(
        "swarm.leave",
        "L",
        "Leave swarm",
        "Take the connected manager out of the swarm (what it does to the quorum is said "
        "first; the last manager destroys the swarm and asks you to type its name)",
        SWARM,
        action="leave",
        footer=True,
        writes=True,
    ),
    Command(
        "swarm.reread",
        "ctrl+r,f5",
        "Read again",
        "Read the swarm's settings again",
        SWARM,
        action="load",
    ),
    Command(
        "swarm.close",
        "escape,q,S",
        "Close",
        "Back to the dashboard",
        SWARM,
        action="dismiss",
        footer=True,
    ),
    HELP,
)

UNLOCK_COMMANDS = (
    Command(
        "unlock.close",
        "escape",
        "Close",
        "Close the unlock prompt: the dashboard stays on its last data (U opens it again)",
        UNLOCK,
        action="close",
        footer=True,
    ),
)

NEW_KEY_COMMANDS = (
    Command(
        "unlock_key.copy",
        "c",
        "Copy key",
        "Copy the new unlock key (shown this once) to the clipboard",
        NEW_KEY,
        action="copy",
        footer=True,
        reveals=True,
    ),
    Command(
        "unlock_key.close",
        "escape,enter,q",
        "Stored it",
        "Close: the key is not shown again",
        NEW_KEY,
        action="close",
        footer=True,
    ),
)
# fmt: on
