"""A view is one pane module and one registry entry: its command, its `:` words and its slot
on a wide terminal all come from what the pane declares."""

from __future__ import annotations

from swarmtui.ui import registry


def test_every_pane_has_its_view_command_from_its_declaration() -> None:
    for pane in registry.CLUSTER_PANES:
        command = registry.BY_ID[f"view.{pane.PANE}"]
        assert (command.keys, command.title, command.help) == (pane.KEY, pane.TITLE, pane.HELP)
        assert command.action == f"show_view({pane.PANE!r})"


def test_view_keys_are_in_key_order_with_the_tasks_key_among_them() -> None:
    keys = [command.keys for command in registry.VIEW_COMMANDS if command.id.startswith("view.")]
    assert keys == sorted(keys) == ["1", "2", "3", "4", "5", "6", "7", "8"]


def test_the_prompt_knows_every_pane_by_its_name_and_words() -> None:
    for pane in registry.CLUSTER_PANES:
        for word in (pane.PANE, *pane.WORDS):
            assert registry.PROMPT_WORDS.aliases[word] == pane.PANE
    assert registry.PROMPT_WORDS.completions[:3] == ("svc", "node", "stack")
    assert registry.PROMPT_WORDS.aliases["ev"] == "events"


def test_every_pane_sits_in_a_known_wide_slot() -> None:
    slots = {pane.SLOT for pane in registry.CLUSTER_PANES}
    assert slots == {"main", "side", "under"}
