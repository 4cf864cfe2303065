"""The lint's rules about the swarm itself (managers, their workloads, the CA certificate),
the whole table of rules, and reading what they look at from the daemon."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from .errors import SwarmError
from .lint import (
    CA_EXPIRY_WARNING,
    SERVICE_RULES,
    SEVERITIES,
    Finding,
    HealthSpec,
    LintInput,
)
from .parse import parse_node, parse_service, parse_task
from .protocol import Json, SwarmReadApi

KINDS = ("swarm", "node", "service")


def manager_count(facts: LintInput) -> Iterable[Finding]:
    managers = [node for node in facts.nodes if node.is_manager]
    count = len(managers)
    if count == 1:
        yield Finding(
            "one-manager", "error", "swarm", "swarm", "",
            f"{managers[0].hostname} is the only manager: if it is lost, nothing in the swarm "
            "can be changed or rescheduled until it is rebuilt from a backup.",
            "Promote two workers (docker node promote NODE), for three managers.",
        )  # fmt: skip
    elif count and count % 2 == 0:
        yield Finding(
            "even-managers", "warning", "swarm", "swarm", "",
            f"{count} managers tolerate no more failures than {count - 1}, and a network split "
            "in two halves leaves neither a majority.",
            f"Promote one more node or demote one, for {count + 1} or {count - 1} managers.",
        )  # fmt: skip


def manager_workloads(facts: LintInput) -> Iterable[Finding]:
    workers = [n for n in facts.nodes if not n.is_manager and n.is_ready]
    if not workers:
        return  # nowhere else to run them
    running: dict[str, int] = {}
    for task in facts.tasks:
        if task.is_active and task.node_id:
            running[task.node_id] = running.get(task.node_id, 0) + 1
    for node in facts.nodes:
        if node.is_manager and node.availability == "active":
            tasks = running.get(node.id, 0)
            yield Finding(
                "manager-workload", "warning", "node", node.hostname, node.id,
                f"Manager {node.hostname} takes workloads ({tasks} task"
                f"{'s' if tasks != 1 else ''} now): a task short of CPU or memory starves the "
                "raft and can cost the swarm its quorum.",
                f"docker node update --availability drain {node.hostname} (its tasks move to "
                "the workers)",
            )  # fmt: skip


def ca_expiry(facts: LintInput) -> Iterable[Finding]:
    expires = facts.ca_expires
    if expires is None or expires - facts.now > CA_EXPIRY_WARNING:
        return
    left = expires - facts.now
    said = "expired" if left.total_seconds() <= 0 else f"expires in {left.days} days"
    yield Finding(
        "ca-expiry", "error", "swarm", "swarm", "",
        f"The swarm's root CA certificate {said} ({expires:%Y-%m-%d}): once it has, no node "
        "certificate can be renewed and nodes drop out of the swarm.",
        "docker swarm ca --rotate (on a manager), well before it expires.",
    )  # fmt: skip


ClusterRule = Callable[[LintInput], Iterable[Finding]]
CLUSTER_RULES: tuple[ClusterRule, ...] = (manager_count, manager_workloads, ca_expiry)


def lint(facts: LintInput) -> tuple[Finding, ...]:
    """Every finding, grouped by object (the swarm, nodes, services), each one's errors first."""
    found = [finding for rule in CLUSTER_RULES for finding in rule(facts)]
    found += [
        finding for service in facts.services for rule in SERVICE_RULES
        for finding in rule(service, facts)
    ]  # fmt: skip
    return tuple(
        sorted(
            found,
            key=lambda f: (KINDS.index(f.kind), f.name, SEVERITIES.index(f.severity), f.rule),
        )
    )


# Reading ------------------------------------------------------------------------------------


def parse_health(raw: Json) -> HealthSpec | None:
    spec = raw.get("Spec") or {}
    container = (spec.get("TaskTemplate") or {}).get("ContainerSpec") or {}
    health = container.get("Healthcheck")
    if not health:
        return None
    return HealthSpec(
        test=tuple(str(part) for part in health.get("Test") or ()),
        interval_ns=int(health.get("Interval") or 0),
        retries=int(health.get("Retries") or 0),
        start_period_ns=int(health.get("StartPeriod") or 0),
    )


def ca_not_after(swarm: Json) -> datetime | None:
    """When the swarm's root CA certificate (TLSInfo.TrustRoot, PEM) expires."""
    from cryptography import x509  # here: a launch that never lints never loads it

    pem = (swarm.get("TLSInfo") or {}).get("TrustRoot") or ""
    if not pem:
        return None
    try:
        certificate = x509.load_pem_x509_certificate(pem.encode())
    except ValueError:
        return None
    return certificate.not_valid_after_utc


def _ca_expires(api: SwarmReadApi) -> datetime | None:
    """None when GET /swarm cannot be read (a recording without it): no CA finding then."""
    try:
        return ca_not_after(api.inspect_swarm())
    except SwarmError:
        return None


def read_lint_input(api: SwarmReadApi, now: datetime | None = None) -> LintInput:
    """What the rules look at, read now: services, nodes, tasks desired to run, the swarm."""
    raw_services = list(api.services())
    services = tuple(parse_service(raw) for raw in raw_services)
    names = {service.id: service.name for service in services}
    tasks = tuple(parse_task(raw, names) for raw in api.tasks({"desired-state": ["running"]}))
    return LintInput(
        services=services,
        health={raw["ID"]: parse_health(raw) for raw in raw_services},
        nodes=tuple(parse_node(raw) for raw in api.nodes()),
        tasks=tasks,
        ca_expires=_ca_expires(api),
        now=now or datetime.now(UTC),
    )


def finding_data(finding: Finding) -> Json:
    """A finding as JSON (`swarmtui lint --json`): the update as path → value."""
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "kind": finding.kind,
        "name": finding.name,
        "id": finding.object_id,
        "why": finding.why,
        "fix": finding.fix,
        "update": (
            {".".join(path): value for path, value in finding.update.sets}
            if finding.update
            else None
        ),
    }
