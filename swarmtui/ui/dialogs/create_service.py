"""The "Create service" form: the fields `docker service create` is most used with.

Every field is checked on submit by the Docker layer's `service_spec`; each error is shown under
its own field, naming it and the bad value, and the form stays open until all of them pass.
Nothing is sent from here: the form returns what was typed and the action sends it.
"""

from __future__ import annotations

from dataclasses import fields

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from ...docker.service_fields import MODES, RESTART_CONDITIONS
from ...docker.service_spec import FormRefused, ServiceForm, service_spec
from ...render.text import literal

# (field, label, placeholder): one row each, in the order of `docker service create --help`
# users know. A field listed in CHOICES is a Select, the rest are text.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("name", "Name", "e.g. api"),
    ("image", "Image", "e.g. nginx:1.27"),
    ("mode", "Mode", ""),
    ("replicas", "Replicas", "e.g. 3"),
    ("ports", "Published ports", "e.g. 8080:80, 53:53/udp, 9000:9000/tcp/host"),
    ("restart", "Restart", ""),
    ("memory_limit", "Memory limit", "e.g. 64M, 1G (empty: none)"),
    ("memory_reservation", "Memory reservation", "e.g. 16M (empty: none)"),
    ("cpu_limit", "CPU limit", "e.g. 0.5, 2 (empty: none)"),
    ("cpu_reservation", "CPU reservation", "e.g. 0.1 (empty: none)"),
    ("env", "Environment", 'KEY=VALUE, e.g. MODE=prod MSG="hello world"'),
    ("constraints", "Constraints", "e.g. node.role==manager, node.labels.zone!=b"),
)
CHOICES: dict[str, tuple[str, ...]] = {"mode": MODES, "restart": RESTART_CONDITIONS}


class CreateServiceForm(ModalScreen[ServiceForm | None]):
    """Returns the form's values once `service_spec` accepts every field; None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, initial: ServiceForm | None = None, taken: tuple[str, ...] = ()) -> None:
        super().__init__(classes="dialog")
        self.initial = initial or ServiceForm()
        self.taken = list(taken)
        """Names of the services in the latest snapshot: a duplicate is shown on the name
        field (the writer checks again against the live list)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-body"):
            yield Label("Create a service", classes="dialog-title")
            yield Static(
                "Empty fields keep the swarm's defaults. The image must already be on "
                "the nodes or in a registry they can reach.",
                classes="dialog-prompt",
            )
            for field, label, placeholder in FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield self._input(field, placeholder)
                yield Label("", id=f"error-{field}", classes="dialog-error field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create (enter)", variant="primary", id="create")
                yield Button("Cancel (esc)", id="cancel")
            yield Static("tab: next field   enter: create   esc: cancel", classes="dialog-keys")

    def _input(self, field: str, placeholder: str) -> Widget:
        value = getattr(self.initial, field)
        if field in CHOICES:
            return Select(
                [(choice, choice) for choice in CHOICES[field]],
                value=value,
                allow_blank=False,
                compact=True,
                id=f"field-{field}",
            )
        return Input(value, placeholder=placeholder, compact=True, id=f"field-{field}")

    def on_mount(self) -> None:
        self._sync_replicas()
        self.query_one("#field-name", Input).focus()

    @property
    def form(self) -> ServiceForm:
        """What is in the fields now."""
        return ServiceForm(**{field.name: self._value(field.name) for field in fields(ServiceForm)})

    def _value(self, name: str) -> str:
        if name in CHOICES:
            return str(self.query_one(f"#field-{name}", Select).value)
        return self.query_one(f"#field-{name}", Input).value

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put each sentence under its field, clear the others, and go to the first bad one."""
        for field, _, _ in FIELDS:
            label = self.query_one(f"#error-{field}", Label)
            label.update(literal(errors.get(field, "")))
            label.set_class(field in errors, "-shown")
        first = next((field for field, _, _ in FIELDS if field in errors), None)
        if first is not None:
            self.query_one(f"#field-{first}").focus()

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        # An error describes what was typed; once that changes it no longer applies.
        field = (event.input.id or "").removeprefix("field-")
        label = self.query_one(f"#error-{field}", Label)
        label.update("")
        label.remove_class("-shown")

    @on(Select.Changed, "#field-mode")
    def _sync_replicas(self) -> None:
        # A global service runs one task per eligible node: it has no replica count.
        mode = self.query_one("#field-mode", Select).value
        self.query_one("#field-replicas", Input).disabled = mode == "global"

    @on(Input.Submitted)
    @on(Button.Pressed, "#create")
    def submit(self) -> None:
        form = self.form
        try:
            service_spec(form, self.taken)
        except FormRefused as refused:
            self.show_errors(refused.errors)
            return
        self.dismiss(form)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
