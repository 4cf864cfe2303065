"""Record the lab's API answers as JSON for the unit and snapshot tests.

    lab/swarmlab up && .venv/bin/python scripts/record_lab.py

writes tests/data/lab/{meta,info,version,nodes,services,tasks,networks,secrets,configs}.json
from the manager that `lab/swarmlab env` names (or --host). Run it again whenever the lab's
workload changes, then update the snapshots with `pytest tests/snapshots --snapshot-update`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

from swarmtui.docker.client import DockerApi
from swarmtui.docker.connection import Endpoint
from swarmtui.docker.health import failing_services
from swarmtui.docker.parse import STACK_NAMESPACE_LABEL, parse_service, parse_task

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "tests" / "data" / "lab"


def lab_host() -> str:
    return subprocess.check_output(
        [str(ROOT / "lab" / "swarmlab"), "host", "node1"], text=True
    ).strip()


def representative(answers: dict) -> bool:
    services = {s.name: s for s in map(parse_service, answers["services"])}
    names = {s.id: s.name for s in services.values()}
    tasks = [parse_task(raw, names) for raw in answers["tasks"]]
    failing = failing_services(tasks)
    converged = all(
        s.running == s.desired for n, s in services.items() if n not in ("crashloop", "pending")
    )
    crashloop = services.get("crashloop")
    return (
        converged and crashloop is not None and crashloop.id in failing and (crashloop.running == 0)
    )


def mid_rollout(api: DockerApi, answers: dict) -> bool:
    """web part way through a rolling update: some slots on the new image, some not."""
    web = next(s for s in answers["services"] if s["Spec"]["Name"] == "web")
    if (web.get("UpdateStatus") or {}).get("State") != "updating":
        return False
    fresh = api.tasks({"service": [web["ID"]], "_up-to-date": ["true"]}).items
    running = [t for t in fresh if t["Status"]["State"] == "running"]
    answers["up_to_date"] = [t["ID"] for t in fresh]
    return 2 <= len(running) <= 4


def start_rollout(host: str) -> str:
    """Roll web to the lab image's other tag; returns the tag it had, to go back to."""
    docker = ["docker", "-H", host]
    image = subprocess.check_output(
        [
            *docker,
            "service",
            "inspect",
            "web",
            "--format",
            "{{.Spec.TaskTemplate.ContainerSpec.Image}}",
        ],
        text=True,
    ).strip()
    other = "swarmlab/app:1" if image.startswith("swarmlab/app:2") else "swarmlab/app:2"
    subprocess.run(
        [*docker, "service", "update", "--detach", "--no-resolve-image", "--image", other, "web"],
        check=True,
        capture_output=True,
    )
    return image.split("@")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", help="manager URL (default: the lab's node1)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--settle",
        type=float,
        default=0.0,
        help="seconds to wait first, so the crash-looping service has history",
    )
    parser.add_argument(
        "--rollout",
        action="store_true",
        help="record web in the middle of a rolling update instead (for the "
        "rollout panel's tests and screenshot); web goes back afterwards",
    )
    args = parser.parse_args()
    time.sleep(args.settle)
    host = args.host or lab_host()
    api = DockerApi(Endpoint(host, "record"))
    wanted = representative
    restore = ""
    if args.rollout:
        restore = start_rollout(host)
        wanted = lambda answers: mid_rollout(api, answers)  # noqa: E731
    # The tests expect the workload's steady picture: web fully up and the crash-looping
    # service caught between a failure and its next start. Take answers until they show it.
    deadline = time.monotonic() + 90
    while True:
        answers = {
            "info": api.info(),
            "version": api.version(),
            "nodes": api.nodes().items,
            "services": api.services().items,
            "tasks": api.tasks().items,
            # What the poller reads for the stacks view: objects carrying a namespace label.
            **{
                kind: api.list_objects(kind, {"label": [STACK_NAMESPACE_LABEL]}).items
                for kind in ("networks", "secrets", "configs")
            },
        }
        if wanted(answers) or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    if restore:
        subprocess.run(
            [
                "docker",
                "-H",
                host,
                "service",
                "update",
                "--detach",
                "--no-resolve-image",
                "--image",
                restore,
                "web",
            ],
            check=True,
            capture_output=True,
        )
    answers["meta"] = {
        "endpoint": "unix:///run/swarmtui-lab/lab/node1/docker.sock",
        "recorded_at": datetime.now(UTC).isoformat(),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    for name, value in answers.items():
        (args.out / f"{name}.json").write_text(json.dumps(value, indent=1, sort_keys=True) + "\n")
    print(
        f"recorded {len(answers['services'])} services, {len(answers['tasks'])} tasks "
        f"and {len(answers['nodes'])} nodes into {args.out}"
    )


if __name__ == "__main__":
    main()
