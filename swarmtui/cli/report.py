"""`swarmtui report [-o FILE]`: the incident report, written without the dashboard.

The same report as the dashboard's `R`: cluster summary, nodes not ready or not active,
services needing attention with their errors, scheduler reasons and last log lines, each
node's vitals read over SSH (unless --no-node-access), and the last hour of events, as
Markdown and a JSON twin. Exit codes are headless.py's.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..core.report_files import default_report_path, write_report
from ..docker.errors import SwarmError
from ..docker.incident import gather
from ..docker.node_daemon import node_daemons
from ..docker.node_vitals import read_all
from ..docker.reader import SwarmReader
from ..render.report import report_data, report_markdown
from .headless import EXIT_DAEMON, EXIT_INVALID, EXIT_OK, Headless
from .output import fail, say


def add_report(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help="write an incident report (Markdown and a JSON twin)",
        description="Write what is wrong with the cluster now and what happened in the last "
        "hour, for a ticket: a Markdown file and a JSON file beside it. Secrets are masked.",
    )
    report.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="where to write, new files readable by you only (default: "
        "swarmtui-incident-<time>.md in $XDG_STATE_HOME/swarmtui, else "
        "~/.local/state/swarmtui): r.md writes r.md and its JSON twin r.json; r.json writes "
        "the JSON there and the Markdown to r.md; any other name is the Markdown, its twin "
        "with .json added. An existing file is never overwritten: the report is refused",
    )
    report.set_defaults(run=report_command)


def report_command(args: argparse.Namespace, headless: Headless) -> int:
    api = headless.api()
    try:
        SwarmReader(api).check_manager()
        facts = gather(
            api,
            node_api=node_daemons(headless.settings.nodes),
            stall_margin=headless.settings.stall_margin,
        )
        vitals = read_all(facts.snapshot.nodes, headless.settings.nodes)
    except SwarmError as error:
        return fail(str(error), EXIT_DAEMON)
    finally:
        api.close()
    data = report_data(replace(facts, node_vitals=vitals))
    path = args.output or default_report_path(facts.taken_at)
    try:
        markdown, twin = write_report(
            report_markdown(data), data, path, renumber=args.output is None
        )
    except OSError as error:
        return fail(f"The report could not be written to {path}: {error}.", EXIT_INVALID)
    say(f"Wrote {markdown} and {twin}.")
    return EXIT_OK
