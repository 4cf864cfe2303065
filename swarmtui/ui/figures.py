"""The app's side of the tasks' CPU and memory: what is on screen decides what is read
(the main screen's tasks pane, or every running task under `:top`; nothing under another
screen or a modal, nor while paused), and what was read is drawn where it shows."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import App
from textual.events import Mount, Unmount

from ..core.config import Settings
from ..docker.client import DockerApi
from ..docker.events import EventHistory
from ..docker.models import Snapshot
from ..docker.node_daemon import node_daemons
from ..docker.protocol import SwarmApi
from ..docker.task_stats import measured
from ..render.selection import Kind
from .events import EventFollower
from .incident import write_incident_report
from .messages import TaskStatsRead
from .node_notices import UnreachedNodes
from .polling import PollScheduler
from .screens.main import MainScreen
from .screens.top import TopScreen
from .task_stats import TICK_S, NodeApiFactory, TaskStats
from .vitals import NodeVitalsRefresher


def node_daemons_of(api: object, settings: Settings) -> NodeApiFactory | None:
    """None when node access is off, or the dashboard does not watch a real daemon (a
    recording has no nodes to reach)."""
    return node_daemons(settings.nodes) if isinstance(api, DockerApi) else None


def figures_reader(owner: App[None], api: object, settings: Settings) -> TaskStats | None:
    daemons = node_daemons_of(api, settings)
    return TaskStats(owner, daemons) if daemons is not None else None


class NodeFigures(App[None]):
    task_stats: TaskStats | None
    vitals: NodeVitalsRefresher
    unreached: UnreachedNodes
    polling: PollScheduler
    main: MainScreen
    api_factory: Callable[[], SwarmApi]
    event_history: EventHistory
    events: EventFollower | None

    @property
    def snapshot(self) -> Snapshot | None:
        raise NotImplementedError

    @on(Mount)
    def _start_figures(self) -> None:
        if self.task_stats is not None:
            self.set_interval(TICK_S, self.figures_tick)

    @on(Unmount)
    def _stop_figures(self) -> None:
        if self.task_stats is not None:
            self.task_stats.close()

    def figures_tick(self) -> None:
        stats, snapshot = self.task_stats, self.snapshot
        if stats is None:
            return
        stats.close_idle()
        if snapshot is None or self.polling.paused:
            return
        screen = self.screen
        if screen is self.main:
            stats.fetch(self.main.tasks_on_screen(), snapshot)
        elif isinstance(screen, TopScreen):
            stats.fetch((task for task in snapshot.tasks if measured(task)), snapshot)

    @on(TaskStatsRead)
    def _figures_read(self, message: TaskStatsRead) -> None:
        if self.task_stats is None:
            return
        self.task_stats.read(message)
        snapshot = self.snapshot
        if message.problem:
            name = snapshot.node_name(message.node_id) if snapshot else message.node_id
            self.unreached.failed("figures", message.node_id, name, message.problem)
        else:
            self.unreached.answered("figures", message.node_id)
        if self.screen is self.main:
            self.main.redraw_selection()
        elif isinstance(self.screen, TopScreen):
            self.screen.redraw()

    def action_show_top(self) -> None:
        if self.task_stats is None:
            self.notify(
                "The tasks' figures need node access: it is off (--no-node-access, "
                "[nodes] enabled = false) or this is not a live cluster.",
                severity="warning",
                markup=False,
            )
            return
        self.push_screen(
            TopScreen(
                self.task_stats,
                lambda: self.snapshot,
                self.main.palette,
                self.jump_to,
                self.task_stats.clock,
            )
        )
        self.call_after_refresh(self.figures_tick)

    def jump_to(self, kind: Kind, object_id: str) -> None:
        self.main.jump_to(kind, object_id)

    def action_write_report(self) -> None:
        events = self.event_history.events() if self.events is not None else None
        node_api = self.task_stats.node_api if self.task_stats is not None else None
        self.run_worker(
            write_incident_report(
                self, self.api_factory, self.snapshot, events, self.vitals, node_api=node_api
            ),
            group="report",
            exit_on_error=False,
        )
