"""Keeping the cyclic garbage collector off what the dashboard is made of."""

from __future__ import annotations

import gc

REFREEZE_S = 120.0
"""How often the frozen set is thawed, collected and frozen again."""


def freeze_what_lives_on() -> None:
    """Set what the screen is made of (modules, widgets, 10,000 tasks that live on through the
    memos) aside from the cyclic garbage collector: its full passes over them took 100-150 ms
    with every thread stopped, the longest waits a key had during a refresh. Refcounting still
    frees them when dropped, but a cycle through a frozen object is never collected: under
    churn that grew RSS 22 % in 5 minutes, so every REFREEZE_S the set is thawed, collected
    once (one such pause, at a time of our choosing) and frozen again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
