"""The numbers of a compose file are bounded as the create-service form bounds its own: a
count the daemon keeps in an int64 (or uint64) field is refused past 2^63-1 before anything is
sent, replicas past MAX_REPLICAS, ports past 65535; each refusal names the file, line, service,
key and limit. An integer too long for Python to read is a ComposeError too, never a bare
ValueError."""

from __future__ import annotations

from pathlib import Path

import pytest

from swarmtui.docker.validate import MAX_REPLICAS
from swarmtui.stack import ComposeError, convert, load
from swarmtui.stack.limits import MAX_INTEGER_DIGITS
from swarmtui.stack.units import MAX_INT64
from tests.support.compose import errors_of, write

SERVICE = "services:\n  web:\n    image: swarmlab/app:1\n"
ENGINE = "the largest number the Engine API takes (2^63-1)"
TOO_BIG_FOR_INT64 = MAX_INT64 + 1
TOO_BIG = 99999999999999999999999

# (the lines under `web:` with {n} for the number, the key as reported, the largest allowed,
# what the limit is)
BOUNDED = [
    (
        "    deploy:\n      replicas: {n}\n",
        "deploy.replicas",
        MAX_REPLICAS,
        "the most swarmtui sends",
    ),
    (
        "    deploy:\n      placement:\n        max_replicas_per_node: {n}\n",
        "deploy.placement.max_replicas_per_node",
        MAX_REPLICAS,
        "the most swarmtui sends",
    ),
    (
        "    deploy:\n      resources:\n        limits:\n          pids: {n}\n",
        "deploy.resources.limits.pids",
        MAX_INT64,
        ENGINE,
    ),
    (
        "    deploy:\n      update_config:\n        parallelism: {n}\n",
        "deploy.update_config.parallelism",
        MAX_INT64,
        ENGINE,
    ),
    (
        "    deploy:\n      restart_policy:\n        max_attempts: {n}\n",
        "deploy.restart_policy.max_attempts",
        MAX_INT64,
        ENGINE,
    ),
    (
        "    ports:\n      - target: {n}\n",
        "ports[0].target",
        65535,
        "the highest port number",
    ),
    (
        "    ports:\n      - target: 80\n        published: {n}\n",
        "ports[0].published",
        65535,
        "the highest port number",
    ),
    ("    ulimits:\n      nofile: {n}\n", "ulimits.nofile", MAX_INT64, ENGINE),
    (
        "    ulimits:\n      nproc: {{soft: 1, hard: {n}}}\n",
        "ulimits.nproc.hard",
        MAX_INT64,
        ENGINE,
    ),
    ("    healthcheck:\n      retries: {n}\n", "healthcheck.retries", MAX_INT64, ENGINE),
    (
        "    oom_score_adj: {n}\n",
        "oom_score_adj",
        1000,
        "the kernel's range (-1000 to 1000)",
    ),
    (
        "    volumes:\n      - type: tmpfs\n        target: /t\n"
        "        tmpfs:\n          size: {n}\n",
        "volumes[0].tmpfs.size",
        MAX_INT64,
        ENGINE,
    ),
    (
        "    secrets:\n      - source: s\n        mode: {n}\n",
        "secrets[0].mode",
        0o7777,
        "the highest file mode (0o7777)",
    ),
]
SECRETS = "secrets:\n  s:\n    external: true\n"


def _compose(lines: str, number: object) -> str:
    return SERVICE + lines.format(n=number) + SECRETS


@pytest.mark.parametrize(("lines", "key", "largest", "limit"), BOUNDED, ids=[b[1] for b in BOUNDED])
def test_a_number_past_its_limit_names_file_service_key_and_limit(
    tmp_path: Path, lines: str, key: str, largest: int, limit: str
) -> None:
    for number in (largest + 1, TOO_BIG):
        file = write(tmp_path, "s.yml", _compose(lines, number))
        [message] = errors_of([file])
        assert message.startswith(f"{file}:")
        assert message.endswith(
            f" service web: {key}: {number} is more than {largest:,}, {limit}."
        ), message
    convert(load([write(tmp_path, "ok.yml", _compose(lines, largest))], {}), "st")


def test_a_negative_count_is_refused(tmp_path: Path) -> None:
    file = write(tmp_path, "s.yml", SERVICE + "    deploy:\n      replicas: -1\n")
    assert errors_of([file]) == [f"{file}:5: service web: deploy.replicas: -1 is less than 0."]
    signed = write(tmp_path, "u.yml", SERVICE + "    ulimits:\n      nofile: -1\n")
    assert load([signed], {}).services["web"]["ulimits"] == {"nofile": -1}  # unlimited


def test_a_number_written_as_a_float_is_bounded_too(tmp_path: Path) -> None:
    file = write(tmp_path, "s.yml", SERVICE + "    deploy:\n      replicas: 1e30\n")
    assert errors_of([file]) == [
        f"{file}:5: service web: deploy.replicas: 1e+30 is more than 100,000, the most "
        "swarmtui sends."
    ]


def test_a_number_from_a_variable_is_bounded(tmp_path: Path) -> None:
    file = write(tmp_path, "s.yml", SERVICE + "    deploy:\n      replicas: ${N}\n")
    assert errors_of([file], {"N": str(TOO_BIG_FOR_INT64)}) == [
        f"{file}:5: service web: deploy.replicas: {TOO_BIG_FOR_INT64} is more than 100,000, "
        "the most swarmtui sends."
    ]


def test_a_long_number_is_shortened_in_the_message(tmp_path: Path) -> None:
    number = "9" * MAX_INTEGER_DIGITS
    file = write(tmp_path, "s.yml", SERVICE + f"    deploy:\n      replicas: {number}\n")
    assert errors_of([file]) == [
        f"{file}:5: service web: deploy.replicas: {'9' * 20}… ({MAX_INTEGER_DIGITS} digits) "
        "is more than 100,000, the most swarmtui sends."
    ]


@pytest.mark.parametrize(
    "number",
    ["9" * 5000, "-" + "9" * 5000, "0x" + "f" * 5000, "9" * (MAX_INTEGER_DIGITS + 1)],
    ids=["5000 digits", "negative", "hexadecimal", "one over the limit"],
)
def test_an_integer_too_long_to_read_is_a_compose_error(tmp_path: Path, number: str) -> None:
    file = write(tmp_path, "s.yml", SERVICE + f"    deploy:\n      replicas: {number}\n")
    assert errors_of([file]) == [
        f"{file}:5: service web: deploy.replicas: a number {len(number):,} characters long; "
        f"numbers in a compose file are limited to {MAX_INTEGER_DIGITS} characters."
    ]


def test_an_integer_too_long_to_read_anywhere_is_a_compose_error(tmp_path: Path) -> None:
    key = write(tmp_path, "k.yml", SERVICE + "    labels:\n      ? " + "9" * 5000 + "\n      : x\n")
    environment = write(tmp_path, "e.yml", SERVICE + "    environment:\n      A: " + "7" * 5000)
    with pytest.raises(ComposeError, match=r"k\.yml:5: a number 5,000 characters long"):
        load([key], {})
    with pytest.raises(ComposeError, match=r"service web: environment\.A: a number 5,000"):
        load([environment], {})


def test_an_integer_written_as_a_float_is_read_as_docker_reads_it(tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "s.yml",
        SERVICE + "    ulimits:\n      nofile: 1024.0\n    deploy:\n      replicas: 3.0\n",
    )
    spec = convert(load([file], {}), "st").services["st_web"]
    replicas = spec["Mode"]["Replicated"]["Replicas"]
    assert replicas == 3 and isinstance(replicas, int)  # the daemon refuses 3.0 as a uint64
    assert spec["TaskTemplate"]["ContainerSpec"]["Ulimits"] == [
        {"Name": "nofile", "Soft": 1024, "Hard": 1024}
    ]


def test_a_long_value_from_a_variable_is_shortened_in_the_message(tmp_path: Path) -> None:
    compose = tmp_path / "n.yml"
    compose.write_text(
        'version: "3.8"\nservices:\n  web:\n    image: x\n    deploy:\n      replicas: ${N}\n'
    )
    with pytest.raises(ComposeError) as raised:
        load([compose], {"N": "9" * 5000})
    said = str(raised.value)
    assert len(said) < 300 and "5000 characters" in said and "deploy.replicas" in said
    assert f"limited to {MAX_INTEGER_DIGITS} characters" in said
