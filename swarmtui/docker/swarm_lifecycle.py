"""The swarm's own lifecycle, as `docker swarm update|unlock|unlock-key|leave` do it: its
settings read from GET /swarm, the safe ones changed, autolock turned on and off, the unlock key
rotated, a locked manager unlocked, and the connected daemon taken out of the swarm.

The unlock key is a secret as strong as the swarm's data at rest: the functions here return it
to the caller once and never put it in an error, so neither the audit log nor a notification
can carry it.
"""

from __future__ import annotations

import base64
import copy
import re
from collections.abc import Callable
from dataclasses import dataclass

from .errors import DaemonError, SwarmError, VersionConflict, WriteRefused
from .protocol import Json, SwarmApi
from .secrets import MASK

UNLOCK_KEY_PREFIX = "SWMKEY-1-"
STORE_WARNING = (
    "Store it now: without it a restarted manager cannot rejoin the swarm. swarmtui shows it "
    "this once and never again (docker swarm unlock-key on a manager reads it)."
)
WRONG_KEY = "That key does not unlock this swarm; check it and try again."
NOT_LOCKED = "The swarm is not locked (any more): there is nothing to unlock."
_OUT_OF_SEQUENCE = "update out of sequence"

_NS = {"ms": 10**6, "s": 10**9, "m": 60 * 10**9, "h": 3600 * 10**9, "d": 86400 * 10**9}
_DURATION = re.compile(r"(\d+)(ms|s|m|h|d)")
MIN_CERT_EXPIRY_NS = _NS["h"]  # swarmkit refuses a shorter node certificate life
MIN_HEARTBEAT_NS = _NS["s"]


def mask_unlock_key(key: str) -> str:
    """The key hidden, length and all; only the prefix that says what it is stays."""
    return (UNLOCK_KEY_PREFIX if key.startswith(UNLOCK_KEY_PREFIX) else "") + MASK


def format_duration(ns: int) -> str:
    """A Go duration in nanoseconds as an operator writes it: 90d, 5s, 1h30m."""
    if ns <= 0:
        return "0s"
    parts, left = [], ns
    for unit in ("d", "h", "m", "s"):
        count, left = divmod(left, _NS[unit])
        if count:
            parts.append(f"{count}{unit}")
    if left and not parts:
        return f"{ns // _NS['ms']}ms"
    return "".join(parts)


def parse_duration(text: str, what: str) -> int:
    """`90d`, `2160h`, `1h30m`, `5s` (as `docker swarm update` takes them, and days) in ns."""
    cleaned = text.strip().lower()
    if not cleaned or _DURATION.sub("", cleaned):
        raise WriteRefused(f"'{text}' is not a {what}; write it like 5s, 10m, 2h or 90d.")
    return sum(int(count) * _NS[unit] for count, unit in _DURATION.findall(cleaned))


@dataclass(frozen=True)
class SwarmSettings:
    """What GET /swarm says about the swarm itself (the join tokens are left out)."""

    swarm_id: str
    task_history_limit: int
    heartbeat_ns: int
    cert_expiry_ns: int
    autolock: bool
    snapshot_interval: int
    keep_old_snapshots: int
    log_entries_for_slow_followers: int
    election_tick: int
    heartbeat_tick: int
    root_rotation_in_progress: bool
    ca_issuer: str
    """The common name of the CA that signs node certificates (TLSInfo), "" if none given."""
    external_cas: int
    default_addr_pool: tuple[str, ...]
    subnet_size: int
    data_path_port: int


_CN = bytes((0x06, 0x03, 0x55, 0x04, 0x03))  # DER: the OID 2.5.4.3, commonName
_STRINGS = {0x0C, 0x13, 0x14, 0x16, 0x1E}  # UTF8, Printable, Teletex, IA5, BMP String


def _common_name(subject: str) -> str:
    """CN from the issuer's DER subject (base64), as the daemon gives it in TLSInfo; a short
    value's length is one byte, and anything else is no name we show."""
    try:
        der = base64.b64decode(subject, validate=True)
    except ValueError:
        return ""
    at = der.find(_CN)
    if at < 0 or len(der) < at + 7 or der[at + 5] not in _STRINGS or der[at + 6] > 0x7F:
        return ""
    return der[at + 7 : at + 7 + der[at + 6]].decode("utf-8", errors="replace")


def parse_swarm_settings(swarm: Json) -> SwarmSettings:
    spec = swarm.get("Spec") or {}
    raft = spec.get("Raft") or {}
    ca = spec.get("CAConfig") or {}
    return SwarmSettings(
        swarm_id=str(swarm.get("ID") or ""),
        task_history_limit=int(
            (spec.get("Orchestration") or {}).get("TaskHistoryRetentionLimit") or 0
        ),
        heartbeat_ns=int((spec.get("Dispatcher") or {}).get("HeartbeatPeriod") or 0),
        cert_expiry_ns=int(ca.get("NodeCertExpiry") or 0),
        autolock=bool((spec.get("EncryptionConfig") or {}).get("AutoLockManagers")),
        snapshot_interval=int(raft.get("SnapshotInterval") or 0),
        keep_old_snapshots=int(raft.get("KeepOldSnapshots") or 0),
        log_entries_for_slow_followers=int(raft.get("LogEntriesForSlowFollowers") or 0),
        election_tick=int(raft.get("ElectionTick") or 0),
        heartbeat_tick=int(raft.get("HeartbeatTick") or 0),
        root_rotation_in_progress=bool(swarm.get("RootRotationInProgress")),
        ca_issuer=_common_name((swarm.get("TLSInfo") or {}).get("CertIssuerSubject") or ""),
        external_cas=len(ca.get("ExternalCAs") or ()),
        default_addr_pool=tuple(str(pool) for pool in swarm.get("DefaultAddrPool") or ()),
        subnet_size=int(swarm.get("SubnetSize") or 0),
        data_path_port=int(swarm.get("DataPathPort") or 0),
    )


# The settings safe to change from the dashboard ------------------------------------------


@dataclass(frozen=True)
class SettingEdit:
    """One safe setting: how it is shown, read from text, and written into the spec."""

    name: str
    label: str
    current: Callable[[SwarmSettings], str]
    parse: Callable[[str], int]
    apply: Callable[[Json, int], None]
    shown: Callable[[int], str]


def _task_history(text: str) -> int:
    cleaned = text.strip()
    if not cleaned.isdigit():
        raise WriteRefused(f"'{text}' is not a task history limit; give a whole number, 0 or more.")
    return int(cleaned)


def _at_least(minimum: int, what: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = parse_duration(text, what)
        if value < minimum:
            raise WriteRefused(f"The {what} must be at least {format_duration(minimum)}.")
        return value

    return parse


def _set(*path: str) -> Callable[[Json, int], None]:
    def apply(spec: Json, value: int) -> None:
        spec.setdefault(path[0], {})[path[1]] = value

    return apply


EDITS = {
    "task_history": SettingEdit(
        "task_history",
        "task history limit",
        lambda s: str(s.task_history_limit),
        _task_history,
        _set("Orchestration", "TaskHistoryRetentionLimit"),
        str,
    ),
    "heartbeat": SettingEdit(
        "heartbeat",
        "dispatcher heartbeat",
        lambda s: format_duration(s.heartbeat_ns),
        _at_least(MIN_HEARTBEAT_NS, "dispatcher heartbeat"),
        _set("Dispatcher", "HeartbeatPeriod"),
        format_duration,
    ),
    "cert_expiry": SettingEdit(
        "cert_expiry",
        "node certificate expiry",
        lambda s: format_duration(s.cert_expiry_ns),
        _at_least(MIN_CERT_EXPIRY_NS, "node certificate expiry"),
        _set("CAConfig", "NodeCertExpiry"),
        format_duration,
    ),
}


def leave_consequence(hostname: str, managers: int, reachable: int) -> tuple[str, bool]:
    """What leaving does to the swarm when the connected manager leaves it, and whether it is
    the last manager (the swarm is then destroyed)."""
    if managers <= 1:
        return (
            f"{hostname} is the swarm's only manager: leaving erases the swarm's whole state "
            "(services, secrets, configs, the node list) and leaves its workers with no "
            "manager. This cannot be undone.",
            True,
        )
    left = managers - 1
    quorum = left // 2 + 1
    spare = max(reachable - 1, 0) - quorum
    said = f"{managers} managers → {left}: "
    if spare < 0:
        said += "the managers still reachable are too few for a quorum: the swarm stops at once."
    elif spare == 0:
        said += "one more loss stops the swarm."
    else:
        said += f"the swarm then survives the loss of {spare} more."
    return (f"{said} {hostname} stops being a manager and a node of this swarm.", False)


# Writes: read the swarm, change a copy of its whole spec, post it with the version read ----


def _update(api: SwarmApi, change: Callable[[Json], None], rotate_unlock_key: bool = False) -> None:
    for _attempt in range(2):
        swarm = api.inspect_swarm()
        spec = copy.deepcopy(swarm.get("Spec") or {})
        change(spec)
        try:
            api.update_swarm(swarm["Version"]["Index"], spec, rotate_unlock_key=rotate_unlock_key)
            return
        except DaemonError as error:
            if _OUT_OF_SEQUENCE not in str(error):
                raise
    raise VersionConflict(
        "The swarm's settings were changed by someone else twice while this change was being "
        "saved, so nothing was changed; look at them again and retry."
    )


def edit_setting(api: SwarmApi, name: str, value: int) -> None:
    _update(api, lambda spec: EDITS[name].apply(spec, value))


def set_autolock(api: SwarmApi, enabled: bool) -> str:
    """Turn autolock on (returns the unlock key the managers now need) or off (returns "")."""

    def change(spec: Json) -> None:
        spec.setdefault("EncryptionConfig", {})["AutoLockManagers"] = enabled

    _update(api, change)
    return _new_key(api, "Autolock is on") if enabled else ""


def _new_key(api: SwarmApi, done: str) -> str:
    """The key just made. The change is made already: a failed read must say so, or the
    operator would take it for undone and never store the key."""
    try:
        return api.unlock_key()
    except SwarmError as error:
        raise SwarmError(
            f"{done}, but its unlock key could not be read ({error}): read it now with "
            "docker swarm unlock-key on a manager and store it."
        ) from None


def rotate_unlock_key(api: SwarmApi) -> str:
    """A new unlock key, as `docker swarm unlock-key --rotate` makes; the old one stops working
    once every manager has the new one."""
    if not parse_swarm_settings(api.inspect_swarm()).autolock:
        raise WriteRefused("Autolock is off: there is no unlock key to rotate.")
    _update(api, lambda spec: None, rotate_unlock_key=True)
    return _new_key(api, "The unlock key was rotated")


def unlock(api: SwarmApi, key: str) -> None:
    """Give a locked manager its key. The daemon's refusal is put in our words: a key must never
    reach a message, and "invalid key string" says too little."""
    cleaned = key.strip()
    if not cleaned:
        raise WriteRefused(f"Type the unlock key: it starts with {UNLOCK_KEY_PREFIX}.")
    try:
        api.unlock_swarm(cleaned)
    except DaemonError as error:
        text = str(error)
        if "not locked" in text:
            raise DaemonError(NOT_LOCKED) from None
        if "key" in text.lower() or cleaned in text:
            raise DaemonError(WRONG_KEY) from None
        raise


def leave(api: SwarmApi, force: bool) -> None:
    api.leave_swarm(force)
