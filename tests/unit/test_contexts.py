"""Docker contexts read as the docker CLI reads them, the per-context settings, the failover
candidates, and a selection carried across endpoints by name."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from swarmtui.core.config import Settings, load_settings
from swarmtui.docker.connection import Endpoint, resolve_endpoint
from swarmtui.docker.contexts import picker_entries
from swarmtui.docker.endpoints import Probe, candidates, configured_endpoint, same_swarm
from swarmtui.docker.poller import Poller
from swarmtui.docker.reader import SwarmReader
from swarmtui.docker.replay import ReplayApi
from swarmtui.render.selection import Kind, Named, Selection, by_names, from_names
from tests.support.contexts import add_context
from tests.support.paths import ROOT


def test_contexts_without_config_json_are_found(tmp_path: Path) -> None:
    """docker-py finds the store only beside a config.json; the docker CLI does not need one.
    `swarmtui --context prod` said "names no docker endpoint" here."""
    add_context(tmp_path, "prod", "ssh://ops@prod-manager")
    env = {"DOCKER_CONFIG": str(tmp_path)}
    endpoint = resolve_endpoint(None, "prod", env)
    assert (endpoint.base_url, endpoint.context) == ("ssh://ops@prod-manager", "prod")
    assert resolve_endpoint(None, None, {**env, "DOCKER_CONTEXT": "prod"}).context == "prod"


def test_context_tls_material_is_used(tmp_path: Path) -> None:
    add_context(tmp_path, "secure", "tcp://m1:2376", tls=True)
    endpoint = resolve_endpoint(None, "secure", {"DOCKER_CONFIG": str(tmp_path)})
    digest = hashlib.sha256(b"secure").hexdigest()
    certs = tmp_path / "contexts" / "tls" / digest / "docker"
    assert endpoint.tls.verify is True
    assert endpoint.tls.ca_cert == str(certs / "ca.pem")
    assert endpoint.tls.cert == (str(certs / "cert.pem"), str(certs / "key.pem"))


def test_picker_lists_contexts_docker_host_and_default(tmp_path: Path) -> None:
    add_context(tmp_path, "prod", "ssh://ops@prod-manager")
    add_context(tmp_path, "lab", "unix:///run/lab.sock")
    (tmp_path / "config.json").write_text(json.dumps({"currentContext": "lab"}))
    env = {"DOCKER_CONFIG": str(tmp_path), "DOCKER_HOST": "tcp://elsewhere:2375"}
    entries, current = picker_entries(env)
    assert [e.name for e in entries] == ["DOCKER_HOST", "default", "lab", "prod"]
    assert current == "lab"
    assert picker_entries({"DOCKER_CONFIG": str(tmp_path / "none")})[1] == "default"


def test_per_context_settings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'interval = 2\n[contexts.prod]\nread_only = true\nheader_color = "red"\ninterval = 5\n'
        'managers = ["ssh://ops@m2"]\n[failover]\nendpoints = ["unix:///run/n2.sock"]\n'
    )
    settings = load_settings(path)
    prod = settings.on_context("prod")
    assert (prod.read_only, prod.interval) == (True, 5)
    assert settings.of_context("prod").managers == ("ssh://ops@m2",)
    assert settings.failover == ("unix:///run/n2.sock",)
    # Leaving prod for another context gives back the settings swarmtui started with.
    assert prod.on_context("lab", base=settings).read_only is False
    assert Settings(read_only=True).on_context("lab").read_only is True


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[contexts.prod]\nheader_color = "bogus"', "header_color in [contexts.prod] in {p} must"),
        ('[contexts.prod]\nread_only = "yes"', "read_only in [contexts.prod] in {p} must be"),
        ("[contexts.prod]\ninterval = 0.1", "interval in [contexts.prod] in {p} must be"),
        ("[contexts.prod]\ncolour = 1", "[contexts.prod] in {p} has 'colour'"),
        ('[failover]\nendpoints = ["node2"]', "endpoints in [failover] in {p} lists 'node2'"),
        ("[failover]\nendpoints = 3", "endpoints in [failover] in {p} must be a list"),
    ],
)
def test_bad_context_settings_are_one_sentence(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text + "\n")
    with pytest.raises(ValueError) as error:
        load_settings(path)
    message = str(error.value)
    assert message.startswith(said.format(p=path)) and message.count("\n") == 0


def lab_snapshot():  # noqa: ANN201
    return Poller(SwarmReader(ReplayApi(ROOT / "tests" / "data" / "lab"))).poll()


def test_failover_candidates() -> None:
    snapshot = lab_snapshot()
    current = Endpoint("tcp://10.0.0.1:2376", "context", tls="TLS", context="prod")
    managers = [n for n in snapshot.nodes if n.is_manager]
    derived = candidates(current, [configured_endpoint("ssh://ops@m2", current)], snapshot.nodes)
    assert derived[0].base_url == "ssh://ops@m2" and derived[0].tls is None
    hosts = [n.manager_addr.rpartition(":")[0] for n in managers]
    assert [e.base_url for e in derived[1:]] == [f"tcp://{h}:2376" for h in hosts]
    assert all(e.tls == "TLS" for e in derived[1:])
    unix = Endpoint("unix:///run/n1.sock", "lab")
    assert (
        candidates(unix, [configured_endpoint("unix:///run/n1.sock", unix)], snapshot.nodes) == ()
    )


def test_same_swarm_by_id_or_known_manager_without_quorum() -> None:
    endpoint = Endpoint("unix:///x", "t")
    assert same_swarm(Probe(endpoint, True, True, "swarm-a"), "swarm-a", {})
    assert not same_swarm(Probe(endpoint, True, True, "swarm-b"), "swarm-a", {"n2": "node2"})
    assert same_swarm(Probe(endpoint, True, True, "", "n2", no_leader=True), "swarm-a", {"n2"})
    assert not same_swarm(Probe(endpoint, True, False, "swarm-a"), "swarm-a", {})
    assert not same_swarm(Probe(endpoint, False), "swarm-a", {})


def test_selection_survives_by_name() -> None:
    snapshot = lab_snapshot()
    service = snapshot.services[0]
    node = snapshot.nodes[-1]
    named = by_names(Selection.service(service.id, node.id), snapshot)
    assert named == Named(Kind.SERVICE, service.name, node.hostname)
    assert from_names(named, snapshot) == Selection.service(service.id, node.id)
    assert from_names(Named(Kind.SERVICE, "nowhere"), snapshot) is None
    assert from_names(by_names(Selection.of_node(node.id), snapshot), snapshot) == (
        Selection.of_node(node.id)
    )
