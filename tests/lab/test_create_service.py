"""Creating a service end to end on the real lab: the key, the form, the spec read back."""

from __future__ import annotations

from textual.widgets import Input, Label, Select

from swarmtui.core.audit import read_outcomes
from swarmtui.docker.errors import WriteRefused
from swarmtui.docker.service_spec import ServiceForm, service_spec
from swarmtui.docker.writes import SwarmWriter
from swarmtui.ui.app import SwarmTuiApp
from swarmtui.ui.dialogs.create_service import CHOICES, CreateServiceForm
from swarmtui.ui.screens.main import MainScreen
from tests.support.lab import Lab, first_poll, inspect, wait_for
from tests.support.waiting import palette_searched, workers_done

MIB = 1 << 20


def service_names(lab: Lab) -> list[str]:
    return sorted(lab.docker("service", "ls", "--format", "{{.Name}}").split())


async def open_form(pilot, app: SwarmTuiApp) -> None:  # noqa: ANN001
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(app.screen, CreateServiceForm), what="the form")


async def fill(pilot, app: SwarmTuiApp, **fields: str) -> None:  # noqa: ANN001
    """Type into each field as an operator would: focus it, clear it, type."""
    for field, text in fields.items():
        app.screen.query_one(f"#field-{field}", Input).focus()
        await pilot.press("end", "ctrl+u", *text)


async def choose(pilot, app: SwarmTuiApp, field: str, value: str) -> None:  # noqa: ANN001
    """Pick from a Select with the keyboard: open it, move down to `value`, take it."""
    select = app.screen.query_one(f"#field-{field}", Select)
    select.focus()
    steps = CHOICES[field].index(value) - CHOICES[field].index(str(select.value))
    await pilot.press("enter", *["down"] * steps, "enter")
    await wait_for(pilot, lambda: select.value == value, what=f"{field} to be {value}")


async def submit(pilot, app: SwarmTuiApp) -> None:  # noqa: ANN001
    """Enter in a text field submits the whole form."""
    form = app.screen
    form.query_one("#field-name", Input).focus()
    await pilot.press("enter")
    # The form checks what was typed as it takes enter: then it shows errors, or goes.
    await wait_for(
        pilot,
        lambda: app.screen is not form or bool(form.query(".field-error.-shown")),
        what="the form to answer",
    )


def field_error(app: SwarmTuiApp, field: str) -> str:
    return str(app.screen.query_one(f"#error-{field}", Label).render())


async def test_create_a_service_from_the_form(lab: Lab, lab_app, audit_log) -> None:  # noqa: ANN001
    app = lab_app()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await first_poll(pilot, app)
            keys = {
                binding.id
                for (_, binding, enabled, _) in app.screen.active_bindings.values()
                if enabled
            }
            assert "service.create" in keys  # no selection needed
            await open_form(pilot, app)
            await fill(
                pilot,
                app,
                name="made-here",
                image="swarmlab/app:1",
                replicas="2",
                ports="9180:80/tcp/host",
                memory_limit="64M",
                memory_reservation="16M",
                cpu_limit="0.5",
                cpu_reservation="0.1",
                env='MODE=test MSG="hello, world"',
                constraints="node.labels.zone!=b",
            )
            await choose(pilot, app, "restart", "on-failure")
            await submit(pilot, app)
            await wait_for(
                pilot, lambda: isinstance(app.screen, MainScreen), what="the form to close"
            )
            await wait_for(
                pilot, lambda: "made-here" in service_names(lab), what="made-here to exist"
            )
            spec = inspect(lab, "service", "made-here")["Spec"]
            template = spec["TaskTemplate"]
            assert template["ContainerSpec"]["Image"] == "swarmlab/app:1"
            assert template["ContainerSpec"]["Env"] == ["MODE=test", "MSG=hello, world"]
            assert spec["Mode"] == {"Replicated": {"Replicas": 2}}
            assert spec["EndpointSpec"]["Ports"] == [
                {"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 9180, "PublishMode": "host"}
            ]
            assert template["Resources"] == {
                "Limits": {"NanoCPUs": 500_000_000, "MemoryBytes": 64 * MIB},
                "Reservations": {"NanoCPUs": 100_000_000, "MemoryBytes": 16 * MIB},
            }
            assert template["Placement"]["Constraints"] == ["node.labels.zone!=b"]
            assert template["RestartPolicy"]["Condition"] == "on-failure"
            # The spec is one the swarm can run, and the dashboard moves to it once listed.
            await wait_for(
                pilot,
                lambda: (
                    lab.docker(
                        "service", "ls", "--filter", "name=made-here", "--format", "{{.Replicas}}"
                    ).strip()
                    == "2/2"
                ),
                timeout=60,
                what="both tasks to run",
            )
            created = inspect(lab, "service", "made-here")["ID"]
            await wait_for(
                pilot,
                lambda: app.main.selection == ("service", created, None),
                what="the new service to be selected",
            )
    finally:
        lab.docker("service", "rm", "made-here", check=False)
    entry = [e for e in read_outcomes(audit_log) if e["action"] == "create-service"][-1]
    assert entry["outcome"] == "ok" and entry["target"] == "made-here"
    assert entry["params"]["env"] == "MODE MSG" and "hello" not in str(entry["params"])


async def test_create_a_global_service(lab: Lab, lab_app) -> None:  # noqa: ANN001
    app = lab_app()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await first_poll(pilot, app)
            await open_form(pilot, app)
            await choose(pilot, app, "mode", "global")
            assert app.screen.query_one("#field-replicas", Input).disabled
            await choose(pilot, app, "restart", "none")
            await fill(pilot, app, ports="9153:53/udp", image="swarmlab/app:2", name="made-global")
            await submit(pilot, app)
            await wait_for(
                pilot, lambda: "made-global" in service_names(lab), what="made-global to exist"
            )
        spec = inspect(lab, "service", "made-global")["Spec"]
        assert spec["Mode"] == {"Global": {}}
        assert spec["TaskTemplate"]["ContainerSpec"]["Image"] == "swarmlab/app:2"
        assert spec["TaskTemplate"]["RestartPolicy"]["Condition"] == "none"
        assert spec["EndpointSpec"]["Ports"] == [
            {"Protocol": "udp", "TargetPort": 53, "PublishedPort": 9153, "PublishMode": "ingress"}
        ]
    finally:
        lab.docker("service", "rm", "made-global", check=False)


async def test_bad_input_is_named_next_to_its_field_and_nothing_is_sent(
    lab: Lab, lab_app, audit_log
) -> None:  # noqa: ANN001
    before = service_names(lab)
    web_version = inspect(lab, "service", "web")["Version"]["Index"]
    app = lab_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await first_poll(pilot, app)
        await pilot.press("ctrl+p")  # from the palette this time, as the help screen says
        await pilot.pause()
        await pilot.press(*"create  (key c)")
        await palette_searched(pilot)
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, CreateServiceForm),
            what="the form from the palette",
        )
        await fill(pilot, app, name="never-made", image="swarmlab/app:1")
        for bad in ("abc", "-1"):
            await fill(pilot, app, replicas=bad)
            await submit(pilot, app)
            assert isinstance(app.screen, CreateServiceForm)
            assert field_error(app, "replicas") == (
                f"'{bad}' is not a replica count; give a whole number, 0 or more."
            )
            assert app.screen.focused is app.screen.query_one("#field-replicas")
        await fill(pilot, app, replicas="1")
        assert field_error(app, "replicas") == ""  # editing a field clears its error
        for bad, error in (
            ("", "The image is empty; "),
            ("Bad::Image", "'Bad::Image' is not a valid image: "),
        ):
            await fill(pilot, app, image=bad)
            await submit(pilot, app)
            assert field_error(app, "image").startswith(error), bad
        await fill(
            pilot,
            app,
            image="swarmlab/app:1",
            ports="8080:http",
            memory_limit="64X",
            memory_reservation="1G",
            cpu_limit="half",
            env="NOEQUALS",
            constraints="node.role=manager",
        )
        await submit(pilot, app)
        assert field_error(app, "ports").startswith(
            "'8080:http' is not a published port: the target port 'http' is not a number"
        )
        assert field_error(app, "memory_limit").startswith("The memory limit '64X' is not ")
        assert field_error(app, "cpu_limit").startswith("The CPU limit 'half' is not ")
        assert field_error(app, "env").startswith("'NOEQUALS' is not an environment ")
        assert field_error(app, "constraints").startswith(
            "'node.role=manager' is not a placement constraint: "
        )
        await fill(
            pilot,
            app,
            ports="9181:80/host",
            memory_limit="512M",
            cpu_limit="",
            env="",
            constraints="",
        )
        await submit(pilot, app)
        assert field_error(app, "memory_reservation") == (
            "The memory reservation '1G' is more than the memory limit '512M'; a task cannot "
            "reserve more than it may use."
        )
        await fill(pilot, app, memory_reservation="", name="web")
        await submit(pilot, app)
        assert field_error(app, "name") == (
            "A service named web already exists; choose another name."
        )
        assert isinstance(app.screen, CreateServiceForm)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), what="the form to go")
    assert service_names(lab) == before
    assert inspect(lab, "service", "web")["Version"]["Index"] == web_version
    assert not [e for e in read_outcomes(audit_log) if e["action"] == "create-service"]


async def test_the_daemons_refusal_is_shown_in_full(lab: Lab, lab_app, audit_log) -> None:  # noqa: ANN001
    """A spec the form accepts can still clash in the swarm: web holds ingress port 8080."""
    before = service_names(lab)
    app = lab_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await first_poll(pilot, app)
        await open_form(pilot, app)
        await fill(pilot, app, image="swarmlab/app:1", ports="8080:80", name="never-made")
        await submit(pilot, app)
        await wait_for(
            pilot,
            lambda: any(e["action"] == "create-service" for e in read_outcomes(audit_log)),
            what="the refusal to be audited",
        )
        shown = [n.message for n in app._notifications]
    entry = read_outcomes(audit_log)[-1]
    assert entry["outcome"] == "failed"
    assert "port '8080' is already in use by service 'web'" in entry["detail"]
    assert any(message == f"The daemon refused: {entry['detail']}" for message in shown)
    assert service_names(lab) == before


def test_the_writer_refuses_a_taken_name_itself(lab: Lab) -> None:
    """The form's check uses the last snapshot; the writer checks the live list again."""
    before = service_names(lab)
    writer = SwarmWriter(lab.api())
    try:
        writer.create_service(service_spec(ServiceForm(name="WEB", image="swarmlab/app:1")))
    except WriteRefused as refused:
        assert str(refused) == (
            "A service named web already exists, so nothing was created; choose another name."
        )
    else:
        raise AssertionError("a duplicate name was not refused")
    finally:
        writer.api.close()
    assert service_names(lab) == before


async def test_read_only_hides_and_refuses_create(lab: Lab, lab_app, audit_log) -> None:  # noqa: ANN001
    before = service_names(lab)
    app = lab_app(read_only=True)
    async with app.run_test(size=(200, 40)) as pilot:
        await first_poll(pilot, app)
        shown = {
            binding.id
            for (_, binding, enabled, _) in app.screen.active_bindings.values()
            if enabled
        }
        assert "service.create" not in shown
        await pilot.press("c")
        await pilot.pause()  # a hidden key does nothing: once handled, nothing is to come
        assert isinstance(app.screen, MainScreen)
        app.main.action_run("service.create")  # invoked some other way than its (hidden) key
        await workers_done(pilot, "actions")
        assert isinstance(app.screen, MainScreen)
    refused = read_outcomes(audit_log)[-1]
    assert refused["outcome"] == "refused" and "read-only" in refused["detail"]
    assert service_names(lab) == before
