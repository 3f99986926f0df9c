"""``--screenshot``: train a few steps in a real window, save it as a PNG, quit."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from ..protocol import RunSteps
from .main_window import MainWindow

TIMEOUT_MS = 120_000


def take_screenshot(app: QApplication, window: MainWindow, path: str, steps: int, size: str) -> int:
    """Show ``window`` at ``size`` ("WxH"), run ``steps`` steps, grab it to ``path``; 0 on success."""
    width, _, height = size.partition("x")
    window.setWindowState(Qt.WindowState.WindowNoState)  # exactly ``size``, even where the screen is smaller
    window.resize(int(width), int(height))
    window.show()
    result = {"code": 1}

    def save() -> None:
        app.processEvents()
        ok = window.grab().save(path)
        if not ok:
            print(f"linreg-gui: error: cannot write the screenshot to {path}", file=sys.stderr)
        result["code"] = 0 if ok else 1
        window.close()
        app.quit()

    def on_snapshot(snapshot) -> None:
        if snapshot.step >= steps:  # the training process sends the final snapshot before it reports "idle"
            window.snapshotShown.disconnect(on_snapshot)
            QTimer.singleShot(300, save)

    def on_data(_view) -> None:
        window.training.dataReady.disconnect(on_data)
        if steps > 0:
            window.training.send(RunSteps(steps))

    window.training.dataReady.connect(on_data)
    window.snapshotShown.connect(on_snapshot)
    QTimer.singleShot(TIMEOUT_MS, app.quit)
    app.exec()
    return result["code"]
