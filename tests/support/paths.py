"""Where things are, from the repository's root."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
COMPOSE = TESTS / "compose"
"""The compose files the stack tests load (kept in tests/compose)."""
DATA = TESTS / "data"
"""The lab recordings (kept in tests/data; scripts/record_lab.py writes them)."""
SWARMLAB = ROOT / "lab" / "swarmlab"
