"""The main screen, in its own room: the screen (screen.py) and the parts it is made of:
navigation (views, filters, jumps), attention (the sort, `n`, last words) and troubleshooting
(events, inspect, the `:` prompt), and the sources the app hands it."""

from .screen import MainScreen
from .sources import Sources

__all__ = ["MainScreen", "Sources"]
