"""The swarm's own settings as the swarm screen shows them: pure text from `SwarmSettings`."""

from __future__ import annotations

from rich.text import Text

from ..docker.swarm_lifecycle import SwarmSettings, format_duration
from .text import line

LEAVE_A_WORKER = (
    "A worker leaves from its own daemon (docker swarm leave there): this dashboard talks to "
    "a manager only. Once it is down, x on the nodes view removes it from the node list."
)


def _row(text: Text, name: str, value: str, key: str = "") -> None:
    text.append(f"  {name:<25}", style="bold")
    text.append_text(line(value))
    if key:
        text.append(f"   [{key}]", style="dim")
    text.append("\n")


def swarm_settings_text(settings: SwarmSettings, read_only: bool) -> Text:
    """Every setting on a line, with the key that edits it (none in read-only mode)."""

    def key(name: str) -> str:
        return "" if read_only else name

    text = Text()
    text.append_text(line(f"Swarm {settings.swarm_id[:12]}", style="bold"))
    text.append("\n\nOrchestration and dispatcher\n", style="underline")
    _row(text, "task history limit", str(settings.task_history_limit), key("t"))
    _row(text, "dispatcher heartbeat", format_duration(settings.heartbeat_ns), key("b"))
    text.append("\nCertificates and encryption\n", style="underline")
    _row(text, "node certificate expiry", format_duration(settings.cert_expiry_ns), key("e"))
    _row(text, "root CA", settings.ca_issuer or "not given by the daemon")
    rotation = "in progress" if settings.root_rotation_in_progress else "none in progress"
    _row(text, "root CA rotation", rotation)
    _row(text, "external CAs", str(settings.external_cas or "none"))
    autolock = "on: restarted managers need the key" if settings.autolock else "off"
    _row(text, "autolock", autolock, key("a"))
    if settings.autolock:
        _row(text, "unlock key", "hidden; rotating shows a new one once", key("k"))
    text.append("\nRaft\n", style="underline")
    _row(text, "snapshot interval", f"{settings.snapshot_interval} log entries")
    _row(text, "old snapshots kept", str(settings.keep_old_snapshots))
    _row(text, "slow-follower entries", str(settings.log_entries_for_slow_followers))
    _row(text, "election/heartbeat ticks", f"{settings.election_tick} / {settings.heartbeat_tick}")
    text.append("\nNetworking\n", style="underline")
    pools = ", ".join(settings.default_addr_pool) or "the daemon's default"
    _row(text, "default address pool", f"{pools} (subnets of /{settings.subnet_size})")
    _row(text, "data path port", str(settings.data_path_port))
    return text
