"""Outside strings placed in Markdown as text, never as structure.

An incident report quotes service names, errors, node names and log lines, and is pasted
into a ticket: a name like `# [click](http://x)` or a log line of three backticks must not
become a heading, a link or the end of a code block there. Values reach these functions
already visible and on one line (render/text.py), so no newline can start a block.

The rules are CommonMark's (GitHub's Markdown is a superset):

- `inline`: every character that can open or close inline structure (emphasis, code, links,
  images, raw HTML, autolinks, entities, GFM strikethrough and table pipes) is backslash-
  escaped, which CommonMark allows before any ASCII punctuation; `_` between two letters or
  digits is left alone, since it can neither open nor close emphasis there (shop_web stays
  readable). What could start a block where the value starts a line's content (after `- `
  or `### `): a list marker, an ordered-list number, `=`, or leading spaces, is escaped or
  dropped too.
- `code_span`: a backtick fence longer than any run of backticks inside.
- `code_fence`: the fence of a fenced block longer than any run of backticks in its lines,
  so no line can close it (a `~~~~` line cannot close a backtick fence at all).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ALWAYS = frozenset("\\`*[]<>|~#&!")
"""Escaped wherever they are."""
_BLOCK_START = re.compile(r"(?P<head>\d{1,9})(?P<mark>[.)])|(?P<lead>[-+=])")
"""At the start of a value: an ordered-list number, a bullet, a setext underline."""
_BACKTICKS = re.compile(r"`+")


def inline(text: str) -> str:
    """`text` as literal inline Markdown: shown as it is, structuring nothing."""
    text = text.lstrip(" ")  # four spaces after a list marker would open a code block
    out: list[str] = []
    last = len(text) - 1
    for index, char in enumerate(text):
        if char in _ALWAYS or (
            char == "_"
            and not (0 < index < last and text[index - 1].isalnum() and text[index + 1].isalnum())
        ):
            out.append("\\")
        out.append(char)
    escaped = "".join(out)
    start = _BLOCK_START.match(escaped)
    if start is None:
        return escaped
    if start["lead"]:
        return "\\" + escaped
    return f"{start['head']}\\{start['mark']}{escaped[start.end() :]}"


def _longest_run(lines: Iterable[str]) -> int:
    return max((len(run) for line in lines for run in _BACKTICKS.findall(line)), default=0)


def code_span(text: str) -> str:
    """`text` as inline code: a fence of more backticks than any run inside, and a space
    inside each end when the text starts or ends with a backtick or a space (CommonMark
    strips one such space from each end)."""
    fence = "`" * (_longest_run([text]) + 1)
    if text[:1] in ("`", " ") or text[-1:] in ("`", " "):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def code_fence(lines: Iterable[str]) -> str:
    """The fence for a fenced code block holding `lines`: three backticks, or more than the
    longest run of backticks in any of them."""
    return "`" * max(3, _longest_run(lines) + 1)
