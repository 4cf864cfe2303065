"""The building blocks of the compose schema: node kinds and the value types many keys share.

schema.py assembles them into what a compose file may hold; validate.py walks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..docker.validate import MAX_REPLICAS
from .schema_versions import ADDED
from .units import MAX_INT64

Path = tuple[object, ...]


@dataclass(frozen=True)
class Scalar:
    kinds: tuple[str, ...]  # "string", "integer", "number", "boolean", "null"
    pattern: re.Pattern[str] | None = None
    pattern_says: str = ""
    # The range a number must be in, inclusive, and where its top comes from: the daemon
    # reads these into int64 or uint64 fields, and a larger number overflows there.
    bounds: tuple[int, int] | None = None
    limit_says: str = ""


@dataclass(frozen=True)
class Obj:
    fields: dict[str, Any]
    extensions: bool = False  # `x-…` keys allowed
    open: bool = False  # any other key allowed (build:)
    nullable: bool = False
    # The compose file format that introduced a key (docker/cli config_schema_v3.N.json);
    # "x-" stands for the extension keys. A key not listed is in every 3.x format.
    added: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MapOf:
    value: Any
    key_pattern: re.Pattern[str] | None = None


@dataclass(frozen=True)
class ListOf:
    item: Any


@dataclass(frozen=True)
class OneOf:
    options: tuple[Any, ...]
    says: str = field(default="")


STRING = Scalar(("string",))
INTEGER = Scalar(("integer",))
NUMBER = Scalar(("number",))
_ENGINE_LIMIT = "the largest number the Engine API takes (2^63-1)"
# Counts the daemon keeps as uint64 (parallelism, max_attempts, retries): bounded by int64,
# as the form bounds memory and CPUs. Values it keeps as int64 (pids, ulimits) may be negative.
COUNT = Scalar(("integer",), bounds=(0, MAX_INT64), limit_says=_ENGINE_LIMIT)
# The same, where docker's schema lets the count be written as any number (retries).
COUNT_NUMBER = Scalar(("number",), bounds=COUNT.bounds, limit_says=_ENGINE_LIMIT)
SIGNED = Scalar(("integer",), bounds=(-MAX_INT64 - 1, MAX_INT64), limit_says=_ENGINE_LIMIT)
# As the scale form: far above any real service, so a typo is refused here.
REPLICAS = Scalar(("integer",), bounds=(0, MAX_REPLICAS), limit_says="the most swarmtui sends")
OOM_SCORE_ADJ = Scalar(
    ("integer",), bounds=(-1000, 1000), limit_says="the kernel's range (-1000 to 1000)"
)
PORT = Scalar(("integer",), bounds=(0, 65535), limit_says="the highest port number")
BOOLEAN = Scalar(("boolean",))
# Go's time.ParseDuration: "90s", "1m30s", "1.5h", "0".
DURATION = Scalar(
    ("string",),
    re.compile(r"(?:[0-9]*\.?[0-9]+(?:ns|us|µs|ms|s|m|h))+|0"),
    "a duration such as 10s or 1m30s",
)
# opts.ParseCPUs takes a rational number; go-units RAMInBytes a size with a binary unit.
CPUS = Scalar(
    ("string",),
    re.compile(
        r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
        r"(?:/[0-9]+)?"
    ),
    "a number of CPUs such as '0.5'",
)
MEMORY = Scalar(
    ("string",),
    re.compile(r"[0-9]+(?:\.[0-9]+)* ?(?:[kKmMgGtTpP])?[iI]?[bB]?"),
    "a size such as 512M or 1G",
)
LIST_OF_STRINGS = ListOf(STRING)
STRING_OR_LIST = OneOf((STRING, LIST_OF_STRINGS), "a string or a list of strings")
LIST_OR_DICT = OneOf(
    (MapOf(Scalar(("string", "number", "null"))), LIST_OF_STRINGS), "a mapping or a list of strings"
)
DRIVER_OPTS = MapOf(Scalar(("string", "number")))
COMMAND = OneOf((STRING, LIST_OF_STRINGS), "a string or a list of strings")
FILE_REFERENCE = OneOf(
    (
        STRING,
        Obj(
            {
                "source": STRING,
                "target": STRING,
                "uid": STRING,
                "gid": STRING,
                "mode": Scalar(
                    ("number",), bounds=(0, 0o7777), limit_says="the highest file mode (0o7777)"
                ),
            }
        ),
    ),
    "a name or a mapping with source, target, uid, gid and mode",
)
UPDATE_CONFIG = Obj(
    {
        "parallelism": COUNT,
        "delay": DURATION,
        "failure_action": STRING,
        "monitor": DURATION,
        "max_failure_ratio": NUMBER,
        "order": Scalar(
            ("string",), re.compile(r"start-first|stop-first"), "start-first or stop-first"
        ),
    },
    added=ADDED["UPDATE_CONFIG"],
)
EXTERNAL = OneOf((BOOLEAN, Obj({"name": STRING})), "true, false or a mapping with name")
