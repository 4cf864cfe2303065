"""ssh:// addresses ssh would misread are refused with a sentence; ssh is run so that it
never prompts and never reads an outside string as an option; what ssh said becomes one
sentence. (The real server's failures are in tests/lab/test_ssh.py.)"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from swarmtui.docker import ssh_transport
from swarmtui.docker.client import DockerApi
from swarmtui.docker.connection import resolve_endpoint
from swarmtui.docker.errors import DaemonUnreachable
from swarmtui.docker.ssh_failures import LOG_KEPT_BYTES, describe, kept_log


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("ssh://-oProxyCommand=touch%20x", "a host ssh cannot take"),
        ("ssh://-oProxyCommand=x@manager1", "a user ssh cannot take"),
        ("ssh://ops@-manager1", "a host ssh cannot take"),
        ("ssh://ops@manager 1", "a space or a control character"),
        ("ssh://ops@manager1\x1b[2J", "a space or a control character"),
        ("ssh://ops:secret@manager1", "holds a password"),
        ("ssh://ops@manager1/var/run", "drop what follows the host"),
        ("ssh://ops@manager1:99999", "not 1 to 65535"),
    ],
)
def test_an_ssh_address_ssh_would_misread_is_refused(url: str, said: str) -> None:
    with pytest.raises(DaemonUnreachable, match=said):
        resolve_endpoint(url)
    with pytest.raises(DaemonUnreachable, match=said):
        resolve_endpoint(environ={"DOCKER_HOST": url})


@pytest.mark.parametrize(
    "url", ["ssh://ops@manager1", "ssh://manager1:2222", "ssh://ops@10.0.0.4:22", "ssh://prod_a"]
)
def test_plain_ssh_addresses_pass(url: str) -> None:
    assert resolve_endpoint(url).base_url == url


def test_ssh_never_prompts_and_takes_the_host_after_the_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An `ssh` first on PATH that writes down its arguments and exits."""
    folder = tmp_path / "bin"
    folder.mkdir()
    ssh = folder / "ssh"
    ssh.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {tmp_path}/args\nexit 255\n')
    ssh.chmod(ssh.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}:{os.environ['PATH']}")
    monkeypatch.setattr(ssh_transport, "SSH_STDERR_LOG", tmp_path / "ssh.log")
    api = DockerApi(resolve_endpoint("ssh://ops@manager1:2222"), timeout=5)
    with pytest.raises(DaemonUnreachable, match="ssh to manager1 ended"):
        api.info()
    api.close()
    args = (tmp_path / "args").read_text().splitlines()
    assert args[args.index("--") :] == ["--", "manager1", "docker system dial-stdio"]
    assert "BatchMode=yes" in args and "-T" in args
    control = next(a for a in args if a.startswith("ControlPath="))
    private = Path(control.removeprefix("ControlPath=")).parent
    assert private.stat().st_mode & 0o777 == 0o700
    ssh_transport.shutdown()
    assert not private.exists()


WORDS = {
    "Host key verification failed.\n": "is not in your known_hosts: connect once with "
    "`ssh -p 2222 ops@manager1`",
    "@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
    "Host key verification failed.\n": "host key has changed since you accepted it",
    "ops@manager1: Permission denied (publickey).\n": "refused the login (ops@manager1: "
    "Permission denied (publickey))",
    "ssh: connect to host manager1 port 2222: Connection refused\n": "refused the ssh connection",
    "Connection timed out during banner exchange\n": "timed out",
    "ssh: Could not resolve hostname manager1: Name or service not known\n": "cannot resolve",
    "bash: line 1: docker: command not found\n": "has no `docker` command",
    "something new\x1b[2J\n": "ended (something new [2J): try `ssh -p 2222 ops@manager1`",
}


@pytest.mark.parametrize(("words", "said"), WORDS.items())
def test_what_ssh_said_becomes_one_sentence(words: str, said: str) -> None:
    sentence = describe(words, "ops", "manager1", "2222", "/state/ssh.log")
    assert said in sentence
    assert "\n" not in sentence and "\x1b" not in sentence


def test_a_large_ssh_log_is_set_aside_at_the_next_run(tmp_path: Path) -> None:
    log = tmp_path / "ssh.log"
    log.write_bytes(b"x" * (LOG_KEPT_BYTES + 1))
    assert kept_log(log) == log
    assert not log.exists() and (tmp_path / "ssh.log.1").stat().st_size > 1024 * 1024
    log.write_bytes(b"Warning: Permanently added 'node2'\n")
    kept_log(log)  # a small one is kept and appended to
    assert log.read_bytes().startswith(b"Warning")
