"""What the panels share: the ``Panel`` interface the window drives them through, and for the plot panels
one size (so a grid of them splits the window evenly) and the key above a plot."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from ...core.snapshot import DataView, Snapshot
from . import style
from .theme import Theme

PANEL_SIZE = QSize(640, 440)
PANEL_MINIMUM = QSize(240, 200)


@runtime_checkable
class Panel(Protocol):
    """What the window tells every panel it shows; each panel implements all of it (a no-op where it has
    nothing to do), so the window drives them in one loop and a new panel needs no new call."""

    def new_data(self, view: DataView) -> None:
        """A new data set (sent once per data set, before the snapshots of its first run)."""

    def new_run(self, keep_previous: bool) -> None:
        """A new run starts (Reset, new data, another implementation); ``keep_previous``: a run with steps
        came before it, which a panel may keep for comparison."""

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """The run's newest state, with every step since the snapshot before."""

    def retranslate(self) -> None:
        """Every text in the current language."""

    def restyle(self, theme: Theme) -> None:
        """The colours of ``theme``."""


class PlotPanel(QWidget):
    """A panel that grows with the window and asks for the same size as its siblings (without this, a
    panel holding two plots would claim twice the height of one holding a single plot)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return PANEL_SIZE

    def minimumSizeHint(self) -> QSize:
        """As wide as its keys and pickers need (a narrower panel would cut them), at least ``PANEL_MINIMUM``;
        as short as ``PANEL_MINIMUM`` (a panel of stacked plots drops one when short)."""
        return QSize(max(super().minimumSizeHint().width(), PANEL_MINIMUM.width()), PANEL_MINIMUM.height())


class KeyLabel(QLabel):
    """A plot's key as a label that wraps between entries and is never narrower than its widest entry
    (an entry cut in the middle, "current ba", reads as a different word)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._entries: list[str] = []

    def set_entries(self, entries: list[tuple[str, str, str]]) -> None:
        """(colour, mark, text) entries, as ``style.key_html`` takes them."""
        self._entries = [f"{mark}  {text}" for _color, mark, text in entries]
        self.setText(style.key_html(entries))
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        widest = max((self.fontMetrics().horizontalAdvance(entry) for entry in self._entries), default=0)
        return QSize(max(hint.width(), widest + 2 * self.margin() + 4), hint.height())
