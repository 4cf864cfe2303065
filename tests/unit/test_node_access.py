"""Reaching a node over the operator's SSH: the target from the node list or config.toml, and
nothing a node chose for itself reaching ssh's command line unless it is a plain host name or
address (a compromised worker picks its own hostname)."""

from __future__ import annotations

import importlib
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest

from swarmtui.core.config import load_settings
from swarmtui.docker.models import NodeInfo
from swarmtui.docker.node_access import (
    NodeAccessSettings,
    NodeUnreachable,
    check_target,
    node_endpoint,
    node_target,
)

NODE = NodeInfo(
    id="n7id", hostname="node7", role="worker", availability="active", state="ready",
    state_message="", addr="10.0.0.7", engine_version="20.10", os="linux", arch="x86_64",
    nano_cpus=2_000_000_000, memory_bytes=1 << 30, labels=(), version=1,
)  # fmt: skip


def test_the_default_target_is_the_nodes_address() -> None:
    assert node_target(NODE, NodeAccessSettings()) == "10.0.0.7"
    assert node_target(NODE, NodeAccessSettings(user="ops")) == "ops@10.0.0.7"
    assert node_endpoint(NODE, NodeAccessSettings()).base_url == "ssh://10.0.0.7"


def test_a_template_and_a_nodes_own_target() -> None:
    templated = NodeAccessSettings(template="ops@{hostname}.prod.internal")
    assert node_target(NODE, templated) == "ops@node7.prod.internal"
    own = replace(templated, per_node=MappingProxyType({"node7": "bastion-hop-7"}))
    assert node_target(NODE, own) == "bastion-hop-7"


@pytest.mark.parametrize(
    "hostname",
    ["-oProxyCommand=touch /tmp/pwned", "node;touch x", "a b", "node'1", "x\x1b[2J", "$(id)"],
)
def test_a_hostile_hostname_never_reaches_ssh(hostname: str) -> None:
    node = replace(NODE, hostname=hostname)
    with pytest.raises(NodeUnreachable, match="not a plain host name"):
        node_target(node, NodeAccessSettings(template="{hostname}"))
    with pytest.raises(NodeUnreachable, match="not a plain host name"):
        node_target(node, NodeAccessSettings(template="{hostname}.prod.internal"))
    # The address is the node's too: the same rule.
    with pytest.raises(NodeUnreachable, match="not a plain host name"):
        node_target(replace(NODE, addr=hostname), NodeAccessSettings())


def test_a_node_without_an_address_or_with_access_off_is_one_sentence() -> None:
    with pytest.raises(NodeUnreachable, match=r"no address .*\[nodes.node7\] ssh"):
        node_target(replace(NODE, addr="0.0.0.0"), NodeAccessSettings())
    with pytest.raises(NodeUnreachable, match="node access is off"):
        node_target(NODE, NodeAccessSettings(enabled=False))


def test_targets_ssh_can_only_read_as_a_destination() -> None:
    for good in ("m1", "ops@m1.example.net", "ops@10.0.0.1:2222", "fe80::1", "bastion_7"):
        assert check_target(good) == good
    for bad in ("-p", "ops@-x", "-l@x", "m1 -v", "m1:0", "m1:99999", "", "ops@"):
        with pytest.raises(NodeUnreachable):
            check_target(bad)


def test_config_toml_nodes_table(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[nodes]\nssh = "{user}@{hostname}.prod"\nuser = "ops"\n'
        '[nodes.node7]\nssh = "bastion-hop-7"\n'
    )
    nodes = load_settings(config).nodes
    assert nodes.enabled and nodes.per_node == {"node7": "bastion-hop-7"}
    assert node_target(replace(NODE, hostname="node8"), nodes) == "ops@node8.prod"
    for bad, said in (
        ('[nodes.node7]\nssh = "-oProxyCommand=x"\n', "not a plain host name"),
        ('[nodes]\nssh = "{nope}"\n', "names 'nope'"),
        ('[nodes]\nenabled = "no"\n', "true or false"),
        ("[nodes.node7]\nport = 22\n", "per-node tables"),
    ):
        config.write_text(bad)
        with pytest.raises(ValueError, match=said):
            load_settings(config)


def test_no_node_access_on_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    cli = importlib.import_module("swarmtui.cli.main")  # the package exports its function
    commands = importlib.import_module("swarmtui.cli.commands")  # imported for a command only
    seen = {}
    monkeypatch.setattr(
        commands, "run", lambda command, settings, replay: seen.setdefault("s", settings) and 0
    )
    cli.main(["--no-node-access", "report"])
    assert seen["s"].nodes.enabled is False
