"""The Docker layer: Engine API access and frozen models. No Textual here (a test enforces it)."""

# ruff: noqa: E402 - the deferral must come before docker-py is first imported (by .client)
from .deferred import defer_unused_imports

defer_unused_imports()

from .client import DockerApi
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
from .protocol import Json, SwarmApi, SwarmReadApi, SwarmWriteApi
from .reader import SwarmReader
from .traffic import Traffic

__all__ = [
    "ApiTooOld",
    "ClusterInfo",
    "DaemonError",
    "DaemonUnreachable",
    "DockerApi",
    "Endpoint",
    "Json",
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
    "SwarmReadApi",
    "SwarmReader",
    "SwarmWriteApi",
    "TaskInfo",
    "Traffic",
    "resolve_endpoint",
]
