"""The loss over steps on a log scale: every minibatch's loss, the full-data loss at each epoch end, and
the previous run in grey for comparison (after a reset with another learning rate, say)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.snapshot import DataView, Snapshot
from ..widgets import Retranslating
from . import style
from .base import PlotPanel
from .history import CurveHistory
from .theme import Theme


class LossPanel(Retranslating, PlotPanel):
    """Batch loss per step and full-data loss per epoch; ``new_run`` keeps one previous run in grey."""

    def __init__(self, parent: QWidget | None = None, capacity: int = 20_000) -> None:
        super().__init__(parent)
        self.batch_history = CurveHistory(capacity)
        self.epoch_history = CurveHistory(capacity)

        self.plot = style.make_plot("lossPlot", "", "", "")
        plot_item = self.plot.getPlotItem()
        plot_item.setLogMode(y=True)
        self.legend = style.add_legend(self.plot, header=True)
        self.previous_curve = style.curve(style.PREVIOUS_COLOR, width=2.0)
        self.batch_curve = style.curve(style.BATCH_LOSS_COLOR, self.tr("batch loss"), width=2.0)
        self.full_curve = style.curve(
            style.FULL_LOSS_COLOR,
            self.tr("full-data loss"),
            width=2.5,
            symbol="o",
            symbolSize=10,
            symbolBrush=style.FULL_LOSS_COLOR,
            symbolPen=pg.mkPen("w", width=1),
        )
        self.compare_history = CurveHistory(capacity)
        self.compare_curve = style.curve(style.COMPARE_COLOR, width=2.0)
        self.compare_curve.setPen(style.pen(style.COMPARE_COLOR, 2.0, dashed=True))
        self.compare_impl = ""  # the other implementation while compare mode runs
        for curve in (self.previous_curve, self.batch_curve, self.compare_curve, self.full_curve):
            style.add_curve(self.plot, curve)
        self.view = style.StepView(self.plot, log_y=True)
        self.previous_curve.setZValue(-1)
        self.full_curve.setZValue(2)  # the previous run has no name yet: it joins the legend when shown

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.retranslate()

    def restyle(self, theme: Theme) -> None:
        """Nothing: the View menu restyles every plot, new curves included."""

    def retranslate(self) -> None:
        names = {
            self.batch_curve: self.tr("batch loss"),
            self.full_curve: self.tr("full-data loss"),
            self.previous_curve: self.tr("previous run"),
            self.compare_curve: self._compare_name(),
        }
        style.rename_legend_entries(self.legend, names)
        style.relabel(self.plot, self.tr("Loss"), self.tr("step"), self.tr("loss (log scale)"), self.legend)

    def _compare_name(self) -> str:
        impl = self.tr("from scratch") if self.compare_impl == "scratch" else self.tr("built-in")
        return self.tr("{impl} (compare)").format(impl=impl)

    @property
    def has_previous(self) -> bool:
        return self.previous_curve.xData is not None and len(self.previous_curve.xData) > 0

    def new_data(self, view: DataView) -> None:
        """Nothing: a new data set starts a new run, which ``new_run`` clears."""

    def new_run(self, keep_previous: bool) -> None:
        """Start over. With ``keep_previous`` the run so far becomes the grey "previous run" (one is
        kept; a run without a single step does not replace it); without, the previous one goes too."""
        if keep_previous and len(self.batch_history):
            self.previous_curve.setData(self.batch_history.x.copy(), self.batch_history.y.copy())
        elif not keep_previous:
            self.previous_curve.setData([], [])
        self.legend.removeItem(self.previous_curve)  # listed only while a previous run is shown
        if self.has_previous:
            self.legend.addItem(self.previous_curve, self.tr("previous run"))
        style.fit_header_legend(self.plot, self.legend)
        self.batch_history.clear()
        self.epoch_history.clear()
        self.compare_history.clear()
        self.legend.removeItem(self.compare_curve)
        self._redraw()

    def show_snapshot(self, s: Snapshot) -> None:
        """Append the steps the snapshot carries (all since the previous snapshot)."""
        history = s.history
        for store in (self.batch_history, self.epoch_history, self.compare_history):
            if store.last_x is not None and store.last_x > s.step:
                store.truncate(s.step)  # stepped back: the undone steps leave the curve
        if len(history):
            self.batch_history.append(history.steps, style.for_log(history.batch_loss))
        if s.compare is not None and len(s.compare.history):
            if not len(self.compare_history):
                self.compare_impl = s.compare.impl
                self.legend.addItem(self.compare_curve, self._compare_name())
            self.compare_history.append(s.compare.history.steps, style.for_log(s.compare.history.batch_loss))
        ends = history.epoch_ends
        ends = ends[np.isfinite(ends[:, 1])] if len(ends) else ends
        if len(ends):  # a NaN marker is no marker (and all-NaN symbols make pyqtgraph warn on every paint)
            self.epoch_history.append(ends[:, 0], style.for_log(ends[:, 1]))
        self._redraw()

    def _redraw(self) -> None:
        stores = (self.batch_history, self.epoch_history, self.compare_history)
        previous = (self.previous_curve.xData, self.previous_curve.yData) if self.has_previous else (np.zeros(1), [])
        last_step = max(float(previous[0][-1]), *(store.last_x or 0.0 for store in stores))
        with self.view.fitted(last_step, [*(store.y for store in stores), np.asarray(previous[1])]):
            style.draw(self.batch_curve, self.batch_history)
            style.draw(self.full_curve, self.epoch_history)
            style.draw(self.compare_curve, self.compare_history)
