"""Newer images behind a tag on the main screen: what the app's image checks learned
(ui/image_updates.py) goes into every ClusterView the screen makes, beside the vitals."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ....docker.image_checks import ImageWatch
from ....render.view import ClusterView
from .vitals import NodeVitalsView


class ImageNewsView(NodeVitalsView):
    image_watch: ImageWatch | None = None
    """Set by the app when it checks images; None: no mark, no line (checks off)."""

    def with_vitals(self, view: ClusterView, **changes: Any) -> ClusterView:
        """`view` with `changes`, the nodes' vitals and the images' checks so far."""
        view = super().with_vitals(view, **changes)
        watch = self.image_watch
        return view if watch is None else replace(view, image_checks=watch.checks)
