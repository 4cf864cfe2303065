"""Everything the command line prints goes out through here, made safe for a terminal.

What the CLI prints is full of outside text: stack, service and network names, label values
in a plan's diff, the daemon's refusals, file paths, the operator's own arguments echoed back
by argparse. A terminal obeys the controls in it (`ESC]0;…BEL` retitles the window, `ESC[2J`
clears it, a bidi override reverses what follows), so every string is passed through
`render.text` first, the same rule the dashboard follows (controls become their pictures;
see that module for the convention).

- `say` prints one line of progress to stdout; a newline inside it is shown as '␤', so a name
  cannot forge a line of the plan or of a CI log.
- `tell` and `fail` print a message to stderr, prefixed "swarmtui: "; a message may span
  lines (the compose errors do), so newlines stay.
- `Parser` is argparse's parser whose usage, help and errors go the same way.

Colour (`say(..., colour=…)`) is the only escape sequence the CLI writes, added after the
text is made safe. tests/unit/test_text_rule.py fails if anything else in cli/ prints.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO, cast

from ..render.text import one_line, visible

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

RESET = "\x1b[0m"


def say(text: str, colour: str = "") -> None:
    """One line to stdout; `colour` an ANSI colour to wrap it in (a terminal only)."""
    shown = one_line(text)
    print(f"{colour}{shown}{RESET}" if colour else shown, flush=True)


def tell(message: str) -> None:
    """A message to stderr, which may span lines."""
    print(f"swarmtui: {visible(message)}", file=sys.stderr, flush=True)


def fail(message: str, code: int) -> int:
    """`tell` the message and give back the exit code, for `return fail(...)`."""
    tell(message)
    return code


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose output is made safe too: its errors quote the operator's
    arguments as typed ("unrecognized arguments: …"), which may hold anything. Its
    subcommands' parsers are of this class as well (argparse makes them of the parent's)."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse writes usage, help, --version and errors through this one method.
        if message:
            (file or sys.stderr).write(visible(message))


class _Visible:
    """A stdout that shows what it is given as `tell` does: controls made visible, newlines
    kept."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


@contextmanager
def visible_stdout() -> Iterator[None]:
    """Within the block, stdout shows controls as their pictures: for text that is not ours
    to shape, such as each served dashboard's stderr, which textual-serve copies to its own
    stdout as it is."""
    original = sys.stdout
    sys.stdout = cast(TextIO, _Visible(original))
    try:
        yield
    finally:
        sys.stdout = original
