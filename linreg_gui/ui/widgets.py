"""Small widgets the window needs and Qt does not ship."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QScrollArea, QWidget


class LogSpinBox(QDoubleSpinBox):
    """A spin box for values spanning decades (a learning rate from 1e-4 to 10).

    The arrows walk the 1-2-5 sequence (…, 0.01, 0.02, 0.05, 0.1, …) instead of adding a fixed step,
    and any value can be typed, in plain or scientific notation.
    """

    _MANTISSAS = (1.0, 2.0, 5.0)

    def __init__(self, minimum: float, maximum: float, value: float, parent=None) -> None:
        super().__init__(parent)
        self.setDecimals(12)
        self.setRange(minimum, maximum)
        self.setValue(value)
        self.setKeyboardTracking(False)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)

    def textFromValue(self, value: float) -> str:
        return f"{value:.6g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> object:
        stripped = text.strip()
        if not stripped:
            return QValidator.State.Intermediate, text, pos
        try:
            value = float(stripped)
        except ValueError:
            partial = stripped.rstrip("eE+-.")
            ok = not partial or _is_float(partial)
            return (QValidator.State.Intermediate if ok else QValidator.State.Invalid), text, pos
        in_range = self.minimum() <= value <= self.maximum()
        return (QValidator.State.Acceptable if in_range else QValidator.State.Intermediate), text, pos

    def stepBy(self, steps: int) -> None:
        value = self.value()
        for _ in range(abs(steps)):
            value = _next_125(value, up=steps > 0)
        self.setValue(min(max(value, self.minimum()), self.maximum()))


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _next_125(value: float, up: bool) -> float:
    """The neighbour of ``value`` in the 1-2-5 sequence (0.01, 0.02, 0.05, 0.1, …)."""
    exponent = math.floor(math.log10(value))
    candidates = [m * 10.0**e for e in (exponent - 1, exponent, exponent + 1) for m in LogSpinBox._MANTISSAS]
    tolerance = value * 1e-9
    if up:
        return min(c for c in candidates if c > value + tolerance)
    return max(c for c in candidates if c < value - tolerance)


class VerticalScrollArea(QScrollArea):
    """Scrolls ``widget`` up and down only, and is always as wide as it needs (and its scroll bar), and
    asks for no more: on a short screen the end of a panel scrolls, nothing is ever cut at its side, and
    the rest of the window gets the room."""

    def __init__(self, widget: QWidget, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setWidget(widget)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A scroll bar that comes and goes changes the width that wrapped text has, and so whether it is
        # needed: the panel could resize back and forth without end. It stays.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        widget.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        needed = self.widget().minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), needed + 2 * self.frameWidth()), hint.height())

    def sizeHint(self) -> QSize:
        return QSize(self.minimumSizeHint().width(), super().sizeHint().height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:  # it needs another width
            self.updateGeometry()
        return False


def keep_widest(widget: QWidget) -> None:
    """Let ``widget`` grow to its size hint but never shrink back.

    Numbers of changing width (and text wrapped to fit) would otherwise resize a dock and, with it,
    every plot beside it (a resized plot is painted again) many times a second while training runs.
    """
    wanted = widget.sizeHint().width()
    if wanted > widget.minimumWidth():
        widget.setMinimumWidth(wanted)


class Retranslating:
    """Mixin for a widget with a ``retranslate()`` method (its texts in the current language): it runs on
    every language change, so switching languages needs no restart."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
