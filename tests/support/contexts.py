"""A docker context store in a test's DOCKER_CONFIG, laid out as `docker context create`
writes it: meta/<sha256(name)>/meta.json, and tls/<sha256(name)>/docker/*.pem."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .certs import Authority


def add_context(folder: Path, name: str, host: str, tls: bool = False) -> None:
    digest = hashlib.sha256(name.encode()).hexdigest()
    meta = folder / "contexts" / "meta" / digest
    meta.mkdir(parents=True)
    endpoints = {"docker": {"Host": host, "SkipTLSVerify": False}}
    meta_json = {"Name": name, "Metadata": {"Description": f"{name} swarm"}, "Endpoints": endpoints}
    (meta / "meta.json").write_text(json.dumps(meta_json))
    if tls:  # real certificates: a context's files are checked before it is used
        certs = folder / "contexts" / "tls" / digest / "docker"
        authority = Authority.new(certs)
        (certs / "ca-key.pem").unlink()  # the CLI keeps only ca.pem, cert.pem and key.pem
        authority.issue(certs)
