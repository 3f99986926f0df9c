"""The places where the app works around pyqtgraph or relies on its internals, kept together so an
upgrade has one file to check (``tests/test_pyqtgraph_workarounds.py`` fails when an internal they use
is gone; pyproject pins pyqtgraph to the range that test passes with).

Each one replaces pyqtgraph behaviour that costs paints while training runs or clips text on a projector.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem


def use_fitted_title(plot: pg.PlotItem, size_pt: float, min_pt: float) -> None:
    """Put a ``FittedTitle`` in ``plot``'s title row (pyqtgraph's own ``titleLabel`` clips a long title)."""
    fitted = FittedTitle(size_pt, min_pt)
    plot.layout.removeItem(plot.titleLabel)
    plot.scene().removeItem(plot.titleLabel)
    plot.titleLabel = fitted
    plot.layout.addItem(fitted, 0, 1)
    plot.vb.sigResized.connect(lambda _view: fitted.fit())


def downsample_by_peaks(curve: pg.PlotDataItem) -> None:
    """Peak downsampling at one bucket per pixel (pyqtgraph's default is five): each bucket's minimum and
    maximum are still drawn, so no spike is lost, and a wide pen strokes a fifth of the segments."""
    curve.setDownsampling(auto=True, method="peak")
    curve.opts["autoDownsampleFactor"] = 1.0


class FittedTitle(pg.LabelItem):
    """A plot title that never clips: when the plot is narrower than the title, its font shrinks (down to
    ``min_pt``) and then the text is elided. ``text`` stays the full title and ``opts["size"]``
    the size asked for, whatever is shown."""

    def __init__(self, size_pt: float, min_pt: float) -> None:
        self._wanted, self._min_pt = f"{size_pt:g}pt", min_pt  # before LabelItem's __init__, which sets a text
        super().__init__()

    def setText(self, text: str, **args) -> None:
        self._wanted = args.pop("size", self._wanted)
        self.opts.update(args)
        self.text = text
        self.fit()

    def shown_width(self) -> float:
        """The width of the text as drawn now."""
        return self.item.boundingRect().width()

    def room(self) -> float:
        """The plot's width, less the widest entry of a legend in the title row (it wraps into rows)."""
        plot = self.parentItem()
        view = getattr(plot, "vb", None)
        room = (view.width() if view is not None else self.width()) - 8
        legend = getattr(plot, "legend", None)
        if legend is not None and self.opts.get("justify") == "left" and legend.items:  # a header legend
            room -= max(sample.boundingRect().width() + label.boundingRect().width() for sample, label in legend.items)
            room -= 28
        return max(room, 1.0)

    def fit(self) -> None:
        """Show the title at the largest size (then the longest start) that fits the plot's width now."""
        text, size = self.text, float(str(self._wanted).removesuffix("pt"))
        room = self.room()
        shown = text
        while True:
            super().setText(shown, **{**self.opts, "size": f"{size:g}pt"})
            if self.shown_width() <= room or len(shown) <= 2:
                break
            if size > self._min_pt:
                size -= 1
            else:  # one character fewer each time: a title is a few words, and this runs on a resize only
                shown = text[: len(shown.rstrip("…")) - 1].rstrip() + "…"
        self.text, self.opts["size"] = text, self._wanted


class PixmapAxis(pg.AxisItem):
    """An axis painted once into a pixmap and blitted while it stays the same (see ``keep_as_pixmap``):
    with its grid it covers the whole plot, and Qt repaints it under every curve that moves.

    pyqtgraph drops the axis's drawing (``picture = None``) without asking for a repaint in places
    (its own resize, a label shown), which a pixmap would never notice: here such a drop invalidates
    the pixmap too. Drops during the axis's own paint are left alone (the paint redraws it anyway;
    a repaint there would paint every frame twice).
    """

    _painting = False

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        keep_as_pixmap(self)

    def paint(self, *args) -> None:
        self._painting = True
        try:
            super().paint(*args)
        finally:
            self._painting = False

    def __setattr__(self, name: str, value: object) -> None:
        super().__setattr__(name, value)
        if name == "picture" and value is None and not self._painting:
            self.update()


def keep_as_pixmap(item: pg.GraphicsObject) -> None:
    """Paint ``item`` once into a pixmap and blit that until the item or the view changes.

    For what stays put while training runs (axes with their grid, the data cloud, the loss surface)
    but lies under something that moves every frame: Qt repaints every item in a changed region.
    """
    item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


class StepCurve(pg.PlotDataItem):
    """A curve whose re-clipping on a change of the view range can be held back (see StepView.fitted)."""

    def __init__(self, *args, **kwargs) -> None:
        self._holding = False
        self._held: list[bool] | None = None  # the axes whose range changed while held
        super().__init__(*args, **kwargs)

    def hold(self) -> None:
        self._holding = True

    def release(self) -> None:
        """Stop holding; re-clip now unless new data (``setData``) has done it since the range changed."""
        held, self._holding, self._held = self._held, False, None
        if held is not None:
            super().viewRangeChanged(changed=held)

    def viewRangeChanged(self, vb=None, ranges=None, changed=None) -> None:
        if not self._holding:
            super().viewRangeChanged(vb, ranges, changed)
            return
        changed = [True, True] if changed is None else list(changed)
        self._held = changed if self._held is None else [a or b for a, b in zip(self._held, changed, strict=True)]

    def updateItems(self, styleUpdate: bool = True) -> None:
        if self._held is not None and self._datasetDisplay is None:  # new data: clipped to the new range now
            self._held = None
        super().updateItems(styleUpdate)
