"""Property tests of the one masking rule: a secret written in any of the forms the rule names
never survives masking, and text with no secret-looking name and no URL credentials is left
exactly as it was."""

from __future__ import annotations

import json
import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from swarmtui.docker.secrets import (
    has_credentials,
    looks_secret,
    mask_argv,
    mask_structure,
    mask_text,
)
from swarmtui.render.inspect import document

MODEST = settings(max_examples=200, deadline=None)

# An unquoted secret ends at whitespace, at a quote, or at a `,` `;` `&` that starts another
# pair: those are the characters it cannot hold. Anything else printable it may.
_ENDS_A_VALUE = set(string.whitespace) | set("\"',;&")
SECRETS = st.text(
    st.sampled_from([c for c in string.printable if c not in _ENDS_A_VALUE]),
    min_size=4,
    max_size=24,
)
# A URL's password cannot hold what ends user-info either.
URL_SECRETS = SECRETS.filter(lambda s: not set(s) & set("@/?#"))
# A quoted JSON value may hold anything printable: json.dumps escapes it.
JSON_SECRETS = st.text(st.sampled_from(string.printable), min_size=4, max_size=24)

_SECRET_WORDS = ["password", "PASSWORD", "passwd", "token", "Token", "secret", "api_key"]
_SECRET_WORDS += ["AUTH", "credentials", "private-key", "dsn", "pwd", "apiToken"]
_INNOCENT = st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True).filter(
    lambda word: not looks_secret(word)
)
SECRET_NAMES = st.builds(
    lambda before, word, joiner: f"{before}{joiner}{word}" if before else word,
    st.one_of(st.just(""), _INNOCENT.map(str.upper), _INNOCENT),
    st.sampled_from(_SECRET_WORDS),
    st.sampled_from(["_", ".", "-"]),
)
SEPARATORS = st.sampled_from([",", ";", "&", "?", " ", ", ", "; "])
PAIRS = st.builds(lambda name, value: f"{name}={value}", _INNOCENT, _INNOCENT)


def _hidden(secret: str, text: str, masked: str) -> bool:
    """The secret is gone from the masked text; a secret that the rest of the text holds
    anyway (a short one, by chance) says nothing, so it is skipped."""
    return secret in text.replace(secret, "", 1) or secret not in masked


@MODEST
@given(PAIRS, SEPARATORS, SECRET_NAMES, SECRETS, st.sampled_from(["=", ":", ": ", " = "]), PAIRS)
def test_a_secret_pair_after_another_is_masked_whatever_separates_them(
    first: str, separator: str, name: str, secret: str, assign: str, after: str
) -> None:
    for text in (
        f"{first}{separator}{name}{assign}{secret}",
        f"{first}{separator}{name}{assign}{secret}{separator.strip() or ','}{after}",
        f"{name}{assign}{secret} then {after}",
        f"error: '{first}{separator}{name}{assign}{secret}'",
        f'"{name}{assign}{secret}"',
    ):
        assert _hidden(secret, text, mask_text(text)), text


@MODEST
@given(_INNOCENT, SECRET_NAMES, SECRETS, PAIRS)
def test_a_secret_in_a_query_string_is_masked(
    path: str, name: str, secret: str, after: str
) -> None:
    text = f"GET /{path}?user=bob&{name}={secret}&{after} HTTP/1.1"
    assert _hidden(secret, text, mask_text(text)), text


@MODEST
@given(
    st.sampled_from(["postgres", "redis", "https", "amqp", "mongodb+srv"]), _INNOCENT, URL_SECRETS
)
def test_a_urls_password_is_masked_in_text_arguments_and_options(
    scheme: str, user: str, secret: str
) -> None:
    url = f"{scheme}://{user}:{secret}@db.internal:5432/app?sslmode=require"
    text, argv, options = f"connecting to {url} now", ["--db", url], {"Options": {"url": url}}
    assert _hidden(secret, text, mask_text(text))
    assert _hidden(secret, " ".join(argv), " ".join(mask_argv(argv)))
    assert _hidden(secret, json.dumps(options), json.dumps(mask_structure(options)))


@MODEST
@given(SECRET_NAMES, SECRETS, st.sampled_from(["CMD", "CMD-SHELL", ""]))
def test_a_secret_flag_in_arguments_is_masked(name: str, secret: str, test: str) -> None:
    flag = "--" + name.replace("_", "-").lower()
    forms = [[f"{flag}={secret}", "--verbose"]]
    # A separate word that is shaped like a flag (`-A00`) is read as the next flag, not as the
    # value: a boolean `--no-auth --verbose` must not lose `--verbose`.
    if not re.match(r"-{1,2}[A-Za-z]", secret):
        forms.append(["run", flag, secret, "--verbose"])
    for args in forms:
        argv = [test, *args] if test else args
        shown = mask_argv([test, " ".join(args)] if test == "CMD-SHELL" else argv)
        assert _hidden(secret, " ".join(argv), " ".join(shown)), argv
    text = f"starting {flag}={secret} --port=5432"
    assert _hidden(secret, text, mask_text(text)), text


@MODEST
@given(st.sampled_from(["mysqladmin", "mysql", "/usr/bin/mariadb", "mysqldump"]), SECRETS)
def test_a_mysql_style_glued_password_is_masked_in_an_argv(program: str, secret: str) -> None:
    argv = ["CMD", program, "-h", "localhost", f"-p{secret}", "ping"]
    assert _hidden(secret, " ".join(argv), " ".join(mask_argv(argv)))
    shell = ["CMD-SHELL", f"{program} -h localhost -p{secret} ping || exit 1"]
    assert _hidden(secret, shell[1], mask_argv(shell)[1])
    healthcheck = {"Healthcheck": {"Test": argv}}
    assert _hidden(secret, document(healthcheck, reveal=True), document(healthcheck))


@MODEST
@given(SECRET_NAMES, JSON_SECRETS, st.dictionaries(_INNOCENT, _INNOCENT, max_size=3))
def test_a_secret_under_its_key_is_masked_in_maps_and_json(
    name: str, secret: str, others: dict[str, str]
) -> None:
    options = {**others, name: secret}
    driver = {"Spec": {"Driver": {"Name": "vault", "Options": options}}}
    spaced, tight = json.dumps(options), json.dumps(options, separators=(",", ":"))
    escaped = json.dumps(secret)[1:-1]  # as the secret stands in JSON text
    assert _hidden(escaped, spaced, json.dumps(mask_structure({"Options": options})))
    assert _hidden(secret, document(driver, reveal=True), document(driver))
    assert _hidden(escaped, spaced, mask_text(spaced)), spaced
    assert _hidden(escaped, tight, mask_text(tight)), tight


_RUN = re.compile(r"[A-Za-z0-9_.-]+")
ORDINARY_BITS = st.one_of(
    PAIRS,
    _INNOCENT,
    st.builds(lambda n, v: f"{n}: {v}", _INNOCENT, _INNOCENT),
    st.builds(lambda n, v: f'"{n}":"{v}"', _INNOCENT, _INNOCENT),
    st.builds(lambda n, v: f"--{n}={v}", _INNOCENT, _INNOCENT),
    st.sampled_from(
        [
            "KEYBOARD=1",
            "author=bob",
            "passengers=3",
            "redis:7@sha256:" + "0123abcd" * 8,
            "8080:80",
            "-p8080:80",
            "node.labels.zone==a",
            "registry:5000/team/app:1.2",
            "http://db:5432/app",
            "GET /x?page=2&sort=name",
        ]
    ),
)


@MODEST
@given(st.lists(st.tuples(ORDINARY_BITS, SEPARATORS), min_size=1, max_size=8))
def test_text_with_nothing_secret_is_left_unchanged(parts: list[tuple[str, str]]) -> None:
    text = "".join(bit + separator for bit, separator in parts)
    if any(looks_secret(run) for run in _RUN.findall(text)) or has_credentials(text):
        return  # the bits met in a secret-looking name: not this property's case
    assert mask_text(text) == text
    words = text.split()
    assert mask_argv(words) == words
    assert mask_structure({"Options": {"note": text}, "Args": words}) == {
        "Options": {"note": text},
        "Args": words,
    }
