"""The numbers behind the plots, large enough to read from the back of a lecture hall, and the batch itself."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QAbstractItemView, QGridLayout, QHeaderView, QLabel, QTableView, QWidget

from ...core.snapshot import DataView, Snapshot
from ..widgets import Retranslating
from . import style
from .formatting import format_number
from .theme import Theme

NAME_PT = 14
VALUE_PT = 18
KEY_VALUE_PT = 22  # step and the losses: what the class watches most
TABLE_PT = 13

# (objectName suffix, caption); the value labels are named "readout_<suffix>"; symbols are not translated
FIELDS: tuple[tuple[str, str], ...] = (
    ("epoch", QT_TRANSLATE_NOOP("ReadoutPanel", "epoch")),
    ("batch", QT_TRANSLATE_NOOP("ReadoutPanel", "batch")),
    ("step", QT_TRANSLATE_NOOP("ReadoutPanel", "step")),
    ("batch_loss", QT_TRANSLATE_NOOP("ReadoutPanel", "batch loss")),
    ("full_loss", QT_TRANSLATE_NOOP("ReadoutPanel", "full-data loss")),
    ("w", "w"),
    ("b", "b"),
    ("grad_w", "∂L/∂w"),
    ("grad_b", "∂L/∂b"),
    ("w_sq_error", "Σ(w − w_true)²"),
    ("b_sq_error", "(b − b_true)²"),
)
_KEY_FIELDS = frozenset({"step", "batch_loss", "full_loss"})

_ROOT = QModelIndex()
_DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole
_ALIGNMENT_ROLE = Qt.ItemDataRole.TextAlignmentRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ReadoutPanel(Retranslating, QWidget):
    """Epoch, batch, step, losses, parameters, gradients and the parameters' squared errors.

    Values keep 5 significant digits (trailing zeros too, so 2.0000 reads as "converged to 2");
    NaN before the first step shows "—", and after divergence "diverged" or "∞", never "nan".
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readoutPanel")
        self.labels: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self.snapshot: Snapshot | None = None
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        for row, (key, _caption) in enumerate(FIELDS):
            name = QLabel()
            self.captions[key] = name
            name.setFont(style.font(NAME_PT))
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value = QLabel("—")
            value.setObjectName(f"readout_{key}")
            value.setFont(style.font(KEY_VALUE_PT if key in _KEY_FIELDS else VALUE_PT, bold=True))
            value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self.labels[key] = value
        self.diverged_label = QLabel("")
        self.diverged_label.setObjectName("readout_diverged")
        self.diverged_label.setFont(style.font(VALUE_PT, bold=True))
        self.diverged_label.setStyleSheet("color: #c00000;")
        self.diverged_label.hide()
        grid.addWidget(self.diverged_label, len(FIELDS), 0, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(FIELDS) + 1, 1)
        self.retranslate()

    def enterEvent(self, event: QEnterEvent) -> None:
        self._set_selectable(True)
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._set_selectable(False)
        super().leaveEvent(event)

    def _set_selectable(self, selectable: bool) -> None:
        """Values can be selected (and copied) while the pointer is over them. A selectable label lays
        its text out as a document on every change, which a frame should not pay for, so the values
        are plain labels the rest of the time."""
        flags = Qt.TextInteractionFlag.TextSelectableByMouse if selectable else Qt.TextInteractionFlag.NoTextInteraction
        for label in self.labels.values():
            label.setTextInteractionFlags(flags)

    def new_data(self, view: DataView) -> None:
        """Nothing: every value comes with a snapshot."""

    def new_run(self, keep_previous: bool) -> None:
        """Nothing: the next snapshot replaces every value."""

    def restyle(self, theme: Theme) -> None:
        """Nothing: plain labels follow the window's palette."""

    def retranslate(self) -> None:
        """Captions, and the last snapshot's texts ("3 of 100", "diverged"), in the current language."""
        for key, caption in FIELDS:
            self.captions[key].setText(QCoreApplication.translate("ReadoutPanel", caption))
        if self.snapshot is not None:
            self.show_snapshot(self.snapshot)

    def text(self, key: str) -> str:
        """The shown text of field ``key`` ("step", "w", …), for tests and screenshots."""
        return self.labels[key].text()

    def show_snapshot(self, s: Snapshot) -> None:
        self.snapshot = s
        diverged = s.diverged_at is not None

        def num(value: float) -> str:
            return format_number(value, diverged)

        def vector(values: np.ndarray) -> str:
            # w1, w2, … one under the other: the column stays as narrow as one number, and a narrow
            # numbers panel leaves the plots their room
            return "\n".join(num(v) for v in np.asarray(values).reshape(-1))

        started = s.step > 0 or s.batch > 0
        of = self.tr("{batch} of {count}")
        texts = {
            "epoch": str(s.epoch) if started else "—",
            "batch": of.format(batch=s.batch if started else "—", count=s.num_batches),
            "step": f"{s.step:,}",
            "batch_loss": num(s.batch_loss),
            "full_loss": num(s.full_loss),
            "w": vector(s.w),
            "b": num(s.b),
            "grad_w": vector(s.grad_w),
            "grad_b": num(s.grad_b),
            "w_sq_error": num(s.w_sq_error),
            "b_sq_error": num(s.b_sq_error),
        }
        for key, text in texts.items():
            label = self.labels[key]
            if label.text() != text:
                label.setText(text)
        if diverged:
            self.diverged_label.setText(self.tr("Diverged at step {step}").format(step=f"{s.diverged_at:,}"))
        self.diverged_label.setVisible(diverged)


class BatchModel(QAbstractTableModel):
    """The current minibatch as table cells: data-set index, x_1..x_p, y.

    It keeps the snapshot's (read-only) arrays and formats a cell only when the view asks for it,
    which is only for the ~20 rows it paints: a new batch of 1,000 rows × 12 columns costs one change
    signal, not 12,000 formatted numbers and item updates on the UI thread. The first header's text is
    set by the table (it is translated there).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._indices = np.zeros(0, dtype=np.int64)
        self._x = np.zeros((0, 0))
        self._y = np.zeros(0)
        self._index_header = "index"

    def set_batch(self, indices: np.ndarray, x: np.ndarray, y: np.ndarray) -> None:
        """Show these rows (``x`` is (k, p)); the arrays are kept, not copied, so they must not change."""
        rows, columns = len(indices), x.shape[1] + 2
        if rows == len(self._indices) and columns == self._x.shape[1] + 2:
            # Same shape (every step of an epoch): a repaint of the visible cells, no re-layout.
            self._indices, self._x, self._y = indices, x, y
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1), [_DISPLAY_ROLE])
            return
        # A new batch size or p, or an epoch's short last batch: the view keeps its scroll value (clamped).
        self.beginResetModel()
        self._indices, self._x, self._y = indices, x, y
        self.endResetModel()

    def set_index_header(self, text: str) -> None:
        self._index_header = text
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._indices)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self._x.shape[1] + 2

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY_ROLE) -> object:
        # Painting asks for a dozen roles per cell; all but these two are answered at once.
        if role == _DISPLAY_ROLE:
            row, column = index.row(), index.column()
            if column == 0:
                return str(int(self._indices[row]))
            if column <= self._x.shape[1]:
                return format_number(self._x[row, column - 1], digits=5)
            return format_number(self._y[row], digits=5)
        if role == _ALIGNMENT_ROLE:
            return _RIGHT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY_ROLE) -> object:
        if role != _DISPLAY_ROLE or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return self._index_header
        return f"x{section}" if section <= self._x.shape[1] else "y"


class BatchTable(Retranslating, QTableView):
    """The rows of the current minibatch: data-set index, x_1..x_p and y (a snapshot carries ≤ 1,000 rows).

    A view over a BatchModel, so a frame formats only the cells on screen (it is updated on every frame
    while training runs; re-texting every cell of a table widget is far too slow for that).
    An unchanged batch (same data set, same indices) is not passed on at all, and a hidden table only
    remembers the snapshot until it is shown.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchTable")
        self.batch_model = BatchModel(self)
        self.setModel(self.batch_model)
        self.setFont(style.font(TABLE_PT))
        self.horizontalHeader().setFont(style.font(TABLE_PT, bold=True))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        # Resize-to-contents would measure all 1,000 rows on every batch; stretch costs nothing. Below
        # a readable width the columns stop shrinking and the table scrolls sideways instead of
        # eliding the numbers ("0.04…"), which matters with many features.
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Always there: a scroll bar that comes and goes narrows the columns it stretches, back and forth.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.horizontalHeader().setMinimumSectionSize(self.fontMetrics().horizontalAdvance("-0.00000") + 16)
        self._shown: tuple[int, np.ndarray] | None = None
        self._pending: Snapshot | None = None
        self.retranslate()

    def new_data(self, view: DataView) -> None:
        """Nothing: the rows come with a snapshot."""

    def new_run(self, keep_previous: bool) -> None:
        """Nothing: the next snapshot's batch replaces the rows."""

    def restyle(self, theme: Theme) -> None:
        """Nothing: the table follows the window's palette."""

    def retranslate(self) -> None:
        """The first column's header ("index"); the others are symbols."""
        self.batch_model.set_index_header(self.tr("index"))

    def show_snapshot(self, s: Snapshot) -> None:
        if not self.isVisible():
            self._pending = s  # filled when the table is shown (a closed dock costs nothing)
            return
        self._pending = None
        if (
            self._shown is not None
            and self._shown[0] == s.generation
            and np.array_equal(self._shown[1], s.batch_indices)
        ):
            return  # the same rows of the same data set: nothing changed
        x = s.batch_x if s.batch_x.ndim == 2 else np.reshape(s.batch_x, (len(s.batch_indices), len(s.w)))
        self.batch_model.set_batch(s.batch_indices, x, s.batch_y)
        self._shown = (s.generation, s.batch_indices)  # a snapshot's arrays are read-only

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._pending is not None:
            self.show_snapshot(self._pending)
