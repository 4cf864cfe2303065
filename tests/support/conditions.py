"""Waiting on what a test needs, not on a number of pauses: a condition polled while the app
runs, with a bound that fails the test with a sentence instead of hanging it."""

from __future__ import annotations

from collections.abc import Callable


async def wait_for(pilot, condition: Callable[[], object], seconds: float = 10.0) -> None:  # noqa: ANN001
    """Pause (50 ms at a time) until `condition()` is true; AssertionError after `seconds`."""
    for _ in range(max(1, int(seconds / 0.05))):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition(), f"still not true after {seconds} s"
