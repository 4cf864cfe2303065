"""TLS to a tcp:// daemon: from the docker CLI's flags and DOCKER_CERT_PATH, or from a
context's files, checked before anything is dialled.

`tls_config` is the one place the certificate files are read: each one exists and holds what
its flag says, a client certificate comes with its own key and is valid today. A problem is
one sentence naming the file to fix, as DaemonUnreachable, the same error a refused connection
raises, so every entry point says it the same way.
"""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests
from docker.tls import TLSConfig
from urllib3.exceptions import InsecureRequestWarning

from .errors import DaemonUnreachable

if TYPE_CHECKING:  # cryptography is imported where a certificate is read: most launches read none
    from cryptography import x509

CA_FILE, CERT_FILE, KEY_FILE = "ca.pem", "cert.pem", "key.pem"


@dataclass(frozen=True)
class TlsFlags:
    """The docker CLI's TLS flags as given on the command line (None: not given)."""

    tls: bool = False
    """--tls: TLS without checking the daemon's certificate."""
    verify: bool = False
    """--tlsverify: TLS, and the daemon's certificate must be signed by the CA."""
    ca: str | None = None
    cert: str | None = None
    key: str | None = None

    @property
    def given(self) -> bool:
        return self.tls or self.verify or any((self.ca, self.cert, self.key))


def docker_config_dir(environ: Mapping[str, str]) -> Path:
    return Path(environ.get("DOCKER_CONFIG") or Path.home() / ".docker")


def tls_from_flags(flags: TlsFlags, environ: Mapping[str, str]) -> TLSConfig | None:
    """TLS as the docker CLI sets it up for --host and DOCKER_HOST: on with --tls, --tlsverify,
    DOCKER_TLS or DOCKER_TLS_VERIFY (any non-empty value); files from the flags, else from
    DOCKER_CERT_PATH, else the docker config folder. A default client certificate or key that
    is not there is left out (the daemon may not ask for one); a default CA is needed to
    verify."""
    verify = flags.verify or bool(environ.get("DOCKER_TLS_VERIFY"))
    if not (verify or flags.tls or environ.get("DOCKER_TLS")):
        if flags.given:  # the docker CLI ignores them then; a sentence is kinder
            raise DaemonUnreachable(
                "--tlscacert, --tlscert and --tlskey take effect with --tlsverify (or --tls): "
                "add it."
            )
        return None
    folder = Path(environ.get("DOCKER_CERT_PATH") or docker_config_dir(environ))
    cert = flags.cert or _if_present(folder / CERT_FILE)
    key = flags.key or _if_present(folder / KEY_FILE)
    return tls_config(flags.ca or str(folder / CA_FILE), cert, key, verify)


def context_tls(tls_dir: Path, skip_verify: bool) -> TLSConfig | None:
    """TLS for a context's tcp:// endpoint, as `docker context create --docker
    host=…,ca=…,cert=…,key=…[,skip-tls-verify=true]` stored it: the files in the context's
    `contexts/tls/<sha256 of its name>/docker` folder, and SkipTLSVerify from its meta.json.
    No files and verification on: plain TCP, as the CLI does."""
    ca, cert, key = (_if_present(tls_dir / name) for name in (CA_FILE, CERT_FILE, KEY_FILE))
    if not (ca or cert or key or skip_verify):
        return None
    return tls_config(ca, cert, key, verify=not skip_verify)


def tls_config(ca: str | None, cert: str | None, key: str | None, verify: bool) -> TLSConfig:
    """The docker-py TLS settings for these files, once they are checked (see the module)."""
    if bool(cert) != bool(key):
        given, missing = ("certificate", "key") if cert else ("key", "certificate")
        raise DaemonUnreachable(
            f"The TLS client {given} {cert or key} has no {missing} beside it: "
            f"pass --tlscert and --tlskey together."
        )
    if verify and ca:
        _check_ca(ca)
    if cert and key:
        _check_client(cert, key)
    if not verify:
        # Asked for (--tls, skip-tls-verify): urllib3's warning on every request would only
        # paint over the dashboard.
        warnings.filterwarnings("ignore", category=InsecureRequestWarning)
    return TLSConfig(
        client_cert=(cert, key) if cert and key else None,
        ca_cert=ca if verify else None,
        verify=verify,
    )


def _if_present(path: Path) -> str | None:
    return str(path) if path.is_file() else None


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise DaemonUnreachable(f"The TLS {what} {path} does not exist.") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise DaemonUnreachable(f"The TLS {what} {path} cannot be read: {reason}.") from None


def _check_ca(path: str) -> None:
    from cryptography import x509

    try:
        x509.load_pem_x509_certificates(_read(path, "CA certificate"))
    except ValueError:
        raise DaemonUnreachable(
            f"The TLS CA certificate {path} holds no PEM certificate."
        ) from None


def _check_client(cert_path: str, key_path: str) -> None:
    from cryptography import x509
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization

    try:
        cert = x509.load_pem_x509_certificate(_read(cert_path, "client certificate"))
    except ValueError:
        raise DaemonUnreachable(
            f"The TLS client certificate {cert_path} holds no PEM certificate."
        ) from None
    problem = validity_problem(cert)
    if problem:
        raise DaemonUnreachable(f"The TLS client certificate {cert_path} {problem}.")
    try:
        key = serialization.load_pem_private_key(_read(key_path, "client key"), password=None)
    except TypeError:
        raise DaemonUnreachable(
            f"The TLS client key {key_path} is encrypted: give a key without a passphrase, "
            "as the docker CLI needs."
        ) from None
    except (ValueError, UnsupportedAlgorithm):
        raise DaemonUnreachable(
            f"The TLS client key {key_path} holds no PEM private key."
        ) from None
    if _public(key.public_key()) != _public(cert.public_key()):
        raise DaemonUnreachable(
            f"The TLS client key {key_path} does not belong to the certificate {cert_path}."
        )


def _public(key: object) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_bytes(  # type: ignore[attr-defined]  # every public key type has it
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def validity_problem(cert: x509.Certificate, now: datetime.datetime | None = None) -> str:
    """'expired on …' or 'is not valid before …' (UTC), or '' while the certificate is valid."""
    now = now or datetime.datetime.now(datetime.UTC)
    if now > cert.not_valid_after_utc:
        return f"expired on {cert.not_valid_after_utc:%Y-%m-%d %H:%M} UTC"
    if now < cert.not_valid_before_utc:
        return f"is not valid before {cert.not_valid_before_utc:%Y-%m-%d %H:%M} UTC"
    return ""


def file_validity(path: str) -> str:
    """`validity_problem` of the certificate in `path`; '' when it cannot be read."""
    from cryptography import x509

    try:
        return validity_problem(x509.load_pem_x509_certificate(Path(path).read_bytes()))
    except (OSError, ValueError):
        return ""


def keep_own_verification(session: requests.Session) -> None:
    """Make `session` verify with its own CA (or not at all, for --tls) whatever the
    environment says: requests lets REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE replace a session's
    `verify` on every request (psf/requests#3829), so the daemon's certificate would be checked
    against the system's CAs and never pass. Proxies from the environment still apply."""
    merge = session.merge_environment_settings

    def merged(url: Any, proxies: Any, stream: Any, verify: Any, cert: Any) -> Any:
        settings: Any = merge(url, proxies, stream, verify, cert)
        if verify is None:  # not given for this request: the session's own stands
            settings["verify"] = session.verify
        return settings

    session.merge_environment_settings = merged  # type: ignore[method-assign]
