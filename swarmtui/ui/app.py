"""The Textual app: its lifecycle, and the wiring between the poll scheduler, the event
follower, the write runner and the main screen. What to draw is the screen's business."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from textual import on
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from ..core.config import Settings
from ..core.locations import styles_dir
from ..core.writes import WriteRunner
from ..docker.endpoints import Connection
from ..docker.events import EventHistory
from ..docker.head_start import HeadStart
from ..docker.models import Snapshot
from ..docker.poller import Poller, PollHints, utcnow
from ..docker.protocol import SwarmApi
from ..docker.reader import SwarmReader
from ..docker.shared_reads import SharedReads
from .actions.context import ActionContext, DashboardHooks
from .app_commands import AppCommands
from .appearance import apply_theme_and_keymap
from .command_palette import SwarmCommands
from .commands import key_label
from .events import EventFollower
from .figures import NodeFigures, figures_reader
from .freezing import REFREEZE_S, freeze_what_lives_on
from .image_updates import ImageUpdates
from .last_words import LastWords
from .lifecycle import SwarmLifecycle
from .lint import ClusterLint
from .messages import (
    ClusterChanged,
    ContextChosen,
    EventStreamConnected,
    EventStreamLost,
    PollFailed,
    ServicesSortChosen,
    SnapshotReady,
)
from .node_notices import UnreachedNodes
from .polling import PollScheduler
from .remembering import remember_in_config
from .screens.main import MainScreen, Sources
from .switching import Switcher
from .vitals import NodeVitalsRefresher
from .writes import UiWrites


class SwarmTuiApp(NodeFigures, ImageUpdates, SwarmLifecycle, ClusterLint, AppCommands):
    TITLE = "swarmtui"
    CSS_PATH = [styles_dir() / "swarmtui.tcss"]
    COMMANDS = SwarmLifecycle.COMMANDS | {SwarmCommands}

    def __init__(
        self,
        settings: Settings,
        api_factory: Callable[[], SwarmApi],
        clock: Callable[[], datetime] = utcnow,
        follow_events: bool = True,
        read_nodes: bool = False,
        check_images: bool = False,
        head_start: HeadStart | None = None,
    ) -> None:
        super().__init__()
        self.check_images = check_images
        """Ask the manager about newer images behind the services' tags, as swarmtui runs."""
        self.base_settings = settings
        """As started; the settings of the context in use (self.settings) derive from them."""
        if isinstance(api_factory, Connection):
            settings = settings.on_context(api_factory.endpoint.context)
        self.settings = settings
        self.api_factory = api_factory
        self.clock = clock
        self.api = head_start.api if head_start is not None else api_factory()
        self.endpoint_display = self.api.endpoint.display
        self.poller = Poller(
            head_start.reader if head_start is not None else SwarmReader(self.api),
            full_tasks_every=settings.full_tasks_every,
            clock=clock,
            head_start=head_start,
        )
        self.polling = PollScheduler(
            self, self.poller, settings.interval, lambda: self.main.watched
        )
        self.event_history = EventHistory()
        """The swarm's recent events: the events screen and the detail area read it."""
        self.events = (
            EventFollower(self, api_factory, self.event_history) if follow_events else None
        )
        self.writes = UiWrites(
            self,
            WriteRunner(
                api_factory,
                read_only=settings.read_only,
                endpoint=self.api.endpoint.display,
                cluster=self._cluster_id,
            ),
            self.polling.request,
        )
        self.shared_reads = SharedReads(api_factory)
        """Deploy plans, join tokens and inspect share one client (one ssh connection)."""
        self.last_words = LastWords(api_factory)
        self.unreached = UnreachedNodes(self)
        self.vitals = NodeVitalsRefresher(settings.nodes, read_nodes, unreached=self.unreached)
        self.task_stats = figures_reader(self, self.api, settings) if read_nodes else None
        self.switcher = Switcher(self)
        """Moves the dashboard to another context, or to another manager on failover."""
        sources = Sources(
            self.event_history,
            self.reads_factory,
            self.last_words,
            self.switcher.names,
            self.task_stats,
        )
        self.main = MainScreen(
            self.api.endpoint.display,
            settings.read_only,
            clock,
            self._action_context,
            sources,
            settings.services_sort,
        )
        context = self.switcher.context
        self.main.context = (context, settings.of_context(context).header_color)
        self.main.vitals = self.vitals

    @property
    def snapshot(self) -> Snapshot | None:
        return self.polling.snapshot

    def _cluster_id(self) -> str:
        cluster = self.poller.cluster
        return cluster.swarm_id if cluster else ""

    def _action_context(self, screen: MainScreen) -> ActionContext:
        hooks = DashboardHooks(
            screen.select_when_listed, screen.show_stack, screen.opened_stack, self.polling.request
        )
        return ActionContext(
            self,
            self.snapshot,
            screen.selection,
            screen.palette,
            self.writes,
            hooks,
            self.settings.read_only,
            self.reads_factory,
            screen.focused_task,
            self.settings.nodes,
            screen.inspect_target(),
            self.settings.rotation_name,
        )

    def reads_factory(self) -> SwarmApi:
        """For the short reads screens make on worker threads: one shared client."""
        return self.shared_reads.borrow()

    # Lifecycle ----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        return self.main

    def on_mount(self) -> None:
        apply_theme_and_keymap(self, self.settings)
        self.polling.request(0)
        if self.events is not None:
            self.events.start()
        self.switcher.start()

    def get_key_display(self, binding: Binding) -> str:
        return binding.key_display or key_label(binding.key)

    def on_unmount(self) -> None:
        self.polling.stop()
        self.last_words.close()
        self.shared_reads.close()
        if self.events is not None:
            self.events.stop()

    # Polls, events and what they say ------------------------------------------------------

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        # A bug in a poll must not kill the dashboard: report it and keep polling.
        if event.worker.name == "poll" and event.state == WorkerState.ERROR:
            error = event.worker.error
            backoff, generation = self.polling.backoff(), self.polling.generation
            self.post_message(PollFailed(f"Poll failed: {error!r}", backoff, False, generation))

    @property
    def _showing(self) -> bool:
        """Whether the main screen can take news: not as the app closes (is_running turns
        false first), when a poll that lands would find its panes taken down."""
        return self.is_running and bool(self.screen_stack) and self.main.is_attached

    @on(SnapshotReady)
    def _snapshot_ready(self, message: SnapshotReady) -> None:
        if not self._showing or message.generation != self.polling.generation:
            return  # the app is closing, or it was read from the endpoint we left
        if not message.early:  # an early one: the same poll goes on to read the task list
            self.polling.succeeded(message.snapshot)
            self.swarm_unlocked()
        self.main.show_live(paused=self.polling.paused, interval=self.polling.interval)
        self.main.show_snapshot(message.snapshot, self.clock())
        if message.early:  # its task list waits for this screen to be drawn (Poller)
            self.call_after_refresh(self.polling.poller.first_screen_drawn.set)
            return
        self.switcher.snapshot_arrived(message.snapshot)
        if self.polling.polls_done == 1 and not self.is_headless:  # not in tests: apps come and go
            self.call_after_refresh(freeze_what_lives_on)
            self.set_interval(REFREEZE_S, freeze_what_lives_on)
        self.polling.rearm()

    @on(PollFailed)
    def _poll_failed(self, message: PollFailed) -> None:
        if not self._showing or message.generation != self.polling.generation:
            return
        retry_at = self.clock() + timedelta(seconds=message.retry_in)
        said = self.switcher.failover.poll_failed(message)
        self.main.show_disconnected(said, retry_at)
        self.polling.failed(message.retry_in)
        if message.locked:
            self.swarm_locked()

    @on(ClusterChanged)
    def _cluster_changed(self, message: ClusterChanged) -> None:
        self.polling.cluster_changed(
            PollHints(
                changed_services=message.service_ids,
                nodes_changed=message.nodes_changed,
                stack_objects_changed=message.stack_objects_changed,
            )
        )

    @on(ContextChosen)
    def _context_chosen(self, message: ContextChosen) -> None:
        self.switcher.switch_to(message.name)

    @on(ServicesSortChosen)
    def _sort_chosen(self, message: ServicesSortChosen) -> None:
        self.settings = replace(self.settings, services_sort=message.order)
        remember_in_config(self, self.settings.config_file, "services_sort", message.order)

    @on(EventStreamConnected)
    def _events_connected(self) -> None:
        self.main.show_events("")
        self.poller.events_flowing = True
        self.polling.events_connected()

    @on(EventStreamLost)
    def _events_lost(self, message: EventStreamLost) -> None:
        self.main.show_events(message.reason)
        self.poller.events_flowing = False

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Refresh now", "Re-read the whole cluster", self.action_refresh_now)
        yield SystemCommand(
            "Pause or resume refresh", "Freeze the data on screen", self.action_toggle_pause
        )
        yield SystemCommand(
            "Switch docker context", "Reconnect to another docker context", self.switcher.pick
        )
