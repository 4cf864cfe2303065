"""A JSON array answer kept as the daemon's bytes, decoded only when read.

Two polls of an unchanged cluster return byte-identical bodies, so comparing bodies (by their
digest: the reader keeps 32 bytes per kind of query, not the last 7-35 MB task list) lets the
reader skip decoding and parsing altogether. Decoding goes element by element so that a large
task list does not hold the GIL for one long C call while the UI thread waits for a key press.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Any, overload

_decoder = json.JSONDecoder()
_SKIP = " \t\n\r,"


def decode_array(body: bytes) -> list[Any]:
    return list(iter_array(body))


def iter_array(body: bytes) -> Iterator[Any]:
    """The array's elements one at a time: a reader that turns each into a model at once
    never holds all 10,000 decoded dicts together (the peak a full read used to add)."""
    return iter_text(body.decode())


def iter_text(text: str) -> Iterator[Any]:
    """iter_array, for a body already decoded."""
    start = text.find("[")
    if start < 0:
        raise ValueError("expected a JSON array from the daemon")
    index, end = start + 1, len(text)
    while True:
        while index < end and text[index] in _SKIP:
            index += 1
        if index >= end:
            raise ValueError("unterminated JSON array from the daemon")
        if text[index] == "]":
            return
        item, index = _decoder.raw_decode(text, index)
        yield item


class RawList(Sequence[Any]):
    def __init__(self, body: bytes) -> None:
        self.body = body
        self._text: str | None = None

    @classmethod
    def of(cls, items: list[Any]) -> RawList:
        raw = cls(json.dumps(items).encode())
        raw.__dict__["items"] = items
        return raw

    @cached_property
    def items(self) -> list[Any]:
        return list(iter_text(self.text()))

    def text(self) -> str:
        """The body decoded, which stands for it from then on: the bytes go once decoded
        (their digest worked out first), so a full task list (35 MB at 50,000 tasks) is not
        held twice while its elements become models; it was most of the peak RSS at 5000
        services."""
        if self._text is None:
            _ = self.digest
            self._text = self.body.decode()
            self.body = b""
        return self._text

    @cached_property
    def digest(self) -> bytes:
        """What the body is, in 32 bytes: two bodies with the same digest are the same."""
        return hashlib.sha256(self.body).digest()

    def __iter__(self) -> Iterator[Any]:
        if "items" in self.__dict__:
            return iter(self.items)
        return iter_text(self.text())  # decoded as it is read, not kept

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self.items[index]
