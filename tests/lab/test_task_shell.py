"""A shell in a task, end to end: the real `python -m swarmtui` in a real terminal (tmux) with
an sshd in every lab node. `x` on a task of web running on node2 (a worker: not the node the
dashboard talks to) hands the terminal to a shell in that very container; a command typed there
runs there; `exit` brings the dashboard back on the same task; the audit log has the exec and
nothing that was typed."""

from __future__ import annotations

import contextlib
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


@contextlib.contextmanager
def dashboard(lab: Lab, sshds: NodeSshds, folder: Path) -> Iterator[Tmux]:
    """The real swarmtui in tmux, with [nodes] user = "root" and the test's ssh side; quits
    it (q) after."""
    config = folder / "config.toml"
    config.write_text('[nodes]\nuser = "root"\n')
    env = {
        **sshds.environ(),
        "SWARMTUI_AUDIT_LOG": str(folder / "audit.log"),
        "XDG_STATE_HOME": str(folder / "state"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "PYTHONPATH": str(ROOT),
        "TERM": "xterm-256color",
    }
    command = [sys.executable, "-m", "swarmtui", "--host", lab.host(), "--config", str(config)]
    tmux = Tmux(Path(os.environ.get("TMPDIR", "/tmp")) / f"swarmtui-{uuid.uuid4().hex[:8]}.tmux")
    try:
        tmux.start(command, env, ROOT)
        tmux.wait_for(r"● live", what="the dashboard, live")
        yield tmux
        tmux.keys("q")
        # swarmtui ends its shared ssh connections as it exits
        assert tmux.wait_closed(), "swarmtui did not quit on q"
    finally:
        tmux.stop()


def on_web_task(tmux: Tmux, node: str) -> tuple[str, str]:
    """web's running tasks on `node` in the tasks pane, focused; (the pane's title, the id of
    the task under the cursor)."""
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
    tmux.keys(node, literal=True)
    tmux.keys("Enter")
    title = tmux.wait_for(
        r"\[4\] Tasks of web \(\d+/\d+\) · filtered \d+/\d+", what=f"web's tasks on {node}"
    )[0]
    tmux.wait_for(rf"Node: {node}", what=f"a task on {node} under the cursor")
    return title, tmux.wait_for(r"Task ID:\s+(\w+)", what="the task in the detail")[1]


def test_x_opens_a_shell_in_the_task_on_its_node_and_comes_back(
    lab: Lab, sshds: NodeSshds, tmp_path: Path
) -> None:
    lab.settle("web")
    on_node2 = containers_of_web(lab, "node2")
    assert on_node2, "web has no task on node2"
    with dashboard(lab, sshds, tmp_path) as tmux:
        title, task_id = on_web_task(tmux, "node2")
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

    audit = tmp_path / "audit.log"
    lines = [e for e in read_entries(audit) if e["action"] == "task-exec"]
    assert [e["outcome"] for e in lines] == ["started", "ok"], lines
    params = lines[0]["params"]
    assert params["task"] == task_id and params["node"] == "node2"
    assert params["container"].startswith(said[1]) and params["command"] == "shell"
    assert lines[1]["detail"].endswith("ended with exit status 0.")
    text = audit.read_text()
    assert "hello" not in text and "6*7" not in text
    assert json.loads(text.splitlines()[0])["user"]


def test_a_node_whose_sshd_is_down_is_one_sentence(
    lab: Lab, sshds: NodeSshds, tmp_path: Path
) -> None:
    sshds.sshds["node3"].stop()  # the last test of the module: nothing needs it after
    with dashboard(lab, sshds, tmp_path) as tmux:
        title, _ = on_web_task(tmux, "node3")
        tmux.keys("x")
        tmux.wait_for(r"ssh to node3 ended", what="the sentence, in a note")
        tmux.wait_for(re.escape(title), what="the dashboard, still on node3's tasks")
    lines = [e for e in read_entries(tmp_path / "audit.log") if e["action"] == "task-exec"]
    assert [e["outcome"] for e in lines] == ["started", "failed"], lines
    assert "refused the ssh connection" in lines[1]["detail"]
