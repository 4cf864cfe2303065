"""A titled table pane: the shape every cluster view shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from ...docker.models import Snapshot
from ...render.cells import Column
from ...render.selection import Kind
from ...render.text import line
from ...render.view import ClusterView
from .keyed_table import KeyedTable


class TablePane(Vertical):
    """`#<name>-pane` holding the title bar `#<name>-title` and the table `#<name>`.

    `show` redraws only when what the rows depend on changed (by identity first: the poller
    keeps unchanged parts of a snapshot identical; then by value, for what is worked out anew
    from a new task list), so a poll that moved nothing here costs nothing here.
    """

    PANE: ClassVar[str]
    """The pane's name: its table's id, and the view `show_view` names."""

    COLUMNS: ClassVar[Sequence[Column]]
    TITLE: ClassVar[str]
    """Shown until the first snapshot gives the pane its counted title."""
    KEY: ClassVar[str] = ""
    """The key that shows it; the registry makes its `view.<PANE>` command from these."""
    HELP: ClassVar[str] = ""
    """What its command says in help and the palette."""
    FOOTER: ClassVar[bool] = False
    """Whether its key is in the footer."""
    SLOT: ClassVar[str] = "side"
    """Where it sits on a wide terminal: "main" (top left), "side" (top right, shared: the
    one last asked for shows) or "under" (below both, full width)."""
    WORDS: ClassVar[tuple[str, ...]] = ()
    """Its words at the `:` prompt (`:net`), the first one offered as a completion."""
    SELECTS: ClassVar[Kind | None] = None
    """The kind its cursor selects for the tasks pane and the detail area; None: its rows
    are objects of their own."""
    INSPECTS: ClassVar[str] = ""
    """What `y` inspects for its highlighted row, when its rows are objects of their own."""

    def __init__(self) -> None:
        super().__init__(id=f"{self.PANE}-pane", classes=f"pane slot-{self.SLOT}")
        self.pane_name = self.PANE
        self._drawn_for: tuple[object, ...] | None = None
        self._view: ClusterView | None = None
        self._title: Text | None = None

    def compose(self) -> ComposeResult:
        # Titles name stacks and filters: never read them as markup.
        yield Label(self.TITLE, classes="pane-title", id=f"{self.pane_name}-title", markup=False)
        yield KeyedTable(self.COLUMNS, id=self.pane_name)

    @property
    def table(self) -> KeyedTable:
        return self.query_one(KeyedTable)

    def set_title(self, text: str | Text) -> None:
        title = line(text) if isinstance(text, str) else text
        if title == self._title and self._title is not None and title.style == self._title.style:
            return
        self._title = title
        # One line across the pane whatever it says (.pane-title): a repaint, not a layout of
        # the whole screen, which a changing count in a title did with every poll.
        self.query_one(Label).update(title, layout=False)

    @property
    def width(self) -> int | None:
        """The cells the table has across (None before its first layout): the renderers cut
        the image column to fit them, keeping the tag, rather than the pane's edge cutting
        it. Less a vertical scrollbar, always: one appearing sends no resize, and the cut
        must not depend on whether the rows came before it."""
        table = self.table
        return max(0, table.size.width - table.styles.scrollbar_size_vertical) or None

    def on_resize(self) -> None:
        # The rows were cut for the old width.
        if self._view is not None:
            self._drawn_for = None
            self.show(self._view)

    def show(self, view: ClusterView) -> None:
        self._view = view
        inputs = self.depends_on(view)
        if self._drawn_for is not None and all(
            a is b or a == b for a, b in zip(inputs, self._drawn_for, strict=True)
        ):
            return
        self._drawn_for = inputs
        self.draw(view)

    def depends_on(self, view: ClusterView) -> tuple[object, ...]:
        """What this pane's rows are made of; the pane redraws when any of it changes."""
        snapshot = view.snapshot
        return (
            snapshot.services,
            snapshot.nodes,
            snapshot.tasks,
            snapshot.stack_objects,
            view.palette,
            view.filters,
        )

    def draw(self, view: ClusterView) -> None:
        raise NotImplementedError

    def names(self, snapshot: Snapshot) -> dict[str, str]:
        """Row key by name, for `:<word> NAME` and its completion; empty: no names."""
        return {}
