"""B3's child process: start the window as ``python main.py`` does and print when its first frame is painted.

Usage: ``python benchmarks/first_paint.py START SETTINGS_DIR``, where START is the parent's
``time.time()`` just before it spawned this process (so interpreter start-up counts) and SETTINGS_DIR
keeps remembered settings away from the user's. The window is opened by the app's own start-up code
(``linreg_gui.ui.launch.open_window``, as ``python main.py`` with no options). Prints the seconds from
START until the first paint of the main window has finished, then exits at once without waiting for
the training process (which may still be importing torch: that is the point of loading torch there).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from linreg_gui.ui.launch import open_window, parse_args


def first_paint_reporter(start: float):
    """An event filter that sees the window's first Paint event; a zero timer then fires once that whole
    frame (the window and all its children, painted in one backing-store sync) is done."""
    from PySide6.QtCore import QEvent, QObject, QTimer  # loaded by then: the window is open

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                QTimer.singleShot(0, self.report)
            return False

        def report(self) -> None:
            print(f"{time.time() - start:.6f}", flush=True)
            os._exit(0)

    return FirstPaint()


def main() -> None:
    start, settings_dir = float(sys.argv[1]), sys.argv[2]
    app, window = open_window(parse_args([]), settings_dir)
    first_paint = first_paint_reporter(start)
    window.installEventFilter(first_paint)
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
