"""The command line of a shell in a task: what reaches ssh, and what the node's login shell
reads back from it (ssh joins the remote words into one string that shell parses again)."""

from __future__ import annotations

import shlex
from dataclasses import replace
from pathlib import Path

import pytest

from swarmtui.docker.models import NodeInfo, TaskInfo
from swarmtui.docker.node_access import NodeAccessSettings
from swarmtui.docker.task_shell import (
    ShellRefused,
    command_words,
    destination,
    interactive_options,
    plan_shell,
    run_shell,
)

CONTAINER = "3f4e5d6c7b8a" + "0" * 52
NODE = NodeInfo(
    id="n2id", hostname="node2", role="worker", availability="active", state="ready",
    state_message="", addr="10.0.0.12", engine_version="20.10", os="linux", arch="x86_64",
    nano_cpus=2_000_000_000, memory_bytes=1 << 30, labels=(), version=1,
)  # fmt: skip
TASK = TaskInfo(
    id="t1", service_id="s1", service_name="web", slot=3, node_id="n2id",
    desired_state="running", state="running", state_since=None, message="started", error="",
    exit_code=None, image="app:1", container_id=CONTAINER, created_at=None, version=1,
)  # fmt: skip
ROOT = NodeAccessSettings(user="root")
OPTIONS = ["-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-T", "-E", "/tmp/ssh.log"]


def remote_words(argv: tuple[str, ...]) -> list[str]:
    """What the node's login shell makes of the one remote string."""
    return shlex.split(argv[-1])


def test_a_shell_goes_to_the_tasks_node_and_container() -> None:
    plan = plan_shell(TASK, NODE, ROOT, interactive_options(OPTIONS))
    assert plan.argv[0] == "ssh"
    assert plan.argv[-3:-1] == ("--", "root@10.0.0.12")
    assert remote_words(plan.argv) == [
        "docker", "exec", "-it", CONTAINER,
        "sh", "-c", "command -v bash >/dev/null && exec bash || exec sh",
    ]  # fmt: skip
    assert (plan.task, plan.node, plan.container) == ("web.3", "node2", CONTAINER)
    assert not plan.typed


def test_the_options_keep_the_timeout_and_drop_batch_mode_for_a_person() -> None:
    options = interactive_options(OPTIONS)
    assert "BatchMode=yes" not in options and "-T" not in options
    assert options[-1] == "-t"
    assert options[0:4] == ["-o", "ConnectTimeout=10", "-E", "/tmp/ssh.log"]


def test_typed_words_reach_docker_exec_unparsed_by_the_nodes_shell() -> None:
    words = command_words("""cat '/etc/a file' ; touch /tmp/pwned $(id) "`id`" """)
    plan = plan_shell(TASK, NODE, ROOT, [], words)
    assert remote_words(plan.argv)[4:] == [
        "cat", "/etc/a file", ";", "touch", "/tmp/pwned", "$(id)", "`id`",
    ]  # fmt: skip
    assert plan.typed


@pytest.mark.parametrize(
    ("text", "said"),
    [("echo 'open", "cannot be split"), ("echo \x1b[2J", "control character")],
)
def test_a_command_that_cannot_be_read_is_one_sentence(text: str, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        command_words(text)


@pytest.mark.parametrize(
    ("task", "said"),
    [
        (replace(TASK, state="failed"), "web.3 is failed, not running"),
        (replace(TASK, container_id=""), "no container id"),
        (replace(TASK, container_id="abc; rm -rf /"), "no container id"),
        (replace(TASK, container_id="-oProxyCommand=x"), "no container id"),
    ],
)
def test_a_task_without_a_container_to_enter_runs_nothing(task: TaskInfo, said: str) -> None:
    with pytest.raises(ShellRefused, match=said):
        plan_shell(task, NODE, ROOT, [])


def test_a_hostile_hostname_or_a_missing_node_runs_nothing() -> None:
    hostile = replace(NODE, hostname="-oProxyCommand=touch /tmp/pwned")
    with pytest.raises(ShellRefused, match=r"cannot be reached: .*not a plain host name"):
        plan_shell(TASK, hostile, NodeAccessSettings(template="{hostname}"), [])
    with pytest.raises(ShellRefused, match="not in the node list"):
        plan_shell(TASK, None, ROOT, [])
    with pytest.raises(ShellRefused, match="node access is off"):
        plan_shell(TASK, NODE, NodeAccessSettings(enabled=False), [])


def test_a_port_goes_to_ssh_as_an_option() -> None:
    assert destination("ops@host7:2222") == ["-p", "2222", "--", "ops@host7"]
    assert destination("bastion-hop-7") == ["--", "bastion-hop-7"]
    assert destination("ops@[fe80::1]") == ["--", "ops@fe80::1"]


def test_ssh_failing_is_said_in_one_sentence(tmp_path: Path) -> None:
    log = tmp_path / "ssh.log"
    log.write_text("earlier words\n")
    fake = tmp_path / "ssh"
    fake.write_text(
        f"#!/bin/sh\necho 'ssh: connect to host 10.0.0.12 port 22: Connection refused' >>{log}\n"
        "exit 255\n"
    )
    fake.chmod(0o755)
    plan = plan_shell(TASK, NODE, ROOT, [])
    plan = replace(plan, argv=(str(fake), *plan.argv[1:]))
    end = run_shell(plan, log)
    assert end.status == 255
    assert "10.0.0.12 refused the ssh connection" in end.said and "web.3" in end.said
    ok = replace(plan, argv=("sh", "-c", "exit 3"))
    assert run_shell(ok, log).said == "The shell in web.3 on node2 ended with exit status 3."
    killed = replace(plan, argv=("sh", "-c", "kill -INT $$"))
    assert run_shell(killed, log).said == "The shell in web.3 on node2 was ended by SIGINT."
