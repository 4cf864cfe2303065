"""A TLS failure is said naming the file to fix. The messages are OpenSSL's and the daemon's, as
the lab's TLS dockerd (20.10) produced them through docker-py, requests and urllib3."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest
import requests
from docker.errors import DockerException
from docker.tls import TLSConfig
from urllib3.exceptions import MaxRetryError, ReadTimeoutError
from urllib3.exceptions import SSLError as Urllib3SSLError

from swarmtui.docker.error_mapping import why
from tests.support.certs import DAY, NOW, Authority

UNKNOWN_ISSUER = (
    "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer "
    "certificate (_ssl.c:1006)"
)
BAD_CERTIFICATE = "[SSL: SSLV3_ALERT_BAD_CERTIFICATE] sslv3 alert bad certificate (_ssl.c:2580)"
MISMATCH = (
    "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: IP address mismatch, "
    "certificate is not valid for '127.0.0.2'. (_ssl.c:1006)"
)
WRONG_VERSION = "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)"


def ssl_failure(message: str) -> DockerException:
    """The chain docker-py raises when the version check fails at the TLS layer."""
    cause = Urllib3SSLError(ssl.SSLError(1, message))
    retries = MaxRetryError(None, "/version", reason=cause)  # type: ignore[arg-type]
    wrapped = requests.exceptions.SSLError(retries)
    error = DockerException(f"Error while fetching server API version: {wrapped}")
    error.__cause__ = wrapped
    return error


@pytest.fixture
def files(tmp_path: Path) -> tuple[Authority, str, str, str]:
    authority = Authority.new(tmp_path)
    cert, key = authority.issue(tmp_path)
    return authority, str(authority.ca_pem), str(cert), str(key)


def test_a_server_certificate_of_another_ca_names_the_ca_file(files: tuple) -> None:
    _, ca, cert, key = files
    tls = TLSConfig((cert, key), ca, verify=True)
    assert why(ssl_failure(UNKNOWN_ISSUER), tls) == (
        f"its certificate is not signed by the CA in {ca}"
    )
    assert "pass --tlscacert" in why(ssl_failure(UNKNOWN_ISSUER), TLSConfig(verify=True))


def test_the_daemon_refusing_an_expired_client_certificate(tmp_path: Path) -> None:
    authority = Authority.new(tmp_path)
    ended = NOW - DAY
    cert, key = authority.issue(tmp_path, not_before=NOW - 5 * DAY, not_after=ended)
    tls = TLSConfig((str(cert), str(key)), str(authority.ca_pem), verify=True)
    assert why(ssl_failure(BAD_CERTIFICATE), tls) == (
        f"it refused the client certificate {cert}, which expired on {ended:%Y-%m-%d %H:%M} UTC"
    )


def test_the_daemon_refusing_a_valid_client_certificate(files: tuple) -> None:
    _, ca, cert, key = files
    tls = TLSConfig((cert, key), ca, verify=True)
    assert why(ssl_failure(BAD_CERTIFICATE), tls) == (
        f"it refused the client certificate {cert}, which no CA it trusts has signed"
    )


def test_the_daemon_refusing_a_connection_without_client_certificate(files: tuple) -> None:
    _, ca, _, _ = files
    said = why(ssl_failure(BAD_CERTIFICATE), TLSConfig(ca_cert=ca, verify=True))
    assert said.startswith("it refused the connection without a client certificate: pass")
    required = "[SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required"
    said = why(ssl_failure(required), TLSConfig(ca_cert=ca, verify=True))
    assert said.startswith("it requires a client certificate: pass --tlscert and --tlskey")


def test_an_address_the_certificate_does_not_name(files: tuple) -> None:
    _, ca, cert, key = files
    said = why(ssl_failure(MISMATCH), TLSConfig((cert, key), ca, verify=True))
    assert said.startswith("its certificate does not name the address dialled")


def test_plain_http_against_a_tls_port() -> None:
    error = DockerException(
        "Error while fetching server API version: 400 Client Error for "
        'http://10.213.2.11:2376/version: Bad Request ("Client sent an HTTP request to an '
        'HTTPS server.")'
    )
    assert why(error, None) == (
        "it speaks TLS: add --tlsverify with certificates (--tlscacert, --tlscert and "
        "--tlskey, or DOCKER_CERT_PATH)"
    )


def test_tls_against_a_plain_port(files: tuple) -> None:
    _, ca, cert, key = files
    said = why(ssl_failure(WRONG_VERSION), TLSConfig((cert, key), ca, verify=True))
    assert said.startswith("it speaks plain HTTP, not TLS: drop --tls and --tlsverify")


def test_a_stalled_handshake() -> None:
    stalled = ReadTimeoutError(None, "/version", "Read timed out. (read timeout=5)")  # type: ignore[arg-type]
    stalled.__context__ = TimeoutError("_ssl.c:989: The handshake operation timed out")
    error = requests.exceptions.ReadTimeout(stalled)
    assert why(error, TLSConfig(verify=False)) == "the TLS handshake timed out"


def test_no_tls_words_keep_the_old_reasons(files: tuple) -> None:
    _, ca, cert, key = files
    refused = ConnectionRefusedError(111, "Connection refused")
    assert why(refused, TLSConfig((cert, key), ca, verify=True)) == (
        "connection refused (is dockerd running?)"
    )
    assert why(ssl_failure(WRONG_VERSION), None) != ""  # plain TCP: no TLS sentence
