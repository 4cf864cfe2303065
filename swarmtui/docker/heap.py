"""Handing the memory a full read churned back to the system (glibc only).

A full task list is a body of 7-35 MB, its decoded text as large again, and a dict per task
on the way to its model: all freed once the models are made, but into the C allocator's free
lists, where the pages stay part of the process (RSS) among the chunks still in use. glibc's
`malloc_trim(0)` gives every whole free page back, in every arena (the poll's worker thread
has one of its own). Elsewhere (musl, macOS) there is nothing to call and nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None  # not glibc
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def give_back_free_heap() -> bool:
    """Return the C heap's free pages to the system; False where that cannot be done."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
