"""The data as students first meet it: y against one feature, the true line, the model's line and the batch."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...core.snapshot import DataView, Snapshot
from ..widgets import Retranslating
from . import style
from .base import KeyLabel, PlotPanel
from .pyqtgraph_workarounds import keep_as_pixmap
from .theme import Theme


class DataPanel(Retranslating, PlotPanel):
    """Scatter of y against x_j (j chosen in a combo box), with lines for the truth and the model.

    With p > 1 features a line in the (x_j, y) plane needs a value for the other features: they are
    held at their means over the whole data set, so both lines pass through the middle of the cloud.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: DataView | None = None
        self.snapshot: Snapshot | None = None
        self.feature = 0

        self.feature_combo = QComboBox()
        self.feature_combo.setObjectName("featureCombo")
        self.feature_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.feature_combo.setMinimumContentsLength(3)  # "x10": the rest of the row is the key's
        self.feature_combo.setFont(style.font(style.LABEL_PT))
        self.feature_combo.currentIndexChanged.connect(self._on_feature_changed)
        self.feature_label = QLabel()
        self.feature_label.setFont(style.font(style.LABEL_PT))
        self.feature_label.setBuddy(self.feature_combo)

        self.plot = style.make_plot("dataPlot", self._title("x1"), "x1", "y")
        # Data first, lines over it, the batch on top (z values below). Only the full scatter sets the
        # view range, so a diverging model line cannot zoom the data away.
        self.scatter = pg.ScatterPlotItem(
            size=5, pen=None, brush=pg.mkBrush(*style.DATA_COLOR), pxMode=True, antialias=True
        )
        self.true_line = pg.PlotDataItem(pen=style.pen(style.TRUE_COLOR, 3, dashed=True), antialias=True)
        self.model_line = pg.PlotDataItem(pen=style.pen(style.MODEL_COLOR, 4.5), connect="finite", antialias=True)
        self.batch_scatter = pg.ScatterPlotItem(
            size=11,
            pen=pg.mkPen("#5a0030", width=1.2),
            brush=pg.mkBrush(style.BATCH_COLOR),
            pxMode=True,
            antialias=True,
        )
        # The key sits in the row of the feature box, so no corner of the plot is hidden: where the
        # cloud leaves room depends on the signs of the weights.
        self.legend = KeyLabel()  # a narrow panel (large fonts) wraps the key rather than hiding it
        self.legend.setObjectName("dataLegend")
        self.legend.setFont(style.font(style.LEGEND_PT))
        plot_item = self.plot.getPlotItem()
        plot_item.addItem(self.scatter)
        keep_as_pixmap(self.scatter)  # 20,000 points under a model line that moves every frame
        for item in (self.true_line, self.model_line, self.batch_scatter):
            plot_item.addItem(item, ignoreBounds=True)
        self.model_line.setZValue(5)
        self.true_line.setZValue(6)  # dashes over the model line: both stay visible once they coincide
        self.batch_scatter.setZValue(10)

        top = QHBoxLayout()
        top.setContentsMargins(8, 0, 0, 0)
        top.addWidget(self.legend, 1)  # all the room the feature box leaves: it wraps only when that is short
        top.addWidget(self.feature_label)
        top.addWidget(self.feature_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        self.retranslate()

    def restyle(self, theme: Theme) -> None:
        """Nothing: the View menu restyles every plot, new curves included."""

    def retranslate(self) -> None:
        self.feature_combo.setToolTip(self.tr("Feature on the horizontal axis; the others are held at their means"))
        self.feature_label.setText(self.tr("Feature:"))
        true_line, model, batch = self.tr("true line"), self.tr("model"), self.tr("current batch")
        self.legend.set_entries(
            [(style.TRUE_COLOR, "╍╍", true_line), (style.MODEL_COLOR, "━━", model), (style.BATCH_COLOR, "●", batch)]
        )
        name = f"x{self.feature + 1}"
        style.relabel(self.plot, self._title(name), name, "y")

    def _title(self, feature: str) -> str:
        return self.tr("Data: y against {feature}").format(feature=feature)

    # ----- public -----------------------------------------------------------------------------
    def new_data(self, view: DataView) -> None:
        """A new data set (sent once per data set): redraw the cloud and the true line."""
        self.view = view
        self.snapshot = None
        if self.feature_combo.count() != view.p:
            with QSignalBlocker(self.feature_combo):
                self.feature_combo.clear()
                self.feature_combo.addItems([f"x{j + 1}" for j in range(view.p)])
                self.feature = min(self.feature, view.p - 1)
                self.feature_combo.setCurrentIndex(self.feature)
        self.feature_combo.setEnabled(view.p > 1)
        self._draw_data()
        self.batch_scatter.setData([], [])
        self.model_line.setData([], [])
        self.plot.getPlotItem().enableAutoRange()

    def new_run(self, keep_previous: bool) -> None:
        """Nothing: the next snapshot moves the model line."""

    def show_snapshot(self, s: Snapshot) -> None:
        """Move the model line and the batch highlight to the snapshot's parameters and batch."""
        self.snapshot = s
        self._draw_model()

    def set_feature(self, j: int) -> None:
        """Show feature x_{j+1} on the horizontal axis (0-based ``j``)."""
        self.feature_combo.setCurrentIndex(j)

    # ----- drawing ----------------------------------------------------------------------------
    def _on_feature_changed(self, index: int) -> None:
        if index < 0:
            return
        self.feature = index
        self._draw_data()
        self._draw_model()
        self.plot.getPlotItem().enableAutoRange()

    def _draw_data(self) -> None:
        view, j = self.view, self.feature
        name = f"x{j + 1}"
        style.relabel(self.plot, self._title(name), name, "y")  # texts only: sizes and colours stay
        if view is None or view.p == 0:
            return
        self.scatter.setData(x=view.x[:, j], y=view.y)
        self.true_line.setData(*self._line(view.true_w, view.true_b))

    def _draw_model(self) -> None:
        s, view, j = self.snapshot, self.view, self.feature
        if s is None or view is None or len(s.w) != view.p:
            return  # a snapshot of another data set (p changed): wait for its DataView
        self.model_line.setData(*self._line(s.w, s.b))
        if len(s.batch_y):
            self.batch_scatter.setData(x=s.batch_x[:, j], y=s.batch_y)
        else:
            self.batch_scatter.setData([], [])

    def _line(self, w: np.ndarray, b: float) -> tuple[np.ndarray, np.ndarray]:
        """Endpoints of y = w_j·x + b + Σ_{k≠j} w_k·mean_k across the shown range of x_j."""
        view, j = self.view, self.feature
        column = view.x[:, j]
        finite = column[np.isfinite(column)]
        if not len(finite):
            return np.empty(0), np.empty(0)
        x = np.array([finite.min(), finite.max()], dtype=np.float64)
        w = np.asarray(w, dtype=np.float64)
        means = np.asarray(view.feature_means, dtype=np.float64)
        with np.errstate(all="ignore"):  # a diverged model gives inf/NaN: the line is skipped, not an error
            others = float(np.dot(np.delete(w, j), np.delete(means, j)))
            y = w[j] * x + float(b) + others
        return x, y
