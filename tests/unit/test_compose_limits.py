"""Bad compose input is refused quickly with one clear message, never a crash or a hang:
file sizes, encodings, nesting, alias expansion, the declared format version, and the bounds
of the create-service form's numbers. The deploy screen's side is in tests/pilot."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from swarmtui.cli.main import main
from swarmtui.docker.errors import WriteRefused
from swarmtui.docker.service_fields import MAX_INT64, parse_cpus, parse_memory
from swarmtui.docker.validate import MAX_REPLICAS, parse_replicas
from swarmtui.stack import units
from swarmtui.stack.limits import (
    MAX_COMPOSE_FILE_BYTES,
    MAX_DOCUMENT_NODES,
    MAX_NESTING_DEPTH,
    MAX_SOURCE_FILE_BYTES,
)
from tests.support.compose import errors_of, write

SERVICE = "services:\n  web:\n    image: swarmlab/app:1\n"


def _laughs(levels: int) -> str:
    lines = ["x-l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"x-l{level}: &l{level} [{refs}]")
    return SERVICE + "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [6, 9, 30])
def test_alias_expansion_is_refused_before_it_is_expanded(tmp_path: Path, levels: int) -> None:
    file = write(tmp_path, "lol.yml", _laughs(levels))
    assert len(file.read_bytes()) < 3000
    started = time.monotonic()
    [message] = errors_of([file])
    assert time.monotonic() - started < 1
    assert f"more than {MAX_DOCUMENT_NODES:,} values once its aliases are expanded" in message
    assert message.startswith(f"{file}:")


def test_a_few_aliases_still_load(tmp_path: Path) -> None:
    file = write(tmp_path, "ok.yml", _laughs(2))
    assert errors_of([write(tmp_path, "bad.yml", "services: {}\nx: [*nope]\n")])
    from swarmtui.stack import load

    assert "web" in load([file], {}).services


@pytest.mark.parametrize(
    "text", ["x-a: &a [*a]\n", "x-a: &a {<<: *a}\n", "x-a: &a {b: [1, {c: *a}]}\n"]
)
def test_a_self_referencing_anchor_is_refused(tmp_path: Path, text: str) -> None:
    file = write(tmp_path, "loop.yml", SERVICE + text)
    [message] = errors_of([file])
    assert message == f"{file}:4: an alias refers to a value that contains it."


@pytest.mark.parametrize(
    "nested", ["[" * 5000 + "]" * 5000, "{a: " * 5000 + "1" + "}" * 5000, "[" * 70 + "]" * 70]
)
def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path: Path, nested: str) -> None:
    file = write(tmp_path, "deep.yml", SERVICE + f"x-deep: {nested}\n")
    [message] = errors_of([file])
    assert f"more than {MAX_NESTING_DEPTH} deep, the limit for compose files" in message


def test_nesting_through_aliases_is_counted(tmp_path: Path) -> None:
    deep = "[" * 40 + "1" + "]" * 40
    file = write(tmp_path, "deep.yml", SERVICE + f"x-a: &a {deep}\nx-b: {'[' * 40}*a{']' * 40}\n")
    [message] = errors_of([file])
    assert "with its aliases expanded" in message and str(MAX_NESTING_DEPTH) in message


def test_a_compose_file_over_the_limit_is_refused_with_its_size(tmp_path: Path) -> None:
    file = write(tmp_path, "docker-stack.yml", SERVICE + "# " + "x" * (12 << 20) + "\n")
    assert errors_of([file]) == [
        f"{file} is 12 MiB; compose files are limited to {MAX_COMPOSE_FILE_BYTES >> 20} MiB."
    ]


def test_an_endless_compose_file_is_read_no_further_than_the_limit() -> None:
    started = time.monotonic()
    assert errors_of([Path("/dev/zero")]) == [
        "/dev/zero is more than 1 MiB; compose files are limited to 1 MiB."
    ]
    assert time.monotonic() - started < 2


def test_a_compose_file_that_is_not_utf8_names_the_file(tmp_path: Path) -> None:
    file = tmp_path / "latin1.yml"
    file.write_bytes(SERVICE.encode() + b"    hostname: caf\xe9\n")
    assert errors_of([file]) == [f"{file} is not UTF-8 text (byte 61 cannot be read)."]


def test_an_env_file_that_is_not_utf8_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "app.env").write_bytes(b"A=caf\xe9\n")
    file = write(tmp_path, "s.yml", SERVICE + "    env_file: app.env\n")
    assert errors_of([file]) == [
        f"{file}:2: service web: {tmp_path / 'app.env'} is not UTF-8 text (byte 6 cannot be read)."
    ]


def test_an_endless_env_file_is_refused(tmp_path: Path) -> None:
    file = write(tmp_path, "s.yml", SERVICE + "    env_file: /dev/zero\n")
    assert errors_of([file]) == [
        f"{file}:2: service web: /dev/zero is more than 1 MiB; env_files are limited to 1 MiB."
    ]


@pytest.mark.parametrize("kind", ["secrets", "configs"])
def test_secret_and_config_sources_are_bounded(tmp_path: Path, kind: str) -> None:
    (tmp_path / "big").write_bytes(b"x" * (MAX_SOURCE_FILE_BYTES + 1))
    text = SERVICE + f"{kind}:\n  big:\n    file: ./big\n  zero:\n    file: /dev/zero\n"
    file = write(tmp_path, "s.yml", text)
    assert errors_of([file]) == [
        f"{file}:5: {kind[:-1]} big: {tmp_path / 'big'} is 500 KiB; {kind[:-1]} sources "
        "are limited to 500 KiB (the swarm's own limit).",
        f"{file}:7: {kind[:-1]} zero: /dev/zero is not a regular file; {kind[:-1]} sources "
        "must be files.",
    ]


@pytest.mark.parametrize(
    ("version", "key_text", "line", "key", "added"),
    [
        ("3.8", "    deploy:\n      resources:\n        limits:\n          pids: 10\n", 8,
         "deploy.resources.limits.pids", "3.9"),
        ("3.11", "    healthcheck:\n      start_interval: 5s\n", 6,
         "healthcheck.start_interval", "3.12"),
        ("3.3", "    healthcheck:\n      start_period: 5s\n", 6, "healthcheck.start_period", "3.4"),
        ("3.6", "    deploy:\n      rollback_config:\n        parallelism: 1\n", 6,
         "deploy.rollback_config", "3.7"),
        ("3.3", "    deploy:\n      update_config:\n        order: start-first\n", 7,
         "deploy.update_config.order", "3.4"),
        ("3.7", "    deploy:\n      placement:\n        max_replicas_per_node: 1\n", 7,
         "deploy.placement.max_replicas_per_node", "3.8"),
        ("3.6", "    init: true\n", 5, "init", "3.7"),
        ("3.12", "    oom_score_adj: 5\n", 5, "oom_score_adj", "3.13"),
        ("3.8", "    cgroupns_mode: host\n", 5, "cgroupns_mode", "3.9"),
    ],
)  # fmt: skip
def test_a_key_newer_than_the_declared_version_is_refused(
    tmp_path: Path, version: str, key_text: str, line: int, key: str, added: str
) -> None:
    text = f'version: "{version}"\n' + SERVICE + key_text
    file = write(tmp_path, "s.yml", text)
    name = key.rsplit(".", 1)[-1]
    assert errors_of([file]) == [
        f"{file}:{line}: service web: {key}: '{name}' came with compose file format {added}; "
        f"this file declares version {version}, where stack deploy refuses it."
    ]
    newer = write(tmp_path, "n.yml", text.replace(f'"{version}"', f'"{added}"'))
    from swarmtui.stack import load

    assert "web" in load([newer], {}).services


@pytest.mark.parametrize(
    ("version", "text", "message"),
    [
        ("3.3", "x-top: 1\n", "x-top: extension keys (x-…) came with compose file format 3.4"),
        ("3.6", "    x-svc: 1\n", "service web: x-svc: extension keys (x-…) came with compose "
         "file format 3.7"),
        ("3.4", "networks:\n  n:\n    name: real\n", "network n: name: 'name' came with "
         "compose file format 3.5"),
        ("3.3", "volumes:\n  v:\n    name: real\n", "volume v: name: 'name' came with compose "
         "file format 3.4"),
        ("3.7", "configs:\n  c:\n    file: ./c\n    template_driver: golang\n", "config c: "
         "template_driver: 'template_driver' came with compose file format 3.8"),
        ("3.0", "secrets:\n  s:\n    file: ./s\n", "secrets: 'secrets' came with compose file "
         "format 3.1"),
    ],
)  # fmt: skip
def test_other_later_keys_are_refused_under_earlier_versions(
    tmp_path: Path, version: str, text: str, message: str
) -> None:
    file = write(tmp_path, "s.yml", f'version: "{version}"\n' + SERVICE + text)
    [error] = errors_of([file])
    assert message in error and f"declares version {version}" in error


def test_cap_add_is_in_every_format(tmp_path: Path) -> None:
    from swarmtui.stack import load

    file = write(tmp_path, "s.yml", 'version: "3.0"\n' + SERVICE + "    cap_add: [NET_ADMIN]\n")
    assert load([file], {}).services["web"]["cap_add"] == ["NET_ADMIN"]


def test_an_unknown_version_is_refused_and_3_means_the_latest(tmp_path: Path) -> None:
    from swarmtui.stack import load

    file = write(tmp_path, "s.yml", 'version: "3.14"\n' + SERVICE)
    assert errors_of([file]) == [
        f"{file}:1: version 3.14 is not a compose file format stack deploy knows (3.0 to 3.13)."
    ]
    latest = write(tmp_path, "l.yml", 'version: "3"\n' + SERVICE + "    oom_score_adj: 1\n")
    assert load([latest], {}).services["web"]["oom_score_adj"] == 1


def test_headless_deploy_exits_2_with_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "app.env").write_bytes(b"A=\xff\n")
    file = write(tmp_path, "s.yml", SERVICE + "    env_file: app.env\n")
    assert main(["stack", "deploy", "-c", str(file), "shop"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "is not UTF-8 text" in err
    loop = write(tmp_path, "loop.yml", SERVICE + "x-a: &a [*a]\n")
    assert main(["stack", "deploy", "-c", str(loop), "shop"]) == 2
    assert "an alias refers to a value that contains it" in capsys.readouterr().err


def test_replicas_are_bounded() -> None:
    assert parse_replicas(str(MAX_REPLICAS)) == MAX_REPLICAS
    for text in (str(MAX_REPLICAS + 1), str(1 << 64), "9" * 4000):
        with pytest.raises(WriteRefused, match="more than 100,000"):
            parse_replicas(text)


def test_memory_is_bounded_to_int64() -> None:
    assert parse_memory("8191P") == 8191 << 50
    for text in ("8192P", "99999999999999999999", "9" * 4000 + "P"):
        with pytest.raises(WriteRefused, match=r"2\^63-1 bytes"):
            parse_memory(text)


def test_cpus_are_bounded_to_int64_nano_cpus() -> None:
    assert parse_cpus("9223372036") == 9_223_372_036_000_000_000
    for text in ("9223372037", "1" + "0" * 40, "9" * 4000):
        with pytest.raises(WriteRefused, match=r"2\^63-1 nano-CPUs"):
            parse_cpus(text)
    assert MAX_INT64 == 2**63 - 1


def test_compose_units_refuse_overflow_quickly() -> None:
    started = time.monotonic()
    for bad in ("1e999999999", "1e12"):
        with pytest.raises(ValueError, match="CPUs"):
            units.nano_cpus(bad)
    with pytest.raises(ValueError, match=r"2\^63-1"):
        units.ram_bytes("9" * 400)
    assert time.monotonic() - started < 1
