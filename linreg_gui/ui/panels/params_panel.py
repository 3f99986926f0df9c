"""Each parameter over steps, with its true value as a dashed line of the same colour: students see
w_1, w_2 and b walk towards the truth."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.snapshot import DataView, Snapshot
from ..widgets import Retranslating
from . import style
from .base import PlotPanel
from .history import CurveHistory
from .pyqtgraph_workarounds import keep_as_pixmap
from .theme import Theme


class ParamsPanel(Retranslating, PlotPanel):
    """Curves of w_1..w_p and b over steps (``history.params``) and the true values as dashed lines."""

    def __init__(self, parent: QWidget | None = None, capacity: int = 20_000) -> None:
        super().__init__(parent)
        self.history = CurveHistory(capacity)
        self.compare_history = CurveHistory(capacity)
        self.curves: list[pg.PlotDataItem] = []
        self.compare_curves: list[pg.PlotDataItem] = []  # the other implementation, dashed, in compare mode
        self.true_lines: list[pg.InfiniteLine] = []
        self.plot = style.make_plot("paramsPlot", "", "", "")
        self.view = style.StepView(self.plot)
        self.truth = np.empty(0)  # the true w and b: their dashed lines stay in view
        self.legend = style.add_legend(self.plot, header=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.retranslate()

    def restyle(self, theme: Theme) -> None:
        """Nothing: the View menu restyles every plot, new curves included."""

    def retranslate(self) -> None:
        style.relabel(self.plot, self.tr("Parameters"), self.tr("step"), self.tr("value"), self.legend)

    @property
    def p(self) -> int:
        return len(self.curves) - 1

    def new_data(self, view: DataView) -> None:
        """Move the true-value lines; curves are re-created only when the number of features changes."""
        self._ensure(view.p)
        self.truth = np.array([*view.true_w, view.true_b], dtype=np.float64)
        for line, value in zip(self.true_lines, self.truth, strict=True):
            line.setValue(float(value))
            line.show()

    def new_run(self, keep_previous: bool) -> None:
        self.history.clear()
        self.compare_history.clear()
        self._redraw()

    def show_snapshot(self, s: Snapshot) -> None:
        """Append the parameters after each step the snapshot carries."""
        history = s.history
        self._ensure(len(s.w))  # no-op unless a snapshot of another size arrived before its DataView
        for store in (self.history, self.compare_history):
            if store.last_x is not None and store.last_x > s.step:
                store.truncate(s.step)
        if len(history):
            self.history.append(history.steps, history.params)
        if s.compare is not None and len(s.compare.history):
            self.compare_history.append(s.compare.history.steps, s.compare.history.params)
        self._redraw()

    def _ensure(self, p: int) -> None:
        """Curves for p features: the ones already there are kept (recoloured and renamed where their
        place changed, as b's does), only the difference is added or removed."""
        if p == self.p:
            return
        plot_item = self.plot.getPlotItem()
        self.history.clear()
        self.compare_history.clear()
        keep = min(len(self.curves), p + 1)
        for item in [*self.curves[keep:], *self.compare_curves[keep:], *self.true_lines[keep:]]:
            plot_item.removeItem(item)  # the legend drops its entry too
        del self.curves[keep:], self.compare_curves[keep:], self.true_lines[keep:]
        names = style.param_names(p)
        renamed = {}
        for index in range(keep):
            color = style.param_color(index, p)
            if self.curves[index].name() != names[index]:
                self.curves[index].opts["name"] = names[index]
                renamed[self.curves[index]] = names[index]
            if QColor(color) != self.curves[index].opts["pen"].color():
                self.curves[index].setPen(style.pen(color, 2.5))
                self.compare_curves[index].setPen(style.pen(color, 2.5, dashed=True))
                self.true_lines[index].setPen(style.pen(color, 2, dashed=True))
            self.curves[index].setData([], [])
            self.compare_curves[index].setData([], [])
        style.rename_legend_entries(self.legend, renamed)
        for index in range(keep, p + 1):
            color = style.param_color(index, p)
            self.curves.append(style.add_curve(self.plot, style.curve(color, names[index], width=2.5)))
            twin = style.curve(color, width=2.5)
            twin.setPen(style.pen(color, 2.5, dashed=True))
            self.compare_curves.append(style.add_curve(self.plot, twin))
            line = pg.InfiniteLine(angle=0, movable=False, pen=style.pen(color, 2, dashed=True))
            line.hide()  # until a DataView says where the truth is
            keep_as_pixmap(line)  # a dashed line across the plot, under curves that move every frame
            plot_item.addItem(line)
            self.true_lines.append(line)
        style.fit_header_legend(self.plot, self.legend)

    def _redraw(self) -> None:
        last_step = max(self.history.last_x or 0.0, self.compare_history.last_x or 0.0)
        with self.view.fitted(last_step, [self.history.y, self.compare_history.y, self.truth]):
            style.draw_columns(self.curves, self.history)
            style.draw_columns(self.compare_curves, self.compare_history)
