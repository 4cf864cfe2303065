"""Property tests: whatever the input, the loader, `$VAR` substitution and the form's
validators give a result or one of the project's own errors, with a message, in bounded time;
never another exception, never a hang."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swarmtui.docker import service_fields
from swarmtui.docker.errors import WriteRefused
from swarmtui.docker.validate import (
    parse_label,
    parse_replicas,
    validate_image,
    validate_service_name,
)
from swarmtui.stack import ComposeError, convert, load
from swarmtui.stack.interpolate import InterpolationError, substitute

FAST = settings(
    max_examples=150,
    deadline=2000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text that looks like YAML: indentation, keys, flow collections, anchors, aliases, tags.
_YAML_BITS = st.sampled_from(
    [
        "services:", "\n", "  ", "    ", "web:", "image: nginx", "- ", "[", "]", "{", "}",
        ", ", ": ", "&a ", "*a", "&b ", "*b", "<<: *a", "!!str ", "!!binary ", "'", '"', "#",
        "${V}", "$$", "${V:?x}", "version: '3.8'", "deploy:", "replicas: ", "ports:",
        "8080:80", "x-e:", "? ", "|", ">", "---", "...", "%YAML 1.2", "\t", "é", "\x00",
        "1e999", "0o17", "env_file: /dev/null", "secrets:", "file: /dev/zero", "9" * 5000,
    ]
)  # fmt: skip
YAMLISH = st.lists(st.one_of(_YAML_BITS, st.text(max_size=5)), max_size=60).map("".join)

_KEYS = st.sampled_from(
    [
        "image", "deploy", "replicas", "resources", "limits", "memory", "cpus", "pids",
        "ports", "target", "published", "environment", "healthcheck", "test", "networks",
        "x-ext", "labels", "command", "volumes", "type", "source", "secrets", "configs",
        "version", "services", "restart_policy", "update_config", "order", "ulimits",
    ]
)  # fmt: skip
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["nginx:1", "${V}", "$$x", "8080:80", "1G", "0.5", "10s", "${X:?no}"]),
)
NESTED: st.SearchStrategy[Any] = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=40,
)
ENVIRON = {"V": "v", "X": ""}


def _load(path: Path) -> None:
    try:
        load([path], ENVIRON)
    except ComposeError as error:
        assert error.messages and all(isinstance(m, str) and m for m in error.messages)


def test_a_yaml_directive_with_a_version_thousands_of_digits_long_is_a_sentence(
    tmp_path: Path,
) -> None:
    path = tmp_path / "docker-stack.yml"
    path.write_text("%YAML 1." + "1" * 5000 + "\n---\nservices: {}\n")
    with pytest.raises(ComposeError, match="a number too long to read"):
        load([path], ENVIRON)


@FAST
@given(text=YAMLISH)
def test_the_loader_on_yamlish_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "docker-stack.yml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _load(path)


@FAST
@given(
    services=st.dictionaries(st.sampled_from(["web", "api", "x-y", "bad name"]), NESTED),
    top=st.dictionaries(_KEYS, NESTED, max_size=3),
    version=st.sampled_from([None, "3", "3.0", "3.4", "3.8", "3.13", "2.4", 3.8]),
)
def test_the_loader_on_generated_structures(
    tmp_path: Path, services: dict[str, Any], top: dict[str, Any], version: object
) -> None:
    document: dict[str, Any] = {**top, "services": services}
    if version is not None:
        document["version"] = version
    path = tmp_path / "docker-stack.yml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    _load(path)


# Where a compose file's integers reach the Engine API, with {n} for the number.
_NUMBER_PLACES = st.sampled_from(
    [
        "deploy:\n      replicas: {n}",
        "deploy:\n      placement:\n        max_replicas_per_node: {n}",
        "deploy:\n      resources:\n        limits:\n          pids: {n}",
        "deploy:\n      resources:\n        reservations:\n          generic_resources:\n"
        "            - discrete_resource_spec: {{kind: gpu, value: {n}}}",
        "deploy:\n      update_config:\n        parallelism: {n}",
        "deploy:\n      restart_policy:\n        max_attempts: {n}",
        "ports:\n      - target: {n}",
        "ports:\n      - {{target: 80, published: {n}}}",
        "ulimits:\n      nofile: {n}",
        "ulimits:\n      nproc: {{soft: {n}, hard: {n}}}",
        "healthcheck:\n      retries: {n}",
        "oom_score_adj: {n}",
        "volumes:\n      - {{type: tmpfs, target: /t, tmpfs: {{size: {n}}}}}",
    ]
)
_NUMBER_TEXT = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.integers(min_value=1, max_value=6000).map(lambda digits: "9" * digits),
    st.floats(allow_nan=False).map(repr),
    st.sampled_from(["0x7fffffffffffffff", "0x8000000000000000", "-0o17", "${N}"]),
)


def _integers(value: object) -> list[int]:
    if isinstance(value, dict):
        return [n for item in value.values() for n in _integers(item)]
    if isinstance(value, list):
        return [n for item in value for n in _integers(item)]
    return [value] if isinstance(value, int) and not isinstance(value, bool) else []


@FAST
@given(place=_NUMBER_PLACES, number=_NUMBER_TEXT)
def test_numbers_that_load_fit_the_engine_api(tmp_path: Path, place: str, number: str) -> None:
    path = tmp_path / "docker-stack.yml"
    path.write_text(
        "services:\n  web:\n    image: swarmlab/app:1\n    " + place.format(n=number) + "\n"
    )
    try:
        spec = convert(load([path], {"N": "9" * 30}), "st")
    except ComposeError as error:
        assert error.messages and all(len(m) < 400 for m in error.messages)
        return
    assert all(-(2**63) <= n < 2**63 for n in _integers(spec.services))


_SUBSTITUTION_BITS = st.sampled_from(
    ["$", "$$", "{", "}", "${", ":-", "-", ":?", "?", "V", "X", "_", "1", "a", " ", "\n"]
)


@FAST
@given(text=st.one_of(st.text(max_size=40), st.lists(_SUBSTITUTION_BITS, max_size=40).map("".join)))
def test_substitute_gives_text_or_an_interpolation_error(text: str) -> None:
    try:
        result = substitute(text, ENVIRON)
    except InterpolationError as error:
        assert str(error)
    else:
        assert isinstance(result, str)


_NUMBERISH = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=string.digits + ".eE+-kmgtpbiKMGTPBI /", max_size=40),
    st.integers(min_value=0, max_value=2**80).map(str),
)
_VALIDATORS = [
    parse_replicas,
    validate_image,
    validate_service_name,
    parse_label,
    service_fields.parse_mode,
    service_fields.parse_restart,
    service_fields.parse_port,
    service_fields.parse_ports,
    service_fields.parse_memory,
    service_fields.parse_cpus,
    service_fields.parse_env,
    service_fields.parse_constraint,
    service_fields.parse_constraints,
]


@FAST
@given(validator=st.sampled_from(_VALIDATORS), text=_NUMBERISH)
def test_validators_give_a_value_or_write_refused(validator: Any, text: str) -> None:
    try:
        validator(text)
    except WriteRefused as error:
        assert str(error)


@FAST
@given(text=st.integers(min_value=0, max_value=2**200).map(str))
def test_accepted_numbers_fit_the_engine_api(text: str) -> None:
    for parse in (parse_replicas, service_fields.parse_memory, service_fields.parse_cpus):
        try:
            value = parse(text)
        except WriteRefused:
            continue
        assert value is None or 0 <= value <= service_fields.MAX_INT64
