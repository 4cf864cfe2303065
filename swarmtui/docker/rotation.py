"""Rotating a secret or config: the next version's name, and what to do next.

Secrets and configs are immutable, so a rotation creates the next version (`db_pw` →
`db_pw.v2`), swaps it into every service that mounts the old one (keeping the mount's target,
uid, gid and mode), follows each service's rollout, and removes the old version once every
service has converged on the new one. Everything here is pure: `next_step` decides from what
the cluster reads back now (rotation_io.py reads it), so a rotation stopped half-way resumes
by running it again: the newer version is found and the services still on the old one go on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from .errors import WriteRefused
from .protocol import Json

DEFAULT_NAME = "{name}.v{n}"
"""config.toml's `[rotation] name`: `{name}` is the name without its version, `{n}` the
version's number (the first rotation makes 2)."""
ROTATED_FROM = "swarmtui.rotated-from"
"""The label a new version carries: the name of the version it replaces. A rotation resumes
only onto an object made by rotating this one, never onto another that happens to be named so."""
Version = Literal["old", "new"]
OLD: Final = "old"
NEW: Final = "new"
_NAME = re.compile(r"[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?")  # swarmkit's rule
_MAX_NAME = 64
_FIELDS = {"secret": ("Secrets", "SecretID", "SecretName"), "config": ("Configs", "ConfigID")}


def check_template(template: str) -> str:
    """The naming template, or ValueError saying what it must hold."""
    fields = re.findall(r"{([^{}]*)}", template)
    if sorted(fields) != ["n", "name"]:
        raise ValueError(
            f"The rotation name {template!r} must hold {{name}} and {{n}} once each, "
            'and nothing else in braces (e.g. "{name}.v{n}").'
        )
    return template


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"({name}|{n})", template)
    body = "".join(
        "(?P<name>.+?)"
        if part == "{name}"
        else r"(?P<n>[0-9]+)"
        if part == "{n}"
        else re.escape(part)
        for part in parts
    )
    return re.compile(body)


def version_of(name: str, template: str = DEFAULT_NAME) -> tuple[str, int]:
    """(the name without its version, the version): `db_pw.v3` → (`db_pw`, 3); `db_pw` → 1."""
    match = _pattern(template).fullmatch(name)
    if match is None:
        return name, 1
    return match["name"], int(match["n"])


def next_name(name: str, template: str = DEFAULT_NAME) -> str:
    """The name of the version after `name`: `db_pw` → `db_pw.v2`, `db_pw.v2` → `db_pw.v3`."""
    base, version = version_of(name, template)
    said = {"{name}": base, "{n}": str(version + 1)}
    return re.sub(r"{name}|{n}", lambda field: said[field[0]], template)


def check_name(name: str, kind: str) -> str:
    """The new version's name as the daemon takes it, or WriteRefused saying why not."""
    cleaned = name.strip()
    if not cleaned or len(cleaned) > _MAX_NAME or not _NAME.fullmatch(cleaned):
        raise WriteRefused(
            f"'{cleaned}' is not a {kind} name: up to {_MAX_NAME} letters, digits, '-', '_' "
            "or '.', starting and ending with a letter or digit."
        )
    return cleaned


def new_spec(old: Json, name: str, data_b64: str) -> Json:
    """The next version's spec: the old one's labels (and templating), the new name and data,
    and the label naming the version it replaces."""
    spec = old.get("Spec") or {}
    labels = {**(spec.get("Labels") or {}), ROTATED_FROM: spec.get("Name", "")}
    made: Json = {"Name": name, "Labels": labels, "Data": data_b64}
    if spec.get("Templating"):
        made["Templating"] = spec["Templating"]
    return made


def references(container: Json, kind: str) -> list[Json]:
    """A ContainerSpec's (or a task's) references to secrets or configs."""
    return list(container.get(_FIELDS[kind][0]) or [])


def ref_id(ref: Json, kind: str) -> str:
    return str(ref.get(_FIELDS[kind][1], ""))


def swap(spec: Json, kind: str, old_id: str, new_id: str, new_name: str) -> int:
    """Point every reference to `old_id` in a service spec at the new version, in place: its
    File (target, uid, gid, mode) or Runtime stays as it was. Returns how many were swapped."""
    key, id_key = _FIELDS[kind][:2]
    name_key = id_key.replace("ID", "Name")
    container = (spec.get("TaskTemplate") or {}).get("ContainerSpec") or {}
    swapped = 0
    for ref in container.get(key) or []:
        if ref.get(id_key) == old_id:
            ref[id_key], ref[name_key] = new_id, new_name
            swapped += 1
    return swapped


@dataclass(frozen=True)
class Mount:
    """Where a service mounts the object: kept through the swap."""

    target: str
    uid: str
    gid: str
    mode: int

    @property
    def said(self) -> str:
        return f"{self.target} (uid {self.uid}, gid {self.gid}, mode {self.mode:04o})"


@dataclass(frozen=True)
class ServiceState:
    """One service that mounts the old or the new version, as read back now."""

    id: str
    name: str
    on: Version
    update: str
    """UpdateStatus.State, or empty."""
    message: str
    converged: bool
    """No update running or paused, and every task meant to run mounts `on` and runs."""
    mounts: tuple[Mount, ...] = ()

    @property
    def paused(self) -> bool:
        return self.update in ("paused", "rollback_paused")


@dataclass(frozen=True)
class Progress:
    kind: str
    old_id: str
    old_name: str
    new_name: str
    old_exists: bool
    new_id: str
    """Empty while the new version does not exist."""
    services: tuple[ServiceState, ...]

    def on(self, version: str) -> list[ServiceState]:
        return sorted((s for s in self.services if s.on == version), key=lambda s: s.name)


Action = Literal["create", "swap", "retry", "wait", "remove", "done", "stop"]


@dataclass(frozen=True)
class Step:
    action: Action
    service: ServiceState | None = None
    why: str = ""
    """For stop: what went wrong (the report adds who runs which version)."""


def next_step(progress: Progress, touched: frozenset[str]) -> Step:
    """What to do next, from what the cluster says now. `touched`: the services this run has
    already swapped or retried; one of them failing again stops the rotation, where a run
    resuming retries a paused update once and swaps a service that went back to the old."""
    if not progress.new_id:
        if not progress.old_exists:
            return Step("stop", why=f"Neither {progress.old_name} nor {progress.new_name} exists.")
        return Step("create")
    for service in progress.on(NEW):
        if service.paused:
            if service.id in touched:
                said = f": {service.message}" if service.message else ""
                return Step("stop", service, f"The update of {service.name} paused{said}.")
            return Step("retry", service)
        if not service.converged:
            return Step("wait", service)
    for service in progress.on(OLD):
        if service.update == "rollback_started" or service.id in touched:
            if service.id in touched:
                said = f" ({service.message})" if service.message else ""
                return Step(
                    "stop", service, f"{service.name} went back to {progress.old_name}{said}."
                )
            return Step("wait", service)
        return Step("swap", service)
    return Step("remove") if progress.old_exists else Step("done")


def who_runs_what(progress: Progress) -> str:
    """One clause per service: which version its spec mounts, and how its update stands."""
    said = []
    for service in sorted(progress.services, key=lambda s: s.name):
        version = progress.new_name if service.on == NEW else progress.old_name
        state = service.update.replace("_", " ")
        how = "" if service.converged else f" (update {state})" if state else " (converging)"
        said.append(f"{service.name} runs {version}{how}")
    return "; ".join(said) if said else "no service uses either version"


def stop_report(progress: Progress, why: str) -> str:
    """The sentence a rotation stopped half-way ends with."""
    kept = f" {progress.new_name} is kept." if progress.new_id else ""
    return (
        f"Rotation of {progress.kind} {progress.old_name} stopped: {why} "
        f"Now {who_runs_what(progress)}.{kept} Fix the cause, then rotate "
        f"{progress.old_name} again to resume from there."
    )
