"""Loading compose files as `docker stack deploy` does: YAML, interpolation, env_file and
merging several files (the errors are in test_compose_errors.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from swarmtui.stack import load
from swarmtui.stack.interpolate import InterpolationError, substitute
from tests.support.compose import COMPOSE, errors_of, write

# --- interpolation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$SET", "value"),
        ("${SET}", "value"),
        ("${UNSET}", ""),
        ("${UNSET:-fallback}", "fallback"),
        ("${EMPTY:-fallback}", "fallback"),
        ("${UNSET-fallback}", "fallback"),
        ("${EMPTY-fallback}", ""),
        ("${SET:?needed}", "value"),
        ("${EMPTY?needed}", ""),
        ("$$SET costs $$5", "$SET costs $5"),
        ("a${SET}b", "avalueb"),
        ("$UNSET-dir", "dir"),  # docker reads a bare $V-d as ${V-d}
    ],
)
def test_variables_are_substituted_from_the_environment(text: str, expected: str) -> None:
    assert substitute(text, {"SET": "value", "EMPTY": ""}) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("${UNSET:?give it}", "required variable UNSET is missing a value: give it"),
        ("${EMPTY:?give it}", "required variable EMPTY is missing a value: give it"),
        ("${UNSET?}", "required variable UNSET is missing a value"),
        ("cost: 5$", "invalid interpolation format"),
    ],
)
def test_required_and_malformed_variables_are_refused(text: str, message: str) -> None:
    with pytest.raises(InterpolationError, match=message):
        substitute(text, {"EMPTY": ""})


def test_interpolated_numbers_and_booleans_get_their_type(tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "stack.yml",
        """
services:
  web:
    image: swarmlab/app:${TAG:-1}
    read_only: ${RO}
    ports:
      - target: ${PORT}
    deploy:
      replicas: ${REPLICAS}
""",
    )
    web = load([file], {"RO": "yes", "PORT": "80", "REPLICAS": "3"}).services["web"]
    assert web["image"] == "swarmlab/app:1"
    assert web["read_only"] is True
    assert web["ports"] == [{"protocol": "", "target": 80, "published": 0, "mode": ""}]
    assert web["deploy"]["replicas"] == 3


def test_yaml_is_read_as_docker_reads_it(tmp_path: Path) -> None:
    """go-yaml v3 has no yes/no booleans and no base-60 numbers."""
    file = write(
        tmp_path,
        "stack.yml",
        """
services:
  web:
    image: swarmlab/app:1
    environment:
      ENABLED: yes
      RATIO: 1.0
    ports:
      - 8080:80
""",
    )
    web = load([file], {}).services["web"]
    assert web["environment"] == {"ENABLED": "yes", "RATIO": "1"}
    assert web["ports"][0]["published"] == 8080


# --- environment, env_file and merging --------------------------------------------------


def test_env_file_is_read_relative_to_the_first_file_and_environment_wins() -> None:
    web = load([COMPOSE / "basic.yml"], {"PORT_BASE": "3101"}).services["web"]
    assert web["environment"] == {
        "APP_COLOUR": "blue",
        "APP_MODE": "from-environment",
        "DEBUG": "false",
        "EMPTY_FROM_FILE": "",
        "REPLICA_HINT": "2",
        "UNSET_IN_ENV": None,
    }


def test_empty_values_come_from_the_process_environment(tmp_path: Path) -> None:
    write(tmp_path, "app.env", "FROM_FILE=\nKEPT=1\n# a comment\nBARE\n")
    file = write(
        tmp_path,
        "stack.yml",
        """
services:
  web:
    image: swarmlab/app:1
    env_file: app.env
    environment: [FROM_LIST]
""",
    )
    environ = {"FROM_FILE": "f", "BARE": "b", "FROM_LIST": "l"}
    web = load([file], environ).services["web"]
    assert web["environment"] == {"FROM_FILE": "f", "KEPT": "1", "BARE": "b", "FROM_LIST": "l"}


def test_later_files_merge_into_earlier_ones(tmp_path: Path) -> None:
    base = write(
        tmp_path,
        "base.yml",
        """
version: "3.8"
services:
  web:
    image: swarmlab/app:1
    command: ["one"]
    environment: {A: "1", B: "1"}
    ports: ["8080:80", "9090:90"]
    deploy:
      replicas: 3
      placement:
        constraints: [node.role == worker]
""",
    )
    override = write(
        tmp_path,
        "override/prod.yml",
        """
version: "3.8"
services:
  web:
    image: swarmlab/app:2
    command: two words
    environment: {B: "2"}
    ports: ["8080:81"]
    deploy:
      replicas: 0
      placement:
        constraints: [node.labels.zone == b]
  extra:
    image: swarmlab/app:1
    env_file: app.env
""",
    )
    write(tmp_path, "app.env", "FROM_FIRST_FILES_FOLDER=1\n")
    config = load([base, override], {})
    web = config.services["web"]
    assert web["image"] == "swarmlab/app:2"
    assert web["command"] == ["two", "words"]
    assert web["environment"] == {"A": "1", "B": "2"}
    assert [(p["published"], p["target"]) for p in web["ports"]] == [(8080, 81), (9090, 90)]
    assert web["deploy"]["replicas"] == 0
    assert web["deploy"]["placement"]["constraints"] == [
        "node.role == worker",
        "node.labels.zone == b",
    ]
    assert config.services["extra"]["environment"] == {"FROM_FIRST_FILES_FOLDER": "1"}


def test_a_later_file_may_give_the_image(tmp_path: Path) -> None:
    base = write(tmp_path, "a.yml", "services:\n  web:\n    hostname: web\n")
    image = write(tmp_path, "b.yml", "services:\n  web:\n    image: swarmlab/app:1\n")
    assert load([base, image], {}).services["web"]["image"] == "swarmlab/app:1"


def test_ignored_keys_are_warnings(tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "stack.yml",
        """
services:
  web:
    image: swarmlab/app:1
    build: .
    restart: always
    container_name: web
""",
    )
    warnings = load([file], {}).warnings
    assert warnings == [
        f"{file}:5: service web: build is ignored by stack deploy.",
        f"{file}:6: service web: restart is ignored by stack deploy.",
        f"{file}:7: service web: container_name is deprecated and ignored by stack deploy.",
    ]


def test_anchors_merge_keys_and_extension_fields() -> None:
    config = load([COMPOSE / "anchors.yml"], {"REGION": "ap"})
    alpha, beta = config.services["alpha"], config.services["beta"]
    assert alpha["environment"] == {
        "REGION": "ap",
        "PRICE": "$5",
        "RETRIES": "3",
        "RATIO": "0.75",
        "ENABLED": "true",
    }
    assert beta["environment"]["REGION"] == "us"
    assert alpha["command"] == ["sh", "-c", "echo ${HOME} && exec /app"]
    assert (alpha["deploy"]["replicas"], beta["deploy"]["replicas"]) == (2, 1)
    assert beta["deploy"]["restart_policy"]["max_attempts"] == 5


def test_external_objects_take_their_name(tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "stack.yml",
        """
services:
  web: {image: a}
networks:
  plain: {external: true}
  old_style: {external: {name: elsewhere}}
  clash: {external: {name: one}, name: two}
""",
    )
    assert errors_of([file]) == [
        f"{file}:7: network clash: external.name and name conflict; give name only."
    ]
    file.write_text(file.read_text().replace("  clash: {external: {name: one}, name: two}\n", ""))
    networks = load([file], {}).networks
    assert (networks["plain"]["name"], networks["old_style"]["name"]) == ("plain", "elsewhere")
