"""The command line, without Textual: options and settings, the daemon check, swarm init, and
the headless commands. The dashboard comes in through `Dashboard` (see swarmtui.launch)."""

from .dashboard import Dashboard
from .main import main

__all__ = ["Dashboard", "main"]
