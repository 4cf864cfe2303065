"""Load compose files as `docker stack deploy -c A -c B` does, natively.

Per file: parse the YAML → refuse forbidden keys → interpolate `$VARS` from the process
environment → validate against schema.py → normalise (normalize.py, env_file). Then the files
are merged in order (merge.py). Every problem of every file is collected and raised together
as one ComposeError; keys stack deploy ignores become warnings.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FilePath

from ..docker.errors import WriteRefused
from ..docker.protocol import Json
from ..docker.validate import validate_image
from . import normalize
from .envfile import ENV_FILES, environment
from .errors import ComposeError, key_path, where
from .interpolate import interpolate
from .limits import MAX_COMPOSE_FILE_BYTES, TooBig, check_source_file, read_text
from .merge import merge_files
from .schema import COMPOSE_FILE
from .schema_types import Path
from .schema_versions import LATEST, VERSIONS
from .validate import check, whole_numbers
from .yamlfile import parse

FORBIDDEN = {
    "extends": "extends is not supported by stack deploy",
    "volume_driver": "define the volume under the top-level volumes: with its driver instead",
    "volumes_from": "share a volume by defining it under the top-level volumes: instead",
    "cpu_quota": "set resource limits under deploy.resources instead",
    "cpu_shares": "set resource limits under deploy.resources instead",
    "cpuset": "set resource limits under deploy.resources instead",
    "mem_limit": "set resource limits under deploy.resources instead",
    "memswap_limit": "set resource limits under deploy.resources instead",
}
IGNORED = (
    "build",
    "cgroupns_mode",
    "cgroup_parent",
    "devices",
    "domainname",
    "external_links",
    "ipc",
    "links",
    "mac_address",
    "network_mode",
    "pid",
    "privileged",
    "restart",
    "security_opt",
    "shm_size",
    "userns_mode",
)
DEPRECATED = ("container_name", "expose")


def _version(raw: Json) -> str:
    """docker's schema.Version: no version, "" and "3" mean the latest 3.x format."""
    version = raw.get("version")
    text = "" if version is None else normalize.go_string(version)
    return LATEST if text in ("", "3") else text


@dataclass
class ComposeConfig:
    """The merged files: services and top-level objects in their normalised form."""

    services: dict[str, Json] = field(default_factory=dict)
    networks: dict[str, Json] = field(default_factory=dict)
    volumes: dict[str, Json] = field(default_factory=dict)
    secrets: dict[str, Json] = field(default_factory=dict)
    configs: dict[str, Json] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def load(
    files: Sequence[str | os.PathLike[str]], environ: Mapping[str, str] | None = None
) -> ComposeConfig:
    """Load and merge `files` in order; raises ComposeError with every problem found."""
    if not files:
        raise ComposeError(["No compose file was given."])
    environ = dict(os.environ if environ is None else environ)
    working_dir = str(FilePath(files[0]).resolve().parent)
    errors: list[str] = []
    warnings: list[str] = []
    loaded: list[Json] = []
    version = ""
    for file in files:
        name = str(file)
        try:
            text = read_text(file, MAX_COMPOSE_FILE_BYTES, "compose files")
            raw, lines = parse(text, name)
        except OSError as error:
            errors.append(f"{name}: cannot read the file: {error.strerror or error}.")
            continue
        except TooBig as error:
            errors.append(str(error))
            continue
        except ComposeError as error:
            errors.extend(error.messages)
            continue
        this_version = _version(raw)
        version = version or this_version
        if this_version not in VERSIONS:
            errors.append(
                f"{where(name, lines.get(('version',)))}version {this_version} is not a "
                f"compose file format stack deploy knows ({VERSIONS[0]} to {LATEST})."
            )
            continue
        if this_version != version:
            errors.append(
                f"{where(name, lines.get(('version',)))}version {this_version} differs "
                f"from {version} of the first file; all files must share one."
            )
        config = _load_one(raw, lines, name, this_version, working_dir, environ, errors, warnings)
        if config is not None:
            loaded.append(config)
    if errors:
        raise ComposeError(errors, warnings)
    merged = merge_files(loaded)
    for name, service in merged["services"].items():
        _check_image(name, service, errors)
    if errors:
        raise ComposeError(errors, warnings)
    return ComposeConfig(**merged, warnings=warnings)


def _check_image(name: str, service: Json, errors: list[str]) -> None:
    """After merging, as docker does: a later file may give the image of an earlier one."""
    here = service.pop("_where", "")
    image = service.get("image")
    if not image:
        errors.append(
            f"{here}service {name}: no image is given; every service needs an "
            "image (stack deploy does not build)."
        )
        return
    try:
        validate_image(image)
    except WriteRefused as error:
        errors.append(f"{here}service {name}: image: {str(error).rstrip('.')}.")


def _load_one(
    raw: Json,
    lines: dict[Path, int],
    file: str,
    version: str,
    working_dir: str,
    environ: Mapping[str, str],
    errors: list[str],
    warnings: list[str],
) -> Json | None:
    def report(problems: list[tuple[Path, str]]) -> None:
        for path, text in problems:
            errors.append(f"{where(file, _line(lines, path))}{key_path(path)}: {text}.")

    before = len(errors)
    declared = raw.get("services")
    services: Json = declared if isinstance(declared, dict) else {}
    for service, body in services.items():
        for key in body if isinstance(body, dict) else ():
            path = ("services", service, key)
            if key in FORBIDDEN:
                report([(path, f"'{key}' is not allowed: {FORBIDDEN[key]}")])
            elif key in IGNORED:
                warnings.append(
                    f"{where(file, lines.get(path))}{key_path(path)} is ignored by stack deploy."
                )
            elif key in DEPRECATED:
                warnings.append(
                    f"{where(file, lines.get(path))}{key_path(path)} is deprecated "
                    "and ignored by stack deploy."
                )
    problems: list[tuple[Path, str]] = []
    config = interpolate(raw, environ, (), problems)
    report(problems)
    # A forbidden key was reported above with its reason; not again as an unknown one.
    report(
        [
            (path, text)
            for path, text in check(config, COMPOSE_FILE, (), version)
            if not (len(path) == 3 and path[0] == "services" and path[2] in FORBIDDEN)
        ]
    )
    if len(errors) > before:
        return None
    config = whole_numbers(config, COMPOSE_FILE)  # replicas: 3.0 is 3, as docker reads it
    result: Json = {"services": {}}
    for service, body in (config.get("services") or {}).items():
        result["services"][service] = _service(
            service, body, lines, file, working_dir, environ, errors
        )
    for kind in ("networks", "volumes", "secrets", "configs"):
        result[kind] = {}
        for name, body in (config.get(kind) or {}).items():
            try:
                result[kind][name] = _top_level(kind, body or {}, name, working_dir)
            except normalize.Invalid as error:
                report([((kind, name), str(error))])
    return result if len(errors) == before else None


def _line(lines: dict[Path, int], path: Path) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def _service(
    name: str,
    body: Json,
    lines: dict[Path, int],
    file: str,
    working_dir: str,
    environ: Mapping[str, str],
    errors: list[str],
) -> Json:
    service = dict(body)
    here = where(file, lines.get(("services", name)))
    service["_where"] = here  # for the image check, which waits for the merge
    try:
        service["environment"] = environment(service, working_dir, environ)
        for key in ("command", "entrypoint"):
            if key in service:
                service[key] = normalize.command(service[key])
        for key in ("labels", "sysctls"):
            service[key] = normalize.mapping(service.get(key))
        service["extra_hosts"] = normalize.extra_hosts(service.get("extra_hosts"))
        for key in ("dns", "dns_search", "tmpfs"):
            service[key] = normalize.string_list(service.get(key))
        service["ports"] = normalize.ports(service.get("ports"))
        service["volumes"] = normalize.volumes(service.get("volumes"), working_dir, environ)
        service["secrets"] = normalize.file_references(service.get("secrets"))
        service["configs"] = normalize.file_references(service.get("configs"))
        service["networks"] = normalize.service_networks(service.get("networks"))
        deploy = dict(service.get("deploy") or {})
        deploy["labels"] = normalize.mapping(deploy.get("labels"))
        service["deploy"] = deploy
        if isinstance((service.get("healthcheck") or {}).get("test"), str):
            service["healthcheck"] = {
                **service["healthcheck"],
                "test": ["CMD-SHELL", service["healthcheck"]["test"]],
            }
    except (normalize.Invalid, OSError, TooBig) as error:
        errors.append(f"{here}service {name}: {str(error).rstrip('.')}.")
    env_files = normalize.string_list(service.pop("env_file", None))
    if env_files:  # read into `environment` above; kept only so a plan can name its files
        service[ENV_FILES] = [
            path if os.path.isabs(path) else os.path.join(working_dir, path) for path in env_files
        ]
    return service


def _top_level(kind: str, body: Json, name: str, working_dir: str) -> Json:
    entry = dict(body)
    external = entry.get("external")
    if isinstance(external, dict) and external.get("name") and entry.get("name"):
        raise normalize.Invalid("external.name and name conflict; give name only")
    if isinstance(external, dict):
        entry["external"] = True
        entry["name"] = entry.get("name") or external.get("name") or name
    elif external:
        entry["name"] = entry.get("name") or name
    entry["external"] = bool(entry.get("external"))
    entry["labels"] = normalize.mapping(entry.get("labels"))
    if (
        kind in ("secrets", "configs")
        and entry.get("file")
        and not entry["external"]
        and not entry.get("driver")
    ):
        entry["file"] = os.path.normpath(os.path.join(working_dir, entry["file"]))
        problem = check_source_file(entry["file"], kind[:-1])
        if problem:
            raise normalize.Invalid(problem)
    return entry
