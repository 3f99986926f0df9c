"""What ``ui/panels/pyqtgraph_workarounds.py`` and the plot restyling rely on inside pyqtgraph: this fails
on a pyqtgraph that lacks it, and the installed version is inside the range pyproject pins."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from packaging.requirements import Requirement

from linreg_gui.ui.panels import style
from linreg_gui.ui.panels.pyqtgraph_workarounds import FittedTitle, PixmapAxis, StepCurve

ROOT = Path(__file__).resolve().parents[1]


def test_installed_pyqtgraph_is_in_the_pinned_range():
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pin = next(Requirement(d) for d in dependencies if Requirement(d).name == "pyqtgraph")
    assert pin.specifier.contains(pg.__version__), (pg.__version__, str(pin.specifier))
    assert pin.specifier.contains("0.13.7") and not pin.specifier.contains("1.0")  # a lower and an upper bound


def test_axis_drops_its_picture_when_it_must_redraw(qtbot):
    axis = PixmapAxis("left")
    axis.picture = object()  # pyqtgraph's cached drawing of the axis
    axis.setLabel("a label")  # pyqtgraph drops the drawing on a change
    assert axis.picture is None
    assert axis.cacheMode() == axis.CacheMode.DeviceCoordinateCache


def test_curve_internals_the_held_clipping_uses(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    curve = StepCurve()
    widget.getPlotItem().addItem(curve)
    assert widget.getPlotItem().getViewBox().addedItems[-1] is curve
    curve.setData(np.arange(5.0), np.arange(5.0))
    assert hasattr(curve, "_datasetDisplay")  # None after new data, until the curve is next displayed
    assert "autoDownsampleFactor" in curve.opts
    curve.hold()
    widget.getPlotItem().getViewBox().setRange(xRange=(0, 2))
    curve.release()
    widget.getPlotItem().getViewBox().updateMatrix()


def test_plot_parts_the_title_legend_and_restyle_use(qtbot):
    widget = style.make_plot("probe", "A title", "x", "y")
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    assert isinstance(plot.titleLabel, FittedTitle) and plot.layout.itemAt(0, 1) is plot.titleLabel
    assert plot.titleLabel.text == "A title" and plot.titleLabel.item.boundingRect().width() > 0
    legend = style.add_legend(widget, header=True)
    plot.addItem(pg.PlotDataItem([0, 1], [0, 1], name="named"))
    assert [label.text for _sample, label in legend.items] == ["named"]  # addItem fills ``plot.legend``
    axis = plot.getAxis("left")
    assert "tickFont" in axis.style and axis.labelText == "y" and "color" in axis.labelStyle
