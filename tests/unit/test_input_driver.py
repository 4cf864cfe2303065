"""The terminal's input thread sleeps until there is input (counted, not timed): Textual's woke
ten times a second for ever, 600 wake-ups a minute of an idle dashboard. Keys, a lone Escape
(which only a timeout tells from the start of a sequence) and the exit still arrive."""

from __future__ import annotations

import os
import selectors
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver

from swarmtui.ui.input_driver import QuietLinuxDriver, quiet_input


class CountingSelector(selectors.DefaultSelector):  # type: ignore[misc,valid-type]
    waits: list[float | None] = []

    def select(self, timeout: float | None = None) -> Any:
        CountingSelector.waits.append(timeout)
        return super().select(timeout)


@pytest.fixture
def keep_signals() -> Iterator[None]:
    """The driver takes SIGTSTP and SIGCONT (ctrl+z); the test run keeps its own."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def wait_until(condition: Any, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "never came"
        time.sleep(0.01)


async def test_the_input_thread_sleeps_until_a_key_and_wakes_to_exit(
    monkeypatch: pytest.MonkeyPatch, keep_signals: None
) -> None:
    monkeypatch.setattr(selectors, "DefaultSelector", CountingSelector)
    CountingSelector.waits = []
    keys, terminal = os.pipe()
    driver = QuietLinuxDriver(App())
    driver.fileno = keys
    received: list[Any] = []
    driver.process_message = received.append  # type: ignore[method-assign]
    thread = threading.Thread(target=driver.run_input_thread)
    thread.start()
    try:
        time.sleep(0.5)
        assert len(CountingSelector.waits) <= 1  # Textual's: five in half a second
        os.write(terminal, b"a")
        wait_until(lambda: any(isinstance(e, events.Key) and e.key == "a" for e in received))
        os.write(terminal, b"\x1b")  # a lone Escape: a key once no sequence follows it
        wait_until(lambda: any(isinstance(e, events.Key) and e.key == "escape" for e in received))
        assert any(wait is not None and wait < 1 for wait in CountingSelector.waits)
        driver.exit_event.set()
        thread.join(timeout=2)
        assert not thread.is_alive()  # woken to exit, not at its next look
        # A suspend (a shell in a task): Textual closes the driver, then starts input again.
        driver.exit_event.clear()
        driver.close()
        thread = threading.Thread(target=driver.run_input_thread)
        thread.start()
        os.write(terminal, b"b")
        wait_until(lambda: any(isinstance(e, events.Key) and e.key == "b" for e in received))
        driver.exit_event.set()
        thread.join(timeout=2)
        assert not thread.is_alive()
    finally:
        driver.exit_event.set()
        thread.join(timeout=5)
        driver.close()
        os.close(keys)
        os.close(terminal)


def test_only_the_linux_driver_is_replaced() -> None:
    app = App[None]()
    app.driver_class = LinuxDriver
    assert quiet_input(app).driver_class is QuietLinuxDriver
    other = App[None]()
    other.driver_class = object  # type: ignore[assignment]  # a browser's, say
    assert quiet_input(other).driver_class is object
