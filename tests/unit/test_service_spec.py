"""The "Create service" form's fields become the ServiceSpec the Engine API takes; every bad
field is refused with a sentence naming it and the bad value, and nothing is built then."""

from __future__ import annotations

import pytest

from swarmtui.docker.errors import DaemonError, WriteRefused
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.service_fields import (
    parse_constraints,
    parse_cpus,
    parse_env,
    parse_memory,
    parse_ports,
)
from swarmtui.docker.service_spec import (
    FormRefused,
    ServiceForm,
    audit_params,
    service_spec,
)
from swarmtui.docker.writes import SwarmWriter

MIB = 1 << 20


def test_the_smallest_form_builds_a_replicated_service() -> None:
    assert service_spec(ServiceForm(name="api", image="swarmlab/app:1")) == {
        "Name": "api",
        "TaskTemplate": {
            "ContainerSpec": {"Image": "swarmlab/app:1"},
            "RestartPolicy": {"Condition": "any"},
        },
        "Mode": {"Replicated": {"Replicas": 1}},
    }


def test_every_field_lands_where_the_engine_api_wants_it() -> None:
    form = ServiceForm(
        name=" api ",
        image=" swarmlab/app:2 ",
        replicas="3",
        ports="8080:80, 53:53/udp 9000:9000/tcp/host",
        restart="on-failure",
        memory_limit="1G",
        memory_reservation="64M",
        cpu_limit="2",
        cpu_reservation="0.25",
        env='MODE=prod, MSG="hello, world" EMPTY=',
        constraints="node.role==manager, node.labels.zone != b",
    )
    assert service_spec(form) == {
        "Name": "api",
        "TaskTemplate": {
            "ContainerSpec": {
                "Image": "swarmlab/app:2",
                "Env": ["MODE=prod", "MSG=hello, world", "EMPTY="],
            },
            "RestartPolicy": {"Condition": "on-failure"},
            "Resources": {
                "Limits": {"NanoCPUs": 2_000_000_000, "MemoryBytes": 1 << 30},
                "Reservations": {"NanoCPUs": 250_000_000, "MemoryBytes": 64 * MIB},
            },
            "Placement": {"Constraints": ["node.role==manager", "node.labels.zone!=b"]},
        },
        "Mode": {"Replicated": {"Replicas": 3}},
        "EndpointSpec": {
            "Ports": [
                {
                    "Protocol": "tcp",
                    "TargetPort": 80,
                    "PublishedPort": 8080,
                    "PublishMode": "ingress",
                },
                {
                    "Protocol": "udp",
                    "TargetPort": 53,
                    "PublishedPort": 53,
                    "PublishMode": "ingress",
                },
                {
                    "Protocol": "tcp",
                    "TargetPort": 9000,
                    "PublishedPort": 9000,
                    "PublishMode": "host",
                },
            ]
        },
    }


def test_a_global_service_has_no_replica_count_even_a_bad_one() -> None:
    spec = service_spec(
        ServiceForm(
            name="agent2", image="swarmlab/app:1", mode="global", replicas="abc", restart="none"
        )
    )
    assert spec["Mode"] == {"Global": {}}
    assert spec["TaskTemplate"]["RestartPolicy"] == {"Condition": "none"}


def test_only_the_resources_given_are_sent() -> None:
    spec = service_spec(ServiceForm(name="a1", image="app", memory_limit="64M"))
    assert spec["TaskTemplate"]["Resources"] == {
        "Limits": {"MemoryBytes": 64 * MIB},
        "Reservations": {},
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("80", [{"Protocol": "tcp", "TargetPort": 80, "PublishMode": "ingress"}]),
        (
            "8080:80",
            [
                {
                    "Protocol": "tcp",
                    "TargetPort": 80,
                    "PublishedPort": 8080,
                    "PublishMode": "ingress",
                }
            ],
        ),
        (
            "53:53/UDP",
            [{"Protocol": "udp", "TargetPort": 53, "PublishedPort": 53, "PublishMode": "ingress"}],
        ),
        (
            "9000:9000/host",
            [{"Protocol": "tcp", "TargetPort": 9000, "PublishedPort": 9000, "PublishMode": "host"}],
        ),
        (
            "9000:9000/host/udp",
            [{"Protocol": "udp", "TargetPort": 9000, "PublishedPort": 9000, "PublishMode": "host"}],
        ),
        (
            "5000:5000/sctp/ingress",
            [
                {
                    "Protocol": "sctp",
                    "TargetPort": 5000,
                    "PublishedPort": 5000,
                    "PublishMode": "ingress",
                }
            ],
        ),
        (
            "53:53/tcp 53:53/udp",
            [
                {
                    "Protocol": "tcp",
                    "TargetPort": 53,
                    "PublishedPort": 53,
                    "PublishMode": "ingress",
                },
                {
                    "Protocol": "udp",
                    "TargetPort": 53,
                    "PublishedPort": 53,
                    "PublishMode": "ingress",
                },
            ],
        ),
        (" , ", []),
    ],
)
def test_ports_in_every_form(text: str, expected: list[dict]) -> None:
    assert parse_ports(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (
            "abc",
            "'abc' is not a published port: the target port 'abc' is not a number from 1 to 65535.",
        ),
        ("8080:0", "the target port '0' is not a number from 1 to 65535"),
        ("70000:80", "the published port '70000' is not a number"),
        ("-1:80", "the published port '-1' is not a number"),
        ("8080:", "the target port '' is not a number"),
        ("127.0.0.1:8080:80", "write published:target, such as 8080:80, without a host address"),
        ("8080:80/tcp/udp", "it gives the protocol twice"),
        ("8080:80/host/ingress", "it gives the mode twice"),
        (
            "8080:80/http",
            "'http' is neither a protocol (tcp, udp, sctp) nor a publish mode (ingress or host)",
        ),
    ],
)
def test_bad_ports_are_named(text: str, why: str) -> None:
    with pytest.raises(WriteRefused) as refused:
        parse_ports(text)
    assert str(refused.value).startswith(f"'{text}' is not a published port: ")
    assert why in str(refused.value)


def test_a_port_published_twice_is_refused() -> None:
    with pytest.raises(WriteRefused, match=r"^Port 8080/tcp is published twice in the "):
        parse_ports("8080:80, 8080:81/host")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("0", None),
        ("4194304", 4 * MIB),
        ("64M", 64 * MIB),
        ("64m", 64 * MIB),
        ("64MB", 64 * MIB),
        ("64MiB", 64 * MIB),
        ("64 M", 64 * MIB),
        ("1G", 1 << 30),
        ("1.5g", 3 << 29),
        ("512k", None),
        ("8192k", 8 * MIB),
        ("1t", 1 << 40),
    ],
)
def test_memory_units_as_docker_reads_them(text: str, expected: int | None) -> None:
    if text == "512k":
        with pytest.raises(WriteRefused, match=r"^The memory limit '512k' is less than 4M, "):
            parse_memory(text)
        return
    assert parse_memory(text) == expected


@pytest.mark.parametrize("text", ["64X", "M", "-1G", "1,5G", "64 MB extra", "1e3"])
def test_bad_memory_is_named(text: str) -> None:
    with pytest.raises(WriteRefused) as refused:
        parse_memory(text, "memory reservation")
    assert str(refused.value) == (
        f"The memory reservation '{text}' is not a size; give bytes "
        "or a number with a unit, such as 64M, 1G or 512k."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("0", None),
        ("0.5", 500_000_000),
        ("2", 2_000_000_000),
        (".25", 250_000_000),
        ("0.001", 1_000_000),
        ("1.000000001", 1_000_000_001),
    ],
)
def test_cpus_become_nano_cpus(text: str, expected: int | None) -> None:
    assert parse_cpus(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("abc", "is not a number of CPUs; give a decimal such as 0.5 or 2."),
        ("-1", "is not a number of CPUs"),
        ("1e3", "is not a number of CPUs"),
        ("inf", "is not a number of CPUs"),
        ("1.2.3", "is not a number of CPUs"),
        ("0.0001", "is less than 0.001, the least the swarm accepts."),
        ("0.0010000001", "has more than 9 decimal places."),
    ],
)
def test_bad_cpus_are_named(text: str, why: str) -> None:
    with pytest.raises(WriteRefused) as refused:
        parse_cpus(text, "CPU reservation")
    assert str(refused.value).startswith(f"The CPU reservation '{text}' {why}")


def test_env_entries_split_on_spaces_and_commas_unless_quoted() -> None:
    assert parse_env("A=1, B=2 C='x y,z' D=a=b PATH=C:\\bin HASH=#1") == [
        "A=1",
        "B=2",
        "C=x y,z",
        "D=a=b",
        "PATH=C:\\bin",
        "HASH=#1",
    ]
    assert parse_env("  ") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "NOVALUE",
            "'NOVALUE' is not an environment variable; write KEY=VALUE, quoting a value "
            "with spaces or commas.",
        ),
        ("=x", "'=x' is not an environment variable"),
        ("'A B'=1", "'A B=1' is not an environment variable"),
        ('MSG="open', "The environment 'MSG=\"open' has a quote that is not closed."),
    ],
)
def test_bad_env_is_named(text: str, message: str) -> None:
    with pytest.raises(WriteRefused) as refused:
        parse_env(text)
    assert str(refused.value).startswith(message)


def test_constraints_as_swarmkit_reads_them() -> None:
    assert parse_constraints(
        "node.role==manager, node.labels.zone != b,node.hostname==node 1, engine.labels.os!=linux*"
    ) == [
        "node.role==manager",
        "node.labels.zone!=b",
        "node.hostname==node 1",
        "engine.labels.os!=linux*",
    ]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("node.role=manager", "it needs == or != between a key and a value"),
        ("node.role", "it needs == or != between a key and a value"),
        ("==manager", "the key '' is not a key such as node.role"),
        ("x==y", "the key 'x' is not a key"),  # swarmkit wants two characters at least
        ("1node==y", "the key '1node' is not a key"),
        ("node.role!==manager", "the key 'node.role!' is not a key"),
        ("node.role==", "the value is missing"),
        ("node.labels.zone==a>b", "the value 'a>b' may only use letters, digits, spaces"),
    ],
)
def test_bad_constraints_are_named(text: str, why: str) -> None:
    with pytest.raises(WriteRefused) as refused:
        parse_constraints(text)
    assert str(refused.value).startswith(f"'{text}' is not a placement constraint: {why}")


def test_every_bad_field_is_reported_at_once_naming_it() -> None:
    form = ServiceForm(
        name="-web",
        image="Bad::Image",
        replicas="abc",
        ports="8080",
        restart="always",
        memory_limit="64X",
        cpu_limit="lots",
        env="NOEQUALS",
        constraints="node.role=manager",
    )
    with pytest.raises(FormRefused) as refused:
        service_spec(form)
    errors = refused.value.errors
    assert set(errors) == {
        "name",
        "image",
        "replicas",
        "restart",
        "memory_limit",
        "cpu_limit",
        "env",
        "constraints",
    }
    assert errors["name"].startswith("'-web' is not a valid service name")
    assert errors["image"].startswith("'Bad::Image' is not a valid image")
    assert errors["replicas"] == "'abc' is not a replica count; give a whole number, 0 or more."
    assert errors["restart"] == "'always' is not a restart condition; use any, on-failure or none."
    assert errors["memory_limit"].startswith("The memory limit '64X' is not a size")
    assert errors["cpu_limit"].startswith("The CPU limit 'lots' is not a number of CPUs")
    assert errors["env"].startswith("'NOEQUALS' is not an environment variable")
    assert errors["constraints"].startswith("'node.role=manager' is not a placement constraint")
    assert isinstance(refused.value, WriteRefused)  # run_write shows it like any refusal


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("replicas", "-1", "'-1' is not a replica count; give a whole number, 0 or more."),
        ("replicas", "", "The replica count is empty; give a whole number such as 3."),
        ("image", "", "The image is empty; give a reference such as nginx:1.27."),
        ("name", "", "The service name is empty."),
        ("mode", "both", "'both' is not a service mode; use replicated or global."),
    ],
)
def test_one_bad_field_is_named_alone(field: str, text: str, message: str) -> None:
    form = ServiceForm(**{"name": "ok", "image": "swarmlab/app:1", field: text})
    with pytest.raises(FormRefused) as refused:
        service_spec(form)
    assert refused.value.errors == {field: message}


def test_a_reservation_above_its_limit_is_refused_on_the_reservation() -> None:
    form = ServiceForm(
        name="a1",
        image="app",
        memory_limit="512M",
        memory_reservation="1G",
        cpu_limit="0.5",
        cpu_reservation="1",
    )
    with pytest.raises(FormRefused) as refused:
        service_spec(form)
    assert refused.value.errors == {
        "memory_reservation": "The memory reservation '1G' is more than the memory limit "
        "'512M'; a task cannot reserve more than it may use.",
        "cpu_reservation": "The CPU reservation '1' is more than the CPU limit '0.5'; a task "
        "cannot reserve more than it may use.",
    }
    equal = ServiceForm(name="a1", image="app", memory_limit="1G", memory_reservation="1024M")
    assert service_spec(equal)["TaskTemplate"]["Resources"]["Reservations"] == {
        "MemoryBytes": 1 << 30
    }


def test_a_taken_name_is_refused_on_the_name_field_ignoring_case() -> None:
    with pytest.raises(FormRefused) as refused:
        service_spec(ServiceForm(name="WEB", image="app"), taken=["web", "agent"])
    assert refused.value.errors == {
        "name": "A service named WEB already exists; choose another name."
    }


def test_the_audit_keeps_env_keys_but_never_their_values() -> None:
    form = ServiceForm(
        name="api",
        image="app",
        mode="global",
        replicas="3",
        env="DB_PASSWORD=hunter2 MODE=prod",
        ports="8080:80",
    )
    params = audit_params(form)
    assert params == {
        "image": "app",
        "mode": "global",
        "ports": "8080:80",
        "restart": "any",
        "env": "DB_PASSWORD MODE",
    }
    assert "hunter2" not in str(params)


def test_the_writer_refuses_a_taken_name_before_sending(recording: ReplayApi) -> None:
    writer = SwarmWriter(recording)
    spec = service_spec(ServiceForm(name="Web", image="swarmlab/app:1"))
    with pytest.raises(
        WriteRefused,
        match=r"^A service named web already exists, so nothing "
        r"was created; choose another name\.$",
    ):
        writer.create_service(spec)
    # A free name passes the writer's checks and reaches the API, which a recording refuses.
    spec = service_spec(ServiceForm(name="fresh", image="swarmlab/app:1"))
    with pytest.raises(DaemonError, match=r"^This is a recording; it cannot be changed\.$"):
        writer.create_service(spec)
