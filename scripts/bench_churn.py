"""The churn phase: the dashboard left open while the swarm keeps changing, one change every
5 seconds (a scale every 5 s, a rolling update every minute, a drain every 3 minutes, a service
created or removed every 2 minutes). Reports the CPU it costs, its RSS over time, and whether
each change reached the screen (and how fast)."""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench_pty import LIVE, SWARMTUI, docker, row_of, scaler, visible_services
from bench_terminal import (
    cpu_seconds,
    log,
    percentile,
    rss_mb,
    screen,
    start,
    stop,
    wait_for_screen,
)

RSS_MARKS_MIN = (5, 15, 30)
"""Minutes into the churn at which its RSS is reported (those the run reaches)."""

Check = Callable[[str], bool]
"""Whether the screen (its text) shows a change."""


@dataclass
class Change:
    what: str
    made_at: float
    shows: Check
    seen_after: float | None = None


@dataclass
class Churn:
    host: str
    window: str = "app"
    changes: list[Change] = field(default_factory=list)
    _scales: int = 0
    _drained: bool = False
    _created: str = ""

    def scale(self) -> Change:
        names = visible_services(self.window)
        name = names[self._scales % len(names)]
        match = re.search(r"(\d+)/(\d+)", row_of(self.window, name))
        wanted = 10 if match and match.group(2) != "10" else 11
        self._scales += 1
        scaler(self.host)(name, wanted)
        row = re.compile(rf"^ {name} .*\b\d+/{wanted}\b", re.M)
        return Change(
            f"scale {name}={wanted}", time.monotonic(), lambda text: bool(row.search(text))
        )

    def rolling_update(self) -> Change:
        current = docker(self.host, "service", "inspect", "web", "--format",
                         "{{.Spec.TaskTemplate.ContainerSpec.Image}}")  # fmt: skip
        image = "swarmlab/app:1" if current.startswith("swarmlab/app:2") else "swarmlab/app:2"
        docker(self.host, "service", "update", "-d", "--no-resolve-image", "--image", image,
               "--update-parallelism", "2", "web")  # fmt: skip
        return Change(f"rolling update web → {image}", time.monotonic(),
                      lambda text: "converging" in text.splitlines()[0])  # fmt: skip

    def drain(self) -> Change:
        self._drained = not self._drained
        availability = "drain" if self._drained else "active"
        docker(self.host, "node", "update", "--availability", availability, "node5")
        row = re.compile(rf"^.*node5\s+worker\s+{availability}", re.M)
        return Change(
            f"node5 {availability}", time.monotonic(), lambda text: bool(row.search(text))
        )

    def create_or_remove(self) -> Change:
        count = self._service_count()
        if self._created:
            docker(self.host, "service", "rm", self._created)
            self._created, wanted = "", count - 1
        else:
            self._created = f"churn-{int(time.time())}"
            docker(self.host, "service", "create", "-d", "--no-resolve-image", "--name",
                   self._created, "--replicas", "1", "swarmlab/app:1")  # fmt: skip
            wanted = count + 1
        return Change(f"service count → {wanted}", time.monotonic(),
                      lambda text: f"services {wanted} " in text.splitlines()[0])  # fmt: skip

    def _service_count(self) -> int:
        match = re.search(r"services (\d+)", screen(self.window, first=0, last=0))
        return int(match.group(1)) if match else 0

    def cleanup(self) -> None:
        if self._created:
            docker(self.host, "service", "rm", self._created)
        if self._drained:
            docker(self.host, "node", "update", "--availability", "active", "node5")


def run_churn(args: argparse.Namespace, host: str) -> dict[str, float]:
    pid = start(
        "app", f"{SWARMTUI} --host {host} --interval {args.interval}", (args.width, args.height)
    )
    wait_for_screen("app", LIVE, args.first_render_timeout)
    churn = Churn(host)
    seconds = args.churn_minutes * 60
    started = time.monotonic()
    cpu_start = cpu_seconds(pid)
    rss: list[tuple[float, float]] = []
    pending: list[Change] = []
    tick = 0
    try:
        while time.monotonic() - started < seconds:
            tick_at = started + tick * 5
            if tick % 36 == 18:
                pending.append(churn.drain())
            elif tick % 24 == 3:
                pending.append(churn.create_or_remove())
            elif tick % 12 == 6:
                pending.append(churn.rolling_update())
            else:
                pending.append(churn.scale())
            churn.changes.append(pending[-1])
            if tick % 2 == 0:
                rss.append((time.monotonic() - started, rss_mb(pid)[0]))
            while time.monotonic() < tick_at + 5:
                text = screen("app")
                now = time.monotonic()
                for change in list(pending):
                    if change.shows(text):
                        change.seen_after = now - change.made_at
                        pending.remove(change)
                    elif now - change.made_at > 30:
                        pending.remove(change)  # missed
                time.sleep(0.1)
            tick += 1
    finally:
        cpu = (cpu_seconds(pid) - cpu_start) * 60 / (time.monotonic() - started)
        stop("app")
        churn.cleanup()
    return churn_results(churn.changes, cpu, rss, args.churn_warmup)


def churn_results(
    changes: list[Change], cpu: float, rss: list[tuple[float, float]], warmup: float
) -> dict[str, float]:
    seen = [change.seen_after for change in changes if change.seen_after is not None]
    missed = [change.what for change in changes if change.seen_after is None]
    if missed:
        log(f"changes never seen on screen: {missed}")
    after = [value for at, value in rss if at >= warmup] or [value for _, value in rss]
    log(f"churn RSS samples (s, MB): {[(round(at), round(value)) for at, value in rss]}")
    marks = {
        f"churn_rss_at_{minutes}min_mb": next(value for at, value in rss if at >= minutes * 60)
        for minutes in RSS_MARKS_MIN
        if rss and rss[-1][0] >= minutes * 60
    }
    return {
        **marks,
        "churn_cpu_s_per_min": cpu,
        "churn_changes": float(len(changes)),
        "churn_changes_missed": float(len(missed)),
        "churn_visible_median_s": statistics.median(seen) if seen else -1.0,
        "churn_visible_p95_s": percentile(seen, 95),
        "churn_rss_after_warmup_mb": after[0],
        "churn_rss_end_mb": after[-1],
        "churn_rss_growth_pct": (after[-1] - after[0]) * 100 / after[0],
    }


def main() -> None:
    from bench_pty import add_arguments

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    add_arguments(parser)
    parser.add_argument("--churn-minutes", type=float, default=5.0)
    parser.add_argument("--churn-warmup", type=float, default=120.0)
    args = parser.parse_args()
    for key, value in run_churn(args, args.host).items():
        print(f"  {key:32} {value:,.3f}")


if __name__ == "__main__":
    main()
