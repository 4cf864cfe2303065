"""`$VAR` substitution in compose values, from the process environment only, as stack deploy
does (no `.env` file): `$V`, `${V}`, `${V:-default}`, `${V-default}`, `${V:?error}`,
`${V?error}` and `$$` for a literal dollar. Values that must be numbers or booleans (replicas,
ports, read_only, …) are cast after substitution, as docker's loader does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .limits import MAX_INTEGER_DIGITS

Path = tuple[object, ...]

# docker's pattern: an escaped $$, a bare name, a braced name, or a lone $ (invalid). A bare
# name may carry a default too ($V-x means ${V-x}), a quirk kept for parity.
_SUBST = r"[_a-z][_a-z0-9]*(?::?[-?][^}]*)?"
_PATTERN = re.compile(
    rf"\$(?:(?P<escaped>\$)|(?P<named>{_SUBST})|{{(?P<braced>{_SUBST})}}|(?P<invalid>))",
    re.IGNORECASE,
)


class InterpolationError(ValueError):
    """One value could not be substituted; the text says why."""


def substitute(text: str, environ: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group("escaped"):
            return "$"
        expression = match.group("named") or match.group("braced")
        if not expression:
            raise InterpolationError(
                f"invalid interpolation format in {text!r}; you may need to escape a $ as $$"
            )
        return _expand(expression, environ)

    return _PATTERN.sub(replace, text)


def _expand(expression: str, environ: Mapping[str, str]) -> str:
    # Checked in docker's order: soft default, hard default, required non-empty, required.
    if ":-" in expression:
        name, default = expression.split(":-", 1)
        return environ.get(name) or default
    if "-" in expression:
        name, default = expression.split("-", 1)
        return environ.get(name, default)
    for separator, non_empty in ((":?", True), ("?", False)):
        if separator in expression:
            name, message = expression.split(separator, 1)
            value = environ.get(name)
            if value is None or (non_empty and value == ""):
                raise InterpolationError(
                    f"required variable {name} is missing a value: {message}".rstrip(": ")
                )
            return value
    return environ.get(expression, "")


def _to_int(text: str) -> int:
    return int(text.strip(), 10)


def _to_float(text: str) -> float:
    return float(text)


def _to_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in ("y", "yes", "true", "on"):
        return True
    if lowered in ("n", "no", "false", "off"):
        return False
    raise ValueError(f"invalid boolean: {text}")


# Where a substituted string becomes a number or a boolean; "*" is any key, "[]" any item.
_CASTS: list[tuple[tuple[str, ...], Any]] = [
    (("services", "*", "configs", "[]", "mode"), _to_int),
    (("services", "*", "secrets", "[]", "mode"), _to_int),
    (("services", "*", "healthcheck", "retries"), _to_int),
    (("services", "*", "healthcheck", "disable"), _to_bool),
    (("services", "*", "deploy", "replicas"), _to_int),
    (("services", "*", "deploy", "update_config", "parallelism"), _to_int),
    (("services", "*", "deploy", "update_config", "max_failure_ratio"), _to_float),
    (("services", "*", "deploy", "rollback_config", "parallelism"), _to_int),
    (("services", "*", "deploy", "rollback_config", "max_failure_ratio"), _to_float),
    (("services", "*", "deploy", "restart_policy", "max_attempts"), _to_int),
    (("services", "*", "deploy", "placement", "max_replicas_per_node"), _to_int),
    (("services", "*", "ports", "[]", "target"), _to_int),
    (("services", "*", "ports", "[]", "published"), _to_int),
    (("services", "*", "ulimits", "*"), _to_int),
    (("services", "*", "ulimits", "*", "hard"), _to_int),
    (("services", "*", "ulimits", "*", "soft"), _to_int),
    (("services", "*", "privileged"), _to_bool),
    (("services", "*", "oom_score_adj"), _to_int),
    (("services", "*", "read_only"), _to_bool),
    (("services", "*", "stdin_open"), _to_bool),
    (("services", "*", "tty"), _to_bool),
    (("services", "*", "volumes", "[]", "read_only"), _to_bool),
    (("services", "*", "volumes", "[]", "volume", "nocopy"), _to_bool),
    (("networks", "*", "external"), _to_bool),
    (("networks", "*", "internal"), _to_bool),
    (("networks", "*", "attachable"), _to_bool),
    (("volumes", "*", "external"), _to_bool),
    (("secrets", "*", "external"), _to_bool),
    (("configs", "*", "external"), _to_bool),
]


def _cast_for(path: Path) -> Any:
    for pattern, cast in _CASTS:
        if len(pattern) == len(path) and all(
            (want == "*" and not isinstance(got, int))
            or (want == "[]" and isinstance(got, int))
            or want == got
            for want, got in zip(pattern, path, strict=True)
        ):
            return cast
    return None


def interpolate(
    value: Any, environ: Mapping[str, str], path: Path, errors: list[tuple[Path, str]]
) -> Any:
    """Substitute every string in `value`; problems go to `errors` with their path."""
    if isinstance(value, dict):
        return {
            key: interpolate(item, environ, (*path, key), errors) for key, item in value.items()
        }
    if isinstance(value, list):
        return [
            interpolate(item, environ, (*path, index), errors) for index, item in enumerate(value)
        ]
    if not isinstance(value, str):
        return value
    try:
        result = substitute(value, environ)
    except InterpolationError as error:
        errors.append((path, str(error)))
        return value
    cast = _cast_for(path)
    if result == value or cast is None:
        return result
    if cast is not _to_bool and len(result.strip()) > MAX_INTEGER_DIGITS:
        errors.append(
            (
                path,
                f"{result[:20]!r}… (from {value!r}, {len(result)} characters) cannot be used "
                f"here: numbers in a compose file are limited to {MAX_INTEGER_DIGITS} characters",
            )
        )
        return 0  # a stand-in the later checks accept: the error above already stops the load
    try:
        return cast(result)
    except ValueError:
        errors.append(
            (
                path,
                f"{result!r} (from {value!r}) cannot be used here: it must be "
                f"{'a boolean' if cast is _to_bool else 'a number'}",
            )
        )
        return result
