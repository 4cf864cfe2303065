"""The one error a compose file can raise, carrying every problem found at once."""

from __future__ import annotations

from collections.abc import Iterable


class ComposeError(Exception):
    """The compose files cannot be deployed; `messages` holds one sentence per problem.

    Each message names the file and line (where known), the service and the key, so an
    operator can fix them all in one pass instead of one per attempt. `warnings` carries the
    keys stack deploy would ignore, found before the first error.
    """

    def __init__(self, messages: Iterable[str], warnings: Iterable[str] = ()) -> None:
        self.messages = list(messages)
        self.warnings = list(warnings)
        super().__init__("\n".join(self.messages))


def where(file: str, line: int | None) -> str:
    """`file:line: ` when the line is known, else `file: `: the prefix of every message."""
    return f"{file}:{line}: " if line else f"{file}: "


def dotted(parts: tuple[object, ...]) -> str:
    """("deploy", "replicas") → "deploy.replicas"; list indexes read as ports[1]."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def key_path(path: tuple[object, ...]) -> str:
    """("services", "web", "deploy", "replicas") → "service web: deploy.replicas"."""
    if len(path) >= 2 and path[0] in ("services", "networks", "volumes", "secrets", "configs"):
        kind = str(path[0])[:-1]
        rest = dotted(path[2:])
        return f"{kind} {path[1]}: {rest}" if rest else f"{kind} {path[1]}"
    return dotted(path) or "the file"
