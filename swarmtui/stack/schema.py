"""What stack deploy accepts in a compose file (format 3.x), as checkable data.

This restates the shape of docker's v3.13 schema (cli/compose/schema) in Python: unknown keys
are errors (only `x-` extension keys are free), and each value has a type. `check` walks a
file and reports each problem with its path; the loader adds file and line.

docker validates a file against the schema of the format it declares (`version: "3.8"`), so
each Obj's `added` names the format that introduced a key (from config_schema_v3.0 … v3.13);
a later key under an earlier version is refused, as `docker stack deploy` refuses it.
"""

from __future__ import annotations

import re

from .schema_types import (
    BOOLEAN,
    COMMAND,
    COUNT,
    COUNT_NUMBER,
    CPUS,
    DRIVER_OPTS,
    DURATION,
    EXTERNAL,
    FILE_REFERENCE,
    LIST_OF_STRINGS,
    LIST_OR_DICT,
    MEMORY,
    OOM_SCORE_ADJ,
    PORT,
    REPLICAS,
    SIGNED,
    STRING,
    STRING_OR_LIST,
    UPDATE_CONFIG,
    ListOf,
    MapOf,
    Obj,
    OneOf,
    Scalar,
)
from .schema_versions import ADDED

DEPLOY = Obj(
    {
        "mode": STRING,
        "endpoint_mode": STRING,
        "replicas": REPLICAS,
        "labels": LIST_OR_DICT,
        "rollback_config": UPDATE_CONFIG,
        "update_config": UPDATE_CONFIG,
        "resources": Obj(
            {
                "limits": Obj(
                    {"cpus": CPUS, "memory": MEMORY, "pids": SIGNED}, added=ADDED["LIMITS"]
                ),
                "reservations": Obj(
                    {
                        "cpus": CPUS,
                        "memory": MEMORY,
                        "generic_resources": ListOf(
                            Obj(
                                {
                                    "discrete_resource_spec": Obj(
                                        {"kind": STRING, "value": COUNT_NUMBER}
                                    )
                                }
                            )
                        ),
                    },
                    added=ADDED["RESERVATIONS"],
                ),
            }
        ),
        "restart_policy": Obj(
            {"condition": STRING, "delay": DURATION, "max_attempts": COUNT, "window": DURATION}
        ),
        "placement": Obj(
            {
                "constraints": LIST_OF_STRINGS,
                "preferences": ListOf(Obj({"spread": STRING})),
                "max_replicas_per_node": REPLICAS,
            },
            added=ADDED["PLACEMENT"],
        ),
    },
    nullable=True,
    added=ADDED["DEPLOY"],
)

SERVICE = Obj(
    {
        "deploy": DEPLOY,
        "build": OneOf(
            (
                STRING,
                Obj(
                    {},
                    open=True,
                    added=ADDED["BUILD"],
                ),
            ),
            "a path or a mapping",
        ),
        "cap_add": LIST_OF_STRINGS,
        "cap_drop": LIST_OF_STRINGS,
        "cgroupns_mode": STRING,
        "cgroup_parent": STRING,
        "command": COMMAND,
        "entrypoint": COMMAND,
        "configs": ListOf(FILE_REFERENCE),
        "secrets": ListOf(FILE_REFERENCE),
        "container_name": STRING,
        "credential_spec": Obj(
            {"config": STRING, "file": STRING, "registry": STRING}, added=ADDED["CREDENTIAL_SPEC"]
        ),
        "depends_on": LIST_OF_STRINGS,
        "devices": LIST_OF_STRINGS,
        "dns": STRING_OR_LIST,
        "dns_search": STRING_OR_LIST,
        "domainname": STRING,
        "env_file": STRING_OR_LIST,
        "environment": LIST_OR_DICT,
        "expose": ListOf(Scalar(("string", "number"))),
        "external_links": LIST_OF_STRINGS,
        "extra_hosts": LIST_OR_DICT,
        "healthcheck": Obj(
            {
                "disable": BOOLEAN,
                "interval": DURATION,
                "retries": COUNT_NUMBER,
                "test": COMMAND,
                "timeout": DURATION,
                "start_period": DURATION,
                "start_interval": DURATION,
            },
            added=ADDED["HEALTHCHECK"],
        ),
        "hostname": STRING,
        "image": STRING,
        "init": BOOLEAN,
        "ipc": STRING,
        "isolation": STRING,
        "labels": LIST_OR_DICT,
        "links": LIST_OF_STRINGS,
        "logging": Obj({"driver": STRING, "options": MapOf(Scalar(("string", "number", "null")))}),
        "mac_address": STRING,
        "network_mode": STRING,
        "networks": OneOf(
            (
                LIST_OF_STRINGS,
                MapOf(
                    Obj(
                        {
                            "aliases": LIST_OF_STRINGS,
                            "driver_opts": DRIVER_OPTS,
                            "ipv4_address": STRING,
                            "ipv6_address": STRING,
                        },
                        nullable=True,
                        added=ADDED["SERVICE_NETWORK"],
                    ),
                    re.compile(r"[a-zA-Z0-9._-]+"),
                ),
            ),
            "a list of network names or a mapping",
        ),
        "pid": Scalar(("string", "null")),
        "ports": ListOf(
            OneOf(
                (
                    Scalar(("number", "string")),
                    Obj(
                        {
                            "mode": STRING,
                            "target": PORT,
                            "published": PORT,
                            "protocol": STRING,
                        },
                        added=ADDED["LONG_PORT"],
                    ),
                ),
                "a port such as 8080:80 or a mapping with target, published, protocol and mode",
            )
        ),
        "privileged": BOOLEAN,
        "read_only": BOOLEAN,
        "restart": STRING,
        "security_opt": LIST_OF_STRINGS,
        "shm_size": Scalar(("number", "string")),
        "sysctls": LIST_OR_DICT,
        "stdin_open": BOOLEAN,
        "stop_grace_period": DURATION,
        "stop_signal": STRING,
        "tmpfs": STRING_OR_LIST,
        "tty": BOOLEAN,
        "ulimits": MapOf(
            OneOf(
                (SIGNED, Obj({"hard": SIGNED, "soft": SIGNED})),
                "a number or a mapping with soft and hard",
            )
        ),
        "oom_score_adj": OOM_SCORE_ADJ,
        "user": STRING,
        "userns_mode": STRING,
        "volumes": ListOf(
            OneOf(
                (
                    STRING,
                    Obj(
                        {
                            "type": STRING,
                            "source": STRING,
                            "target": STRING,
                            "read_only": BOOLEAN,
                            "consistency": STRING,
                            "bind": Obj({"propagation": STRING}),
                            "volume": Obj({"nocopy": BOOLEAN}),
                            "tmpfs": Obj({"size": COUNT}),
                        },
                        added=ADDED["LONG_VOLUME"],
                    ),
                ),
                "a short volume such as data:/data or a mapping with type, source and target",
            )
        ),
        "working_dir": STRING,
    },
    extensions=True,
    added=ADDED["SERVICE"],
)

COMPOSE_FILE = Obj(
    {
        "version": STRING,
        "services": MapOf(SERVICE, re.compile(r"[a-zA-Z0-9._-]+")),
        "networks": MapOf(
            Obj(
                {
                    "name": STRING,
                    "driver": STRING,
                    "driver_opts": DRIVER_OPTS,
                    "ipam": Obj({"driver": STRING, "config": ListOf(Obj({"subnet": STRING}))}),
                    "external": EXTERNAL,
                    "internal": BOOLEAN,
                    "attachable": BOOLEAN,
                    "labels": LIST_OR_DICT,
                },
                extensions=True,
                nullable=True,
                added=ADDED["NETWORK"],
            )
        ),
        "volumes": MapOf(
            Obj(
                {
                    "name": STRING,
                    "driver": STRING,
                    "driver_opts": DRIVER_OPTS,
                    "external": EXTERNAL,
                    "labels": LIST_OR_DICT,
                    "x-cluster-spec": Obj({}, open=True),
                },
                extensions=True,
                nullable=True,
                added=ADDED["VOLUME"],
            )
        ),
        "secrets": MapOf(
            Obj(
                {
                    "name": STRING,
                    "file": STRING,
                    "external": EXTERNAL,
                    "labels": LIST_OR_DICT,
                    "driver": STRING,
                    "driver_opts": DRIVER_OPTS,
                    "template_driver": STRING,
                },
                extensions=True,
                added=ADDED["SECRET"],
            )
        ),
        "configs": MapOf(
            Obj(
                {
                    "name": STRING,
                    "file": STRING,
                    "external": EXTERNAL,
                    "labels": LIST_OR_DICT,
                    "template_driver": STRING,
                },
                extensions=True,
                added=ADDED["CONFIG"],
            )
        ),
    },
    extensions=True,
    added=ADDED["COMPOSE_FILE"],
)
