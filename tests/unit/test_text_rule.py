"""The rule for outside text in the dashboard, checked at every call that shows text (the
scan and why it is one: tests/support/text_rule.py), and the rule that only the command line's
output module prints. Run with the rest of the suite, so CI fails on a notice, label or cell
that shows outside text with markup on."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.text_rule import PACKAGE, UI, Module, findings, name_of

ALLOWED = {
    ("panes/keyed_table.py", "self.add_row(*cells, key=key)"):
        "every row's cells went through safe_cells (Text) a few lines above",
    ("panes/keyed_table.py", "self.update_cell(key, column.key, new, update_width=True)"):
        "`new` is one of those same safe_cells",
    ("panes/table_pane.py", "self.query_one(Label).update(title, layout=False)"):
        "a str is made line() just above; the pane's one Label is built with markup=False",
    ("dialogs/__init__.py", "Button(f'{self.confirm_label} (y)', variant='error', id='yes')"):
        "the confirm label is a word of ours (Yes, Remove, Drain) given by the caller",
    ("dialogs/create_service.py",
     "Input(value, placeholder=placeholder, compact=True, id=f'field-{field}')"):
        "each field's placeholder comes from the FIELDS table of this module",
    ("screens/help.py", "table.add_row(keys, what, command_id)"):
        "a help Row is three Text (the Row alias), built from the command registry",
    ("screens/help.py",
     "table.add_row(keys, Text.assemble(what, '  ', (command_id.plain, 'dim')))"):
        "the same Row's Text, the id's plain string given a style by assemble",
    ("screens/help.py", "Static(self.table, id='help-text')"):
        "a HelpTable, a Rich renderable of those rows, never a markup string",
}  # fmt: skip
"""(file under swarmtui/ui, the call as ast.unparse writes it): why it is safe."""


def ui_files() -> list[Path]:
    return sorted(UI.rglob("*.py"))


def test_no_outside_text_is_shown_as_markup() -> None:
    problems = [
        str(finding)
        for path in ui_files()
        for finding in findings(Module.of(path), str(path.relative_to(UI)), ALLOWED)
    ]
    assert problems == [], "\n".join(problems)


def test_every_allowance_is_still_needed() -> None:
    # An entry whose call is gone or has become safe is removed, so the list stays honest.
    caught = {
        (finding.path, finding.call)
        for path in ui_files()
        for finding in findings(Module.of(path), str(path.relative_to(UI)), allowed={})
    }
    assert set(ALLOWED) <= caught, set(ALLOWED) - caught


def test_only_the_command_lines_output_module_prints() -> None:
    printing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "cli" / "output.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and (
                name_of(node.func) == "print"
                or ast.unparse(node.func) in {"sys.stdout.write", "sys.stderr.write"}
            ):
                printing.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert printing == [], "print through swarmtui.cli.output, which makes outside text safe"


def test_the_scan_catches_a_notice_of_outside_text_with_markup_on(tmp_path: Path) -> None:
    # The shape of the stack removal's retry notice before its fix, and its fix.
    source = (
        "def remove(app, name: str) -> None:\n"
        "    def retrying(message: str) -> None:\n"
        "        app.call_from_thread(app.notify, message, severity='warning')\n"
        "    def fixed(message: str) -> None:\n"
        "        app.call_from_thread(app.notify, message, markup=False)\n"
        "    app.notify(f'Removed {name}.')\n"
        "    app.notify('Refreshing.')\n"
        "    Static(visible(name))\n"
        "    Static(line(name))\n"
    )
    path = tmp_path / "example.py"
    path.write_text(source)
    assert [finding.line for finding in findings(Module(path), "example.py", {})] == [3, 6, 8]
