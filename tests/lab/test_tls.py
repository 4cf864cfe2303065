"""TLS against a real TLS dockerd: a one-node lab of its own whose node1 listens on
tcp://ADDR:2376 with --tlsverify (`swarmlab up --tls-dir`), started once for the module.

The dashboard and `swarmtui report` read the swarm over TLS from the flags, DOCKER_CERT_PATH
and a context made by the docker CLI; each bad certificate, and each mix-up of TLS and plain
HTTP, is refused by the real daemon (or found before dialling) in one sentence naming the file
to fix.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from docker.tls import TLSConfig

from swarmtui.cli.main import main
from swarmtui.core.config import Settings
from swarmtui.docker.client import DockerApi
from swarmtui.docker.connection import Endpoint, resolve_endpoint
from swarmtui.docker.errors import DaemonUnreachable
from swarmtui.docker.head_start import HeadStart
from swarmtui.docker.protocol import SwarmApi
from swarmtui.docker.tls import TlsFlags
from swarmtui.ui.app import SwarmTuiApp
from tests.support.certs import DAY, NOW, Authority
from tests.support.forward import relay
from tests.support.lab import Lab, first_poll, run_cli, wait_for
from tests.support.screen import shown_rows

LAB_NAME = os.environ.get("SWARMTUI_TLS_LAB", "tls")


@dataclass(frozen=True)
class TlsLab:
    lab: Lab
    address: str
    certs: Path
    """ca.pem, cert.pem and key.pem of the lab's CA: what a client of the daemon is given."""

    @property
    def url(self) -> str:
        return f"tcp://{self.address}:2376"

    def file(self, name: str) -> str:
        return str(self.certs / name)

    def flags(self, **changes: str) -> TlsFlags:
        files = {"ca": self.file("ca.pem"), "cert": self.file("cert.pem")}
        files["key"] = self.file("key.pem")
        return TlsFlags(verify=True, **{**files, **changes})

    def refusal(self, tls: TlsFlags | TLSConfig | None, url: str = "") -> str:
        """What reading /info says, with `tls` as flags (checked first) or as docker-py's own
        settings (not checked: the daemon judges them)."""
        url = url or self.url
        if isinstance(tls, TlsFlags):
            endpoint = resolve_endpoint(url, None, {}, tls)
        else:
            endpoint = Endpoint(url, "test", tls)
        api = DockerApi(endpoint, timeout=10)
        try:
            api.info()
        except DaemonUnreachable as error:
            return str(error)
        finally:
            api.close()
        raise AssertionError("the daemon answered")


@pytest.fixture(scope="module")
def tls_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsLab]:
    certs = tmp_path_factory.mktemp("tls-certs")
    lab = Lab(LAB_NAME)
    try:
        result = lab.run(
            "up", "--nodes", "1", "--spare", "0", "--workload", "none", "--tls-dir", str(certs),
            check=False,
        )  # fmt: skip
        assert result.returncode == 0, f"the TLS lab did not start:\n{result.stderr[-3000:]}"
        common = ("service", "create", "-d", "--no-resolve-image", "--stop-grace-period", "1s")
        lab.docker(*common, "--name", "tls-web", "swarmlab/app:1")
        never = ("--constraint", "node.labels.never==true")
        lab.docker(*common, "--name", "tls-pending", *never, "swarmlab/app:1")
        yield TlsLab(lab, lab.run("addr", "node1").stdout.strip(), certs)
    finally:
        lab.run("down", check=False)


class Captured:
    """The dashboard the entry point hands its settings and connection to."""

    def __init__(self) -> None:
        self.started: tuple[Settings, Callable[[], SwarmApi]] | None = None

    def run(
        self,
        settings: Settings,
        api_factory: Callable[[], SwarmApi],
        head_start: HeadStart | None = None,
    ) -> None:
        self.started = (settings, api_factory)
        if head_start is not None:
            head_start.close()

    def offer_swarm_init(self, *args: object) -> bool:
        raise AssertionError("the TLS lab is a swarm")


async def test_the_dashboard_shows_the_swarm_over_tls_from_the_flags(tls_lab: TlsLab) -> None:
    argv = ["--host", tls_lab.url, "--tlsverify", "--tlscacert", tls_lab.file("ca.pem")]
    argv += ["--tlscert", tls_lab.file("cert.pem"), "--tlskey", tls_lab.file("key.pem")]
    dashboard = Captured()
    assert main(argv, dashboard=dashboard) == 0  # the manager check ran over TLS
    assert dashboard.started is not None
    settings, api_factory = dashboard.started
    app = SwarmTuiApp(settings, api_factory)
    async with app.run_test(size=(160, 48)) as pilot:
        await first_poll(pilot, app)
        await wait_for(
            pilot,
            lambda: {"tls-web", "tls-pending"} <= set(shown_rows(app, "services")),
            what="the TLS lab's services on screen",
        )
        assert app.api.endpoint.display == tls_lab.url


def test_report_over_tls_from_docker_cert_path(tls_lab: TlsLab, tmp_path: Path) -> None:
    out = tmp_path / "incident.md"
    env = {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(tls_lab.certs)}
    result = run_cli("--host", tls_lab.url, "report", "-o", str(out), env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(out.with_suffix(".json").read_text())
    assert "tls-pending" in {s["name"] for s in data["services_needing_attention"]}


def test_a_context_made_by_the_docker_cli(
    tls_lab: TlsLab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    (tmp_path / "config.json").write_text("{}")  # docker-py finds contexts beside it
    docker = "host={},ca={},cert={},key={}".format(
        tls_lab.url, tls_lab.file("ca.pem"), tls_lab.file("cert.pem"), tls_lab.file("key.pem")
    )
    subprocess.run(
        ["docker", "context", "create", "tlslab", "--docker", docker],
        check=True,
        capture_output=True,
        timeout=30,
        env={**os.environ, "DOCKER_CONFIG": str(tmp_path)},
    )
    endpoint = resolve_endpoint(None, "tlslab", {})
    assert endpoint.tls is not None and endpoint.tls.verify is True
    api = DockerApi(endpoint)
    try:
        assert api.info()["Swarm"]["LocalNodeState"] == "active"
    finally:
        api.close()


# Each bad case, refused for real -----------------------------------------------------------


def test_a_ca_that_did_not_sign_the_daemons_certificate(tls_lab: TlsLab, tmp_path: Path) -> None:
    other = Authority.new(tmp_path / "other")
    said = tls_lab.refusal(tls_lab.flags(ca=str(other.ca_pem)))
    assert said == (
        f"Cannot reach the Docker daemon at {tls_lab.url}: its certificate is not signed by the "
        f"CA in {other.ca_pem}."
    )


def test_an_expired_client_certificate(tls_lab: TlsLab, tmp_path: Path) -> None:
    ended = NOW - 2 * DAY
    authority = Authority.load(tls_lab.certs)
    cert, key = authority.issue(tmp_path, not_before=NOW - 9 * DAY, not_after=ended)
    when = f"{ended:%Y-%m-%d %H:%M} UTC"
    with pytest.raises(DaemonUnreachable) as found:  # seen before dialling
        resolve_endpoint(tls_lab.url, None, {}, tls_lab.flags(cert=str(cert), key=str(key)))
    assert str(found.value) == f"The TLS client certificate {cert} expired on {when}."
    unchecked = TLSConfig((str(cert), str(key)), tls_lab.file("ca.pem"), verify=True)
    assert tls_lab.refusal(unchecked) == (
        f"Cannot reach the Docker daemon at {tls_lab.url}: it refused the client certificate "
        f"{cert}, which expired on {when}."
    )


def test_a_client_certificate_from_another_ca(tls_lab: TlsLab, tmp_path: Path) -> None:
    cert, key = Authority.new(tmp_path / "other").issue(tmp_path)
    said = tls_lab.refusal(tls_lab.flags(cert=str(cert), key=str(key)))
    assert said == (
        f"Cannot reach the Docker daemon at {tls_lab.url}: it refused the client certificate "
        f"{cert}, which no CA it trusts has signed."
    )


def test_a_missing_client_certificate(tls_lab: TlsLab, tmp_path: Path) -> None:
    absent = tmp_path / "cert.pem"
    with pytest.raises(DaemonUnreachable) as found:
        resolve_endpoint(tls_lab.url, None, {}, tls_lab.flags(cert=str(absent)))
    assert str(found.value) == f"The TLS client certificate {absent} does not exist."
    # DOCKER_CERT_PATH with the CA only: no client certificate is offered, the daemon refuses.
    (tmp_path / "ca.pem").write_bytes((tls_lab.certs / "ca.pem").read_bytes())
    env = {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(tmp_path)}
    api = DockerApi(resolve_endpoint(tls_lab.url, None, env))
    with pytest.raises(DaemonUnreachable, match="client certificate: pass --tlscert and --tlskey"):
        api.info()
    api.close()


def test_plain_http_against_the_tls_port(tls_lab: TlsLab, tmp_path: Path) -> None:
    result = run_cli("--host", tls_lab.url, "report", "-o", str(tmp_path / "r.md"))
    assert result.returncode == 3
    assert result.stderr.strip() == (
        f"swarmtui: Cannot reach the Docker daemon at {tls_lab.url}: it speaks TLS: add "
        "--tlsverify with "
        "certificates (--tlscacert, --tlscert and --tlskey, or DOCKER_CERT_PATH)."
    )


def test_tls_against_a_plain_port(tls_lab: TlsLab) -> None:
    socket_path = tls_lab.lab.host().removeprefix("unix://")
    with relay(socket_path) as port:
        url = f"tcp://127.0.0.1:{port}"
        plain = DockerApi(Endpoint(url, "test"))
        assert plain.info()["Swarm"]["LocalNodeState"] == "active"  # a daemon is there
        plain.close()
        assert tls_lab.refusal(tls_lab.flags(), url) == (
            f"Cannot reach the Docker daemon at {url}: it speaks plain HTTP, not TLS: drop --tls "
            "and --tlsverify (and DOCKER_TLS_VERIFY), or dial its TLS port."
        )


def test_an_address_the_daemons_certificate_does_not_name(tls_lab: TlsLab) -> None:
    with relay((tls_lab.address, 2376), bind="127.0.0.2") as port:
        url = f"tcp://127.0.0.2:{port}"
        assert "its certificate does not name the address dialled" in tls_lab.refusal(
            tls_lab.flags(), url
        )


def test_tls_without_verification_still_presents_the_client_certificate(tls_lab: TlsLab) -> None:
    flags = TlsFlags(tls=True, cert=tls_lab.file("cert.pem"), key=tls_lab.file("key.pem"))
    api = DockerApi(resolve_endpoint(tls_lab.url, None, {}, flags))
    try:
        assert api.info()["Swarm"]["LocalNodeState"] == "active"
    finally:
        api.close()
