"""A copy of the lab recording with hostile strings in every field the dashboard shows.

Names, labels (keys and values), images, errors, messages, hostnames, addresses, engine
versions, constraints, env values and args each get `HOSTILE` appended: markup that would
crash Textual (`[/x]`) or become a live action (`[@click=app.quit]`), a terminal escape,
newlines, right-to-left text and overrides, combining and zero-width characters. IDs,
timestamps, states and the other enum-like fields stay valid, so the parser still reads the
recording; the same original value always becomes the same hostile one, so a stack's
services, networks and tasks still belong together. One node label, one task error and one
service image are 10,000 characters long.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from .replay import MANAGER_TOKEN, RECORDING, WORKER_TOKEN

CLOSE = "[/x]"
CLICK = "[@click=app.quit]x[/]"
ESCAPE = "\x1b[2J"
HOSTILE = (
    f" see {CLOSE} [bold]b {CLICK} {ESCAPE}\x07\x08\r\x7f\x9b"
    " \u202eevil\u202c \u2066iso\u2069 مرحبا e\u0301 z\u200bw\u200d\ufeff\nnext line"
)
"""What every shown string gets appended."""

HUGE = "h" * 5_000 + "[/x]" + "w" * 4_996
"""10,000 characters, with markup in the middle."""

KEEP = {
    "ID",
    "Id",
    "NodeID",
    "ServiceID",
    "NetworkID",
    "ContainerID",
    "Target",
    "CreatedAt",
    "UpdatedAt",
    "Created",
    "Timestamp",
    "StartedAt",
    "CompletedAt",
    "State",
    "DesiredState",
    "Role",
    "Availability",
    "Reachability",
    "Mode",
    "Protocol",
    "PublishMode",
    "Condition",
    "FailureAction",
    "Order",
    "Isolation",
    "Runtime",
    "StopSignal",
    "Scope",
    "Driver",
    "Type",
    "TLSInfo",
    "Network",
    "DriverState",
    "Options",
    "IPAMOptions",
}
"""Keys whose values the parser needs as they are (or that the dashboard never shows)."""


def hostile(value: str) -> str:
    return value + HOSTILE


def _label_key(key: str) -> str:
    # com.docker.stack.* name what a service belongs to: the key must stay, its value not.
    return key if key.startswith("com.docker.") else hostile(key)


def hostilify(data: Any, key: str = "") -> Any:
    """`data` with every shown string made hostile; keys in `KEEP` are left alone."""
    if key in KEEP:
        return data
    if isinstance(data, str):
        return hostile(data)
    if isinstance(data, list):
        return [hostilify(item, key) for item in data]
    if isinstance(data, dict):
        if key == "Labels":
            return {_label_key(k): hostilify(v, k) for k, v in data.items()}
        return {k: hostilify(v, k) for k, v in data.items()}
    return data


def _edit(folder: Path, name: str, change: Any) -> None:
    path = folder / name
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def _nodes(nodes: list[dict[str, Any]]) -> None:
    for node in nodes:
        labels = node.setdefault("Spec", {}).setdefault("Labels", {})
        labels["note"] = "see [/x]"
        node.setdefault("Status", {})["Message"] = hostile("status message")
    nodes[0]["Spec"]["Labels"]["huge"] = HUGE


def _tasks(tasks: list[dict[str, Any]]) -> None:
    tasks[0].setdefault("Status", {})["Err"] = HUGE
    for task in tasks:
        task.setdefault("Status", {}).setdefault("Err", hostile("task error"))


def _services(services: list[dict[str, Any]]) -> None:
    spec = services[0]["Spec"]["TaskTemplate"]["ContainerSpec"]
    spec["Image"] = HUGE
    # A paused update: the rollout panel and the detail's Update line show its message.
    services[-1]["UpdateStatus"] = {
        "State": "paused",
        "Message": hostile("update paused"),
        "StartedAt": services[-1].get("UpdatedAt", ""),
    }


def hostile_recording(tmp_path: Path) -> Path:
    """A hostile copy of the lab recording in `tmp_path`, with made-up join tokens."""
    folder = tmp_path / "hostile-lab"
    shutil.copytree(RECORDING, folder)
    for name in ("services.json", "nodes.json", "tasks.json", "networks.json"):
        _edit(folder, name, lambda data: data.__setitem__(slice(None), hostilify(data)))
    for name in ("secrets.json", "configs.json"):
        if (folder / name).exists():
            _edit(folder, name, lambda data: data.__setitem__(slice(None), hostilify(data)))
    _edit(folder, "nodes.json", _nodes)
    _edit(folder, "tasks.json", _tasks)
    _edit(folder, "services.json", _services)
    info = json.loads((folder / "info.json").read_text())
    cluster = info["Swarm"]["Cluster"]
    swarm = {**cluster, "JoinTokens": {"Worker": WORKER_TOKEN, "Manager": MANAGER_TOKEN}}
    (folder / "swarm.json").write_text(json.dumps(swarm))
    return folder
