"""Pin a stack's images to registry digests, as `docker stack deploy --resolve-image` does.

`always` asks the registry (through the manager: GET /distribution/NAME/json) for every
image; `changed` only for images that differ from what the running service was deployed
from (its com.docker.stack.image label), so an unchanged image causes no rollout; `never`
asks nothing. Air-gapped clusters are common: each question has a short timeout, and an
image that cannot be resolved is kept as written with a warning, as the CLI does, rather
than failing the deploy.
"""

from __future__ import annotations

from ..docker.errors import SwarmError
from ..docker.protocol import SwarmReadApi
from .convert import StackSpec
from .objects import IMAGE_LABEL, NAMESPACE_LABEL

MODES = ("always", "changed", "never")
DIGEST_TIMEOUT_S = 5.0


def _deployed_from(api: SwarmReadApi, stack: str) -> dict[str, str]:
    """Image as written in the compose file, per running service of the stack."""
    labelled = {"label": [f"{NAMESPACE_LABEL}={stack}"]}
    return {
        service["Spec"]["Name"]: (service["Spec"].get("Labels") or {}).get(IMAGE_LABEL, "")
        for service in api.list_objects("services", labelled)
    }


def resolve_images(
    api: SwarmReadApi, spec: StackSpec, mode: str, timeout: float = DIGEST_TIMEOUT_S
) -> list[str]:
    """Pin the images of `spec` in place; returns a warning per image left as written."""
    if mode not in MODES:
        raise ValueError(f"--resolve-image takes {', '.join(MODES)}, not {mode!r}")
    if mode == "never":
        return []
    deployed = _deployed_from(api, spec.name) if mode == "changed" else {}
    warnings: list[str] = []
    answers: dict[str, str | SwarmError] = {}
    for name, service in sorted(spec.services.items()):
        container = service["TaskTemplate"]["ContainerSpec"]
        image = container["Image"]
        if "@" in image or (mode == "changed" and deployed.get(name) == image):
            continue
        if image not in answers:  # one question per image, however many services use it
            try:
                answers[image] = api.image_digest(image, timeout)
            except SwarmError as error:
                answers[image] = error
        answer = answers[image]
        if isinstance(answer, SwarmError):
            warnings.append(
                f"service {name}: could not resolve {image} to a digest "
                f"({answer}); it is deployed as written."
            )
        else:
            container["Image"] = f"{image}@{answer}"
    return warnings
