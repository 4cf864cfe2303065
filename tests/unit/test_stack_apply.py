"""Applying a deploy on a copy of the lab recording that keeps its writes (tests/support/
storing.py): a deploy that fails part way says what it did, planning again continues from
there, a version conflict is retried once, and secret and config content is handled as the
daemon allows. The lab test (tests/lab/test_stack_deploy_cli.py) checks the same on a swarm."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from swarmtui.docker.errors import DaemonUnreachable
from swarmtui.docker.rawlist import RawList
from swarmtui.docker.secrets import MASK
from swarmtui.stack import convert, load
from swarmtui.stack.applying import DeployFailed, apply
from swarmtui.stack.deploy import plan
from swarmtui.stack.report import plan_lines
from tests.support.compose import COMPOSE
from tests.support.storing import FailsOnWrite, StoringReplay, recording_copy

Json = dict[str, Any]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return recording_copy(tmp_path, "compose_shared")


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A copy of the compose files, to change."""
    copied = tmp_path / "compose"
    shutil.copytree(COMPOSE, copied)
    return copied


def stack(files: Path, name: str = "objects.yml") -> Any:  # noqa: ANN401
    return convert(load([files / name], {}), "st")


def test_a_failed_deploy_says_what_was_done_and_planning_again_continues(
    folder: Path, files: Path
) -> None:
    failing = FailsOnWrite(folder, fail_on=4)
    with pytest.raises(DeployFailed) as caught:
        apply(failing, plan(failing, stack(files)))
    assert str(caught.value).splitlines() == [
        "Could not create secret st_api_key: rpc error: code = Unknown desc = cannot create "
        "st_api_key",
        "Already done, in order: created network st_backend; created network st_default; "
        "created network st_frontend.",
        "Nothing after it was attempted; plan again to continue from what now runs.",
    ]
    assert [c.name for c in caught.value.done] == ["st_backend", "st_default", "st_frontend"]
    daemon = StoringReplay(folder)
    again = plan(daemon, stack(files))
    assert [c.name for c in again.of("create")] == [
        "st_api_key",
        "st_db_password",
        "st_site",
        "st_back",
        "st_front",
        "st_loner",
    ]
    assert [c.name for c in again.of("unchanged", "network")] == [
        "st_backend",
        "st_default",
        "st_frontend",
    ]
    apply(daemon, again)  # no "already exists"
    assert not plan(daemon, stack(files)).has_changes


def test_a_failed_first_write_says_nothing_was_changed(folder: Path, files: Path) -> None:
    failing = FailsOnWrite(folder, fail_on=1)
    with pytest.raises(DeployFailed, match="Nothing had been changed before it"):
        apply(failing, plan(failing, stack(files)))


def test_an_unexpected_exception_part_way_still_says_what_was_done(
    folder: Path, files: Path
) -> None:
    # Its 4th write raises what no layer turned into a sentence, as a bug in a client would.
    breaking = FailsOnWrite(folder, fail_on=4, error=lambda spec: KeyError("ID"))
    with pytest.raises(DeployFailed) as caught:
        apply(breaking, plan(breaking, stack(files)))
    assert str(caught.value).splitlines() == [
        "Could not create secret st_api_key: an unexpected KeyError ('ID').",
        "Already done, in order: created network st_backend; created network st_default; "
        "created network st_frontend.",
        "Nothing after it was attempted; plan again to continue from what now runs.",
    ]
    assert isinstance(caught.value.__cause__, KeyError)


def test_a_secret_removed_between_plan_and_apply_is_named(folder: Path, files: Path) -> None:
    daemon = StoringReplay(folder)
    apply(daemon, plan(daemon, stack(files)))
    changed = files / "objects.yml"
    changed.write_text(
        changed.read_text()
        .replace("  loner:\n", "  loner:\n    networks: [extra]\n", 1)
        .replace("networks:\n  frontend:\n", "networks:\n  extra:\n  frontend:\n", 1)
    )
    planned = plan(daemon, stack(files))
    secrets = json.loads((folder / "secrets.json").read_text())
    gone = next(s for s in secrets if s["Spec"]["Name"] == "st_db_password")
    (folder / "secrets.json").write_text(json.dumps([s for s in secrets if s is not gone]))
    with pytest.raises(DeployFailed) as caught:
        apply(daemon, planned)
    assert str(caught.value).splitlines() == [
        f"Could not update secret st_db_password: Secret st_db_password ({gone['ID']}) was "
        "removed from the cluster after the plan was made.",
        "Already done, in order: created network st_extra.",
        "Nothing after it was attempted; plan again to continue from what now runs.",
    ]


class UnreachableAfterAWrite(StoringReplay):
    """The daemon goes away once the deploy has changed something: the services cannot be
    read again."""

    def list_objects(self, kind: str, filters: dict[str, list[str]]) -> RawList:
        if kind == "services" and self.writes:
            raise DaemonUnreachable("The Docker daemon did not answer.")
        return super().list_objects(kind, filters)


def test_a_read_that_fails_before_the_services_still_says_what_was_done(
    folder: Path, files: Path
) -> None:
    daemon = UnreachableAfterAWrite(folder)
    with pytest.raises(DeployFailed) as caught:
        apply(daemon, plan(daemon, stack(files)))
    lines = str(caught.value).splitlines()
    assert lines[0] == "Could not create service st_back: The Docker daemon did not answer."
    assert lines[1].startswith("Already done, in order: created network st_backend;")
    assert lines[1].endswith("created secret st_db_password; created config st_site.")


class AnotherWriterFirst(StoringReplay):
    """Someone else updates the service between our read and our write, once."""

    raced = False

    def update_service(
        self, service_id: str, version: int, spec: Json, rollback: bool = False
    ) -> None:
        if not self.raced:
            self.raced = True
            super().update_service(service_id, version, spec)  # the other writer's update
        super().update_service(service_id, version, spec)  # stale the first time


def test_a_service_update_out_of_sequence_is_read_again_and_sent_once_more(
    folder: Path, files: Path
) -> None:
    daemon = StoringReplay(folder)
    apply(daemon, plan(daemon, stack(files, "apis.yml")))
    changed = files / "apis.yml"
    changed.write_text(changed.read_text().replace("replicas: 3", "replicas: 4", 1))
    racing = AnotherWriterFirst(folder)
    done = apply(racing, plan(racing, stack(files, "apis.yml")))
    assert [(c.action, c.name) for c in done] == [("update", "st_api1")]
    assert racing.writes == [("update", "st_api1"), ("update", "st_api1")]
    assert not plan(racing, stack(files, "apis.yml")).has_changes


def test_a_changed_secret_file_is_noted_and_refused_with_the_way_out(
    folder: Path, files: Path
) -> None:
    daemon = StoringReplay(folder)
    apply(daemon, plan(daemon, stack(files)))
    (files / "files" / "db_password.txt").write_text("a new password\n")
    same = plan(daemon, stack(files))
    lines = plan_lines(same)
    assert not same.has_changes and lines[-1] == "Nothing to change. 9 unchanged."
    note = lines.index(
        f"    secret st_db_password (unchanged; from {files / 'files' / 'db_password.txt'})"
    )
    assert lines[note + 1].startswith("      note: content not compared: the daemon never")
    assert "a new password" not in "\n".join(lines)
    daemon.writes.clear()
    assert apply(daemon, same) == [] and daemon.writes == []  # a no-op sends nothing

    changed = files / "objects.yml"
    changed.write_text(changed.read_text().replace("stop_grace_period: 1s", "user: nobody", 1))
    with pytest.raises(DeployFailed) as caught:
        apply(daemon, plan(daemon, stack(files)))
    assert str(caught.value).splitlines() == [
        "Could not update secret st_db_password: rpc error: code = InvalidArgument desc = only "
        "updates to Labels are allowed",
        "The content of secret st_db_password changed, and the daemon keeps a secret's content "
        "for good: give the new content a new name in the compose file (e.g. name: "
        "st_db_password_v2) and deploy again.",
        "Nothing had been changed before it.",
    ]


def test_config_content_is_compared_and_never_shown(folder: Path, files: Path) -> None:
    daemon = StoringReplay(folder)
    apply(daemon, plan(daemon, stack(files)))
    (files / "files" / "site.conf").write_text("listen 8081; # a longer file\n")
    lines = plan_lines(plan(daemon, stack(files)))
    heading = lines.index(f"  ~ config st_site (from {files / 'files' / 'site.conf'})")
    assert lines[heading + 1].startswith("      content: content changed (")
    assert lines[heading + 2].startswith("      note: the daemon refuses new content")
    assert "listen" not in "\n".join(lines)
    assert lines[-1] == "Plan: 1 to update, 8 unchanged."


def test_environment_values_never_show_in_a_plan(folder: Path, files: Path) -> None:
    base = files / "apis.yml"
    base.write_text(
        base.read_text().replace(
            "    image: swarmlab/app:1\n",
            "    image: swarmlab/app:1\n    environment:\n      POSTGRES_PASSWORD: old\n"
            "      DATABASE_URL: postgres://app:old@db/app\n",
            1,
        )
    )
    daemon = StoringReplay(folder)
    apply(daemon, plan(daemon, stack(files, "apis.yml")))
    base.write_text(base.read_text().replace(":old", ":new").replace(": old", ": new"))
    text = "\n".join(plan_lines(plan(daemon, stack(files, "apis.yml"))))
    assert "environment.POSTGRES_PASSWORD: changed" in text
    assert "environment.DATABASE_URL: changed" in text
    assert "old" not in text and "new" not in text and MASK not in text
