"""`swarmtui lint [--json] [--fail-on warning|error]`: the dashboard's `:lint`, for CI.

Exit codes (its own, for a gate in a pipeline): 0 no finding at or above --fail-on, 1 such
findings, 2 the cluster could not be read (or a usage error).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..docker.errors import SwarmError
from ..docker.lint_cluster import finding_data, lint, read_lint_input
from ..docker.reader import SwarmReader
from ..render.lint import lint_lines, lint_summary
from .headless import Headless
from .output import fail, say

LINT_OK, LINT_FINDINGS, LINT_UNREAD = 0, 1, 2


def add_lint(commands: Any) -> None:
    parser = commands.add_parser(
        "lint",
        help="lint the live cluster (exit 1 on findings)",
        description="Check the live cluster for what will hurt later: services without a "
        "healthcheck, update monitors shorter than the healthcheck needs, restart policies "
        "without a delay or a maximum, no memory reservation or limit, images by tag without "
        "a digest or :latest, more replicas than placement can hold, one or an even number of "
        "managers, managers running workloads, a CA certificate close to expiry. Exit codes: "
        "0 none, 1 findings, 2 the cluster could not be read.",
    )
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.add_argument(
        "--fail-on",
        choices=("warning", "error"),
        default="warning",
        help="the least severity that exits 1 (default: warning, i.e. any finding)",
    )
    parser.set_defaults(run=lint_command)


def lint_command(args: argparse.Namespace, headless: Headless) -> int:
    api = headless.api()
    try:
        SwarmReader(api).check_manager()
        findings = lint(read_lint_input(api))
    except SwarmError as error:
        return fail(str(error), LINT_UNREAD)
    finally:
        api.close()
    if args.json:
        data = {"summary": lint_summary(findings), "findings": [finding_data(f) for f in findings]}
        for text in json.dumps(data, indent=2).splitlines():
            say(text)  # JSON escapes every control character: each line is one line
    else:
        for text in lint_lines(findings):
            say(text)
    failing = [f for f in findings if args.fail_on == "warning" or f.severity == "error"]
    return LINT_FINDINGS if failing else LINT_OK
