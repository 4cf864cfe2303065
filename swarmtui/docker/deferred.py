"""Imports the docker SDK makes at start and swarmtui never uses, deferred until first used.

docker-py imports its paramiko transport whenever it is imported (`docker.transport` tries
`sshconn`, which imports paramiko, which imports invoke): a third of a second of every launch,
spent before the first request, for an SSH client swarmtui does not use (it runs the
operator's own OpenSSH). sshconn touches paramiko only inside functions, so until then a stand-in
module answers its `import paramiko`; the first attribute asked of it imports the real one.
(importlib's LazyLoader cannot do this on Python 3.11: the import statement itself reads the
module's `__spec__`, which loads it.)
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

DEFERRED = ("paramiko",)


class _StandIn(types.ModuleType):
    def __getattr__(self, attribute: str) -> Any:  # only for what the stand-in lacks
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        real = importlib.import_module(name)
        return getattr(real, attribute)


def defer_unused_imports() -> None:
    for name in DEFERRED:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue  # not installed: docker-py goes without it, as it would anyway
        stand_in = _StandIn(name)
        stand_in.__spec__ = spec
        sys.modules[name] = stand_in
