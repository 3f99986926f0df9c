"""One look for every panel, chosen for a projector: white background, dark text, large fonts, thick lines."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from .pyqtgraph_workarounds import PixmapAxis, StepCurve, downsample_by_peaks, use_fitted_title
from .theme import LIGHT

if TYPE_CHECKING:
    from .history import CurveHistory

BACKGROUND = LIGHT.background  # a plot is made light; the View menu restyles it to the current theme
FOREGROUND = LIGHT.foreground
AXIS_PEN = "#444444"
GRID_ALPHA = 0.25

TICK_PT = 13
LABEL_PT = 14
TITLE_PT = 16
TITLE_MIN_PT = 12  # a title too wide for its plot shrinks down to this (16 px), then is elided
LEGEND_PT = 13
HEADER_LEGEND_PT = 12  # a legend in the title row, beside the title
TITLE_ROW_PX = 30  # pyqtgraph's fixed title row
HEADER_ROW_PX = 24  # one more row of a 12 pt legend
LINE_WIDTH = 2.5
LOG_FLOOR = 1e-12  # a value of exactly 0 still has a place on a log axis
CURVE_WIDTH = 2.0

DATA_COLOR = (70, 110, 170, 110)  # translucent blue: 20,000 points overlap without a solid blot
TRUE_COLOR = "#1b9e3a"  # the truth is green, dashed
MODEL_COLOR = "#ff7f0e"  # the model is orange, solid and thick
BATCH_COLOR = "#d6006e"  # the current minibatch: magenta, on top
PREVIOUS_COLOR = "#b8b8b8"  # opaque: a translucent wide pen cannot be drawn as fast line segments
FULL_LOSS_COLOR = "#d62728"
BATCH_LOSS_COLOR = "#1f77b4"
COMPARE_COLOR = "#ff7f0e"  # the other implementation in compare mode, dashed over the first
B_COLOR = "#222222"

# tab10 without its grey (kept for b and the previous run) and yellow-green (weak on white)
WEIGHT_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")


def param_color(index: int, p: int) -> str:
    """Colour of column ``index`` of (w_1..w_p, b): the weights cycle through a palette, b is near-black."""
    return B_COLOR if index == p else WEIGHT_COLORS[index % len(WEIGHT_COLORS)]


def param_names(p: int) -> list[str]:
    return [*(f"w{j + 1}" for j in range(p)), "b"]


def pen(color, width: float = LINE_WIDTH, dashed: bool = False) -> pg.QtGui.QPen:
    style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    made = pg.mkPen(color, width=width, style=style)
    made.setCosmetic(True)
    return made


def font(points: float, bold: bool = False) -> QFont:
    made = QFont()
    made.setPointSizeF(points)
    made.setBold(bold)
    return made


def make_plot(object_name: str, title: str, x_label: str, y_label: str) -> pg.PlotWidget:
    """A white PlotWidget with projector-size ticks, labels and title, and a light grid."""
    widget = pg.PlotWidget(
        background=BACKGROUND, axisItems={"left": PixmapAxis("left"), "bottom": PixmapAxis("bottom")}
    )
    widget.setObjectName(object_name)
    plot = widget.getPlotItem()
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(AXIS_PEN, width=1.5))
        axis.setTextPen(pg.mkPen(FOREGROUND))
        axis.setTickFont(font(TICK_PT))
        axis.enableAutoSIPrefix(False)  # "(x0.001)" beside a label puzzles a class more than 5e-4 does
        # Room for tick labels grows but never shrinks: a narrower label would resize the view, and a
        # resized view is painted again, every frame while training runs.
        axis.setStyle(autoReduceTextSpace=False)
    use_fitted_title(plot, TITLE_PT, TITLE_MIN_PT)
    set_labels(widget, title, x_label, y_label)
    plot.showGrid(x=True, y=True, alpha=GRID_ALPHA)
    return widget


def set_labels(widget: pg.PlotWidget, title: str, x_label: str, y_label: str) -> None:
    plot = widget.getPlotItem()
    plot.setTitle(title, size=f"{TITLE_PT}pt", color=FOREGROUND, bold=True)
    plot.setLabel("bottom", x_label, **{"font-size": f"{LABEL_PT}pt", "color": FOREGROUND})
    plot.setLabel("left", y_label, **{"font-size": f"{LABEL_PT}pt", "color": FOREGROUND})


def relabel(widget: pg.PlotWidget, title: str, x_label: str, y_label: str, legend: pg.LegendItem | None = None) -> None:
    """New texts for the title and the axis labels, keeping their sizes and colours (a language change).

    Pass a header ``legend`` to re-wrap it beside the new title.
    """
    plot = widget.getPlotItem()
    if plot.titleLabel.text != title:
        plot.titleLabel.setText(title)
    for side, text in (("bottom", x_label), ("left", y_label)):
        axis = plot.getAxis(side)
        if axis.labelText != text:  # a label set again lays out and repaints its axis, grid and all
            axis.setLabel(text)
    if legend is not None:
        fit_header_legend(widget, legend)


def key_html(entries: list[tuple[str, str, str]]) -> str:
    """A legend as rich text for a QLabel: (colour, mark, text) entries that wrap only between entries.

    Inside an entry, word joiners (U+2060) and no-break spaces glue the characters: Qt breaks Chinese
    text between any two characters, even inside ``<nobr>``.
    """
    glue = "\u2060"
    return "&nbsp; ".join(
        f"<span style='color:{color}; font-weight:bold'>{mark}</span>{glue}\u00a0{glue}"
        + glue.join(text.replace(" ", "\u00a0"))
        for color, mark, text in entries
    )


def rename_legend_entries(legend: pg.LegendItem, names: dict) -> None:
    """Give the legend entries of the items in ``names`` (item → text) their new texts."""
    for sample, label in legend.items:
        if sample.item in names:
            label.setText(names[sample.item])


def add_legend(widget: pg.PlotWidget, header: bool = False) -> pg.LegendItem:
    """A legend that named items join as they are added.

    ``header`` puts it in the title row, right-aligned (the title moves left), where it never hides a
    curve; it wraps into more rows when the plot is too narrow (see ``fit_header_legend``).
    Otherwise it sits in the plot's top right corner.
    """
    plot = widget.getPlotItem()
    if not header:
        return plot.addLegend(
            offset=(-10, 10),
            labelTextSize=f"{LEGEND_PT}pt",
            labelTextColor=FOREGROUND,
            brush=pg.mkBrush(255, 255, 255, 215),
            pen=pg.mkPen("#999999"),
        )
    legend = pg.LegendItem(
        offset=(-4, 1), horSpacing=6, frame=False, labelTextSize=f"{HEADER_LEGEND_PT}pt", labelTextColor=FOREGROUND
    )
    legend.setParentItem(plot)
    plot.legend = legend  # PlotItem.addItem adds named items to ``plot.legend``
    plot.titleLabel.setAttr("justify", "left")
    plot.vb.sigResized.connect(lambda _view: fit_header_legend(widget, legend))
    return legend


def fit_header_legend(widget: pg.PlotWidget, legend: pg.LegendItem) -> None:
    """Wrap a header legend into as few rows as fit beside the title; call it after entries change
    (it runs by itself when the plot is resized). Each extra row makes the title row taller."""
    plot = widget.getPlotItem()
    entries = len(legend.items)
    widths = [sample.boundingRect().width() + label.boundingRect().width() + 12 for sample, label in legend.items]
    title = plot.titleLabel.item.boundingRect().width() if plot.titleLabel.isVisible() else 0.0
    room = max(plot.vb.width() - title - 16, 1.0)
    rows = 1
    while rows < max(entries, 1) and _widest_row(widths, math.ceil(entries / rows)) > room:
        rows += 1
    columns = max(math.ceil(entries / rows), 1)
    if columns != legend.columnCount:
        legend.setColumnCount(columns)
    height = TITLE_ROW_PX + (math.ceil(entries / columns) - 1 if entries else 0) * HEADER_ROW_PX
    layout = plot.layout
    if layout.rowMinimumHeight(0) != height or layout.rowMaximumHeight(0) != height:
        layout.setRowFixedHeight(0, height)


def _widest_row(widths: list[float], columns: int) -> float:
    """Width of a legend laid out in ``columns`` columns (each as wide as its widest entry)."""
    return sum(max(widths[c::columns]) for c in range(columns) if widths[c::columns])


NICE_MANTISSAS = (1.0, 2.0, 5.0, 10.0)
FINE_MANTISSAS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)  # within 25 % of any value
AXIS_TICKS = 8  # a fitted axis snaps to multiples of a 1-2-5 step about 1/8 of its span


def nice_ceiling(value: float, mantissas: Sequence[float] = NICE_MANTISSAS) -> float:
    """The smallest m·10^k (m in ``mantissas``) at or above ``value``; 1 when there is nothing to show."""
    if not value > 1e-300:  # nothing (or NaN) to show
        return 1.0
    value = min(value, sys.float_info.max)  # a value about to overflow still gets an axis
    decade = 10.0 ** math.floor(math.log10(value))
    for mantissa in mantissas:
        nice = mantissa * decade
        if nice >= value * (1 - 1e-12):
            return nice if math.isfinite(nice) else value
    return value


def snapped(low: float, high: float) -> tuple[float, float]:
    """(low, high) widened to multiples of a 1-2-5 step of about 1/8 of the span."""
    tick = nice_ceiling((high - low) / AXIS_TICKS)
    snapped_low, snapped_high = math.floor(low / tick) * tick, math.ceil(high / tick) * tick
    if not (math.isfinite(snapped_low) and math.isfinite(snapped_high)):
        return low, high
    return snapped_low, snapped_high


class StepView:
    """Fits a per-step plot (x: 0 … last step, y: the data) in the snapshot handler, before painting.

    pyqtgraph's auto-range refits during the paint, and again after clipping and downsampling change
    the data's bounds, so a frame would be painted several times; fitted here, it is painted once.
    The range moves in steps: x ends at the next of 1, 1.2, 1.5, 2, … × 10^k past the last step, and y
    at multiples of a tick, so most frames leave the axes (and their grid, drawn once and kept as a
    pixmap) as they were and repaint only the curves. A zoom or pan with the mouse stops the fitting
    of that axis; the plot's "A" button resumes it.
    """

    PADDING = 0.03

    def __init__(self, widget: pg.PlotWidget, log_y: bool = False) -> None:
        self._view = widget.getPlotItem().getViewBox()
        self._log_y = log_y
        self._follow = [True, True]
        self._fitted: tuple | None = None
        self._view.disableAutoRange()
        self._view.sigRangeChangedManually.connect(self._stop_following)

    def _stop_following(self, mask: list[bool]) -> None:
        self._follow = [follow and not moved for follow, moved in zip(self._follow, mask, strict=True)]
        self._fitted = None

    @contextmanager
    def fitted(self, last_step: float, values: list[np.ndarray]) -> Iterator[None]:
        """Show steps 0 … ``last_step`` and every finite value in ``values`` (a constant gets a margin),
        then run the block, which draws the new data.

        The range is set first, with the curves' re-clipping held back, so each curve clips and
        downsamples once, in its ``setData``. Curves the block leaves as they were are re-clipped when
        it ends.
        """
        auto = self._view.autoRangeEnabled()
        if any(auto):  # the "A" button: follow again, fitted here rather than by pyqtgraph
            self._follow = [follow or bool(on) for follow, on in zip(self._follow, auto, strict=True)]
            self._view.disableAutoRange()
            self._fitted = None
        x_range = (0.0, nice_ceiling(max(float(last_step), 1.0), FINE_MANTISSAS)) if self._follow[0] else None
        y_range = self._y_range(values) if self._follow[1] else None
        held: list[StepCurve] = []
        if (x_range is not None or y_range is not None) and (x_range, y_range) != self._fitted:
            self._fitted = (x_range, y_range)
            held = [item for item in self._view.addedItems if isinstance(item, StepCurve)]
            for curve in held:
                curve.hold()
            self._view.setRange(xRange=x_range, yRange=y_range, padding=self.PADDING)
            self._view.updateMatrix()  # now, not while painting (where moving the items costs another paint)
        try:
            yield
        finally:
            for curve in held:
                curve.release()

    def _y_range(self, values: list[np.ndarray]) -> tuple[float, float] | None:
        finite = [v[np.isfinite(v)] for v in values if len(v)]
        finite = [v for v in finite if len(v)]
        if not finite:
            return None
        low, high = min(float(v.min()) for v in finite), max(float(v.max()) for v in finite)
        if self._log_y:
            low, high = math.log10(max(low, 1e-300)), math.log10(max(high, 1e-300))
        if high - low < 1e-12 * max(abs(high), 1.0):
            margin = max(abs(high) * 0.05, 1e-3 if not self._log_y else 0.5)
            low, high = low - margin, high + margin
        return snapped(low, high)


def draw_columns(curves: Sequence[pg.PlotDataItem], store: CurveHistory) -> None:
    """Curve ``k`` shows column ``k`` of ``store`` over its steps (nothing, for an empty store)."""
    for index, curve in enumerate(curves):
        draw(curve, store, index)


def draw(curve: pg.PlotDataItem, store: CurveHistory, column: int | None = None) -> None:
    """Show ``store`` (or one ``column`` of it) on ``curve``, unless the curve already shows this version
    (an unchanged curve, an empty compare curve say, then costs no ``setData``)."""
    drawn = (store, store.version, column)
    if getattr(curve, "drawn", None) == drawn:
        return
    if len(store):
        curve.setData(store.x, store.y if column is None else store.y[:, column])
    else:
        curve.setData([], [])
    curve.drawn = drawn


def add_curve(widget: pg.PlotWidget, curve: pg.PlotDataItem, **kwargs) -> pg.PlotDataItem:
    """Add a long per-step curve; peak downsampling and clipping are set after ``addItem``, which resets them."""
    widget.getPlotItem().addItem(curve, **kwargs)
    downsample_by_peaks(curve)
    curve.setClipToView(True)
    return curve


def curve(color, name: str | None = None, width: float = CURVE_WIDTH, **kwargs) -> pg.PlotDataItem:
    """An empty per-step curve that skips NaN/inf (before the first loss, after divergence).

    Not antialiased: Qt's raster engine strokes a wide antialiased polyline that zig-zags (a noisy
    batch loss, SGD gradients) far too slowly for a frame; without antialiasing pyqtgraph draws wide
    opaque curves as fast line segments.
    """
    return StepCurve(pen=pen(color, width), name=name, connect="finite", antialias=False, **kwargs)


def for_log(values: np.ndarray) -> np.ndarray:
    """Values ready for a log axis: non-finite ones become gaps (NaN), 0 is lifted to ``LOG_FLOOR``."""
    values = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(values), np.maximum(values, LOG_FLOOR), np.nan)
