"""What an operator types is checked before anything reaches the swarm; a recording refuses
every write, after the same checks a live daemon would get."""

from __future__ import annotations

import pytest

from swarmtui.docker.errors import DaemonError, SwarmError, WriteRefused
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.validate import (
    parse_label,
    parse_replicas,
    validate_image,
    validate_service_name,
)
from swarmtui.docker.writes import SwarmWriter

DIGEST = "sha256:" + "0123456789abcdef" * 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("3", 3),
        (" 12 ", 12),
        ("007", 7),
        ("1000", 1000),
    ],
)
def test_replicas_accepts_whole_numbers(text: str, expected: int) -> None:
    assert parse_replicas(text) == expected


@pytest.mark.parametrize("text", ["abc", "-1", "1.5", "+2", "1e3", "٣", "3 4"])
def test_replicas_refuses_anything_else_and_names_it(text: str) -> None:
    with pytest.raises(WriteRefused) as refused:
        parse_replicas(text)
    assert str(refused.value) == (
        f"'{text.strip()}' is not a replica count; give a whole number, 0 or more."
    )


@pytest.mark.parametrize("text", ["", "   "])
def test_replicas_refuses_empty(text: str) -> None:
    with pytest.raises(WriteRefused, match=r"^The replica count is empty; .*\.$"):
        parse_replicas(text)


@pytest.mark.parametrize(
    "text",
    [
        "nginx",
        "nginx:1.27",
        "swarmlab/app:2",
        "library/nginx:1.27-alpine",
        "localhost/app",
        "localhost:5000/team/app:v1.2_3",
        "registry.example.com/a/b/c:latest",
        "Registry.Example.COM:443/app",  # host names are case-insensitive; paths are not
        "10.0.0.1:5000/app:1",
        "[::1]:5000/app",
        "a__b/c-d--e.f_g:TAG_1.x",
        f"nginx@{DIGEST}",
        f"nginx:1.27@{DIGEST}",
        "app:" + "t" * 128,
    ],
)
def test_image_accepts_docker_references(text: str) -> None:
    assert validate_image(text) == text


def test_image_is_returned_stripped() -> None:
    assert validate_image("  swarmlab/app:2\n") == "swarmlab/app:2"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("UPPER/case", "the repository name 'UPPER/case' must be lowercase"),
        ("Nginx:1", "the repository name 'Nginx' must be lowercase"),
        ("a::b", "the tag ':b' may only use letters"),
        ("img:", "nothing follows the ':'"),
        ("bad tag", "it contains a space"),
        ("app:.hidden", "the tag '.hidden' may only use"),
        ("app:" + "t" * 129, "has at most 128 characters"),
        ("a//b", "the repository name 'a//b' has an empty part between slashes"),
        ("/app", "has an empty part between slashes"),
        ("app/", "has an empty part between slashes"),
        ("a..b", "the name part 'a..b' may only use a-z and 0-9"),
        ("-app", "the name part '-app' may only use"),
        ("my_registry.com/app", "the registry host 'my_registry.com' is not a valid host name"),
        ("host:port/app", "the registry 'host:port' must be host or host:port"),
        ("http://example.com/app", "the registry 'http:' must be host or host:port"),
        ("nginx@sha256:abc", "the digest 'sha256:abc' is not 'sha256:' and 64 lowercase hex"),
        ("nginx@" + DIGEST.upper(), "is not 'sha256:' and 64 lowercase hex digits"),
        ("@" + DIGEST, "the repository name is missing"),
        (":1", "the repository name is missing"),
        ("0123456789abcdef" * 4, "is an image ID, not a repository name"),
        ("a/" + "b" * 260, "longer than 255 characters"),
    ],
)
def test_image_refuses_bad_references_naming_them(text: str, why: str) -> None:
    with pytest.raises(WriteRefused) as refused:
        validate_image(text)
    message = str(refused.value)
    assert message.startswith(f"'{text}' is not a valid image: ")
    assert why in message
    assert message.endswith(".") and message.count("\n") == 0


@pytest.mark.parametrize("text", ["", "  "])
def test_image_refuses_empty(text: str) -> None:
    with pytest.raises(WriteRefused, match=r"^The image is empty; .*nginx:1\.27\.$"):
        validate_image(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zone=c", ("zone", "c")),
        ("zone", ("zone", "")),
        ("zone=", ("zone", "")),
        ("url=http://x/?a=b", ("url", "http://x/?a=b")),  # only the first '=' separates
        (" zone = c ", ("zone", " c")),
        ("com.example.tier=front end", ("com.example.tier", "front end")),
    ],
)
def test_label_splits_key_and_value(text: str, expected: tuple[str, str]) -> None:
    assert parse_label(text) == expected


@pytest.mark.parametrize("text", ["=x", " =x", "="])
def test_label_without_key_is_refused_naming_it(text: str) -> None:
    with pytest.raises(WriteRefused) as refused:
        parse_label(text)
    assert str(refused.value) == f"'{text.strip()}' has no key; write key=value, or just key."


@pytest.mark.parametrize("text", ["", " "])
def test_empty_label_is_refused(text: str) -> None:
    with pytest.raises(WriteRefused, match=r"^The label has no key; "):
        parse_label(text)


@pytest.mark.parametrize("text", ["web", "shop_api", "a", "A1.b-c_d", "9lives", "x" * 63])
def test_service_name_accepts_docker_names(text: str) -> None:
    assert validate_service_name(text) == text


def test_service_name_is_returned_stripped() -> None:
    assert validate_service_name(" web ") == "web"


@pytest.mark.parametrize("text", ["-web", "_web", ".web", "we b", "web!", "wéb", "a/b"])
def test_service_name_refuses_bad_characters(text: str) -> None:
    with pytest.raises(WriteRefused) as refused:
        validate_service_name(text)
    assert str(refused.value).startswith(f"'{text}' is not a valid service name: ")


def test_service_name_refuses_long_and_empty_names() -> None:
    with pytest.raises(WriteRefused, match=r"^'x{64}' is 64 characters long; .* at most 63\.$"):
        validate_service_name("x" * 64)
    with pytest.raises(WriteRefused, match=r"^The service name is empty\.$"):
        validate_service_name("  ")


def test_refusals_are_swarm_errors_the_ui_already_shows() -> None:
    assert issubclass(WriteRefused, SwarmError)


RECORDING_REFUSES = "This is a recording; it cannot be changed."


@pytest.mark.parametrize(
    "write",
    [
        lambda w: w.scale("web", 3),
        lambda w: w.update_image("web", "swarmlab/app:2"),
        lambda w: w.force_update("web"),
        lambda w: w.remove_service("web"),
        lambda w: w.set_availability("node3", "drain"),
        lambda w: w.add_node_label("node3", "tier", "front"),
        lambda w: w.remove_node("node3", force=True),
    ],
)
def test_a_recording_refuses_writes(recording: ReplayApi, write) -> None:  # noqa: ANN001
    with pytest.raises(DaemonError, match=f"^{RECORDING_REFUSES}$"):
        write(SwarmWriter(recording))


def test_writer_checks_come_before_the_recording_refuses(recording: ReplayApi) -> None:
    writer = SwarmWriter(recording)
    with pytest.raises(WriteRefused, match=r"^Service agent is global: "):
        writer.scale("agent", 2)
    with pytest.raises(WriteRefused, match=r"^Node node1 is the only manager; "):
        writer.set_role("node1", "worker")
    with pytest.raises(WriteRefused, match=r"^Node node3 has no label 'tier'\.$"):
        writer.remove_node_label("node3", "tier")
    with pytest.raises(WriteRefused, match=r"^'3\.5' is not a replica count; "):
        writer.scale("web", 3.5)  # type: ignore[arg-type]
