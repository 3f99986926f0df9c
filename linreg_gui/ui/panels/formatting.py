"""Numbers as a class reads them: a fixed number of significant digits, and words for what is not a number."""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

MISSING = "—"  # NaN before the first step: there is no value yet
DIVERGED = QT_TRANSLATE_NOOP("formatting", "diverged")  # NaN after the loss or the parameters blew up
SIGNIFICANT = 5


def format_number(value: float, diverged: bool = False, digits: int = SIGNIFICANT) -> str:
    """``digits`` significant digits, trailing zeros kept (2.0000 shows how close to 2 it is),
    scientific notation for tiny or huge values; never "nan" or "inf"."""
    value = float(value)
    if math.isnan(value):
        return QCoreApplication.translate("formatting", DIVERGED) if diverged else MISSING
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if value == 0:
        return "0"
    # Python's "g" turns scientific only below 1e-4; below 1e-3 the leading zeros are already hard to count.
    text = f"{value:.{digits - 1}e}" if abs(value) < 1e-3 else f"{value:#.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"  # 1.2346e+05 → 1.2346e5
    return text.rstrip(".")
