"""Python's cyclic garbage collection, confined to the GUI thread.

The collector runs in whichever thread happens to allocate when a threshold is crossed. If that is the
training thread and the garbage holds Qt objects (a closed window's menus, say), Shiboken destroys them
there, while the GUI thread may be destroying their parents: each then waits for what the other holds
(a Qt mutex, the GIL). That deadlock was seen in the test suite. So automatic collection is switched
off and a GUI-thread timer collects instead (pyqtgraph's GarbageCollector, made for this).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from pyqtgraph.util.garbage_collector import GarbageCollector

if TYPE_CHECKING:
    from .main_window import MainWindow

INTERVAL_S = 0.5

_collector: GarbageCollector | None = None


def collect_in_gui_thread() -> GarbageCollector:
    """Start the GUI-thread collector once per process (call it from the GUI thread)."""
    global _collector
    if _collector is None:
        _collector = GarbageCollector(interval=INTERVAL_S)
    return _collector


def freeze_when_ready(window: MainWindow) -> None:
    """Once ``window`` has drawn its first snapshot (torch, the trainer and the window all loaded),
    collect once and freeze what is alive: ~200,000 objects that live as long as the app.

    Otherwise every full collection scans them all, ~100 ms with the UI thread stopped, about once a
    minute while training runs (B2's worst gap). After ``gc.freeze`` it scans only what came later.
    For the app (``launch.open_window``), not for every window: frozen objects are never collected.
    """

    def freeze(*_: object) -> None:
        window.snapshotShown.disconnect(freeze)
        gc.collect()
        gc.freeze()

    window.snapshotShown.connect(freeze)
