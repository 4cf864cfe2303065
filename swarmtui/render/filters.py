"""Which objects a pane lists: the name filter (`/`) and an opened stack.

`re:` starts a regular expression (`re:^shop_`, any case); anything else is a plain substring.
A bad expression filters nothing, and `regex_problem` says why in one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..docker.models import ServiceInfo

REGEX_PREFIX = "re:"


@lru_cache(maxsize=32)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:
        return None


def regex_problem(text: str) -> str:
    """Why a `re:` filter is not a valid expression; empty when it is (or is no regex)."""
    if not text.startswith(REGEX_PREFIX):
        return ""
    try:
        re.compile(text[len(REGEX_PREFIX) :])
    except re.error as error:
        return f"Not a valid regular expression ({error}): the filter lists everything."
    return ""


def _matches(wanted: str, text: str) -> bool:
    if wanted.startswith(REGEX_PREFIX):
        pattern = _compiled(wanted[len(REGEX_PREFIX) :])
        return pattern is None or pattern.search(text) is not None
    return wanted.lower() in text.lower()


@dataclass(frozen=True)
class Filters:
    name: str = ""
    """Only objects whose name contains this (any case), or matches it after `re:`."""
    stack: str = ""
    """Only this stack's services are listed (a stack opened with enter); empty: all."""
    tasks: str = ""
    """Only tasks whose row holds this text (any case), or matches it after `re:`: `/` typed
    in the tasks pane filters the tasks alone."""

    def names(self, name: str) -> bool:
        return _matches(self.name, name)

    def task_row(self, text: str) -> bool:
        return _matches(self.tasks, text)

    def service(self, service: ServiceInfo) -> bool:
        return self.names(service.name) and (not self.stack or service.stack == self.stack)
