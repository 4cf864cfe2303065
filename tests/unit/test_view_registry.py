"""A view is one pane module and one registry entry: its command, its `:` words and its slot
on a wide terminal all come from what the pane declares. These tests check what a wrong
declaration would break for the operator (a key, a word, a help line), not the declarations
over again. Where each slot sits on a wide terminal is in tests/pilot/test_app.py."""

from __future__ import annotations

from swarmtui.render.jump import Jump, complete, parse
from swarmtui.ui import registry
from swarmtui.ui.screens.help import HelpScreen
from tests.support.screen import rendered_text

DIGITS = {
    "1": "show_view('services')",
    "2": "show_view('nodes')",
    "3": "show_view('placement')",
    "4": "focus_tasks",
    "5": "show_view('stacks')",
    "6": "show_view('networks')",
    "7": "show_view('secrets')",
    "8": "show_view('configs')",
}
"""The keys README and help promise, and what each shows."""


def no_names(view: str) -> list[str]:
    return []


def test_the_digit_keys_show_the_views_they_always_have() -> None:
    bound = {binding.key: binding.action for binding in registry.bindings()}
    assert {key: bound.get(key) for key in DIGITS} == DIGITS


def test_a_view_key_is_one_digit_no_other_command_answers_to() -> None:
    views = [c for c in registry.COMMANDS if c.id.startswith("view.")]
    keys = [c.keys for c in views]
    assert len(keys) == len(set(keys)) and all(len(k) == 1 and k in "123456789" for k in keys)
    others = {k for c in registry.COMMANDS if c not in views for k in c.keys.split(",")}
    assert not others & set(keys)
    assert {c.id for c in views} == {f"view.{pane.PANE}" for pane in registry.CLUSTER_PANES} | {
        "view.tasks"
    }


def test_help_lists_every_view_on_a_line_of_its_key_and_title() -> None:
    help_lines = rendered_text(HelpScreen(read_only=False).table, width=160).splitlines()
    for pane in registry.CLUSTER_PANES:
        line = next(line for line in help_lines if line.rstrip().endswith(f"view.{pane.PANE}"))
        assert line.split()[0] == pane.KEY and f"{pane.TITLE}:" in line


def test_svc_and_service_reach_the_services_with_the_name_after_them() -> None:
    assert parse(":svc", registry.PROMPT_WORDS) == Jump("services")
    assert parse(":service web", registry.PROMPT_WORDS) == Jump("services", "web")
    assert parse(":ev", registry.PROMPT_WORDS) == Jump("events")
    assert parse(":bogus", registry.PROMPT_WORDS).problem.startswith("Unknown view 'bogus'")


def test_every_word_of_a_view_reaches_that_view_and_no_other() -> None:
    """Two panes (or a pane and the events, logs or tasks) claiming one word: one loses it."""
    for pane in registry.CLUSTER_PANES:
        for word in (pane.PANE, *pane.WORDS):
            assert parse(f":{word}", registry.PROMPT_WORDS).view == pane.PANE, word
            assert parse(f":{word.upper()} x", registry.PROMPT_WORDS) == Jump(pane.PANE, "x")


def test_every_view_is_offered_by_a_word_its_first_letters_complete_to() -> None:
    offered = registry.PROMPT_WORDS.completions
    for pane in registry.CLUSTER_PANES:
        word = (pane.WORDS or (pane.PANE,))[0]
        assert word in offered
        # Typed in full, it completes to itself, not to another view's longer word; and some
        # prefix of it gets there first.
        assert complete(f":{word}", registry.PROMPT_WORDS, no_names) == f":{word}"
        assert any(
            complete(f":{word[:n]}", registry.PROMPT_WORDS, no_names) == f":{word}"
            for n in range(1, len(word))
        ), word
    assert complete(":s", registry.PROMPT_WORDS, no_names) == ":svc"
    assert complete(":ne", registry.PROMPT_WORDS, no_names) == ":net"


def test_a_views_word_then_a_name_completes_to_one_of_its_rows() -> None:
    names = {"services": ["web", "api"], "nodes": ["node2"], "networks": ["backend"]}
    assert complete(":no node", registry.PROMPT_WORDS, names.__getitem__) == ":no node2"
    assert complete(":svc w", registry.PROMPT_WORDS, names.__getitem__) == ":svc web"
    assert complete(":network ba", registry.PROMPT_WORDS, names.__getitem__) == ":network backend"
