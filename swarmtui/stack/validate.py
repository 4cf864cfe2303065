"""Check a compose file against schema.py and collect every problem with its path."""

from __future__ import annotations

from typing import Any

from .schema_types import ListOf, MapOf, Obj, OneOf, Path, Scalar

_ARTICLE = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def describe(spec: Any) -> str:
    if isinstance(spec, Scalar):
        if spec.pattern_says:
            return spec.pattern_says
        kinds = [_ARTICLE[kind] for kind in spec.kinds]
        return " or ".join(kinds) if len(kinds) < 3 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"
    if isinstance(spec, OneOf):
        return spec.says or " or ".join(describe(option) for option in spec.options)
    if isinstance(spec, ListOf):
        return "a list"
    return "a mapping"


def shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and len(text := str(value)) > 24:
        return f"{text[:20]}… ({len(text.lstrip('-'))} digits)"
    if isinstance(value, str) and len(value) > 60:  # a variable may hold anything
        return f"{value[:40]!r}… ({len(value)} characters)"
    return repr(value) if isinstance(value, str) else str(value)


def _is(kind: str, value: Any) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if kind == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    return isinstance(value, (int, float))  # number


def version_key(version: str) -> tuple[int, ...]:
    """ "3.10" → (3, 10), so 3.9 sorts before 3.10; what does not parse sorts last."""
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return (1 << 30,)


def check(value: Any, spec: Any, path: Path = (), version: str = "") -> list[tuple[Path, str]]:
    """Every problem under `value`, as (path, sentence without the path); a key that came
    after the file's declared format `version` (docker's schema of that version) is one."""
    if isinstance(spec, Scalar):
        if not any(_is(kind, value) for kind in spec.kinds):
            return [(path, f"{shown(value)} is not {describe(spec)}")]
        if (
            spec.pattern is not None
            and isinstance(value, str)
            and not spec.pattern.fullmatch(value)
        ):
            return [(path, f"{shown(value)} is not {describe(spec)}")]
        return _out_of_bounds(value, spec, path)
    if isinstance(spec, OneOf):
        for option in spec.options:
            if _shape_fits(value, option):
                return check(value, option, path, version)
        return [(path, f"{shown(value)} is not {describe(spec)}")]
    if isinstance(spec, ListOf):
        if not isinstance(value, list):
            return [(path, f"{shown(value)} is not a list")]
        problems: list[tuple[Path, str]] = []
        for index, item in enumerate(value):
            problems += check(item, spec.item, (*path, index), version)
        return problems
    if isinstance(spec, MapOf):
        if not isinstance(value, dict):
            return [(path, f"{shown(value)} is not a mapping")]
        problems = []
        for key, item in value.items():
            if spec.key_pattern is not None and not spec.key_pattern.fullmatch(key):
                problems.append(
                    (
                        (*path, key),
                        f"'{key}' is not a valid name (use letters, digits, '.', '_' and '-')",
                    )
                )
            problems += check(item, spec.value, (*path, key), version)
        return problems
    return _check_object(value, spec, path, version)


def _check_object(value: Any, spec: Obj, path: Path, version: str) -> list[tuple[Path, str]]:
    if value is None and spec.nullable:
        return []
    if not isinstance(value, dict):
        return [(path, f"{shown(value)} is not a mapping")]
    problems: list[tuple[Path, str]] = []
    for key, item in value.items():
        known = key in spec.fields or spec.open or (spec.extensions and key.startswith("x-"))
        added = spec.added.get(key) or (spec.added.get("x-") if key.startswith("x-") else None)
        if known and added and version and version_key(version) < version_key(added):
            what = "extension keys (x-…)" if key not in spec.fields else f"'{key}'"
            problems.append(
                (
                    (*path, key),
                    f"{what} came with compose file format {added}; this file declares "
                    f"version {version}, where stack deploy refuses it",
                )
            )
        elif key in spec.fields:
            problems += check(item, spec.fields[key], (*path, key), version)
        elif not (spec.open or (spec.extensions and key.startswith("x-"))):
            accepted = ", ".join(
                sorted(
                    name
                    for name in spec.fields
                    if not version
                    or version_key(spec.added.get(name, "3.0")) <= version_key(version)
                )
            )
            problems.append(
                (
                    (*path, key),
                    f"unknown key '{key}' (stack deploy accepts: {accepted})"
                    if len(spec.fields) <= 12
                    else f"unknown key '{key}': stack deploy does not accept it",
                )
            )
    return problems


def whole_numbers(value: Any, spec: Any) -> Any:
    """`value` with every integer written as a float (3.0, 1e3) made an int where the schema
    wants an integer, as docker's decoder does; for a value `check` found no problem in."""
    if isinstance(spec, Scalar):
        wants_int = spec.kinds == ("integer",) and isinstance(value, float)
        return int(value) if wants_int else value
    if isinstance(spec, OneOf):
        fitting = [option for option in spec.options if _shape_fits(value, option)]
        return whole_numbers(value, fitting[0]) if fitting else value
    if isinstance(spec, ListOf) and isinstance(value, list):
        return [whole_numbers(item, spec.item) for item in value]
    if isinstance(spec, MapOf) and isinstance(value, dict):
        return {key: whole_numbers(item, spec.value) for key, item in value.items()}
    if isinstance(spec, Obj) and isinstance(value, dict):
        return {
            key: whole_numbers(item, spec.fields[key]) if key in spec.fields else item
            for key, item in value.items()
        }
    return value


def _out_of_bounds(value: Any, spec: Scalar, path: Path) -> list[tuple[Path, str]]:
    if spec.bounds is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return []
    low, high = spec.bounds
    if value > high:
        return [(path, f"{shown(value)} is more than {high:,}, {spec.limit_says}")]
    if value < low:
        return [(path, f"{shown(value)} is less than {low:,}")]
    return []


def _shape_fits(value: Any, spec: Any) -> bool:
    """Whether `value` has the outer shape of `spec`, to pick the option of a OneOf."""
    if isinstance(spec, Scalar):
        return any(_is(kind, value) for kind in spec.kinds)
    if isinstance(spec, ListOf):
        return isinstance(value, list)
    if isinstance(spec, OneOf):
        return any(_shape_fits(value, option) for option in spec.options)
    if isinstance(spec, Obj) and value is None:
        return spec.nullable
    return isinstance(value, dict)
