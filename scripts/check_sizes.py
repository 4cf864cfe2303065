"""The house rule on module size: none over 300 lines, the main screen under 250.

Run by .ci/check; a module that grows past it turns CI red until it is split.
"""

from __future__ import annotations

import sys
from pathlib import Path

LIMIT = 300
LIMITS = {Path("swarmtui/ui/screens/main/screen.py"): 249}


def oversized(root: Path) -> list[str]:
    found = []
    for module in sorted(root.glob("swarmtui/**/*.py")):
        relative = module.relative_to(root)
        limit = LIMITS.get(relative, LIMIT)
        lines = len(module.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            found.append(f"{relative}: {lines} lines (limit {limit})")
    return found


if __name__ == "__main__":
    problems = oversized(Path(__file__).resolve().parent.parent)
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)
