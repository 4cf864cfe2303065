"""Apply a deploy plan in `docker stack deploy`'s order: prune → networks → secrets →
configs → services.

A service is updated with the Version it was read at, keeping its ForceUpdate, and only when
its spec really differs, so a redeploy of an unchanged file bumps no version and restarts no
task. If another writer got there first ("update out of sequence"), the service is read again
and the update re-sent once.

Existing secrets are sent again with their file's content, as the CLI does, whenever the deploy
changes anything: the daemon never answers a secret's data, so only it can tell a changed file,
and it does by refusing ("only updates to Labels are allowed"); the refusal is reported with the
way out (a new name). A deploy that stops part way, on a refusal or on anything unexpected,
raises DeployFailed, which says what was already done, in order, and what failed; planning
again then starts from what now runs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec

from ..docker.errors import DaemonError, SwarmError
from ..docker.protocol import Json, SwarmApi
from .convert import StackSpec
from .deploy import Change, Cluster, Plan, desired_spec
from .specdiff import service_changes

_Params = ParamSpec("_Params")
OUT_OF_SEQUENCE = "update out of sequence"  # swarmkit's text for a stale Version.Index
ONLY_LABELS = "only updates to Labels are allowed"  # swarmkit, on new secret/config data
_PAST = {"remove": "removed", "create": "created", "update": "updated", "unchanged": "checked"}


def past(change: Change) -> str:
    """'created secret st_db_password'."""
    return f"{_PAST[change.action]} {change.kind} {change.name}"


class ObjectGone(SwarmError):
    """An object the plan counted on was removed from the cluster before the deploy reached it."""


class DeployFailed(DaemonError):
    """A deploy stopped part way: `done` lists what was changed before `failed` was refused."""

    def __init__(self, failed: Change, error: Exception, done: list[Change]) -> None:
        self.failed = failed
        self.done = tuple(done)
        verb = "update" if failed.action == "unchanged" else failed.action
        lines = [f"Could not {verb} {failed.kind} {failed.name}: {_said(error)}"]
        if ONLY_LABELS in str(error):
            lines.append(
                f"The content of {failed.kind} {failed.name} changed, and the daemon keeps a "
                f"{failed.kind}'s content for good: give the new content a new name in the "
                f"compose file (e.g. name: {failed.name}_v2) and deploy again."
            )
        if done:
            lines.append("Already done, in order: " + "; ".join(past(c) for c in done) + ".")
            lines.append(
                "Nothing after it was attempted; plan again to continue from what now runs."
            )
        else:
            lines.append("Nothing had been changed before it.")
        super().__init__("\n".join(lines))


def _said(error: Exception) -> str:
    """A SwarmError is already a sentence; anything else is named, so the report still says
    what was done before it."""
    if isinstance(error, SwarmError):
        return str(error)
    text = str(error).strip().rstrip(".")
    return f"an unexpected {type(error).__name__}" + (f" ({text})." if text else ".")


def apply(api: SwarmApi, planned: Plan) -> list[Change]:
    """Make the planned changes in stack deploy's order; returns what was done. A refusal
    stops the deploy there with DeployFailed, naming the object and what was done before."""
    done: list[Change] = []
    if not planned.has_changes:
        return done  # a redeploy of what runs sends nothing, not even the secrets

    def attempt(
        change: Change,
        call: Callable[_Params, object],
        *args: _Params.args,
        **kwargs: _Params.kwargs,
    ) -> None:
        try:
            call(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - whatever stops it, say what was done
            raise DeployFailed(change, error, done) from error
        if change.action != "unchanged":
            done.append(change)

    spec = planned.spec
    for change in planned.of("remove", "service"):
        attempt(change, api.remove_service, change.object_id)
    for change in planned.of("create", "network"):
        attempt(change, api.create_object, "networks", spec.networks[change.name])
    for kind, objects in (("secret", spec.secrets), ("config", spec.configs)):
        by_name = {item["Name"]: item for item in objects}
        for change in planned.of("create", kind):
            attempt(change, api.create_object, f"{kind}s", by_name[change.name])
        for change in planned.of("update", kind):
            attempt(change, _update_object, api, kind, change, by_name[change.name])
        if kind == "secret":  # let the daemon check the content it never shows
            for change in planned.of("unchanged", kind):
                if "Data" in by_name[change.name]:
                    attempt(change, _update_object, api, kind, change, by_name[change.name])
    # Read once, after the objects exist (their IDs, the services' versions), and inside the
    # first service's attempt, so a read that fails still reports what was done.
    read_cluster = functools.cache(functools.partial(Cluster.read, api, spec.name))
    for change in planned.changes:
        if change.kind == "service" and change.action in ("create", "update"):
            attempt(change, _deploy_service, api, spec, change.name, read_cluster)
    return done


def _deploy_service(
    api: SwarmApi, spec: StackSpec, name: str, read_cluster: Callable[[], Cluster]
) -> None:
    cluster = read_cluster()
    current = cluster.services.get(name)
    wanted = desired_spec(spec.services[name], current, cluster)
    if current is None:
        api.create_service(wanted)
    elif service_changes(current["Spec"], wanted, cluster.network_names()):
        _update_service(api, current, spec.services[name], cluster)
    # else: someone made the same change meanwhile


def _update_service(api: SwarmApi, current: Json, wanted: Json, cluster: Cluster) -> None:
    """Update with the version read; on "update out of sequence", read again and re-send once."""
    try:
        api.update_service(
            current["ID"], current["Version"]["Index"], desired_spec(wanted, current, cluster)
        )
    except DaemonError as error:
        if OUT_OF_SEQUENCE not in str(error):
            raise
        fresh = api.inspect_service(current["ID"])
        api.update_service(
            fresh["ID"], fresh["Version"]["Index"], desired_spec(wanted, fresh, cluster)
        )


def _update_object(api: SwarmApi, kind: str, change: Change, wanted: Json) -> None:
    listed = api.list_objects(f"{kind}s", {"id": [change.object_id]})
    current = next((item for item in listed if item["ID"] == change.object_id), None)
    if current is None:  # removed by someone else between the plan and now
        raise ObjectGone(
            f"{kind.capitalize()} {change.name} ({change.object_id}) was removed from the "
            "cluster after the plan was made."
        )
    api.update_object(f"{kind}s", change.object_id, current["Version"]["Index"], wanted)
