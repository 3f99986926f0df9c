"""The numbers behind the plots, large enough to read from the back of a lecture hall, and the batch itself."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ...core.snapshot import Snapshot
from ..widgets import Retranslating
from . import style
from .formatting import format_number

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
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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

        def vector(prefix: str, values: np.ndarray) -> str:
            # one line per component: "w1 = 2.0000" is what the lecturer points at
            return "\n".join(f"{prefix}{j + 1} = {num(v)}" for j, v in enumerate(np.asarray(values).reshape(-1)))

        started = s.step > 0 or s.batch > 0
        of = self.tr("{batch} of {count}")
        texts = {
            "epoch": str(s.epoch) if started else "—",
            "batch": of.format(batch=s.batch if started else "—", count=s.num_batches),
            "step": f"{s.step:,}",
            "batch_loss": num(s.batch_loss),
            "full_loss": num(s.full_loss),
            "w": vector("w", s.w),
            "b": num(s.b),
            "grad_w": vector("∂L/∂w", s.grad_w),
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


class BatchTable(Retranslating, QTableWidget):
    """The rows of the current minibatch: data-set index, x_1..x_p and y (the worker sends ≤ 1,000 rows).

    Items are created once per cell and then only re-texted (the model's per-cell change signals are
    held back and the viewport repainted once), an unchanged batch (same data set, same indices) is
    not rewritten at all, and a hidden table only remembers the snapshot until it is shown.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchTable")
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
        self._texts: list[list[str]] = []  # what each column's items show, to skip unchanged cells
        self._pending: Snapshot | None = None
        self._set_columns(0)

    def retranslate(self) -> None:
        """The first column's header ("index"); the others are symbols."""
        item = self.horizontalHeaderItem(0)
        if item is not None:
            item.setText(self.tr("index"))

    def show_snapshot(self, s: Snapshot) -> None:
        if not self.isVisible():
            self._pending = s  # filled when the table is shown (a closed dock costs nothing)
            return
        self._pending = None
        p = s.batch_x.shape[1] if s.batch_x.ndim == 2 else len(s.w)
        if self.columnCount() != p + 2:
            self._set_columns(p)
        if (
            self._shown is not None
            and self._shown[0] == s.generation
            and np.array_equal(self._shown[1], s.batch_indices)
        ):
            return  # the same rows of the same data set: nothing changed
        rows = len(s.batch_indices)
        columns = [
            [str(int(i)) for i in s.batch_indices],
            *(_texts(s.batch_x[:, j]) for j in range(p)),
            _texts(s.batch_y),
        ]
        if self.rowCount() != rows:
            self.setRowCount(rows)
        model = self.model()
        model.blockSignals(True)
        try:
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            for c, texts in enumerate(columns):
                old = self._texts[c]
                for r, text in enumerate(texts):
                    if r < len(old):
                        if old[r] != text:
                            self.item(r, c).setText(text)
                    else:
                        item = QTableWidgetItem(text)
                        item.setTextAlignment(align)
                        self.setItem(r, c, item)
                self._texts[c] = texts
        finally:
            model.blockSignals(False)
        self.viewport().update()
        self._shown = (s.generation, np.array(s.batch_indices, copy=True))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._pending is not None:
            self.show_snapshot(self._pending)

    def _set_columns(self, p: int) -> None:
        self.clear()
        self.setRowCount(0)
        self.setColumnCount(p + 2)
        self.setHorizontalHeaderLabels([self.tr("index"), *(f"x{j + 1}" for j in range(p)), "y"])
        self._texts = [[] for _ in range(p + 2)]
        self._shown = None


def _texts(values: np.ndarray) -> list[str]:
    return [format_number(v, digits=5) for v in np.asarray(values, dtype=np.float64)]
