"""The rotation dialog: the next version's name (shown, editable) and its data, from a file or
typed into a password field that never shows it. When the next version already exists (a
rotation stopped half-way) it resumes instead, with the data that version holds.

The data leaves this dialog only as bytes in its answer: never on screen, in a message or in
the audit log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...docker.errors import SwarmError
from ...docker.rotation import Progress, check_name
from ...docker.rotation_io import read_data_file
from ...render.text import line, literal


@dataclass(frozen=True)
class RotateRequest:
    name: str
    """The new version's name."""
    data: bytes | None = field(repr=False)
    """The new data; None when the rotation resumes onto an existing version."""
    source: str = ""
    """Where the data came from, as the audit log may say it: a file's path, or "typed"."""


class RotateDialog(ModalScreen[RotateRequest | None]):
    DEFAULT_CSS = """
    RotateDialog #rotate-body { width: 100; }
    RotateDialog .form-row { height: auto; }
    RotateDialog .form-label { width: 22; }
    RotateDialog .form-row Input { width: 1fr; }
    RotateDialog #rotate-mode { margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+y", "rotate", "Rotate"),
    ]

    def __init__(
        self, progress: Progress, name: str, existing: Mapping[str, bool], template: str
    ) -> None:
        """`existing`: every name of this kind, and whether it is a rotation of this one."""
        super().__init__(classes="dialog")
        self.progress = progress
        self.proposed = name
        self.existing = existing
        self.template = template

    def compose(self) -> ComposeResult:
        kind, old = self.progress.kind, self.progress.old_name
        with VerticalScroll(classes="dialog-body", id="rotate-body"):
            yield Label(line(f"Rotate {kind} {old}"), classes="dialog-title")
            yield Static(self._users(), classes="dialog-prompt")
            with Horizontal(classes="form-row"):
                yield Label("Next version", classes="form-label")
                yield Input(self.proposed, id="rotate-name", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("New data from file", classes="form-label")
                yield Input(placeholder="a path", id="rotate-file", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("or type it (hidden)", classes="form-label")
                yield Input(password=True, id="rotate-typed", compact=True)
            yield Static(self._mode(self.proposed), id="rotate-mode")
            yield Label("", id="dialog-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Rotate (ctrl+y)", variant="error", id="rotate")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        first = "#rotate" if self._resumes(self.proposed) else "#rotate-file"
        self.query_one(first).focus()

    def _users(self) -> Text:
        progress = self.progress
        users = sorted(progress.services, key=lambda s: s.name)
        if not users:
            return literal(f"No service mounts {progress.old_name}.")
        said = Text(f"Mounted by {len(users)} service{'s' if len(users) != 1 else ''}:\n")
        for service in users:
            version = progress.new_name if service.on == "new" else progress.old_name
            mounts = ", ".join(mount.said for mount in service.mounts)
            said.append_text(literal(f"  {service.name}: {mounts}, runs {version}\n"))
        said.append_text(literal(f"Naming: {self.template} (config.toml [rotation] name)."))
        return said

    def _resumes(self, name: str) -> bool:
        return self.existing.get(name.strip(), False)

    def _mode(self, name: str) -> Text:
        progress, cleaned = self.progress, name.strip()
        if self._resumes(cleaned):
            return literal(
                f"{cleaned} exists, made by rotating {progress.old_name}: the rotation resumes "
                f"with the data it holds (no new data), for the services still on "
                f"{progress.old_name}, then removes {progress.old_name}."
            )
        return literal(
            f"Creates {cleaned or '…'} (labels copied), then updates each service one at a "
            "time (the same target, uid, gid and mode), following its rollout, and removes "
            f"{progress.old_name} once all have converged. A failure stops it and says who "
            "runs which version; rotating again resumes."
        )

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#dialog-error", Label).update("")
        if event.input.id == "rotate-name":
            self.query_one("#rotate-mode", Static).update(self._mode(event.value))

    @on(Input.Submitted)
    @on(Button.Pressed, "#rotate")
    def action_rotate(self) -> None:
        try:
            self.dismiss(self._request())
        except (SwarmError, ValueError) as error:
            self.query_one("#dialog-error", Label).update(literal(str(error)))

    def _request(self) -> RotateRequest:
        kind, old = self.progress.kind, self.progress.old_name
        name = check_name(self.query_one("#rotate-name", Input).value, kind)
        path = self.query_one("#rotate-file", Input).value.strip()
        typed = self.query_one("#rotate-typed", Input).value
        if name == old:
            raise ValueError(f"The next version needs a name other than {old}.")
        if name in self.existing:
            if not self.existing[name]:
                raise ValueError(
                    f"A {kind} named {name} exists and is not a rotation of {old}; "
                    "choose another name."
                )
            if path or typed:
                raise ValueError(
                    f"{name} exists: the rotation resumes with the data it holds; clear the "
                    "new data, or choose another name for another version."
                )
            return RotateRequest(name, None)
        if path and typed:
            raise ValueError("Give the new data one way: a file, or typed, not both.")
        if path:
            return RotateRequest(name, read_data_file(path), path)
        if typed:
            return RotateRequest(name, typed.encode("utf-8"), "typed")
        raise ValueError(f"Give the new data of {name}: a file's path, or type it.")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
