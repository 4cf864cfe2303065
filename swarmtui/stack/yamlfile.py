"""Read one compose file's YAML the way docker's Go YAML parser does, remembering lines.

PyYAML speaks YAML 1.1, where `yes` is a boolean and an unquoted `8080:80` is the base-60
number 484880; docker reads YAML 1.2-style (go-yaml v3), where both are strings. So the
implicit types here are narrowed to 1.2's core schema. Every key's line is kept by path, so
validation can point at the line that is wrong.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import ComposeError, key_path
from .limits import MAX_DOCUMENT_NODES, MAX_INTEGER_DIGITS, MAX_NESTING_DEPTH

Path = tuple[object, ...]

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _TooLong(Exception):
    def __init__(self, line: int, length: int) -> None:
        self.line, self.length = line, length
        self.path: Path = ()  # the key it is the value of, once known


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalars (no yes/no, no base 60, no dates), whose
    composer stops at MAX_NESTING_DEPTH instead of recursing until Python's stack runs out."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_NESTING_DEPTH:
                raise _TooDeep(self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, pattern) for tag, pattern in resolvers if tag not in (_BOOL, _INT, _FLOAT, _TIMESTAMP)
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if len(text) > MAX_INTEGER_DIGITS:
        raise _TooLong(node.start_mark.line + 1, len(text))
    # Go's ParseInt(text, 0): a leading 0 means octal, as go-yaml v3 reads it.
    if re.fullmatch(r"[-+]?0[0-7]+", text):
        return int(text, 8)
    return int(text, 0)


_Loader.add_constructor(_INT, _construct_int)


def parse(text: str, file: str) -> tuple[dict[str, Any], dict[Path, int]]:
    """The file's top-level mapping and the 1-based line of every key, by path."""
    try:
        loader = _Loader(text)  # refuses a control character such as NUL straight away
    except yaml.YAMLError as error:
        raise ComposeError([f"{file}: invalid YAML: {error}."]) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise ComposeError([f"{file}: the file is empty; it needs a services: section."])
        _check_expansion(node, file)
        lines: dict[Path, int] = {}
        value = _value(loader, node, (), lines, file)
    except _TooDeep as error:
        raise ComposeError(
            [
                f"{file}:{error.line}: the file nests mappings and lists more than "
                f"{MAX_NESTING_DEPTH} deep, the limit for compose files."
            ]
        ) from None
    except _TooLong as error:
        key = f"{key_path(error.path)}: " if error.path else ""
        raise ComposeError(
            [
                f"{file}:{error.line}: {key}a number {error.length:,} characters long; numbers "
                f"in a compose file are limited to {MAX_INTEGER_DIGITS} characters."
            ]
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = error.problem or error.context or "is not valid YAML"
        raise ComposeError([f"{file}{line}: invalid YAML: {problem}."]) from error
    except yaml.YAMLError as error:
        raise ComposeError([f"{file}: invalid YAML: {error}."]) from error
    except ValueError:  # PyYAML's int() of a directive's version thousands of digits long
        raise ComposeError([f"{file}: invalid YAML: a number too long to read."]) from None
    finally:
        loader.dispose()
    if not isinstance(value, dict):
        raise ComposeError([f"{file}:1: the top level must be a mapping (services:, …)."])
    return value, lines


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expansion(root: yaml.Node, file: str) -> None:
    """Refuse, before expanding anything, a document whose aliases refer to themselves, or
    would expand to more than MAX_DOCUMENT_NODES nodes or nest deeper than
    MAX_NESTING_DEPTH. Aliases share composed nodes, so each node's expanded size and depth
    are counted once, walking without recursion."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            children = _children(node)
            size[key] = 1 + sum(size[id(child)] for child in children)
            depth[key] = 1 + max((depth[id(child)] for child in children), default=0)
            open_nodes.discard(key)
            line = node.start_mark.line + 1
            if size[key] > MAX_DOCUMENT_NODES:
                raise ComposeError(
                    [
                        f"{file}:{line}: the file holds more than {MAX_DOCUMENT_NODES:,} "
                        "values once its aliases are expanded; that is the limit for a "
                        "compose file."
                    ]
                )
            if depth[key] > MAX_NESTING_DEPTH:
                raise ComposeError(
                    [
                        f"{file}:{line}: with its aliases expanded, the file nests mappings "
                        f"and lists more than {MAX_NESTING_DEPTH} deep, the limit for "
                        "compose files."
                    ]
                )
            continue
        if key in size:
            continue
        if key in open_nodes:
            raise ComposeError(
                [f"{file}:{node.start_mark.line + 1}: an alias refers to a value that contains it."]
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))


def _key(loader: _Loader, node: yaml.Node) -> str:
    key = loader.construct_object(node, deep=True)
    if isinstance(key, bool):
        return "true" if key else "false"
    return key if isinstance(key, str) else str(key)


def _value(loader: _Loader, node: yaml.Node, path: Path, lines: dict[Path, int], file: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        written: set[str] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = _key(loader, key_node)
            if key in written:
                raise ComposeError(
                    [
                        f"{file}:{key_node.start_mark.line + 1}: the key '{key}' "
                        "is given twice in the same mapping."
                    ]
                )
            written.add(key)
        # `<<: *anchor` merge keys: the anchor's entries come first, so a key written here
        # overrides the one merged in.
        loader.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _key(loader, key_node)
            lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _value(loader, value_node, (*path, key), lines, file)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            items.append(_value(loader, item, (*path, index), lines, file))
        return items
    try:
        return loader.construct_object(node, deep=True)
    except _TooLong as error:
        error.path = path
        raise
