"""TLS settings as the docker CLI takes them, each bad file one sentence naming it."""

from __future__ import annotations

import datetime
import hashlib
import json
import socket
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from urllib3.exceptions import InsecureRequestWarning

from swarmtui.cli.main import build_parser, main, tls_flags
from swarmtui.docker.client import DockerApi
from swarmtui.docker.connection import DEFAULT_TLS_HOST, Endpoint, resolve_endpoint
from swarmtui.docker.errors import DaemonUnreachable
from swarmtui.docker.tls import (
    TlsFlags,
    context_tls,
    keep_own_verification,
    tls_config,
    tls_from_flags,
    validity_problem,
)
from tests.support.certs import DAY, NOW, Authority


@pytest.fixture
def authority(tmp_path: Path) -> Authority:
    """A CA with ca.pem, and a valid client cert.pem and key.pem, in tmp_path/certs."""
    made = Authority.new(tmp_path / "certs")
    made.issue(made.folder)
    return made


def files(authority: Authority) -> tuple[str, str, str]:
    folder = authority.folder
    return str(folder / "ca.pem"), str(folder / "cert.pem"), str(folder / "key.pem")


def test_good_files_make_a_verifying_config(authority: Authority) -> None:
    ca, cert, key = files(authority)
    config = tls_config(ca, cert, key, verify=True)
    assert (config.ca_cert, config.cert, config.verify) == (ca, (cert, key), True)


def test_a_missing_file_is_named(authority: Authority) -> None:
    ca, cert, key = files(authority)
    Path(cert).unlink()
    with pytest.raises(DaemonUnreachable, match=f"^The TLS client certificate {cert} does not"):
        tls_config(ca, cert, key, verify=True)


def test_a_certificate_without_its_key_is_refused(authority: Authority) -> None:
    ca, cert, _ = files(authority)
    with pytest.raises(DaemonUnreachable, match=f"client certificate {cert} has no key"):
        tls_config(ca, cert, None, verify=True)


def test_an_expired_client_certificate_says_when(authority: Authority, tmp_path: Path) -> None:
    ca = str(authority.ca_pem)
    ended = NOW - 2 * DAY
    cert, key = authority.issue(tmp_path / "old", not_before=NOW - 9 * DAY, not_after=ended)
    with pytest.raises(DaemonUnreachable) as raised:
        tls_config(ca, str(cert), str(key), verify=True)
    assert str(raised.value) == (
        f"The TLS client certificate {cert} expired on {ended:%Y-%m-%d %H:%M} UTC."
    )


def test_a_certificate_not_valid_yet(authority: Authority, tmp_path: Path) -> None:
    cert, key = authority.issue(tmp_path / "new", not_before=NOW + DAY)
    with pytest.raises(DaemonUnreachable, match=f"{cert} is not valid before"):
        tls_config(str(authority.ca_pem), str(cert), str(key), verify=True)


def test_a_key_of_another_certificate(authority: Authority, tmp_path: Path) -> None:
    ca, cert, _ = files(authority)
    _, other_key = authority.issue(tmp_path / "other")
    with pytest.raises(DaemonUnreachable, match=f"key {other_key} does not belong to .*{cert}"):
        tls_config(ca, cert, str(other_key), verify=True)


def test_files_that_are_not_pem(authority: Authority) -> None:
    ca, cert, key = files(authority)
    Path(ca).write_text("not a certificate")
    with pytest.raises(DaemonUnreachable, match=f"CA certificate {ca} holds no PEM"):
        tls_config(ca, cert, key, verify=True)
    with pytest.raises(DaemonUnreachable, match=f"key {ca} holds no PEM private key"):
        tls_config(None, cert, ca, verify=False)


def test_an_encrypted_key_is_refused(authority: Authority, tmp_path: Path) -> None:
    _, cert, key = files(authority)
    loaded = serialization.load_pem_private_key(Path(key).read_bytes(), None)
    locked = tmp_path / "locked.pem"
    locked.write_bytes(
        loaded.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"secret"),
        )
    )
    with pytest.raises(DaemonUnreachable, match=f"key {locked} is encrypted"):
        tls_config(None, cert, str(locked), verify=False)


# Where the files come from, as the docker CLI decides ----------------------------------------


def test_tls_is_off_unless_asked(authority: Authority) -> None:
    assert tls_from_flags(TlsFlags(), {"DOCKER_CERT_PATH": str(authority.folder)}) is None


def test_docker_tls_verify_takes_the_files_from_docker_cert_path(authority: Authority) -> None:
    ca, cert, key = files(authority)
    env = {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(authority.folder)}
    config = tls_from_flags(TlsFlags(), env)
    assert config is not None and (config.ca_cert, config.cert, config.verify) == (
        ca,
        (cert, key),
        True,
    )


def test_without_docker_cert_path_the_docker_config_folder(authority: Authority) -> None:
    config = tls_from_flags(TlsFlags(verify=True), {"DOCKER_CONFIG": str(authority.folder)})
    assert config is not None and config.ca_cert == str(authority.ca_pem)


def test_flags_beat_the_default_folder(authority: Authority, tmp_path: Path) -> None:
    cert, key = authority.issue(tmp_path / "mine")
    flags = TlsFlags(verify=True, ca=str(authority.ca_pem), cert=str(cert), key=str(key))
    config = tls_from_flags(flags, {"DOCKER_CERT_PATH": str(tmp_path / "empty")})
    assert config is not None and config.cert == (str(cert), str(key))


def test_a_default_client_certificate_that_is_not_there_is_left_out(tmp_path: Path) -> None:
    authority = Authority.new(tmp_path)
    config = tls_from_flags(TlsFlags(verify=True), {"DOCKER_CERT_PATH": str(tmp_path)})
    assert config is not None and config.cert is None and config.ca_cert == str(authority.ca_pem)


def test_verifying_needs_the_ca(tmp_path: Path) -> None:
    with pytest.raises(DaemonUnreachable, match=f"CA certificate {tmp_path}/ca.pem does not"):
        tls_from_flags(TlsFlags(verify=True), {"DOCKER_CERT_PATH": str(tmp_path)})


def test_tls_without_verify_needs_no_ca(tmp_path: Path) -> None:
    config = tls_from_flags(TlsFlags(tls=True), {"DOCKER_CERT_PATH": str(tmp_path)})
    assert config is not None and config.verify is False and config.ca_cert is None


def test_certificate_flags_without_tls_are_refused(authority: Authority) -> None:
    with pytest.raises(DaemonUnreachable, match="take effect with --tlsverify"):
        tls_from_flags(TlsFlags(ca=str(authority.ca_pem)), {})


def test_the_command_line_flags(authority: Authority) -> None:
    ca, cert, key = files(authority)
    argv = ["--tlsverify", "--tlscacert", ca, "--tlscert", cert, "--tlskey", key]
    assert tls_flags(build_parser().parse_args(argv)) == TlsFlags(False, True, ca, cert, key)


def test_host_flag_with_tls(authority: Authority) -> None:
    ca, cert, key = files(authority)
    flags = TlsFlags(verify=True, ca=ca, cert=cert, key=key)
    endpoint = resolve_endpoint("tcp://m1:2376", None, {}, flags)
    assert endpoint.tls is not None and endpoint.tls.cert == (cert, key)
    assert endpoint.client_kwargs()["tls"] is endpoint.tls
    assert resolve_endpoint("unix:///x.sock", None, {}, flags).tls is None


def test_tls_and_no_host_dial_the_clis_default_tls_address(
    authority: Authority, docker_config: Path
) -> None:
    env = {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(authority.folder)}
    assert resolve_endpoint(None, None, env).base_url == DEFAULT_TLS_HOST
    make_context(docker_config, "prod", "ssh://ops@m1", skip_verify=False)
    assert resolve_endpoint(None, None, {**env, "DOCKER_CONTEXT": "prod"}).base_url == (
        "ssh://ops@m1"
    )


# A context's TLS data ------------------------------------------------------------------------


def make_context(config: Path, name: str, host: str, skip_verify: bool) -> Path:
    """The layout `docker context create` writes; returns the context's TLS folder."""
    digest = hashlib.sha256(name.encode()).hexdigest()
    meta = config / "contexts" / "meta" / digest
    meta.mkdir(parents=True)
    endpoint = {"Host": host, "SkipTLSVerify": skip_verify}
    document = {"Name": name, "Metadata": {}, "Endpoints": {"docker": endpoint}}
    (meta / "meta.json").write_text(json.dumps(document))
    tls_dir = config / "contexts" / "tls" / digest / "docker"
    tls_dir.mkdir(parents=True)
    return tls_dir


@pytest.fixture
def docker_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "docker"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    monkeypatch.setenv("DOCKER_CONFIG", str(folder))
    return folder


def test_a_context_with_its_tls_files(docker_config: Path, authority: Authority) -> None:
    tls_dir = make_context(docker_config, "prod", "tcp://m1:2376", skip_verify=False)
    for name in ("ca.pem", "cert.pem", "key.pem"):
        (tls_dir / name).write_bytes((authority.folder / name).read_bytes())
    endpoint = resolve_endpoint(None, "prod", {})
    assert endpoint.tls is not None and endpoint.tls.verify is True
    assert endpoint.tls.ca_cert == str(tls_dir / "ca.pem")


def test_a_context_with_an_expired_certificate(docker_config: Path, authority: Authority) -> None:
    tls_dir = make_context(docker_config, "prod", "tcp://m1:2376", skip_verify=False)
    ended = NOW - DAY
    authority.issue(tls_dir, not_before=NOW - 5 * DAY, not_after=ended)
    with pytest.raises(DaemonUnreachable, match=f"{tls_dir}/cert.pem expired on {ended:%Y-%m-%d}"):
        resolve_endpoint(None, "prod", {})


def test_a_context_that_skips_verification(docker_config: Path) -> None:
    make_context(docker_config, "lax", "tcp://m1:2376", skip_verify=True)
    endpoint = resolve_endpoint(None, None, {"DOCKER_CONTEXT": "lax"})
    assert endpoint.tls is not None and endpoint.tls.verify is False


def test_context_tls_without_files_is_plain_tcp(tmp_path: Path) -> None:
    assert context_tls(tmp_path, skip_verify=False) is None


def test_tls_flags_with_a_context_are_one_sentence(docker_config: Path) -> None:
    make_context(docker_config, "prod", "tcp://m1:2376", skip_verify=False)
    with pytest.raises(DaemonUnreachable, match="apply to --host and DOCKER_HOST; context 'prod'"):
        resolve_endpoint(None, "prod", {}, TlsFlags(verify=True))


# The client verifies with its own CA, and gives up on a stalled handshake ----------------------


def test_the_clients_ca_wins_over_requests_ca_bundle(
    authority: Authority, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    session = requests.Session()
    session.verify = str(authority.ca_pem)
    keep_own_verification(session)
    settings = session.merge_environment_settings("https://m1:2376/", {}, None, None, None)
    assert settings["verify"] == str(authority.ca_pem)
    session.verify = False  # --tls: no check at all, whatever the environment says
    assert (
        session.merge_environment_settings("https://m1/", {}, None, None, None)["verify"] is False
    )


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A TCP port that accepts connections and never says a word (a stalled daemon)."""
    server = socket.create_server(("127.0.0.1", 0))
    yield server.getsockname()[1]
    server.close()


def test_a_stalled_tls_handshake_times_out(authority: Authority, silent_port: int) -> None:
    ca, cert, key = files(authority)
    endpoint = Endpoint(f"tcp://127.0.0.1:{silent_port}", "test", tls_config(ca, cert, key, True))
    started = time.monotonic()
    with pytest.raises(DaemonUnreachable, match="the TLS handshake timed out"):
        DockerApi(endpoint, timeout=1).info()
    assert time.monotonic() - started < 5


def test_expiry_is_said_in_utc(authority: Authority, tmp_path: Path) -> None:
    end = datetime.datetime(2026, 3, 1, 12, 30, tzinfo=datetime.UTC)
    path, _ = authority.issue(tmp_path, not_before=end - 10 * DAY, not_after=end)
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    now = datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)
    assert validity_problem(cert, now) == "expired on 2026-03-01 12:30 UTC"
    assert validity_problem(cert, end - DAY) == ""


def test_a_headless_command_says_a_bad_file_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    absent = tmp_path / "ca.pem"
    argv = ["--host", "tcp://m1:2376", "--tlsverify", "--tlscacert", str(absent), "report"]
    assert main(argv) == 3
    assert capsys.readouterr().err.strip() == (
        f"swarmtui: The TLS CA certificate {absent} does not exist."
    )


def test_tls_without_verify_does_not_warn_on_every_request(
    recwarn: pytest.WarningsRecorder,
) -> None:
    tls_config(None, None, None, verify=False)
    warnings.warn("Unverified HTTPS request", InsecureRequestWarning, stacklevel=1)
    assert not [w for w in recwarn if issubclass(w.category, InsecureRequestWarning)]


def test_a_unix_host_ignores_tls_settings(tmp_path: Path) -> None:
    env = {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(tmp_path)}  # no ca.pem there
    assert resolve_endpoint("unix:///x.sock", None, env).tls is None
