"""Inspect: an object's JSON as YAML (or JSON), with secret-looking values masked.

Masking happens here, on the data, before any text exists, by the structure rule every seam
uses (docker/secrets.py): values under secret-looking keys at any depth (labels, log driver,
volume and secret driver options), environment entries, arguments and healthcheck tests
(`--db-password=…`, `-p…` after mysql), URL passwords in any string, a secret's or config's
`Data`. Only `r` (reveal) shows the data as the daemon answered it.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from rich.syntax import Syntax

from ..docker.secrets import mask_structure
from .text import visible


def document(data: Any, as_json: bool = False, reveal: bool = False) -> str:
    """The text shown: YAML (JSON on request), masked unless revealed; controls visible."""
    shown = data if reveal else mask_structure(data)
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
