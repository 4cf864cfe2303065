"""Turn what an operator typed into the "Create service" form into a ServiceSpec.

Pure functions, no Textual. `ServiceForm` holds the form's text field by field; `service_spec`
returns the JSON that POST /services/create takes, or raises FormRefused with one sentence per
bad field, each naming the field and the bad value, so the form can show every error next to
its field at once. service_fields.py parses each field by the daemon's own rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from .errors import WriteRefused
from .protocol import Json
from .service_fields import (
    parse_constraints,
    parse_cpus,
    parse_env,
    parse_memory,
    parse_mode,
    parse_ports,
    parse_restart,
)
from .validate import parse_replicas, validate_image, validate_service_name


@dataclass(frozen=True)
class ServiceForm:
    """The form's fields as typed; empty optional fields mean "the daemon's default"."""

    name: str = ""
    image: str = ""
    mode: str = "replicated"
    replicas: str = "1"
    ports: str = ""
    restart: str = "any"
    memory_limit: str = ""
    memory_reservation: str = ""
    cpu_limit: str = ""
    cpu_reservation: str = ""
    env: str = ""
    constraints: str = ""


class FormRefused(WriteRefused):
    """Some fields are wrong; `errors` maps each such field to its sentence."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def service_spec(form: ServiceForm, taken: Iterable[str] = ()) -> Json:
    """The ServiceSpec to create; FormRefused names every bad field, nothing is half-built.

    `taken` are the names of the services known to exist, compared ignoring case as swarmkit
    does, so a duplicate is shown on the name field rather than refused after the form.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    checks: dict[str, Any] = {
        "name": validate_service_name,
        "image": validate_image,
        "mode": parse_mode,
        "replicas": parse_replicas,
        "ports": parse_ports,
        "restart": parse_restart,
        "memory_limit": lambda text: parse_memory(text, "memory limit"),
        "memory_reservation": lambda text: parse_memory(text, "memory reservation"),
        "cpu_limit": lambda text: parse_cpus(text, "CPU limit"),
        "cpu_reservation": lambda text: parse_cpus(text, "CPU reservation"),
        "env": parse_env,
        "constraints": parse_constraints,
    }
    for field, check in checks.items():
        if field == "replicas" and values.get("mode") == "global":
            continue  # a global service has no replica count to check
        try:
            values[field] = check(getattr(form, field))
        except WriteRefused as error:
            errors[field] = str(error)
    name = values.get("name")
    if name and name.lower() in {other.lower() for other in taken}:
        errors["name"] = f"A service named {name} already exists; choose another name."
    for kind, what in (("memory", "memory"), ("cpu", "CPU")):
        limit, reservation = values.get(f"{kind}_limit"), values.get(f"{kind}_reservation")
        if limit and reservation and reservation > limit:
            errors[f"{kind}_reservation"] = (
                f"The {what} reservation '{getattr(form, f'{kind}_reservation').strip()}' is "
                f"more than the {what} limit '{getattr(form, f'{kind}_limit').strip()}'; a task "
                "cannot reserve more than it may use."
            )
    if errors:
        raise FormRefused(errors)
    return _build(values)


def _resources(memory: int | None, cpus: int | None) -> Json:
    return {key: value for key, value in (("NanoCPUs", cpus), ("MemoryBytes", memory)) if value}


def _build(values: dict[str, Any]) -> Json:
    container: Json = {"Image": values["image"]}
    if values["env"]:
        container["Env"] = values["env"]
    template: Json = {"ContainerSpec": container, "RestartPolicy": {"Condition": values["restart"]}}
    limits = _resources(values["memory_limit"], values["cpu_limit"])
    reservations = _resources(values["memory_reservation"], values["cpu_reservation"])
    if limits or reservations:
        template["Resources"] = {"Limits": limits, "Reservations": reservations}
    if values["constraints"]:
        template["Placement"] = {"Constraints": values["constraints"]}
    spec: Json = {
        "Name": values["name"],
        "TaskTemplate": template,
        "Mode": (
            {"Global": {}}
            if values["mode"] == "global"
            else {"Replicated": {"Replicas": values["replicas"]}}
        ),
    }
    if values["ports"]:
        spec["EndpointSpec"] = {"Ports": values["ports"]}
    return spec


def audit_params(form: ServiceForm) -> Json:
    """What the audit log keeps of a create: the filled fields, but only the environment's
    keys, since its values may be secrets."""
    params = {
        field: value.strip()
        for field, value in asdict(form).items()
        if value.strip() and field != "name"
    }
    if form.mode.strip() == "global":
        params.pop("replicas", None)
    if "env" in params:
        try:
            params["env"] = " ".join(entry.partition("=")[0] for entry in parse_env(form.env))
        except WriteRefused:
            params["env"] = "(not logged)"
    return params
