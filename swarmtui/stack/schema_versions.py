"""The compose file format (3.0 … 3.13) that introduced each key stack deploy may refuse.

docker validates a file against the schema of the version it declares
(cli/compose/schema/data/config_schema_v3.N.json), so a key that came later is refused under
an earlier `version:`. Read off those schemas; schema.py hands each table to its Obj as
`added` (key → first format; "x-" for the extension keys). Keys not listed are in 3.0.
"""

from __future__ import annotations

VERSIONS = tuple(f"3.{minor}" for minor in range(14))  # the formats docker/cli knows
LATEST = VERSIONS[-1]

ADDED: dict[str, dict[str, str]] = {
    "BUILD": {
        "cache_from": "3.2",
        "labels": "3.3",
        "network": "3.4",
        "target": "3.4",
        "shm_size": "3.5",
        "extra_hosts": "3.9",
    },
    "LONG_VOLUME": {
        **dict.fromkeys(
            ("type", "source", "target", "read_only", "consistency", "bind", "volume"), "3.2"
        ),
        "tmpfs": "3.6",
    },
    "LONG_PORT": dict.fromkeys(("mode", "target", "published", "protocol"), "3.2"),
    "SERVICE": {
        "secrets": "3.1",
        "configs": "3.3",
        "credential_spec": "3.3",
        "isolation": "3.5",
        "init": "3.7",
        "cgroupns_mode": "3.9",
        "oom_score_adj": "3.13",
        "x-": "3.7",
    },
    "SECRET": {
        "name": "3.5",
        "driver": "3.8",
        "driver_opts": "3.8",
        "template_driver": "3.8",
        "x-": "3.7",
    },
    "DEPLOY": {"endpoint_mode": "3.2", "rollback_config": "3.7"},
    "PLACEMENT": {"preferences": "3.3", "max_replicas_per_node": "3.8"},
    "LIMITS": {"pids": "3.9"},
    "RESERVATIONS": {"generic_resources": "3.5"},
    "CREDENTIAL_SPEC": {"config": "3.8"},
    "UPDATE_CONFIG": {"order": "3.4"},
    "HEALTHCHECK": {"start_period": "3.4", "start_interval": "3.12"},
    "SERVICE_NETWORK": {"driver_opts": "3.13"},
    "NETWORK": {"attachable": "3.2", "name": "3.5", "x-": "3.7"},
    "VOLUME": {"name": "3.4", "x-": "3.7", "x-cluster-spec": "3.7"},
    "CONFIG": {"name": "3.5", "template_driver": "3.8", "x-": "3.7"},
    "COMPOSE_FILE": {"secrets": "3.1", "configs": "3.3", "x-": "3.4"},
}
