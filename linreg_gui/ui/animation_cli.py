"""``--export-animation PATH --steps N [--panel NAME] [--size WxH] [--fps F]``: record offscreen, then exit."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ..core.animation import AnimationError, AnimationSpec
from .main_window import MainWindow
from .recorder import WHOLE_WINDOW, AnimationRecorder, window_size_for

EXIT_FAILED, EXIT_USAGE = 1, 2
TIMEOUT_MS = 30 * 60_000


def export_animation(app: QApplication, window: MainWindow, spec: AnimationSpec, steps: int, target: str) -> int:
    """Record ``steps`` steps of a fresh run in ``window`` (shown offscreen) into ``spec``; the exit code."""
    if target == WHOLE_WINDOW:
        window.resize(*window_size_for(spec, window))
    try:
        recorder = AnimationRecorder(window, target, spec, steps)
    except AnimationError as error:
        return _fail(app, window, f"--panel: {error}", EXIT_USAGE)
    result = {"code": EXIT_FAILED}

    def finished(path: str) -> None:
        print(f"{path}: {recorder.frames} frames, {spec.width}x{spec.height}, {spec.fps} frames per second")
        result["code"] = 0
        window.close()

    def failed(reason: str) -> None:
        print(f"linreg-gui: error: {reason}", file=sys.stderr)
        window.close()

    recorder.finished.connect(finished)
    recorder.failed.connect(failed)
    window.show()
    try:
        recorder.start()
    except AnimationError as error:
        return _fail(app, window, str(error), EXIT_USAGE)
    QTimer.singleShot(TIMEOUT_MS, window.close)
    app.exec()
    return result["code"]


def _fail(app: QApplication, window: MainWindow, message: str, code: int) -> int:
    print(f"linreg-gui: error: {message}", file=sys.stderr)
    window.close()
    app.processEvents()
    return code
