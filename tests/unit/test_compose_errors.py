"""Compose files that stack deploy refuses are refused here too, each problem with its file,
line, service and key, and all of them at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.compose import errors_of, write


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    file = write(tmp_path, "bad.yml", "services:\n  web:\n    image: [unclosed\n")
    [message] = errors_of([file])
    assert message.startswith(f"{file}:4: invalid YAML:")


def test_an_unknown_key_names_service_key_and_line(tmp_path: Path) -> None:
    file = write(
        tmp_path, "bad.yml", "services:\n  web:\n    image: swarmlab/app:1\n    imagee: x\n"
    )
    assert errors_of([file]) == [
        f"{file}:4: service web: imagee: unknown key 'imagee': stack deploy does not accept it."
    ]


def test_replicas_that_are_no_number_are_refused(tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "bad.yml",
        "services:\n  web:\n    image: swarmlab/app:1\n    deploy:\n      replicas: abc\n",
    )
    assert errors_of([file]) == [
        f"{file}:5: service web: deploy.replicas: 'abc' is not an integer."
    ]


def test_a_service_without_an_image_is_refused(tmp_path: Path) -> None:
    file = write(tmp_path, "bad.yml", "services:\n  web:\n    hostname: web\n")
    assert errors_of([file]) == [
        f"{file}:2: service web: no image is given; every service needs an image (stack "
        "deploy does not build)."
    ]


@pytest.mark.parametrize(
    "key",
    [
        "extends",
        "volume_driver",
        "volumes_from",
        "cpu_quota",
        "cpu_shares",
        "cpuset",
        "mem_limit",
        "memswap_limit",
    ],
)
def test_forbidden_keys_are_refused(tmp_path: Path, key: str) -> None:
    file = write(
        tmp_path, "bad.yml", f"services:\n  web:\n    image: swarmlab/app:1\n    {key}: x\n"
    )
    [message] = errors_of([file])
    assert message.startswith(f"{file}:4: service web: {key}: '{key}' is not allowed:")


def test_an_undefined_required_variable_is_refused(tmp_path: Path) -> None:
    file = write(tmp_path, "bad.yml", "services:\n  web:\n    image: ${IMAGE:?set IMAGE}\n")
    assert errors_of([file]) == [
        f"{file}:3: service web: image: required variable IMAGE is missing a value: set IMAGE."
    ]


def test_every_problem_of_every_file_is_reported_at_once(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yml", "services:\n  web:\n    image: 5\n    mem_limit: 1g\n")
    second = write(
        tmp_path, "b.yml", "services:\n  db:\n    image: x\n    stop_grace_period: soon\nnam: x\n"
    )
    messages = errors_of([first, second])
    assert messages == [
        f"{first}:4: service web: mem_limit: 'mem_limit' is not allowed: set resource limits "
        "under deploy.resources instead.",
        f"{first}:3: service web: image: 5 is not a string.",
        f"{second}:4: service db: stop_grace_period: 'soon' is not a duration such as 10s or "
        "1m30s.",
        f"{second}:5: nam: unknown key 'nam' (stack deploy accepts: configs, networks, "
        "secrets, services, version, volumes).",
    ]


def test_a_missing_file_and_an_empty_one_are_refused(tmp_path: Path) -> None:
    empty = write(tmp_path, "empty.yml", "")
    messages = errors_of([tmp_path / "missing.yml", empty])
    assert messages[0].startswith(f"{tmp_path / 'missing.yml'}: cannot read the file")
    assert messages[1] == f"{empty}: the file is empty; it needs a services: section."


def test_resource_values_are_checked_where_they_are_written(tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "bad.yml",
        """
services:
  web:
    image: swarmlab/app:1
    deploy:
      resources:
        limits: {cpus: 0.5, memory: lots}
        reservations: {cpus: "half"}
""",
    )
    assert errors_of([file]) == [
        f"{file}:7: service web: deploy.resources.limits.cpus: 0.5 is not a number of CPUs "
        "such as '0.5'.",
        f"{file}:7: service web: deploy.resources.limits.memory: 'lots' is not a size such as "
        "512M or 1G.",
        f"{file}:8: service web: deploy.resources.reservations.cpus: 'half' is not a number of "
        "CPUs such as '0.5'.",
    ]


def test_a_key_written_twice_is_refused(tmp_path: Path) -> None:
    file = write(tmp_path, "bad.yml", "services:\n  web:\n    image: a\n    image: b\n")
    assert errors_of([file]) == [f"{file}:4: the key 'image' is given twice in the same mapping."]


def test_a_boolean_environment_value_is_refused_as_docker_does(tmp_path: Path) -> None:
    file = write(
        tmp_path, "bad.yml", "services:\n  web:\n    image: a\n    environment:\n      ON: true\n"
    )
    assert errors_of([file]) == [
        f"{file}:5: service web: environment.ON: true is not a string, a number or empty."
    ]
