"""The full-data loss over two chosen parameters, with the SGD path walking down it and the two
gradient directions at the current point: students see the minibatch step wobble around the
full-data descent direction.

Numpy only: the loss comes from the data's second moments (``core.landscape.loss_grid``), so the grid
costs a few array operations; it is recomputed only when the data, the pair or a held parameter
changes, never because the shown pair moved.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...core.landscape import level_set, loss_grid
from ...core.snapshot import DataView, Snapshot
from ..widgets import Retranslating
from . import style
from .base import KeyLabel, PlotPanel
from .pyqtgraph_workarounds import keep_as_pixmap
from .theme import Theme

GRID_SIZE = 120
PATH_CAPACITY = 1_000  # points of the path drawn: older steps are thinned, the newest all kept
ARROW_FRACTION = 0.15  # arrow length as a fraction of the view span
HELD_TOLERANCE = 0.02  # a held parameter may drift this fraction of the view span before the grid is redrawn
CONTOUR_LEVELS = 9

PATH_COLOR = "#ff7f0e"  # the model is orange in every panel
HALO_COLOR = "#111111"
TRUE_MARK = style.TRUE_COLOR
LSTSQ_MARK = "#ffffff"
CURRENT_MARK = "#ff7f0e"
BATCH_ARROW = "#ff3fa4"  # minibatch: magenta, like the batch in the data panel
FULL_ARROW = "#00e0ff"  # full data: cyan, distinct from magenta on viridis
CONTOUR_COLOR = (255, 255, 255, 90)


class LandscapePanel(Retranslating, PlotPanel):
    """Heat map of log10 of the full-data loss over (θ_i, θ_j), θ = (w_1..w_p, b), other parameters
    held at their current values; the SGD path, true and least-squares points, the current point and
    −(minibatch gradient), −(full gradient) arrows on top."""

    def __init__(self, parent: QWidget | None = None, grid_size: int = GRID_SIZE) -> None:
        super().__init__(parent)
        self.grid_size = grid_size
        self.grid_computations = 0
        self.view: DataView | None = None
        self.pair = (0, 1)
        self.image_data = np.empty((0, 0))  # log10 loss, shape (grid_size, grid_size), [x index, y index]
        self.xs = np.empty(0)
        self.ys = np.empty(0)
        self._gram: np.ndarray | None = None
        self._moment: np.ndarray | None = None
        self._y_sq = math.nan
        self._theta: np.ndarray | None = None  # current parameters
        self._grid_theta: np.ndarray | None = None  # parameters the last grid held fixed
        self._start: np.ndarray | None = None  # first parameters of the run
        self._range: tuple[float, float, float, float] | None = None  # x0, x1, y0, y1
        self._path = np.empty((0, 0))  # (k, p + 1) rows of θ, thinned to ≤ PATH_CAPACITY
        self._path_steps = np.empty(0, dtype=np.int64)
        self._grads: tuple[np.ndarray, np.ndarray] | None = None  # (minibatch, full) gradients over θ

        self.x_combo = QComboBox()
        self.x_combo.setObjectName("landscapeXCombo")
        self.y_combo = QComboBox()
        self.y_combo.setObjectName("landscapeYCombo")
        top = QHBoxLayout()
        top.setContentsMargins(6, 2, 6, 0)
        top.addStretch(1)
        self.x_caption, self.y_caption = QLabel(), QLabel()
        for label, combo in ((self.x_caption, self.x_combo), (self.y_caption, self.y_combo)):
            label.setFont(style.font(style.LABEL_PT))
            combo.setFont(style.font(style.LABEL_PT))
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(3)  # "w10" stays readable however narrow the dock
            top.addSpacing(10)
            top.addWidget(label)
            top.addWidget(combo)
        self.x_combo.currentIndexChanged.connect(lambda index: self._pick(0, index))
        self.y_combo.currentIndexChanged.connect(lambda index: self._pick(1, index))

        self.plot = style.make_plot("landscapePlot", "", "w1", "w2")
        plot_item = self.plot.getPlotItem()
        plot_item.vb.setAspectLocked(True)  # equal scales: the gradient is drawn perpendicular to the contours
        plot_item.showGrid(x=False, y=False)
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        keep_as_pixmap(self.image)  # the surface and its contours stay while the path moves over them
        # Every level in one curve, runs separated by NaN: drawn from paths computed once per grid.
        self.contours = pg.PlotCurveItem(pen=pg.mkPen(CONTOUR_COLOR, width=1), connect="finite")
        self.contours.setZValue(-9)
        self.plot.addItem(self.contours)
        keep_as_pixmap(self.contours)
        self.contour_levels = np.empty(0)  # the loss (not its log) at each drawn level

        # The key goes above the map, not over it: in a dock the map fills the plot, and a boxed legend
        # would hide the corner the path may run through.
        self.legend = KeyLabel()
        self.legend.setObjectName("landscapeLegend")
        self.legend.setFont(style.font(style.LEGEND_PT))
        # Plain curves, not style.add_curve: peak downsampling and clipping to the view assume x grows
        # along the curve, and a path in parameter space turns back on itself.
        self.path_halo = style.curve(HALO_COLOR, width=5.0)
        self.plot.addItem(self.path_halo)
        self.path_curve = style.curve(PATH_COLOR, "SGD path", width=2.5)
        self.plot.addItem(self.path_curve)
        self.true_marker = self._marker("star", 30, TRUE_MARK, "true")
        self.lstsq_marker = self._marker("d", 13, LSTSQ_MARK, "least squares")
        self.batch_arrow = _Arrow(self.plot, BATCH_ARROW, "−minibatch gradient")
        self.full_arrow = _Arrow(self.plot, FULL_ARROW, "−full gradient")  # legend texts: see retranslate
        # One symbol at the origin, moved with setPos: cheaper than new data every frame while running.
        self.current_marker = self._marker("o", 13, CURRENT_MARK, None)
        self.current_marker.setData([0.0], [0.0])
        self.current_marker.hide()
        self.current_marker.setZValue(14)  # under the arrows and the star, which it reaches when converged

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.legend)
        layout.addWidget(self.plot, 1)
        self._fill_combos(2)
        self.retranslate()

    def restyle(self, theme: Theme) -> None:
        """Nothing: the View menu restyles every plot, new curves included."""

    def retranslate(self) -> None:
        self.x_caption.setText(self.tr("horizontal:"))
        self.y_caption.setText(self.tr("vertical:"))
        tip = self.tr("Which two parameters span the map; the others stay at their current values")
        for combo in (self.x_combo, self.y_combo):
            combo.setToolTip(tip)
        entries = [
            (PATH_COLOR, "━", self.tr("SGD path")),
            (TRUE_MARK, "★", self.tr("true")),
            ("#999999", "◆", self.tr("least squares")),  # the white mark, visible on either theme
            (BATCH_ARROW, "➜", self.tr("−minibatch gradient")),
            (FULL_ARROW, "➜", self.tr("−full gradient")),
        ]
        self.legend.set_entries(entries)
        self._label_axes()

    # ----- public API -----------------------------------------------------------------------------
    @property
    def p(self) -> int:
        return max(self.x_combo.count() - 1, 1)

    @property
    def path_points(self) -> np.ndarray:
        """The drawn path as (k, 2) points (θ_i, θ_j)."""
        i, j = self.pair
        return self._path[:, [i, j]] if len(self._path) else np.empty((0, 2))

    @property
    def arrows_visible(self) -> tuple[bool, bool]:
        """(minibatch arrow shown, full-data arrow shown)."""
        return self.batch_arrow.visible, self.full_arrow.visible

    def new_data(self, view: DataView) -> None:
        """A new data set: new moments, markers and range; the path is cleared if the size changed."""
        p = view.p
        if p != self.p or self.x_combo.count() == 0:
            self._fill_combos(p)
            self._clear_path()
            self._theta = self._start = None
        self.view = view
        if view.gram is not None and view.moment is not None and math.isfinite(view.y_sq_mean):
            self._gram = np.asarray(view.gram, dtype=np.float64)
            self._moment = np.asarray(view.moment, dtype=np.float64)
            self._y_sq = float(view.y_sq_mean)
        else:  # an older DataView: the display subsample stands in for the data
            design = np.column_stack([np.asarray(view.x, dtype=np.float64), np.ones(len(view.y))])
            y = np.asarray(view.y, dtype=np.float64)
            m = max(len(y), 1)
            self._gram, self._moment, self._y_sq = design.T @ design / m, design.T @ y / m, float(y @ y / m)
        self._refit()

    def new_run(self, keep_previous: bool) -> None:
        """Forget the path; the next snapshot's parameters become the start the range is centred on."""
        self._clear_path()
        self._start = None
        self._grads = None
        self._redraw_overlay()

    def show_snapshot(self, s: Snapshot) -> None:
        """Append every step the snapshot carries to the path, then move the current point and arrows."""
        theta = np.array([*np.asarray(s.w, dtype=np.float64), float(s.b)])
        if len(theta) != self.p + 1:
            return  # a snapshot of another data set than the last DataView: wait for its DataView
        history = s.history
        if len(self._path_steps) and self._path_steps[-1] > s.step:  # a checkpoint from the past: cut the path
            keep = self._path_steps <= s.step
            self._path, self._path_steps = self._path[keep], self._path_steps[keep]
        if len(history):
            self._append(np.asarray(history.params, dtype=np.float64), np.asarray(history.steps, dtype=np.int64))
        elif not len(self._path):
            self._append(theta[None, :], np.array([s.step], dtype=np.int64))
        self._theta = theta
        first = np.asarray(history.params[0], dtype=np.float64) if len(history) else theta
        self._grads = (
            np.array([*np.asarray(s.grad_w, dtype=np.float64), float(s.grad_b)]),
            np.array([*(np.full(len(theta) - 1, np.nan) if s.full_grad_w is None else s.full_grad_w), s.full_grad_b]),
        )
        if self._start is None:
            self._start = first
            self._refit()
        elif self._held_moved():
            self._compute_grid()
        self._redraw_overlay()

    # ----- grid -----------------------------------------------------------------------------------
    def _refit(self) -> None:
        """New range (centred between start and truth, covering start, truth and least squares) and grid."""
        if self.view is None:
            return
        i, j = self.pair
        truth = np.array([*self.view.true_w, self.view.true_b], dtype=np.float64)
        lstsq = np.array([*self.view.lstsq_w, self.view.lstsq_b], dtype=np.float64)
        start = self._start if self._start is not None else self._theta
        points = [truth, lstsq] + ([start] if start is not None and np.all(np.isfinite(start)) else [])
        if start is None or not np.all(np.isfinite(start)):
            start = np.zeros_like(truth)  # before a run: the usual zero start
            points.append(start)
        centre = (start + truth) / 2
        cx, cy = centre[i], centre[j]
        reach = max(max(abs(q[i] - cx), abs(q[j] - cy)) for q in points)
        half = max(reach * 1.25, 1e-3 * max(abs(cx), abs(cy), 1.0))
        self._range = (cx - half, cx + half, cy - half, cy + half)
        self._compute_grid()
        plot_item = self.plot.getPlotItem()
        plot_item.setXRange(cx - half, cx + half, padding=0)
        plot_item.setYRange(cy - half, cy + half, padding=0)

    def _held(self) -> np.ndarray:
        if self._theta is not None and np.all(np.isfinite(self._theta)):
            return self._theta
        if self._start is not None and np.all(np.isfinite(self._start)):
            return self._start
        return np.zeros(self.p + 1)

    def _held_moved(self) -> bool:
        if self._grid_theta is None or self._range is None or self._theta is None:
            return self._range is not None
        span = self._range[1] - self._range[0]
        others = [k for k in range(self.p + 1) if k not in self.pair]
        drift = np.abs(self._theta[others] - self._grid_theta[others])
        return bool(np.any(drift > HELD_TOLERANCE * span))  # NaN (diverged) never counts as moved

    def _compute_grid(self) -> None:
        if self._range is None or self._gram is None or self._moment is None:
            return
        i, j = self.pair
        x0, x1, y0, y1 = self._range
        self.xs = np.linspace(x0, x1, self.grid_size)
        self.ys = np.linspace(y0, y1, self.grid_size)
        held = self._held().copy()
        loss = loss_grid(self._gram, self._moment, self._y_sq, held, i, j, self.xs, self.ys)
        floor = max(float(np.nanmax(loss)) * 1e-12, 1e-300)
        self.image_data = np.log10(np.maximum(loss, floor))
        self._grid_theta = held
        self.grid_computations += 1
        lo, hi = float(np.min(self.image_data)), float(np.max(self.image_data))
        if hi <= lo:
            hi = lo + 1.0
        self.image.setImage(self.image_data, levels=(lo, hi), autoLevels=False)
        dx, dy = (x1 - x0) / (self.grid_size - 1), (y1 - y0) / (self.grid_size - 1)
        self.image.setRect(QRectF(x0 - dx / 2, y0 - dy / 2, (x1 - x0) + dx, (y1 - y0) + dy))
        self.contour_levels = 10 ** np.linspace(lo, hi, CONTOUR_LEVELS + 2)[1:-1]
        box = (x0 - dx / 2, x1 + dx / 2, y0 - dy / 2, y1 + dy / 2)
        runs = [
            level_set(self._gram, self._moment, self._y_sq, held, i, j, level, box) for level in self.contour_levels
        ]
        gap = np.full((1, 2), np.nan)
        points = np.concatenate([part for run in runs if len(run) for part in (run, gap)] or [np.empty((0, 2))])
        self.contours.setData(points[:, 0], points[:, 1], connect="finite")
        self.true_marker.setData([self._value(i, True)], [self._value(j, True)])
        self.lstsq_marker.setData([self._value(i, False)], [self._value(j, False)])

    def _value(self, k: int, true: bool) -> float:
        view = self.view
        if true:
            return float(view.true_b if k == self.p else view.true_w[k])
        return float(view.lstsq_b if k == self.p else view.lstsq_w[k])

    # ----- path and overlay -----------------------------------------------------------------------
    def _append(self, rows: np.ndarray, steps: np.ndarray) -> None:
        path = np.concatenate([self._path, rows]) if len(self._path) else rows.copy()
        path_steps = np.concatenate([self._path_steps, steps])
        while len(path) > PATH_CAPACITY:  # thin the older points, always keeping the newest
            first = (len(path) - 1) % 2
            path, path_steps = path[first::2], path_steps[first::2]
        self._path, self._path_steps = path, path_steps

    def _clear_path(self) -> None:
        self._path = np.empty((0, self.p + 1))
        self._path_steps = np.empty(0, dtype=np.int64)

    def _redraw_overlay(self) -> None:
        points = self.path_points
        for item in (self.path_halo, self.path_curve):
            item.setData(points[:, 0], points[:, 1]) if len(points) else item.setData([], [])
        i, j = self.pair
        theta = self._theta
        if theta is None or not (math.isfinite(theta[i]) and math.isfinite(theta[j])):
            self.current_marker.hide()
            self.batch_arrow.hide()
            self.full_arrow.hide()
            return
        self.current_marker.setPos(theta[i], theta[j])
        self.current_marker.show()
        span = (self._range[1] - self._range[0]) if self._range is not None else 1.0
        for arrow, grad in zip((self.batch_arrow, self.full_arrow), self._grads or (None, None), strict=True):
            arrow.point(theta[i], theta[j], None if grad is None else (-grad[i], -grad[j]), ARROW_FRACTION * span)

    # ----- the pair -------------------------------------------------------------------------------
    def _fill_combos(self, p: int) -> None:
        names = style.param_names(p)
        for combo, index in ((self.x_combo, 0), (self.y_combo, 1)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)
        self.pair = (0, 1)
        self._label_axes()

    def _pick(self, axis: int, index: int) -> None:
        if index < 0:
            return
        pair = list(self.pair)
        if pair[1 - axis] == index:  # the same parameter on both axes: swap them instead
            pair[1 - axis] = pair[axis]
            other = self.y_combo if axis == 0 else self.x_combo
            other.blockSignals(True)
            other.setCurrentIndex(pair[axis])
            other.blockSignals(False)
        pair[axis] = index
        self.set_pair(pair[0], pair[1])

    def set_pair(self, i: int, j: int) -> None:
        """Show θ_i across and θ_j up (indices into (w_1..w_p, b))."""
        if i == j or (i, j) == self.pair:
            return
        self.pair = (i, j)
        for combo, index in ((self.x_combo, i), (self.y_combo, j)):
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)
        self._label_axes()
        self._refit()
        self._redraw_overlay()

    def _label_axes(self) -> None:
        names = style.param_names(self.p)
        i, j = self.pair
        style.relabel(self.plot, self.tr("Loss landscape"), names[i], names[j])

    def _marker(self, symbol: str, size: int, color: str, name: str | None) -> pg.PlotDataItem:
        item = pg.PlotDataItem(
            [], [], pen=None, symbol=symbol, symbolSize=size, symbolBrush=color,
            symbolPen=pg.mkPen(HALO_COLOR, width=1.5), name=name,
        )  # fmt: skip
        item.setZValue(20)
        self.plot.addItem(item)
        return item


class _Arrow:
    """A shaft in data coordinates and a head at its tip; hidden for a NaN or zero direction."""

    def __init__(self, plot: pg.PlotWidget, color: str, name: str) -> None:
        self.halo = pg.PlotDataItem([], [], pen=style.pen(HALO_COLOR, 5.5))
        self.shaft = pg.PlotDataItem([], [], pen=style.pen(color, 3.0), name=name)
        self.head = pg.ArrowItem(
            headLen=18, tipAngle=36, tailLen=0, pen=pg.mkPen(HALO_COLOR, width=1.2), brush=pg.mkBrush(color)
        )
        for z, item in enumerate((self.halo, self.shaft, self.head)):
            item.setZValue(15 + z)  # over the path and the current point, under the true and lstsq marks
            plot.addItem(item)
        self.visible = False
        self.hide()

    def hide(self) -> None:
        self.visible = False
        self.halo.setData([], [])
        self.shaft.setData([], [])
        self.head.hide()

    def point(self, x: float, y: float, direction: tuple[float, float] | None, length: float) -> None:
        if direction is None:
            self.hide()
            return
        dx, dy = float(direction[0]), float(direction[1])
        norm = math.hypot(dx, dy)
        if not (math.isfinite(norm) and norm > 0):
            self.hide()
            return
        tip_x, tip_y = x + dx / norm * length, y + dy / norm * length
        self.halo.setData([x, tip_x], [y, tip_y])
        self.shaft.setData([x, tip_x], [y, tip_y])
        # ArrowItem points left at angle 0 and turns clockwise on screen (y down); the view's axes are
        # equal. Rotating the item rather than restyling it keeps its path (built once).
        self.head.setRotation(math.degrees(math.atan2(dy, -dx)))
        self.head.setPos(tip_x, tip_y)
        self.head.show()
        self.visible = True
