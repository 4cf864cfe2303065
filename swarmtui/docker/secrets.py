"""What must never be shown or logged in clear: the one place that decides it.

Every seam masks through these functions (the write runner's and the audit log's messages and
parameters, the last log lines, the incident report, inspect, stack plans and their headless
output), so the rule is the same everywhere:

- a name *looks secret* when one of its words (split on `_ - .` and camelCase) says so:
  PASSWORD, PASSWD, PWD, PASS, TOKEN, SECRET, CREDENTIAL(S), PASSPHRASE, SALT, AUTH, OAUTH,
  AUTHORIZATION, CERT(S), CERTIFICATE, DSN, KEY(S), or a word ending in one of the long ones
  (DBPASSWORD, APITOKEN) or in a known *KEY (APIKEY, ACCESSKEY, PRIVATEKEY, SECRETKEY…).
  KEYBOARD, MONKEY, AUTHOR, KEYSPACE or PASSENGER are words of their own and are not secret;
- free text (`mask_text`): the value of every pair whose name looks secret, wherever it stands
  (`a=1,password=••••`, `?user=bob&password=••••`, `x=1;DB_PASSWORD=••••`, `--db-password=••••`,
  `password: ••••`, `"password": "••••"`, `Authorization: Bearer ••••`), and the password of
  every URL (`postgres://app:••••@db/app`), whatever its name, as DATABASE_URL-like settings
  carry credentials under innocent names. An unquoted value runs to the next space, or to a
  `,` `;` `&` that starts another pair, so `password=a,b` is masked whole;
- argument lists (`mask_argv`: a service's Args and Command, a healthcheck's Test): as free
  text, and also a secret-looking flag's value given as the next argument (`--password ••••`,
  unless that is shaped like a flag: `--no-auth --verbose` keeps `--verbose`), the whole value
  of a `KEY=VALUE` or `--flag=VALUE` argument, and the short password flags of the clients
  that take one (`mysql -p••••` glued, as mysql reads a separate word as a database name;
  `redis-cli -a ••••`, `mongosh -p ••••`). Only after such a client is named: `-p8080:80`
  elsewhere is a port. Strings with spaces (CMD-SHELL, `sh -c`) are read word by word alike;
- structures (`mask_structure`: inspect, plans, audit parameters): every value under a
  secret-looking key at any depth (log driver options, volume and secret driver options,
  labels), except keys that name secrets rather than hold them (SecretName, `secrets: […]`);
  argument lists and environment lists as above; a secret's or config's Data; every other
  string as free text.

Free text masks `--flag=value` but not `--flag value`: in prose the next word is rarely the
value. A false positive costs a word of a message; a false negative leaks a password.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
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
# A scheme starts where a run of its characters does: tried inside one, a long word costs
# the square of its length.
_URL_PASSWORD = re.compile(
    r"(?<![A-Za-z0-9+.-])(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\s]*:)[^@/?#\s]+(?=@)"
)


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


_NAME = r"-{0,2}[A-Za-z_][A-Za-z0-9_.-]*"
_SEP = r"[ \t]*[=:][ \t]*"
# A quote ends an unquoted value only where a quoted pair would close: `'password=x', …`.
_UNQUOTED = rf"(?:(?![,;&][ \t]*[\"']?{_NAME}[\"']?{_SEP})(?:[^\s\"']|[\"'](?![\s,;&)\]}}]|$)))+"
_PAIR = re.compile(
    # Not inside a word, a path or a URL's user-info (`/token:x`, `user@key=…`).
    rf"(?<![A-Za-z0-9_.\-/@])(?P<quote>[\"']?)(?P<name>{_NAME})(?P=quote){_SEP}"
)
_VALUE = re.compile(
    rf"\"(?:[^\"\\]|\\.)*\"|'[^']*'|(?:(?:Bearer|Basic|Digest|Token)[ \t]+)?{_UNQUOTED}"
)


def mask_text(text: str) -> str:
    """Free text (a log line, a daemon's message) with the value of every secret-looking pair
    and every URL password masked; anything else unchanged."""
    parts, done = [], 0
    for pair in _PAIR.finditer(text):
        if pair.start() < done or not looks_secret(pair["name"].lstrip("-")):
            continue  # an innocent value is not skipped: `next=/x?token=…` holds a pair
        value = _VALUE.match(text, pair.end())
        if value is None:
            continue
        shown = value[0]
        quoted = len(shown) > 1 and shown[0] in "'\"" and shown[-1] == shown[0]
        parts += [text[done : value.start()], shown[0] + MASK + shown[0] if quoted else MASK]
        done = value.end()
    masked = "".join(parts) + text[done:]
    return _URL_PASSWORD.sub(lambda match: match.group("head") + MASK, masked)


def mask_value(name: str, value: str) -> str:
    """The value as it may be shown: MASK when the name looks secret, else as free text."""
    return MASK if looks_secret(name) else mask_text(value)


def mask_env_entry(entry: str) -> str:
    """`KEY=VALUE` as it may be shown; a bare `KEY` (taken from the environment) stays."""
    name, has_value, value = entry.partition("=")
    return f"{name}={mask_value(name, value)}" if has_value else entry


def mask_env(entries: Iterable[str]) -> list[str]:
    return [mask_env_entry(entry) for entry in entries]


def mask_labels(labels: Mapping[str, str]) -> dict[str, str]:
    """Labels (or any options map) with the values of secret-looking keys masked."""
    return {key: mask_value(key, str(value)) for key, value in labels.items()}


# Clients whose short flag takes a password: (flag, whether a separate word is the value).
_CLIENT_FLAGS = (
    (re.compile(r"(mysql|mariadb)[a-z_-]*"), "-p", False),
    (re.compile(r"redis-cli"), "-a", True),
    (re.compile(r"mongo(sh)?"), "-p", True),
)
_FLAG = re.compile(r"-{1,2}[A-Za-z_][A-Za-z0-9_.-]+")
_ANY_FLAG = re.compile(r"-{1,2}[A-Za-z][A-Za-z0-9_.-]*(=.*)?", re.DOTALL)
_SHELL_END = (";", "&", "|")


def _client_flag(word: str) -> tuple[str, bool] | None:
    program = os.path.basename(word)
    for pattern, flag, separate in _CLIENT_FLAGS:
        if pattern.fullmatch(program):
            return flag, separate
    return None


def _argv(words: Sequence[str]) -> list[str]:
    shown: list[str] = []
    client: tuple[str, bool] | None = None
    hide_next = False
    for word in words:
        if hide_next and not _ANY_FLAG.fullmatch(word):
            shown.append(MASK)
            hide_next = False
            continue
        hide_next = False
        name, has_value, _ = word.partition("=")
        flag = _FLAG.fullmatch(word)
        if has_value and re.fullmatch(_NAME, name) and looks_secret(name.lstrip("-")):
            shown.append(f"{name}={MASK}")
        elif client and word.startswith(client[0]) and len(word) > len(client[0]):
            shown.append(client[0] + MASK)
        else:
            hide_next = bool(flag and looks_secret(word.lstrip("-"))) or (
                client is not None and client[1] and word == client[0]
            )
            shown.append(mask_shell(word) if any(c.isspace() for c in word) else mask_text(word))
        client = _client_flag(word) or (None if word.endswith(_SHELL_END) else client)
    return shown


def mask_shell(line: str) -> str:
    """A shell command line (CMD-SHELL, `sh -c`) masked as free text, then word by word as an
    argv (quoted values went whole first); its spacing kept."""
    parts = re.split(r"(\s+)", mask_text(line))
    parts[0::2] = _argv(parts[0::2])
    return "".join(parts)


def mask_argv(args: Sequence[Any]) -> list[Any]:
    """An argument list (Args, Command, Entrypoint, a healthcheck's Test) as it may be shown."""
    if not all(isinstance(arg, str) for arg in args):
        return [mask_structure(arg) for arg in args]
    return _argv(args)


_ARGV_KEYS = frozenset({"args", "command", "entrypoint", "test", "cmd"})
_ENV_KEYS = frozenset({"env", "environment"})
_STRUCTURAL = frozenset(
    {"keys", "secrets", "secretname", "secretid"}
    | {"credentialspec", "certissuersubject", "certissuerpublickey", "nodecertexpiry"}
)
"""Keys that name things rather than hold them: lists of secret names, a secret reference's
name and ID; and public parts of a node's TLS information, a gMSA credential spec's location,
a certificate's lifetime. A scalar under `secret` or `token` in an options map is a secret."""


def _hides(name: str, mapping: Mapping[str, Any] | None = None) -> bool:
    if name == "key" and mapping is not None and "value" in mapping:
        return False  # `{"key": K, "value": V}`: K names the label being set
    return bool(name) and name.lower() not in _STRUCTURAL and looks_secret(name)


def mask_structure(value: Any, name: str = "") -> Any:
    """A copy of a JSON-like structure (inspect data, a spec, audit parameters) with every
    secret-looking value masked at any depth; `name` is the key it sits under. A `{"key": K,
    "value": V}` pair (a label being set) masks V when K looks secret."""
    return _masked(value, name, _hides(name))


def _masked(value: Any, name: str, hidden: bool) -> Any:
    if isinstance(value, Mapping):
        masked = {
            key: _masked(item, str(key), hidden or _hides(str(key), value))
            for key, item in value.items()
        }
        if isinstance(value.get("key"), str) and isinstance(value.get("value"), str):
            masked["value"] = mask_value(value["key"], value["value"])
        return masked
    if isinstance(value, list | tuple):
        if not hidden and name.lower() in _ARGV_KEYS:
            return mask_argv(value)
        if not hidden and name.lower() in _ENV_KEYS and all(isinstance(v, str) for v in value):
            return mask_env(value)
        return [_masked(item, name, hidden) for item in value]
    if hidden and value is not None and not isinstance(value, bool):
        return MASK
    if name == "Data" and isinstance(value, str):
        return MASK  # a secret's content, or a config's file
    return mask_text(value) if isinstance(value, str) else value


def mask_params(params: Any) -> Any:
    """Audit parameters, masked by the structure rule."""
    return mask_structure(params)
