"""Render the application icon's PNGs from ``linreg-gui.svg`` with Qt's SVG renderer.

Run it after changing the SVG: ``python linreg_gui/resources/icons/render_pngs.py``; commit the PNGs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 32, 48, 64, 128, 256, 512)
HERE = Path(__file__).resolve().parent


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts and image plugins)
    renderer = QSvgRenderer(str(HERE / "linreg-gui.svg"))
    if not renderer.isValid():
        print("render_pngs: linreg-gui.svg is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(HERE / f"linreg-gui-{size}.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
