"""The closed-form reference beside the readout: the least-squares fit, how far training still is
from it and from the truth, and in compare mode how far the two implementations are apart."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ..core.snapshot import DataView, Snapshot
from .panels import style
from .panels.formatting import format_number


class ReferenceLabel(QLabel):
    """Least squares is the best any training can reach on this data: the noise floor under the
    note's "mse of parameter estimation"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referenceLabel")
        self.setFont(style.font(13))
        self.setWordWrap(True)
        self.setToolTip("The closed-form least-squares solution of [X, 1]θ ≈ y: the noise floor of any training")

    def show_snapshot(self, s: Snapshot, view: DataView | None) -> None:
        if view is None:
            return
        ls_w = ", ".join(format_number(float(v)) for v in view.lstsq_w)
        lines = [
            f"<b>least squares</b>: w = [{ls_w}], b = {format_number(view.lstsq_b)}",
            f"gap to least squares: Σ(w − w_LS)² = {format_number(s.w_sq_error_lstsq)},"
            f" (b − b_LS)² = {format_number(s.b_sq_error_lstsq)}",
            f"gap to the truth: {format_number(s.w_sq_error)}, {format_number(s.b_sq_error)}",
        ]
        if s.compare is not None:
            lines.append(
                f"<b>compare</b> with {s.compare.impl}: max |Δw| = {s.compare.max_dw:.2g},"
                f" max |Δb| = {s.compare.max_db:.2g}"
            )
        self.setText("<br>".join(lines))
