"""The Docker layer: Engine API access and frozen models. No Textual here (a test enforces it)."""

from .api import DockerApi, SwarmApi, Traffic
from .connection import Endpoint, resolve_endpoint
from .errors import (
    ApiTooOld,
    DaemonError,
    DaemonUnreachable,
    NotAManager,
    NotInSwarm,
    SwarmError,
    SwarmInactive,
)
from .models import ClusterInfo, NodeInfo, ServiceInfo, Snapshot, TaskInfo
from .poller import Poller, PollHints
from .reader import SwarmReader

__all__ = [
    "ApiTooOld",
    "ClusterInfo",
    "DaemonError",
    "DaemonUnreachable",
    "DockerApi",
    "Endpoint",
    "NodeInfo",
    "NotAManager",
    "NotInSwarm",
    "PollHints",
    "Poller",
    "ServiceInfo",
    "Snapshot",
    "SwarmApi",
    "SwarmError",
    "SwarmInactive",
    "SwarmReader",
    "TaskInfo",
    "Traffic",
    "resolve_endpoint",
]
