"""`swarmtui wait SERVICE…` (and `stack deploy --yes --wait`): follow services until they
converge, printing a line each time one's state changes, then one sentence per service.

Unlike `docker stack deploy`, which exits 0 after a rollback (docker/cli#6752), a rollout that
paused, rolled back or stalled is a failure, each with its own exit code (see EXIT_CODES).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from ..docker.converge import FAILED, Verdict, verdict
from ..docker.errors import SwarmError
from ..docker.models import ServiceInfo
from ..docker.protocol import SwarmApi
from ..docker.reader import SwarmReader
from ..docker.stall import RolloutPaces
from ..render.converge import progress_line, sentence
from .headless import EXIT_DAEMON, EXIT_INVALID, EXIT_OK, Headless
from .output import fail, say, tell

EXIT_PAUSED, EXIT_ROLLED_BACK, EXIT_STALLED, EXIT_TIMEOUT = 4, 5, 6, 7
EXIT_CODES = {"paused": EXIT_PAUSED, "rolled_back": EXIT_ROLLED_BACK, "stalled": EXIT_STALLED}
CODES_HELP = (
    "Exit codes: 0 every service converged; 2 invalid input (an unknown service); 3 the "
    "daemon failed, or a service was removed; 4 an update (or rollback) paused; 5 an update "
    "was rolled back; 6 a rollout stalled (no slot moved for longer than its monitor, delay "
    "and margin); 7 out of time (--timeout). When services end differently: 4, then 5, 6, 3, "
    "7."
)
POLL_S = 1.0
DEFAULT_TIMEOUT_S = 600.0


def add_wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        metavar="SECONDS",
        help=f"give up after this long, exit 7 (default {DEFAULT_TIMEOUT_S:g})",
    )
    parser.add_argument(
        "--stall-margin",
        type=float,
        metavar="SECONDS",
        help="a rollout whose slots stand still longer than its monitor + delay + this "
        "is stalled (default: stall_margin in config.toml, else 60)",
    )


def add_wait(commands: Any) -> None:
    wait = commands.add_parser(
        "wait",
        help="follow services until they converge; fail on a pause, rollback or stall",
        description="Follow the services until each converges (every replica runs the "
        "current spec and stays up for the update's monitor period), printing a line as each "
        "one's state changes, then one sentence per service.",
        epilog=CODES_HELP,
    )
    wait.add_argument("services", nargs="+", metavar="SERVICE", help="service name or id")
    add_wait_options(wait)
    wait.set_defaults(run=wait_command)


def wait_command(args: argparse.Namespace, headless: Headless) -> int:
    api = headless.api()
    try:
        SwarmReader(api).check_manager()
        return follow(api, args.services, args.timeout, margin(args, headless))
    except SwarmError as error:
        return fail(str(error), EXIT_DAEMON)
    finally:
        api.close()


def margin(args: argparse.Namespace, headless: Headless) -> float:
    given = getattr(args, "stall_margin", None)
    return float(given) if given is not None else headless.settings.stall_margin


def _find(services: tuple[ServiceInfo, ...], wanted: str) -> ServiceInfo | None:
    for service in services:
        if wanted in (service.name, service.id):
            return service
    matches = [s for s in services if s.id.startswith(wanted)]
    return matches[0] if len(matches) == 1 else None


def follow(
    api: SwarmApi,
    wanted: Sequence[str],
    timeout_s: float,
    margin_s: float,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Poll until every service is decided or time runs out; print as it goes; the exit
    code."""
    reader = SwarmReader(api)
    found = {name: _find(reader.services(), name) for name in wanted}
    unknown = [name for name, service in found.items() if service is None]
    if unknown:
        return fail(f"No such service: {', '.join(unknown)}.", EXIT_INVALID)
    ids = {name: service.id for name, service in found.items() if service is not None}
    paces = RolloutPaces(margin_s=margin_s)
    start = clock()
    said: dict[str, str] = {}
    since: dict[str, datetime] = {}
    decided: dict[str, Verdict] = {}
    while True:
        now = clock()
        verdicts = _look(reader, ids, paces, since, decided, now)
        for name, seen in verdicts.items():
            if seen.done:
                decided[name] = seen
                _conclude(seen)
            elif said.get(name) != (line := progress_line(seen)):
                say(line)
                said[name] = line
        waited = (now - start).total_seconds()
        if len(decided) == len(ids) or waited >= timeout_s:
            return _finish(list(ids), decided, verdicts, waited)
        sleep(POLL_S)


def _look(
    reader: SwarmReader,
    ids: dict[str, str],
    paces: RolloutPaces,
    since: dict[str, datetime],
    decided: dict[str, Verdict],
    now: datetime,
) -> dict[str, Verdict]:
    """One read of the services still followed, their tasks and which match their spec."""
    following = {name: sid for name, sid in ids.items() if name not in decided}
    services = {s.id: s for s in reader.services() if s.id in following.values()}
    names = {s.id: s.name for s in services.values()}
    filters = {"service": sorted(services)}
    tasks = reader.tasks(names, filters) if services else ()
    fresh = reader.tasks(names, {**filters, "_up-to-date": ["true"]}) if services else ()
    up_to_date = frozenset(task.id for task in fresh)
    by_service = {sid: tuple(t for t in tasks if t.service_id == sid) for sid in services}
    pace_of = paces.observe(services.values(), by_service, now)
    verdicts: dict[str, Verdict] = {}
    for name, sid in following.items():
        service = services.get(sid)
        if service is None:
            verdicts[name] = Verdict(name, "gone")
            continue
        seen = verdict(service, by_service[sid], up_to_date, pace_of.get(sid), since.get(name), now)
        if seen.outcome in ("settling", "converged"):
            since.setdefault(name, now)
        else:
            since.pop(name, None)
        verdicts[name] = seen
    return verdicts


def _conclude(seen: Verdict, waited: float | None = None) -> None:
    """A service's one final sentence: stdout when it converged, stderr otherwise."""
    if seen.outcome == "converged":
        say(sentence(seen))
    else:
        tell(sentence(seen, waited))


def _finish(
    order: list[str], decided: dict[str, Verdict], last: dict[str, Verdict], waited: float
) -> int:
    """The services still undecided are out of time: their sentences, then the exit code:
    the first failure in FAILED's order, else a removed service, else out of time, else 0."""
    outcomes = {decided[name].outcome for name in decided}
    for name in order:
        if name not in decided:
            outcomes.add("timeout")
            _conclude(last[name], waited)
    for outcome in FAILED:
        if outcome in outcomes:
            return EXIT_CODES[outcome]
    if "gone" in outcomes:
        return EXIT_DAEMON
    return EXIT_TIMEOUT if "timeout" in outcomes else EXIT_OK
