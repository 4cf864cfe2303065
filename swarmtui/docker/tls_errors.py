"""Why a connection to a tcp:// daemon failed at the TLS layer, in words naming what to fix.

OpenSSL reports through a chain of wrappers (docker-py, requests, urllib3, ssl); the words
looked for below are OpenSSL's reason strings and the daemon's own answer to plain HTTP.
"""

from __future__ import annotations

from typing import Any

from .tls import file_validity

_PLAIN_SERVER = ("wrong version number", "record layer failure", "packet length too long")
"""What OpenSSL says when the other end answers a TLS hello in plain HTTP."""

_CLIENT_REFUSED = (
    "bad certificate",
    "unknown ca",
    "certificate expired",
    "certificate unknown",
    "unsupported certificate",
    "certificate revoked",
)
"""TLS alerts a daemon sends when it rejects the client certificate."""

_NO_CLIENT_CERT = (
    "--tlscert and --tlskey (or cert.pem and key.pem in DOCKER_CERT_PATH, or the context's files)"
)


def tls_reason(texts: list[str], tls: Any) -> str | None:
    """The TLS cause among the messages of an error's chain, or None when it is no TLS matter.
    `tls` is the endpoint's docker.tls.TLSConfig (None: plain TCP), for the files it used."""
    said = " ".join(texts).lower()
    if "http request to an https server" in said:
        return (
            "it speaks TLS: add --tlsverify with certificates (--tlscacert, --tlscert and "
            "--tlskey, or DOCKER_CERT_PATH)"
        )
    if tls is None:
        return None
    ca = tls.ca_cert if tls.verify else None
    cert = tls.cert[0] if tls.cert else None
    if any(words in said for words in _PLAIN_SERVER):
        return (
            "it speaks plain HTTP, not TLS: drop --tls and --tlsverify (and DOCKER_TLS_VERIFY), "
            "or dial its TLS port"
        )
    if "handshake operation timed out" in said:
        return "the TLS handshake timed out"
    if "certificate verify failed" in said:
        return _server_rejected(said, ca)
    if "certificate required" in said:
        return f"it requires a client certificate: pass {_NO_CLIENT_CERT}"
    if any(words in said for words in _CLIENT_REFUSED):
        if cert is None:
            return f"it refused the connection without a client certificate: pass {_NO_CLIENT_CERT}"
        problem = file_validity(cert)
        if problem.startswith("expired"):
            return f"it refused the client certificate {cert}, which {problem}"
        return f"it refused the client certificate {cert}, which no CA it trusts has signed"
    return None


def _server_rejected(said: str, ca: str | None) -> str:
    """Why the daemon's own certificate did not pass."""
    if "mismatch" in said:
        # "IP address mismatch, certificate is not valid for '10.0.0.5'."
        return (
            "its certificate does not name the address dialled: dial a name or address the "
            "daemon's certificate lists"
        )
    if "has expired" in said:
        return "its certificate has expired: the daemon needs a new server certificate"
    if "not yet valid" in said:
        return "its certificate is not valid yet (is this machine's clock right?)"
    if ca:
        return f"its certificate is not signed by the CA in {ca}"
    return "its certificate is not signed by a CA this machine trusts: pass --tlscacert"
