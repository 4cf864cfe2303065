"""Inspect: an object's JSON as YAML (or JSON), with secret-looking values masked.

Masking happens here, on the data, before any text exists: environment entries
(`KEY=VALUE`) and labels whose name looks secret (docker/secrets.py decides), at any depth.
A secret's or config's `Data` is a secret's content or a config's file: masked too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import yaml
from rich.syntax import Syntax

from ..docker.secrets import MASK, mask_env, mask_labels
from .text import visible

MASKED_KEYS = frozenset({"Env"})
LABEL_KEYS = frozenset({"Labels"})


def masked(value: Any, key: str = "") -> Any:
    """A copy of the inspect data with every secret-looking value replaced by MASK."""
    if key in MASKED_KEYS and isinstance(value, list):
        return mask_env(str(entry) for entry in value)
    if key in LABEL_KEYS and isinstance(value, Mapping):
        return mask_labels(value)
    if key == "Data" and isinstance(value, str):
        return MASK
    if isinstance(value, Mapping):
        return {k: masked(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(item, key) for item in value]
    return value


def document(data: Any, as_json: bool = False, reveal: bool = False) -> str:
    """The text shown: YAML (JSON on request), masked unless revealed; controls visible."""
    shown = data if reveal else masked(data)
    if as_json:
        text = json.dumps(shown, indent=2, ensure_ascii=False)
    else:
        text = yaml.safe_dump(shown, sort_keys=False, allow_unicode=True, width=100)
    return visible(text)


def highlighted(text: str, as_json: bool, theme: str = "ansi_dark") -> Syntax:
    return Syntax(text, "json" if as_json else "yaml", theme=theme, word_wrap=False)


def search(text: str, needle: str) -> list[int]:
    """Line numbers (0-based) holding `needle`, any case."""
    if not needle:
        return []
    wanted = needle.lower()
    return [number for number, row in enumerate(text.splitlines()) if wanted in row.lower()]
