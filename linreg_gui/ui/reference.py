"""The closed-form reference beside the readout: the least-squares fit, how far training still is
from it and from the truth, and in compare mode how far the two implementations are apart."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ..core.snapshot import DataView, Snapshot
from .panels import style
from .panels.formatting import format_number
from .panels.theme import Theme
from .widgets import Retranslating


class ReferenceLabel(Retranslating, QLabel):
    """Least squares is the best any training can reach on this data: the noise floor under the
    note's "mse of parameter estimation"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referenceLabel")
        self.setFont(style.font(13))
        self.setWordWrap(True)
        self.view: DataView | None = None
        self.shown: Snapshot | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(
            self.tr("The closed-form least-squares solution of [X, 1]θ ≈ y: the noise floor of any training")
        )
        if self.shown is not None:
            self.show_snapshot(self.shown)

    def new_data(self, view: DataView) -> None:
        """The data set whose least-squares solution the next snapshots are measured against."""
        self.view = view

    def new_run(self, keep_previous: bool) -> None:
        """Nothing: the next snapshot replaces the text."""

    def restyle(self, theme: Theme) -> None:
        """Nothing: the label follows the window's palette."""

    def show_snapshot(self, s: Snapshot) -> None:
        view = self.view
        if view is None:
            return
        self.shown = s
        ls_w = ", ".join(format_number(float(v)) for v in view.lstsq_w)
        lines = [
            self.tr("<b>least squares</b>: w = [{w}], b = {b}").format(w=ls_w, b=format_number(view.lstsq_b)),
            self.tr("gap to least squares: Σ(w − w_LS)² = {w}, (b − b_LS)² = {b}").format(
                w=format_number(s.w_sq_error_lstsq), b=format_number(s.b_sq_error_lstsq)
            ),
            self.tr("gap to the truth: {w}, {b}").format(w=format_number(s.w_sq_error), b=format_number(s.b_sq_error)),
        ]
        if s.compare is not None:
            impl = self.tr("from scratch") if s.compare.impl == "scratch" else self.tr("built-in")
            lines.append(
                self.tr("<b>compare</b> with {impl}: max |Δw| = {dw}, max |Δb| = {db}").format(
                    impl=impl, dw=f"{s.compare.max_dw:.2g}", db=f"{s.compare.max_db:.2g}"
                )
            )
        self.setText("<br>".join(lines))
