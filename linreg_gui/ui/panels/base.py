"""What the four plot panels share as widgets: one size, so a grid of them splits the window evenly."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QSizePolicy, QWidget

PANEL_SIZE = QSize(640, 440)
PANEL_MINIMUM = QSize(280, 200)


class PlotPanel(QWidget):
    """A panel that grows with the window and asks for the same size as its siblings (without this, a
    panel holding two plots would claim twice the height of one holding a single plot)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return PANEL_SIZE

    def minimumSizeHint(self) -> QSize:
        return PANEL_MINIMUM
