"""The one masking rule: which names look secret, and how values, env entries, labels and
audit parameters are masked; and node labels masked where the dashboard shows them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.secrets import (
    MASK,
    has_credentials,
    looks_secret,
    mask_env,
    mask_labels,
    mask_params,
    mask_value,
)
from swarmtui.render.detail import node_detail
from swarmtui.render.nodes import node_rows
from swarmtui.render.palette import Palette
from tests.support.replay import RECORDING, by_name, lab_snapshot


@pytest.mark.parametrize(
    "name",
    [
        "POSTGRES_PASSWORD",
        "password",
        "DB_PASSWD",
        "MYSQL_ROOT_PWD",
        "SMTP_PASS",
        "GITHUB_TOKEN",
        "apiToken",
        "CLIENT_SECRET",
        "DJANGO_SECRET_KEY",
        "API_KEY",
        "apiKey",
        "AWS_ACCESS_KEY_ID",
        "PRIVATE_KEY",
        "SSHKEY",
        "GOOGLE_APPLICATION_CREDENTIALS",
        "BASIC_AUTH",
        "OAUTH_CLIENT",
        "TLS_CERT",
        "GPG_PASSPHRASE",
        "HASH_SALT",
        "SENTRY_DSN",
        "DBPASSWORD",
        "com.example.secret",
    ],
)
def test_secret_looking_names(name: str) -> None:
    assert looks_secret(name)


@pytest.mark.parametrize(
    "name",
    [
        "KEYBOARD_LAYOUT",
        "MONKEY",
        "AUTHOR_NAME",
        "CASSANDRA_KEYSPACE",
        "PASSENGER_COUNT",
        "LOG_LEVEL",
        "DATABASE_URL",
        "TOKENIZER_MODEL",
        "com.docker.stack.namespace",
        "",
    ],
)
def test_ordinary_names(name: str) -> None:
    assert not looks_secret(name)


def test_values_are_masked_by_name_and_url_passwords_everywhere() -> None:
    assert mask_value("POSTGRES_PASSWORD", "hunter2") == MASK
    assert mask_value("LOG_LEVEL", "debug") == "debug"
    url = "postgres://app:hunter2@db:5432/app"
    assert has_credentials(url) and not has_credentials("http://db:5432/app")
    assert mask_value("DATABASE_URL", url) == f"postgres://app:{MASK}@db:5432/app"
    assert mask_env(["A=1", "POSTGRES_PASSWORD=x", "BARE", "TOKEN="]) == [
        "A=1",
        f"POSTGRES_PASSWORD={MASK}",
        "BARE",
        f"TOKEN={MASK}",
    ]
    assert mask_labels({"traefik.port": "80", "basic.auth": "u:p"}) == {
        "traefik.port": "80",
        "basic.auth": MASK,
    }


def test_audit_parameters_are_masked_at_any_depth() -> None:
    params = {
        "env": "POSTGRES_PASSWORD=x LOG=1",
        "token": "SWMTKN-1-abc",
        "key": "db.password",
        "value": "x",
        "nested": [{"API_KEY": 3}, "url=redis://:pw@cache:6379"],
        "changes": ["create secret st_db_password"],
        "role": "worker",
        "force": True,
    }
    assert mask_params(params) == {
        "env": f"POSTGRES_PASSWORD={MASK} LOG=1",
        "token": MASK,
        "key": "db.password",
        "value": MASK,
        "nested": [{"API_KEY": MASK}, f"url=redis://:{MASK}@cache:6379"],
        "changes": ["create secret st_db_password"],
        "role": "worker",
        "force": True,
    }


def test_the_audit_log_writes_masked_parameters(tmp_path) -> None:  # noqa: ANN001
    from swarmtui.core.audit import AuditLog, read_entries

    log = AuditLog(tmp_path / "audit.log", "cluster", "unix:///x")
    log.record("add-label", "node1", {"key": "db.password", "value": "hunter2"}, "ok")
    assert "hunter2" not in (tmp_path / "audit.log").read_text()
    assert read_entries(tmp_path / "audit.log")[0]["params"]["value"] == MASK


def test_secret_looking_node_labels_are_masked_in_the_table_and_the_detail() -> None:
    snapshot = lab_snapshot(ReplayApi(RECORDING))
    node = by_name(snapshot, "node2")
    labels = (("db.password", "hunter2"), ("zone", "b"), ("backup", "s3://u:pw@b/x"))
    labelled = replace(node, labels=labels)
    snapshot = replace(snapshot, nodes=tuple(labelled if n is node else n for n in snapshot.nodes))
    row = dict(node_rows(snapshot, Palette()))[node.id]
    assert row[-1].plain == f"db.password={MASK} zone=b backup=s3://u:{MASK}@b/x"
    detail = node_detail(labelled, snapshot, Palette()).plain
    assert f"\nLabels: db.password={MASK}  zone=b  backup=s3://u:{MASK}@b/x\n" in detail
    assert "hunter2" not in detail and ":pw@" not in detail
