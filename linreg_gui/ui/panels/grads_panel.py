"""The gradient the last update used, as signed bars (which way and how hard each parameter is pushed),
with the gradients' history over steps underneath, and, while zero_grad is off, the gradient norm per
step beside the bars: the accumulated one growing away from what each step's minibatch alone gives."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ...core.snapshot import DataView, Snapshot
from ..widgets import Retranslating
from . import style
from .base import PlotPanel
from .history import CurveHistory
from .theme import Theme

ACCUMULATED_COLOR = "#d62728"  # what .grad holds: red, the damage
FRESH_COLOR = "#1f77b4"  # what zero_grad would have left: blue, dashed

HISTORY_MIN_PANEL_PX = 400  # below this panel height the gradients-over-steps plot is hidden (its key needs rows)
SHRINK_AFTER = 8  # frames in a row in which the bars need a quarter of the axis before it shrinks


class GradsPanel(Retranslating, PlotPanel):
    """Bars of ∂L/∂w_1..∂L/∂w_p and ∂L/∂b (NaN shows as an empty slot), their curves over steps, and
    the norms of the accumulated and the fresh gradient per step (shown on request, ``show_norms``)."""

    def __init__(self, parent: QWidget | None = None, capacity: int = 20_000) -> None:
        super().__init__(parent)
        self.history = CurveHistory(capacity)
        self.curves: list[pg.PlotDataItem] = []
        self.heights = np.empty(0)
        self._range = 0.0
        self._small_frames = 0

        self.plot = style.make_plot("gradsPlot", "", "", "")
        self.plot.getPlotItem().getAxis("bottom").setTickFont(style.font(style.LABEL_PT))
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.6, pen=pg.mkPen("#333333", width=1))
        self.plot.addItem(self.bars)
        self.plot.addItem(pg.InfiniteLine(pos=0, angle=0, movable=False, pen=pg.mkPen("#333333", width=1.5)))
        self.plot.getPlotItem().setMouseEnabled(x=False, y=True)

        self.history_plot = style.make_plot("gradsHistoryPlot", "", "", "")
        self.history_plot.addItem(pg.InfiniteLine(pos=0, angle=0, movable=False, pen=pg.mkPen("#888888", width=1)))
        self.history_legend = style.add_legend(self.history_plot, header=True)
        self.history_view = style.StepView(self.history_plot)

        self.norm_history = CurveHistory(capacity)  # columns: accumulated, fresh
        self.norm_plot = style.make_plot("gradNormPlot", "", "", "")
        self.norm_plot.getPlotItem().setLogMode(y=True)
        self.norm_view = style.StepView(self.norm_plot, log_y=True)
        self.norm_legend = style.add_legend(self.norm_plot, header=True)
        self.accumulated_curve = style.add_curve(
            self.norm_plot, style.curve(ACCUMULATED_COLOR, "accumulated", width=2.5)
        )
        self.fresh_curve = style.curve(FRESH_COLOR, "fresh", width=2.5)
        self.fresh_curve.setPen(style.pen(FRESH_COLOR, 2.5, dashed=True))
        style.add_curve(self.norm_plot, self.fresh_curve)
        style.fit_header_legend(self.norm_plot, self.norm_legend)
        self.norm_plot.hide()  # until zero_grad is switched off: see show_norms

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(2)
        top.addWidget(self.plot, 1)
        top.addWidget(self.norm_plot, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top, 3)
        layout.addWidget(self.history_plot, 2)
        self.retranslate()

    def restyle(self, theme: Theme) -> None:
        """Nothing: the View menu restyles every plot, new curves included."""

    def retranslate(self) -> None:
        style.relabel(self.plot, self.tr("Gradients of the batch loss"), "", self.tr("gradient"))
        style.relabel(
            self.history_plot,
            self.tr("Gradients over steps"),
            self.tr("step"),
            self.tr("gradient"),
            self.history_legend,
        )
        names = {
            self.accumulated_curve: self.tr("accumulated (.grad)"),
            self.fresh_curve: self.tr("fresh (with zero_grad)"),
        }
        style.rename_legend_entries(self.norm_legend, names)
        style.relabel(self.norm_plot, self.tr("‖gradient‖ per step"), self.tr("step"), "‖gradient‖", self.norm_legend)

    @property
    def p(self) -> int:
        return len(self.curves) - 1

    @property
    def norm_curves(self) -> tuple[pg.PlotDataItem, pg.PlotDataItem]:
        """(accumulated, fresh) ‖gradient‖ curves."""
        return self.accumulated_curve, self.fresh_curve

    def new_data(self, view: DataView) -> None:
        self._ensure(view.p)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Too short for two rows of plots (large fonts, a small window): the bars only."""
        tall = event.size().height() >= HISTORY_MIN_PANEL_PX
        if tall == self.history_plot.isHidden():
            self.history_plot.setVisible(tall)
            self._redraw_history()
        super().resizeEvent(event)

    def show_norms(self, visible: bool) -> None:
        """Show the ‖gradient‖ plot (the window does while zero_grad is off); it records every step regardless."""
        self.norm_plot.setVisible(visible)
        self._redraw_history()

    def new_run(self, keep_previous: bool) -> None:
        self.history.clear()
        self.norm_history.clear()
        self._range = 0.0
        self._redraw_history()
        self._set_bars(np.full(self.p + 1, np.nan))

    def show_snapshot(self, s: Snapshot) -> None:
        """Bars for the snapshot's gradients, and the gradients of every step it carries on the curves."""
        self._ensure(len(s.w))
        history = s.history
        for store in (self.history, self.norm_history):
            if store.last_x is not None and store.last_x > s.step:
                store.truncate(s.step)
        if len(history) and history.grads.shape[1] == self.p + 1:
            self.history.append(history.steps, history.grads)
            norms = np.column_stack([history.grad_norm, history.grad_fresh_norm])
            self.norm_history.append(history.steps, style.for_log(norms))
        self._redraw_history()
        self._set_bars(np.append(np.asarray(s.grad_w, dtype=np.float64), float(s.grad_b)), settle=not s.live)

    # ----- drawing ----------------------------------------------------------------------------
    def _ensure(self, p: int) -> None:
        """Curves for p features: the ones already there are kept (recoloured and renamed where their
        place changed, as b's does), only the difference is added or removed."""
        if p == self.p:
            return
        history_item = self.history_plot.getPlotItem()
        self.history.clear()
        self.norm_history.clear()
        keep = min(len(self.curves), p + 1)
        for curve in self.curves[keep:]:
            history_item.removeItem(curve)  # the legend drops its entry too
        del self.curves[keep:]
        names = style.param_names(p)
        renamed = {}
        for index, curve in enumerate(self.curves):
            if curve.name() != names[index]:
                curve.opts["name"] = names[index]
                renamed[curve] = names[index]
            if QColor(style.param_color(index, p)) != curve.opts["pen"].color():
                curve.setPen(style.pen(style.param_color(index, p), 2.0))
            curve.setData([], [])
        style.rename_legend_entries(self.history_legend, renamed)
        self.curves += [
            style.add_curve(self.history_plot, style.curve(style.param_color(i, p), names[i], width=2.0))
            for i in range(keep, p + 1)
        ]
        style.fit_header_legend(self.history_plot, self.history_legend)
        labels = [(i, f"∂L/∂{name}") for i, name in enumerate(names)]
        self.plot.getPlotItem().getAxis("bottom").setTicks([labels])
        self.plot.getPlotItem().setXRange(-0.6, p + 0.6, padding=0)
        self.bars.setOpts(brushes=[pg.mkBrush(style.param_color(i, p)) for i in range(p + 1)])
        self._range = 0.0
        self._set_bars(np.full(p + 1, np.nan))

    def _set_bars(self, grads: np.ndarray, settle: bool = True) -> None:
        """NaN (no gradient yet) and ±inf (diverged) draw as an empty slot; the tick label stays."""
        self.heights = np.where(np.isfinite(grads), grads, 0.0)
        self.bars.setOpts(x=np.arange(len(grads)), height=self.heights, width=0.6)
        # Symmetric, so zero stays in the middle, and rounded up to 1-2-5 steps. While a run goes on it
        # grows at once but shrinks only when the bars have needed a quarter of it for SHRINK_AFTER
        # frames in a row: minibatch gradients are noisy, and an axis that followed them would be
        # drawn again in most frames. A frame that ``settle``s (a step, a pause) fits it exactly.
        peak = float(np.max(np.abs(self.heights))) if len(self.heights) else 0.0
        limit = style.nice_ceiling(peak * 1.05)
        self._small_frames = self._small_frames + 1 if limit <= self._range / 4 else 0
        if limit > self._range or self._small_frames >= SHRINK_AFTER or (settle and limit != self._range):
            self._small_frames = 0
            self._range = limit
            self.plot.getPlotItem().setYRange(-limit, limit, padding=0)
            self.plot.getPlotItem().getViewBox().updateMatrix()  # now rather than during the paint (see StepView)

    def _redraw_history(self) -> None:
        """Draw the curve plots on show; a hidden one (zero_grad on, a short panel) is drawn when shown."""
        if not self.history_plot.isHidden():
            with self.history_view.fitted(self.history.last_x or 0.0, [self.history.y, np.zeros(1)]):  # 0, the goal
                style.draw_columns(self.curves, self.history)
        if not self.norm_plot.isHidden():
            with self.norm_view.fitted(self.norm_history.last_x or 0.0, [self.norm_history.y]):
                style.draw_columns(self.norm_curves, self.norm_history)
