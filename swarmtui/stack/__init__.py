"""Compose files for `docker stack deploy` parity: load, convert, plan and apply. No Textual.

loader.load(files) → ComposeConfig (validated, interpolated, merged); convert.convert(config,
stack) → StackSpec (what the Engine API takes); deploy.plan / deploy.apply compare it with the
cluster and make the changes in stack deploy's order.
"""

from .convert import StackSpec, convert
from .errors import ComposeError
from .loader import ComposeConfig, load

__all__ = ["ComposeConfig", "ComposeError", "StackSpec", "convert", "load"]
