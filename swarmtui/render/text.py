"""Outside strings made safe to show: literal text, never markup, nothing the terminal obeys.

Every string that comes from the cluster, a file or the operator goes through `literal` (text
that may wrap: the detail area, dialogs) or `line` (one line: a table cell, a title). Both
return a Rich `Text`, which no widget reads as markup, so `[/x]` or `[@click=app.quit]x[/]`
shows as typed.

The convention for characters a terminal would act on instead of print:

- C0 controls and DEL become their Unicode control picture: ESC shows as ``␛``, BEL ``␇``,
  CR ``␍``, backspace ``␈``, tab ``␉``, DEL ``␡``; so ``\\x1b[2J`` reads ``␛[2J``. A newline
  is kept by `literal` and shown as ``␤`` by `line`.
- C1 controls (U+0080-U+009F), which have no picture, and the bidirectional marks, embeddings,
  overrides and isolates (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and the line
  and paragraph separators (U+2028, U+2029) become their code point in angle brackets:
  ``<U+202E>``.

Everything else, combining and zero-width characters and right-to-left letters included, is
kept: it is someone's real name, and Rich measures it. `line` shortens a value longer than
`MAX_LINE` characters to that many, ending in an ellipsis, so one huge label cannot make a
table column thousands of cells wide; `literal` keeps it whole, for the wrapped detail area.
"""

from __future__ import annotations

from rich.text import Text

READING_TASKS = "reading tasks…"
"""Said where a figure needs the task list while the first screen waits for it."""

MAX_LINE = 160
"""The most characters `line` keeps; a table cell or title longer than this ends in '…'."""

ELLIPSIS = "…"

NEWLINE_PICTURE = "␤"

_POINTS = (
    {0x061C, 0x200E, 0x200F, 0x2028, 0x2029}
    | set(range(0x80, 0xA0))
    | set(range(0x202A, 0x202F))
    | set(range(0x2066, 0x206A))
)


def _visible(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "␡"
    return f"<U+{code:04X}>"


_SHOWN: dict[int, str] = {
    code: _visible(chr(code)) for code in (*range(0x20), 0x7F, *sorted(_POINTS))
}
_SHOWN_MULTILINE = {code: shown for code, shown in _SHOWN.items() if code != 0x0A}
_SHOWN_ONE_LINE = {**_SHOWN, 0x0A: NEWLINE_PICTURE}


def visible(value: str, *, one_line: bool = False) -> str:
    """`value` with every control and bidi-control character replaced by its visible form."""
    return value.translate(_SHOWN_ONE_LINE if one_line else _SHOWN_MULTILINE)


def one_line(value: str) -> str:
    """`visible` for a value that must stay on its line: newlines shown as '␤' too."""
    return visible(value, one_line=True)


_SHOWN_IN_FILE = {code: shown for code, shown in _SHOWN_ONE_LINE.items() if code != 0x09}


def file_line(value: str) -> str:
    """`one_line` for a line written to a file that is read later, with `cat` on a terminal
    as often as with grep: tabs are kept (tools split on them, and a terminal only moves
    the cursor), every other control is shown."""
    return value.translate(_SHOWN_IN_FILE)


def shorten(value: str, limit: int = MAX_LINE) -> str:
    return value if len(value) <= limit else value[: limit - 1] + ELLIPSIS


def literal(value: str, style: str = "") -> Text:
    """`value` as literal text that may span lines: newlines kept, controls made visible."""
    return Text(visible(str(value)), style=style)


def line(value: str, style: str = "", limit: int = MAX_LINE) -> Text:
    """`value` as literal text on one line: newlines and controls visible, long values cut."""
    return Text(shorten(visible(str(value), one_line=True), limit), style=style)


def safe_str(value: str, limit: int = MAX_LINE) -> str:
    """The plain string `line` shows, for places that take `str` (notification titles,
    palette entries) once they are told not to read markup."""
    return shorten(visible(str(value), one_line=True), limit)
