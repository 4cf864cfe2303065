"""Check what an operator typed before anything is sent to the swarm.

Pure functions: each returns the value to send or raises WriteRefused with one sentence that
names the bad value, so the UI can show it under the input as it is typed. The image rules
follow docker's reference grammar (distribution/reference `regexp.go` and
`normalize.go`), so whatever passes here the daemon parses the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .errors import WriteRefused

# distribution/reference: a path component is lowercase alphanumerics joined by one
# separator: ".", "_", "__" or any run of "-".
_PATH_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_DOMAIN_COMPONENT = re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?")
# A registry is host[:port]; an IPv6 host is bracketed, as in a URL.
_REGISTRY = re.compile(r"(?P<host>\[[0-9a-fA-F:.]+\]|[^:\[\]]+)(?::[0-9]{1,5})?")
_HEX_ID = re.compile(r"[a-f0-9]{64}")
_TAG = re.compile(r"[\w][\w.-]{0,127}", re.ASCII)
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
_NAME_MAX = 255  # NameTotalLengthMax: the repository name, registry host included

# swarmkit `manager/controlapi/common.go`: service names are DNS-label-like, 63 characters.
_SERVICE_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]*", re.ASCII)
_SERVICE_NAME_MAX = 63

_WHOLE_NUMBER = re.compile(r"[0-9]+", re.ASCII)
# Far above any real service, and far within the daemon's uint64: a typo such as 30000000000
# is refused here instead of asking the swarm to schedule it.
MAX_REPLICAS = 100_000


def parse_replicas(text: str) -> int:
    """A replica count: a whole number, zero or more."""
    cleaned = text.strip()
    if not cleaned:
        raise WriteRefused("The replica count is empty; give a whole number such as 3.")
    if not _WHOLE_NUMBER.fullmatch(cleaned):
        raise WriteRefused(f"'{cleaned}' is not a replica count; give a whole number, 0 or more.")
    if len(cleaned) > 12 or int(cleaned) > MAX_REPLICAS:
        raise WriteRefused(
            f"'{cleaned}' replicas are more than {MAX_REPLICAS:,}, the most swarmtui sends; "
            "give a smaller count."
        )
    return int(cleaned)


def validate_image(text: str) -> str:
    """An image reference `[host[:port]/]path[:tag][@sha256:<hex>]`, returned stripped."""
    reference = text.strip()
    if not reference:
        raise WriteRefused("The image is empty; give a reference such as nginx:1.27.")
    if any(ch.isspace() for ch in reference):
        raise WriteRefused(f"'{reference}' is not a valid image: it contains a space.")

    def refuse(why: str) -> WriteRefused:
        return WriteRefused(f"'{reference}' is not a valid image: {why}.")

    name_and_tag, at, digest = reference.partition("@")
    if at and not _DIGEST.fullmatch(digest):
        raise refuse(f"the digest '{digest}' is not 'sha256:' and 64 lowercase hex digits")
    # The tag starts at the first ':' after the last '/'; an earlier ':' is a registry port.
    slash = name_and_tag.rfind("/")
    colon = name_and_tag.find(":", slash + 1)
    name, tag = (
        (name_and_tag, None) if colon < 0 else (name_and_tag[:colon], name_and_tag[colon + 1 :])
    )
    if tag == "":
        raise refuse("nothing follows the ':' (give a tag or drop the ':')")
    if tag is not None and not _TAG.fullmatch(tag):
        raise refuse(
            f"the tag '{tag}' may only use letters, digits, '_', '.' and '-', must not start "
            "with '.' or '-', and has at most 128 characters"
        )
    _check_name(name, refuse)
    return reference


# Builds the WriteRefused to raise from a short reason, so each message names the whole image.
_Refuse = Callable[[str], WriteRefused]


def _check_name(name: str, refuse: _Refuse) -> None:
    if not name:
        raise refuse("the repository name is missing")
    if len(name) > _NAME_MAX:
        raise refuse(f"the repository name is longer than {_NAME_MAX} characters")
    if _HEX_ID.fullmatch(name):
        # docker would take it for an image ID, never a repository.
        raise refuse("a 64-digit hex string is an image ID, not a repository name")
    components = name.split("/")
    # docker's rule (normalize.go splitDockerDomain): the first part names a registry only
    # when it looks like a host: it has a '.' or a ':', or is localhost.
    first = components[0]
    if len(components) > 1 and (("." in first or ":" in first) or first == "localhost"):
        _check_registry(first, refuse)
        components = components[1:]
    for component in components:
        if _PATH_COMPONENT.fullmatch(component):
            continue
        if _PATH_COMPONENT.fullmatch(component.lower()):
            raise refuse(f"the repository name '{name}' must be lowercase")
        if not component:
            raise refuse(f"the repository name '{name}' has an empty part between slashes")
        raise refuse(
            f"the name part '{component}' may only use a-z and 0-9, joined by '.', '_' or '-'"
        )


def _check_registry(registry: str, refuse: _Refuse) -> None:
    match = _REGISTRY.fullmatch(registry)
    if not match:
        raise refuse(f"the registry '{registry}' must be host or host:port, the port a number")
    host = match["host"]
    if not host.startswith("[") and not all(
        _DOMAIN_COMPONENT.fullmatch(part) for part in host.split(".")
    ):
        raise refuse(f"the registry host '{host}' is not a valid host name")


def parse_label(text: str) -> tuple[str, str]:
    """`key=value`, or a bare `key` meaning an empty value."""
    key, _, value = text.strip().partition("=")
    key = key.strip()
    if not key:
        shown = f"'{text.strip()}'" if text.strip() else "The label"
        raise WriteRefused(f"{shown} has no key; write key=value, or just key.")
    return key, value


def validate_service_name(text: str) -> str:
    """A service name as the daemon accepts it, returned stripped."""
    name = text.strip()
    if not name:
        raise WriteRefused("The service name is empty.")
    if len(name) > _SERVICE_NAME_MAX:
        raise WriteRefused(
            f"'{name}' is {len(name)} characters long; a service name may have at most "
            f"{_SERVICE_NAME_MAX}."
        )
    if not _SERVICE_NAME.fullmatch(name):
        raise WriteRefused(
            f"'{name}' is not a valid service name: start with a letter or digit, then use "
            "only letters, digits, '_', '.' or '-'."
        )
    return name
