"""A shell in a task, end to end: the real `python -m swarmtui` in a real terminal (tmux) with
an sshd in every lab node. `x` on a task of web running on node2 (a worker: not the node the
dashboard talks to) hands the terminal to a shell in that very container; a command typed there
runs there; `exit` brings the dashboard back on the same task; the audit log has the exec and
nothing that was typed."""

from __future__ import annotations

import json
import os
import re
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from swarmtui.core.audit import read_entries
from tests.support.lab import Lab
from tests.support.paths import ROOT
from tests.support.sshd import NodeSshds
from tests.support.tmux import Tmux


@pytest.fixture(scope="module")
def sshds(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> Iterator[NodeSshds]:
    started = NodeSshds(lab, tmp_path_factory.mktemp("sshds")).start()
    yield started
    started.stop()


def containers_of_web(lab: Lab, node: str) -> list[str]:
    listed = lab.docker(
        "ps", "--filter", "label=com.docker.swarm.service.name=web", "--format", "{{.ID}}",
        node=node,
    )  # fmt: skip
    return listed.split()


def test_x_opens_a_shell_in_the_task_on_its_node_and_comes_back(
    lab: Lab, sshds: NodeSshds, tmp_path: Path
) -> None:
    lab.settle("web")
    on_node2 = containers_of_web(lab, "node2")
    assert on_node2, "web has no task on node2"
    config = tmp_path / "config.toml"
    config.write_text('[nodes]\nuser = "root"\n')
    audit = tmp_path / "audit.log"
    env = {
        **sshds.environ(),
        "SWARMTUI_AUDIT_LOG": str(audit),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONPATH": str(ROOT),
        "TERM": "xterm-256color",
    }
    command = [sys.executable, "-m", "swarmtui", "--host", lab.host(), "--config", str(config)]
    tmux = Tmux(Path(os.environ.get("TMPDIR", "/tmp")) / f"swarmtui-{uuid.uuid4().hex[:8]}.tmux")
    try:
        tmux.start(command, env, ROOT)
        tmux.wait_for(r"● live", what="the dashboard, live")
        tmux.keys(":")
        tmux.wait_for(r":svc\s+:node", what="the : prompt")
        tmux.keys("svc web", literal=True)
        tmux.keys("Enter")
        tmux.wait_for(r"\[4\] Tasks of web", what="web's tasks")
        tmux.keys("4")
        tmux.wait_for(r"Task ID:", what="the tasks pane focused")
        tmux.keys("h")
        tmux.wait_for(r"Tasks of web \(\d+/\d+\)(?! · with history)", what="history hidden")
        tmux.keys("/")
        tmux.wait_for(r"filter these tasks", what="the tasks' filter")
        tmux.keys("node2", literal=True)
        tmux.keys("Enter")
        title = tmux.wait_for(
            r"\[4\] Tasks of web \(\d+/\d+\) · filtered \d+/\d+", what="web's tasks on node2"
        )[0]
        tmux.wait_for(r"Node: node2", what="a task on node2 under the cursor")
        task_id = tmux.wait_for(r"Task ID:\s+(\w+)", what="the task in the detail")[1]

        tmux.keys("x")
        tmux.wait_for(r"^(\S+ )?[#$]\s*$", what="the container's shell prompt")
        tmux.keys("echo hello-$((6*7)) from-$(hostname)", literal=True)
        tmux.keys("Enter")
        said = tmux.wait_for(r"^hello-42 from-(\w+)", what="the command's output")
        assert said[1] in on_node2, f"the shell ran in {said[1]}, not in web on node2"
        tmux.keys("exit", literal=True)
        tmux.keys("Enter")

        tmux.wait_for(re.escape(title), what="the same tasks pane back")
        tmux.wait_for(rf"Task ID:\s+{task_id}", what="the same task under the cursor")
        tmux.wait_for(r"The shell in web\.\d on node2 ended", what="the note of the exit")
    finally:
        tmux.keys("q")
        closed = tmux.wait_closed()  # swarmtui ends its shared ssh connections as it exits
        tmux.stop()
    assert closed, "swarmtui did not quit on q after the shell"

    lines = [e for e in read_entries(audit) if e["action"] == "task-exec"]
    assert [e["outcome"] for e in lines] == ["started", "ok"], lines
    params = lines[0]["params"]
    assert params["task"] == task_id and params["node"] == "node2"
    assert params["container"].startswith(said[1]) and params["command"] == "shell"
    assert lines[1]["detail"].endswith("ended with exit status 0.")
    text = audit.read_text()
    assert "hello" not in text and "6*7" not in text
    assert json.loads(text.splitlines()[0])["user"]
