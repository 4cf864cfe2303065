"""Choosing the daemon follows the docker CLI's precedence."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from swarmtui.docker.connection import DEFAULT_HOST, Endpoint, resolve_endpoint
from swarmtui.docker.error_mapping import why
from swarmtui.docker.errors import DaemonUnreachable
from tests.support.certs import Authority


@pytest.fixture
def docker_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ~/.docker with a context named 'prod' pointing at ssh://ops@prod-manager."""
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    (tmp_path / "config.json").write_text("{}")
    meta = tmp_path / "contexts" / "meta" / hashlib.sha256(b"prod").hexdigest()
    meta.mkdir(parents=True)
    (meta / "meta.json").write_text(
        json.dumps(
            {
                "Name": "prod",
                "Metadata": {},
                "Endpoints": {"docker": {"Host": "ssh://ops@prod-manager", "SkipTLSVerify": False}},
            }
        )
    )
    return tmp_path


def test_host_flag_wins_over_everything(docker_config: Path) -> None:
    env = {"DOCKER_HOST": "tcp://other:2375", "DOCKER_CONTEXT": "prod"}
    endpoint = resolve_endpoint("unix:///tmp/x.sock", "prod", env)
    assert (endpoint.base_url, endpoint.source) == ("unix:///tmp/x.sock", "--host")


def test_context_flag_beats_docker_host(docker_config: Path) -> None:
    endpoint = resolve_endpoint(None, "prod", {"DOCKER_HOST": "tcp://other:2375"})
    assert endpoint.base_url == "ssh://ops@prod-manager"
    assert endpoint.client_kwargs()["use_ssh_client"] is True


def test_docker_host_with_tls_variables(tmp_path: Path, docker_config: Path) -> None:
    authority = Authority.new(tmp_path)
    authority.issue(tmp_path)
    env = {
        "DOCKER_HOST": "tcp://m1:2376",
        "DOCKER_TLS_VERIFY": "1",
        "DOCKER_CERT_PATH": str(tmp_path),
    }
    endpoint = resolve_endpoint(None, None, env)
    assert endpoint.base_url == "tcp://m1:2376"
    assert endpoint.tls is not None and endpoint.tls.verify
    assert endpoint.tls.cert == (str(tmp_path / "cert.pem"), str(tmp_path / "key.pem"))


def test_docker_context_variable_then_current_context(docker_config: Path) -> None:
    assert resolve_endpoint(None, None, {"DOCKER_CONTEXT": "prod"}).base_url == (
        "ssh://ops@prod-manager"
    )
    (docker_config / "config.json").write_text(json.dumps({"currentContext": "prod"}))
    assert resolve_endpoint(None, None, {}).base_url == "ssh://ops@prod-manager"


def test_falls_back_to_the_local_socket(docker_config: Path) -> None:
    assert resolve_endpoint(None, None, {}).base_url == DEFAULT_HOST


def test_only_a_tcp_endpoint_heeds_proxies_from_the_environment() -> None:
    assert Endpoint("tcp://10.0.0.1:2376", "flag").proxied
    assert not Endpoint("unix:///run/docker.sock", "flag").proxied
    assert not Endpoint("ssh://ops@manager1", "flag").proxied


def test_unknown_context_is_one_clear_sentence(docker_config: Path) -> None:
    with pytest.raises(DaemonUnreachable, match="context 'nope'"):
        resolve_endpoint(None, "nope", {})


def test_connection_errors_are_explained_by_their_root_cause() -> None:
    wrapped = RuntimeError("Connection aborted.")
    wrapped.__cause__ = FileNotFoundError(2, "No such file or directory")
    assert why(wrapped) == "no socket there (is dockerd running?)"
    assert why(ConnectionRefusedError()) == "connection refused (is dockerd running?)"


def test_tls_without_certificates_is_one_clear_sentence(tmp_path: Path) -> None:
    env = {
        "DOCKER_HOST": "tcp://m1:2376",
        "DOCKER_TLS_VERIFY": "1",
        "DOCKER_CERT_PATH": str(tmp_path),
    }
    with pytest.raises(DaemonUnreachable, match=rf"CA certificate {tmp_path}/ca\.pem does not"):
        resolve_endpoint(None, None, env)
