"""What must never be shown or logged in clear: the one place that decides it.

Every layer above (stack plans, the audit log, detail panes, notifications) masks through
these functions, so the rule is the same everywhere:

- a name *looks secret* when one of its words (split on `_ - .` and camelCase) says so:
  PASSWORD, PASSWD, PWD, PASS, TOKEN, SECRET, CREDENTIAL(S), PASSPHRASE, SALT, AUTH, OAUTH,
  AUTHORIZATION, CERT(S), CERTIFICATE, DSN, KEY(S), or a word ending in one of the long ones
  (DBPASSWORD, APITOKEN) or in a known *KEY (APIKEY, ACCESSKEY, PRIVATEKEY, SECRETKEY…).
  KEYBOARD, MONKEY, AUTHOR, KEYSPACE or PASSENGER are words of their own and are not secret;
- a value is masked whole when its name looks secret; a URL's password is masked wherever it
  appears (`postgres://app:••••@db/app`), whatever the name, as DATABASE_URL-like settings
  carry credentials under innocent names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

MASK = "•" * 12
"""Stands for a hidden value; a fixed length, so not even the value's length shows."""

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_SECRET_WORDS = frozenset(
    {
        "PASSWORD",
        "PASSWORDS",
        "PASSWD",
        "PWD",
        "PASS",
        "TOKEN",
        "TOKENS",
        "SECRET",
        "SECRETS",
        "CREDENTIAL",
        "CREDENTIALS",
        "CREDS",
        "PASSPHRASE",
        "SALT",
        "AUTH",
        "OAUTH",
        "AUTHORIZATION",
        "CERT",
        "CERTS",
        "CERTIFICATE",
        "DSN",
        "KEY",
        "KEYS",
    }
)
_SECRET_ENDINGS = ("PASSWORD", "PASSWD", "TOKEN", "SECRET", "CREDENTIAL", "PASSPHRASE")
_KEY_PREFIXES = ("API", "ACCESS", "PRIVATE", "SECRET", "SIGNING", "ENCRYPTION", "MASTER", "SSH")
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\s]*:)[^@/?#\s]+(?=@)")


def _words(name: str) -> list[str]:
    return [word.upper() for word in _WORDS.findall(name)]


def looks_secret(name: str) -> bool:
    """Whether a variable, label or parameter of this name probably holds a secret."""
    for word in _words(name):
        if word in _SECRET_WORDS or word.endswith(_SECRET_ENDINGS):
            return True
        if word.endswith("KEY") and word[:-3] in _KEY_PREFIXES:
            return True
    return False


def has_credentials(value: str) -> bool:
    """Whether `value` holds a URL with a password (scheme://user:password@host)."""
    return bool(_URL_PASSWORD.search(value))


def mask_value(name: str, value: str) -> str:
    """The value as it may be shown: MASK when the name looks secret, else with any URL
    password masked."""
    if looks_secret(name):
        return MASK
    return _URL_PASSWORD.sub(lambda match: match.group("head") + MASK, value)


def mask_env_entry(entry: str) -> str:
    """`KEY=VALUE` as it may be shown; a bare `KEY` (taken from the environment) stays."""
    name, has_value, value = entry.partition("=")
    return f"{name}={mask_value(name, value)}" if has_value else entry


_PAIR = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)(?P<eq>\s*=\s*)(?P<value>\"[^\"]*\"|'[^']*'|\S+)"
)


def mask_text(text: str) -> str:
    """Free text (a log line) with the value of every secret-looking `NAME=VALUE` pair and
    every URL password masked."""
    masked = _PAIR.sub(
        lambda m: m.group(0) if not looks_secret(m["name"]) else m["name"] + m["eq"] + MASK,
        text,
    )
    return _URL_PASSWORD.sub(lambda match: match.group("head") + MASK, masked)


def mask_env(entries: Iterable[str]) -> list[str]:
    return [mask_env_entry(entry) for entry in entries]


def mask_labels(labels: Mapping[str, str]) -> dict[str, str]:
    """Labels with the values of secret-looking keys masked."""
    return {key: mask_value(key, str(value)) for key, value in labels.items()}


_STRUCTURAL = frozenset({"key", "keys", "secrets", "configs", "secret", "config"})
"""Parameter names that name things rather than hold them: `{"key": K, "value": V}` (a
label), lists of secret or config names."""


def mask_params(value: Any, name: str = "") -> Any:
    """A structure (audit parameters) with every secret-looking entry masked: values under a
    secret-looking key, `KEY=VALUE` strings, URL passwords; at any depth. A `{"key": K,
    "value": V}` pair (a label being set) masks V when K looks secret."""
    secret_name = bool(name) and name.lower() not in _STRUCTURAL and looks_secret(name)
    if isinstance(value, Mapping):
        masked = {key: mask_params(item, str(key)) for key, item in value.items()}
        if isinstance(value.get("key"), str) and isinstance(value.get("value"), str):
            masked["value"] = mask_value(value["key"], value["value"])
        return masked
    if isinstance(value, list | tuple):
        return [mask_params(item, name) for item in value]
    if secret_name and value is not None and not isinstance(value, bool):
        return MASK
    if isinstance(value, str):
        return " ".join(
            mask_env_entry(part) if "=" in part else mask_value("", part)
            for part in value.split(" ")
        )
    return value
