"""Textual's Linux driver, with an input thread that sleeps until there is input.

Textual's input thread wakes ten times a second, whatever happens, to time out a lone Escape
that no sequence follows: 600 wake-ups a minute, each taking the GIL from the UI and poll
threads, about 0.09 CPU-s/min of the 0.5 the dashboard may spend idle on a large cluster
(issue 19). This thread waits for a key, for the parser's own deadline while a sequence is
half-read, or for the driver's exit, told through a pipe.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import threading
from codecs import getincrementaldecoder
from typing import Any, TypeVar

from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver

AnyApp = TypeVar("AnyApp", bound=App[Any])

LONGEST_WAIT_S = 60.0
"""Even with nothing pending, look at the exit flag this often (an exit that never woke us)."""


class WakingEvent(threading.Event):
    """The driver's exit flag, which also wakes the input thread when it is set."""

    def __init__(self, wake_fd: int) -> None:
        super().__init__()
        self._wake_fd = wake_fd

    def set(self) -> None:
        super().set()
        with contextlib.suppress(BlockingIOError):  # a full pipe is already a wake-up
            os.write(self._wake_fd, b"x")


class QuietLinuxDriver(LinuxDriver):
    """The pipe lives as long as the driver: `close()` is also how Textual stops the
    terminal for a suspend (a shell in a task), after which the input thread starts again."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._wake_read, wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(wake_write, False)
        self.exit_event = WakingEvent(wake_write)

    def run_input_thread(self) -> None:
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        with selectors.DefaultSelector() as selector:
            selector.register(self.fileno, selectors.EVENT_READ)
            selector.register(self._wake_read, selectors.EVENT_READ)
            while not self.exit_event.is_set():
                for key, _ in selector.select(_wait(parser)):
                    if key.fd == self._wake_read:
                        _drain(self._wake_read)
                        continue
                    data = os.read(self.fileno, 4096)
                    if not data:
                        selector.unregister(self.fileno)  # stdin closed (piped): wait to exit
                        continue
                    for event in parser.feed(decode(data)):
                        self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)


def _wait(parser: XTermParser) -> float:
    """Seconds until the parser's deadline for a half-read sequence, else LONGEST_WAIT_S."""
    deadline = getattr(parser, "_timeout_time", get_time() + 0.1)
    if deadline is None:
        return LONGEST_WAIT_S
    return max(0.0, deadline - get_time())


def _drain(fd: int) -> None:
    with contextlib.suppress(BlockingIOError):
        while os.read(fd, 64):
            pass


def quiet_input(app: AnyApp) -> AnyApp:
    """`app`, with the quiet driver where it would run Textual's Linux driver (not in a
    browser, nor headless)."""
    if app.driver_class is LinuxDriver:
        app.driver_class = QuietLinuxDriver
    return app
