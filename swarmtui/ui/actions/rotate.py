"""Rotate the secret or config under the cursor: the dialog, then the rotation itself, one
audited write per step (create the next version, swap it into each service, retry a paused
update when resuming, remove the old version), each service selected while it rolls out so
the rollout panel follows it. What to do next is always decided from what the cluster reads
back (docker/rotation.py), so a rotation stopped half-way resumes when run again.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from ...core.writes import Write
from ...docker.errors import SwarmError
from ...docker.protocol import SwarmApi
from ...docker.rotation import (
    Progress,
    ServiceState,
    next_name,
    next_step,
    stop_report,
    who_runs_what,
)
from ...docker.rotation_io import create_version, is_rotation_of, read_progress, swap_service
from ...docker.writes import SwarmWriter
from ...render.text import visible
from ..commands import Command
from ..dialogs.rotate import RotateDialog, RotateRequest
from .context import ActionContext

FOLLOW_EVERY_S = 1.0
"""How often a rotation re-reads its services while one rolls out."""
CONVERGE_WITHIN_S = 600.0
"""How long one service may take to converge before the rotation stops and says so."""
_RUNNING: set[tuple[int, str]] = set()
"""(app, object id) of the rotations running: one at a time per object."""


async def rotate(ctx: ActionContext) -> None:
    focused = ctx.focused
    if focused is None or focused[0] not in ("secret", "config"):
        ctx.notify("Move to a secret (7) or a config (8) first, then rotate it.", "warning")
        return
    kind, old_id, old_name = focused
    key = (id(ctx.app), old_id)
    if key in _RUNNING:
        ctx.notify(f"{old_name} is being rotated already; its rollouts are on their way.")
        return
    name = next_name(old_name, ctx.rotation_name)
    api = ctx.api_factory()
    try:
        progress, existing = await asyncio.to_thread(_look, api, kind, old_id, old_name, name)
    except SwarmError as error:
        ctx.notify(f"{old_name} cannot be rotated now: {error}", "error")
        return
    if not progress.old_exists:
        ctx.notify(f"{kind.capitalize()} {old_name} is gone from the cluster.", "warning")
        return
    request = await ctx.ask(RotateDialog(progress, name, existing, ctx.rotation_name))
    if request is None:
        return
    _RUNNING.add(key)
    try:
        await Rotation(ctx, api, progress, request).run()
    finally:
        _RUNNING.discard(key)


def _look(
    api: SwarmApi, kind: str, old_id: str, old_name: str, name: str
) -> tuple[Progress, dict[str, bool]]:
    existing = {
        str((raw.get("Spec") or {}).get("Name", "")): is_rotation_of(dict(raw), old_name)
        for raw in api.list_objects(f"{kind}s", {})
    }
    return read_progress(api, kind, old_id, old_name, name), existing


class Rotation:
    """One run of a rotation, from the dialog's answer to done, or to the step it stopped at."""

    def __init__(
        self, ctx: ActionContext, api: SwarmApi, progress: Progress, request: RotateRequest
    ) -> None:
        self.ctx = ctx
        self.api = api
        self.kind, self.old_id, self.old_name = progress.kind, progress.old_id, progress.old_name
        self.name = request.name
        self.request = request
        self.touched: set[str] = set()
        self.followed = ""
        self.waiting_since: dict[str, float] = {}

    def _said(self) -> str:
        return f"{self.kind} {self.old_name} → {self.name}"

    async def _read(self) -> Progress:
        return await asyncio.to_thread(
            read_progress, self.api, self.kind, self.old_id, self.old_name, self.name
        )

    async def run(self) -> None:
        while True:
            try:
                progress = await self._read()
            except SwarmError as error:
                self._tell(
                    f"Rotation of {self._said()} stopped: the cluster could not be read "
                    f"({error}). Rotate {self.old_name} again to resume.",
                    error=True,
                )
                return
            if not await self._step(progress):
                return

    async def _step(self, progress: Progress) -> bool:
        """Take the next step; False once the rotation is done or stopped."""
        step = next_step(progress, frozenset(self.touched))
        service = step.service
        if service is not None and service.name != self.followed:
            self.followed = service.name  # the rollout panel follows the service selected
            await self.ctx.hooks.select_when_listed(service.name)
        if step.action == "done":
            users = len(progress.services)
            self._tell(
                f"Rotated {self._said()}: {users} service{'s' if users != 1 else ''} "
                f"converged on {self.name}; {self.old_name} removed."
            )
            return False
        if step.action == "stop":
            self._tell(stop_report(progress, step.why), error=True)
            return False
        if step.action == "wait" and service is not None:
            return await self._wait(progress, service)
        return await self._write(progress, step.action, service)

    async def _wait(self, progress: Progress, service: ServiceState) -> bool:
        if service.id not in self.waiting_since:  # say where it stands as each one rolls out
            self._tell(f"Rotating {self._said()}: {who_runs_what(progress)}.")
        since = self.waiting_since.setdefault(service.id, time.monotonic())
        if time.monotonic() - since > CONVERGE_WITHIN_S:
            why = f"{service.name} has not converged within {CONVERGE_WITHIN_S / 60:.0f} minutes."
            self._tell(stop_report(progress, why), error=True)
            return False
        await asyncio.sleep(FOLLOW_EVERY_S)
        return True

    async def _write(self, progress: Progress, action: str, service: ServiceState | None) -> bool:
        kind, old_id, name, new_id = self.kind, self.old_id, self.name, progress.new_id
        params: dict[str, Any] = {"kind": kind, "from": self.old_name, "to": name}
        change: Callable[[SwarmWriter], object]
        if action == "create":
            data = self.request.data
            if data is None:  # resuming, yet the version it resumes onto is gone
                self._tell(stop_report(progress, f"{name} is gone."), error=True)
                return False
            target, done = name, f"Created {kind} {name}; swapping it into each service."
            params["source"] = self.request.source
            change = lambda w: create_version(w.api, kind, old_id, name, data)  # noqa: E731
        elif action == "remove":
            target, done = self.old_name, ""
            change = lambda w: w.api.remove_object(f"{kind}s", old_id)  # noqa: E731
        elif service is not None:
            self.touched.add(service.id)
            sid, target = service.id, service.name
            done = ""  # said as it rolls out (_wait)
            if action == "retry":
                change = lambda w: w.retry_update(sid)  # noqa: E731
            else:
                change = lambda w: swap_service(w, kind, sid, old_id, new_id, name)  # noqa: E731
        else:
            return False
        outcome = await self.ctx.writes.run(
            Write(f"rotate-{action}", target, params, change),
            done,
            service_id=service.id if service else None,
        )
        if not outcome.ok:
            with contextlib.suppress(SwarmError):  # else said from what was read before
                progress = await self._read()
            why = f"rotate-{action} of {target} failed: {outcome.message.rstrip('.')}."
            self._tell(stop_report(progress, why), error=True)
            return False
        if service is not None:
            await asyncio.sleep(FOLLOW_EVERY_S)  # let the daemon start the update first
        return True

    def _tell(self, message: str, error: bool = False) -> None:
        self.ctx.app.notify(
            visible(message),
            title="Rotation",
            severity="error" if error else "information",
            timeout=30 if error else 10,
            markup=False,
        )


ROTATE_COMMAND = Command(
    "object.rotate",
    "O",
    "Rotate secret or config",
    "Rotate the secret or config under the cursor: its next version (db_pw → db_pw.v2) from "
    "a file or typed (never shown), swapped into every service that mounts it, each rollout "
    "followed, the old one removed once all have converged; run again to resume",
    "Objects",
    writes=True,
    run=rotate,
)
