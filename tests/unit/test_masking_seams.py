"""One masking rule at every seam (issue 15): free text whatever separates its pairs, argument
lists, options maps; the same in the write runner, the audit log, inspect and stack plans."""

from __future__ import annotations

import copy
import time
from pathlib import Path
from typing import Any

import pytest

from swarmtui.core.audit import read_entries
from swarmtui.core.writes import Write, WriteRunner
from swarmtui.docker.errors import DaemonError
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.secrets import MASK, mask_argv, mask_params, mask_structure, mask_text
from swarmtui.docker.writes import SwarmWriter
from swarmtui.render.inspect import document
from swarmtui.render.plan import plan_text
from swarmtui.stack import convert, load
from swarmtui.stack.deploy import plan
from swarmtui.stack.report import plan_lines
from swarmtui.stack.specdiff import with_daemon_defaults
from tests.support.paths import DATA
from tests.support.replay import RECORDING

OBJECTS = DATA / "objects"
SECRET = "hunter2"

# Defect 2: a pair after another pair, whatever separates them, stayed in clear.
DAEMON_TEXT = [
    ("a=1,password=hunter2", f"a=1,password={MASK}"),
    ("GET /login?user=bob&password=hunter2", f"GET /login?user=bob&password={MASK}"),
    ("x=1;DB_PASSWORD=hunter2", f"x=1;DB_PASSWORD={MASK}"),
    (
        "mount error: addr=10.0.0.1,username=svc,password=hunter2 (exit 32)",
        f"mount error: addr=10.0.0.1,username=svc,password={MASK} (exit 32)",
    ),
    ("password: hunter2", f"password: {MASK}"),
    ('{"user":"bob","password":"hunter2"}', f'{{"user":"bob","password":"{MASK}"}}'),
    ("starting --db-password=hunter2 --port=5432", f"starting --db-password={MASK} --port=5432"),
    ("Authorization: Bearer hunter2", f"Authorization: {MASK}"),
    ("next=https://x/cb?token=hunter2&y=1", f"next=https://x/cb?token={MASK}&y=1"),
]


@pytest.mark.parametrize(("text", "shown"), DAEMON_TEXT)
def test_every_secret_pair_in_free_text_is_masked(text: str, shown: str) -> None:
    assert mask_text(text) == shown


@pytest.mark.parametrize(("text", "shown"), DAEMON_TEXT)
def test_audit_parameters_mask_the_same_pairs(text: str, shown: str) -> None:
    assert mask_params({"options": text, "list": [text]}) == {"options": shown, "list": [shown]}


def test_ordinary_text_is_left_as_it_is() -> None:
    text = (
        "KEYBOARD=1 author=bob passengers=3 image=redis:7@sha256:" + "a" * 64 + " ports 8080:80 "
        "node.labels.zone==a registry:5000/team/app:1 http://db:5432/app user=bob,zone=b"
    )
    assert mask_text(text) == text
    assert mask_argv(["docker", "run", "-p8080:80", "-e", "LOG=1", "nginx:1"]) == [
        "docker",
        "run",
        "-p8080:80",
        "-e",
        "LOG=1",
        "nginx:1",
    ]


def test_arguments_are_masked_as_an_argv() -> None:
    assert mask_argv(
        [
            "--db-password=hunter2",
            "--api-token",
            "hunter2",
            "--verbose",
            "postgres://app:hunter2@db/app",
            "DB_PASSWORD=a b",
        ]
    ) == [
        f"--db-password={MASK}",
        "--api-token",
        MASK,
        "--verbose",
        f"postgres://app:{MASK}@db/app",
        f"DB_PASSWORD={MASK}",
    ]
    assert mask_argv(["CMD", "mysqladmin", "ping", "-phunter2"])[-1] == f"-p{MASK}"
    assert mask_argv(["CMD-SHELL", "mysqladmin ping -phunter2 || exit 1"]) == [
        "CMD-SHELL",
        f"mysqladmin ping -p{MASK} || exit 1",
    ]
    assert mask_argv(["CMD", "redis-cli", "-a", "hunter2", "ping"])[3] == MASK
    assert mask_argv(["--token", "--verbose"]) == ["--token", "--verbose"]


def test_a_structure_masks_by_key_but_keeps_the_names_of_secrets() -> None:
    reference = {"SecretName": "db_password", "SecretID": "abc", "File": {"Name": "db_password"}}
    assert mask_structure({"Secrets": [reference]}) == {"Secrets": [reference]}
    assert mask_structure({"JoinTokens": {"Worker": "SWMTKN-1-x"}, "Options": {"secret": "s"}}) == {
        "JoinTokens": {"Worker": MASK},
        "Options": {"secret": MASK},
    }
    label = {"key": "db.password", "value": "hunter2"}
    assert mask_structure({"label": label}) == {"label": {"key": "db.password", "value": MASK}}


def test_the_write_runner_and_the_audit_log_mask_a_mount_error(tmp_path: Path) -> None:
    def mounting(writer: SwarmWriter) -> None:
        raise DaemonError("error mounting: addr=10.0.0.1,username=svc,password=hunter2")

    log = tmp_path / "audit.log"
    runner = WriteRunner(
        lambda: ReplayApi(RECORDING), read_only=False, endpoint="unix:///x", audit_path=log
    )
    outcome = runner.run(Write("update", "web", {"o": "addr=1,password=hunter2"}, mounting))
    assert outcome.status == "failed" and SECRET not in outcome.message
    assert "username=svc,password=" in outcome.message
    assert read_entries(log) and SECRET not in log.read_text()


def _service_with_secrets_in_its_options() -> dict[str, Any]:
    service = copy.deepcopy(ReplayApi(OBJECTS).inspect_service("shop_api"))
    template = service["Spec"]["TaskTemplate"]
    template["LogDriver"] = {
        "Name": "splunk",
        "Options": {"splunk-token": SECRET, "splunk-url": f"https://app:{SECRET}@splunk:8088"},
    }
    container = template["ContainerSpec"]
    container["Args"] = ["--db", f"postgres://app:{SECRET}@db/app", f"--db-password={SECRET}"]
    container["Healthcheck"] = {"Test": ["CMD", "mysqladmin", "ping", f"-p{SECRET}"]}
    container["Mounts"] = [
        {
            "Type": "volume",
            "Source": "share",
            "Target": "/data",
            "VolumeOptions": {
                "DriverConfig": {
                    "Name": "local",
                    "Options": {
                        "type": "cifs",
                        "o": f"addr=10.0.0.1,username=svc,password={SECRET}",
                        "password": SECRET,
                    },
                }
            },
        }
    ]
    return service


@pytest.mark.parametrize("as_json", [False, True])
def test_inspect_masks_options_arguments_and_healthchecks_until_revealed(as_json: bool) -> None:
    service = _service_with_secrets_in_its_options()
    shown = document(service, as_json=as_json)
    assert SECRET not in shown
    for kept in ("splunk-token", "app:", "--db-password=", "mysqladmin", "username=svc", "-p"):
        assert kept in shown
    assert "shop_db_password" in shown  # the secret reference keeps its name
    assert document(service, as_json=as_json, reveal=True).count(SECRET) == 7


def test_inspect_masks_a_secrets_driver_options() -> None:
    secret = copy.deepcopy(ReplayApi(OBJECTS).inspect_object("secrets", "db_password"))
    secret["Spec"]["Driver"] = {"Name": "vault", "Options": {"vault-token": SECRET, "path": "x"}}
    shown = document(secret)
    assert SECRET not in shown and "vault-token" in shown and "path: x" in shown
    assert SECRET in document(secret, reveal=True)


class _Running:
    """A daemon that runs one stack's services as stored: enough for plan() to read."""

    def __init__(self, services: dict[str, Any]) -> None:
        self.services = [
            {"ID": f"id-{name}", "Version": {"Index": 1}, "Spec": with_daemon_defaults(spec)}
            for name, spec in services.items()
        ]
        for service in self.services:
            for attachment in service["Spec"]["TaskTemplate"].get("Networks") or []:
                attachment["Target"] = "net-" + attachment["Target"]

    def list_objects(self, kind: str, filters: dict[str, list[str]]) -> list[dict[str, Any]]:
        if kind == "networks":
            labels = {"com.docker.stack.namespace": "st"}
            return [
                {"Id": "net-st_default", "Name": "st_default", "Scope": "swarm", "Labels": labels}
            ]
        return copy.deepcopy(self.services) if kind == "services" else []


COMPOSE_DB = """\
services:
  db:
    image: mysql:8
    healthcheck:
      test: ["CMD", "mysqladmin", "ping"]
    logging:
      driver: splunk
      options:
        splunk-url: https://app:hunter2@splunk:8088
"""
CHANGED_DB = {
    '"ping"]': '"ping", "-phunter2"]',
    "hunter2@": "hunter3@",
    "    image: mysql:8\n": (
        "    image: mysql:8\n"
        '    command: ["--db-password=hunter2"]\n'
        '    entrypoint: ["run", "--api-token", "hunter2"]\n'
    ),
}


def test_a_stack_plan_shows_no_password_from_arguments_or_healthchecks(tmp_path: Path) -> None:
    first = tmp_path / "one" / "stack.yml"
    first.parent.mkdir()
    first.write_text(COMPOSE_DB)
    running = _Running(convert(load([first], {}), "st").services)
    changed = tmp_path / "two" / "stack.yml"
    changed.parent.mkdir()
    text = COMPOSE_DB
    for old, new in CHANGED_DB.items():
        text = text.replace(old, new)
    changed.write_text(text)
    planned = plan(running, convert(load([changed], {}), "st"))  # type: ignore[arg-type]
    lines = plan_lines(planned)
    shown = "\n".join(lines)
    assert "hunter" not in shown, shown
    assert f'      command: (none) → ["--db-password={MASK}"]' in lines
    assert f'      entrypoint: (none) → ["run", "--api-token", "{MASK}"]' in lines
    ping = '["CMD", "mysqladmin", "ping"'
    assert f'      healthcheck.test: {ping}] → {ping}, "-p{MASK}"]' in lines
    assert f"logging.options.splunk-url: https://app:{MASK}@splunk:8088 → https" in shown
    assert "hunter" not in plan_text(planned).plain


@pytest.mark.parametrize(
    "text",
    ["abcdefghij" * 10_000, "a:" * 50_000, "--" + "a-" * 50_000 + "=", "x://" + "a:" * 50_000],
)
def test_a_long_line_is_masked_in_linear_time(text: str) -> None:
    # Each of these took from seconds to minutes when a scheme or a pair's value was tried
    # from every position of a long run; the report and the last words mask whole values.
    started = time.perf_counter()
    assert mask_text(text) == text
    assert time.perf_counter() - started < 2
