"""Object rows with used-by, event parsing and change text, inspect masking, the `:` prompt
and regex filters, on the hand-made objects recording (tests/data/objects)."""

from __future__ import annotations

import json

from swarmtui.docker.events import EventHistory, parse_event
from swarmtui.docker.inspect import inspect
from swarmtui.docker.replay import ReplayApi
from swarmtui.docker.secrets import MASK
from swarmtui.render.events import change_text, event_rows, history_note
from swarmtui.render.filters import Filters, regex_problem
from swarmtui.render.inspect import document, search
from swarmtui.render.jump import complete, parse
from swarmtui.render.objects import object_rows
from swarmtui.render.palette import Palette
from swarmtui.ui.registry import PROMPT_WORDS
from tests.support.paths import DATA
from tests.support.replay import lab_snapshot, recorded_at

OBJECTS = DATA / "objects"


def snapshot():  # noqa: ANN201 - test helper
    return lab_snapshot(ReplayApi(OBJECTS))


def cells(rows: list) -> dict[str, list[str]]:  # noqa: ANN001
    return {str(c[0]): [str(x) for x in c] for _, c in rows}


def test_network_rows_name_driver_subnet_and_attached_services() -> None:
    rows = cells(object_rows("network", snapshot(), Palette(), recorded_at(OBJECTS)))
    assert rows["shop_default"][1:] == ["overlay", "swarm", "10.0.1.0/24", "shop_api, shop_worker"]
    assert rows["ingress"][4] == "web"  # attached through its published port


def test_secret_and_config_rows_say_who_uses_them() -> None:
    snap, now = snapshot(), recorded_at(OBJECTS)
    secrets = cells(object_rows("secret", snap, Palette(), now))
    assert secrets["db_password"][3] == "shop_api"
    assert secrets["old_token"][3] == "unused"
    assert cells(object_rows("config", snap, Palette(), now))["site_conf"][3] == "web"


def test_the_name_filter_and_regex_cover_the_object_views() -> None:
    snap, now = snapshot(), recorded_at(OBJECTS)
    only = object_rows("network", snap, Palette(), now, Filters(name="re:^(ingress|back)"))
    assert sorted(cells(only)) == ["backend", "ingress"]
    assert regex_problem("re:(").startswith("Not a valid regular expression")
    assert regex_problem("web") == "" and Filters(name="re:(").names("x")


def recorded_events() -> list:
    return [parse_event(raw) for raw in json.loads((OBJECTS / "events.json").read_text())]


def test_events_parse_with_what_changed() -> None:
    events = recorded_events()
    assert events[0].kind == "service" and events[0].name == "web"
    assert change_text(events[0]) == "replicas 3 → 5"
    assert change_text(events[1]) == "availability active → drain"
    assert "image swarmlab/app:1 → swarmlab/app:2" in change_text(events[3])
    rows = event_rows(events, "drain", Palette())
    assert len(rows) == 1 and rows[0][0].endswith(f"|node:{events[1].object_id}")


def test_history_is_bounded_and_says_when_cut() -> None:
    history = EventHistory(size=3)
    event = recorded_events()[0]
    for _ in range(300):
        history.add(event, replayed=True)
    assert len(history.events()) == 3 and history.cut
    assert "history is cut" in history_note(history)
    assert len(history.of_object(event.object_id, 5)) == 3


def test_inspect_masks_secret_looking_env_and_labels_until_revealed() -> None:
    web = ReplayApi(OBJECTS).inspect_service("web")
    masked = document(web)
    assert "hunter2" not in masked and "DB_PASSWORD=••••" in masked
    assert "s3cr3t" not in masked and "LOG_LEVEL=info" in masked
    assert "hunter2" in document(web, reveal=True)
    assert json.loads(document(web, as_json=True))["Spec"]["Name"] == "web"
    assert search(masked, "db_password")


def test_a_secrets_and_a_configs_data_are_masked_as_yaml_and_as_json() -> None:
    recording = ReplayApi(OBJECTS)
    # The daemon never returns a secret's Data; one that did must not show it either.
    secret = inspect(recording, "secret", "db_password")
    secret = {**secret, "Spec": {**secret["Spec"], "Data": "aHVudGVyMg=="}}
    config = inspect(recording, "config", "site_conf")
    assert config["Spec"]["Data"] == "bGlzdGVuIDgwOwo="
    for data, content in ((secret, "aHVudGVyMg=="), (config, "bGlzdGVuIDgwOwo=")):
        for as_json in (False, True):
            shown = document(data, as_json=as_json)
            assert content not in shown and MASK in shown
        assert content in document(data, reveal=True)


def test_prompt_parses_and_completes() -> None:
    snap = snapshot()
    words = PROMPT_WORDS  # each view's words, from its pane

    def names(view: str) -> list[str]:
        if view == "nodes":
            return [node.hostname for node in snap.nodes]
        return [item.name for item in snap.objects if f"{item.kind}s" == view]

    assert parse(":svc web", words).view == "services" and parse("svc web", words).name == "web"
    assert parse(":net", words).view == "networks" and parse(":logs web", words).view == "logs"
    assert parse(":bogus", words).problem.startswith("Unknown view 'bogus'")
    assert complete("ev", words, names) == "events"
    assert complete(":node node", words, names) == ":node node1"
    assert complete("secret old", words, names) == "secret old_token"
