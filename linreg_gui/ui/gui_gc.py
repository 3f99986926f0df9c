"""Python's cyclic garbage collection, confined to the GUI thread.

The collector runs in whichever thread happens to allocate when a threshold is crossed. If that is a
second thread (it was the training thread; now the thread reading the training process's answers
allocates) and the garbage holds Qt objects (a closed window's menus, say), Shiboken destroys them
there, while the GUI thread may be destroying their parents: each then waits for what the other holds
(a Qt mutex, the GIL). That deadlock was seen in the test suite. So automatic collection is switched
off and a GUI-thread timer collects instead (pyqtgraph's GarbageCollector, made for this).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from pyqtgraph.util.garbage_collector import GarbageCollector

if TYPE_CHECKING:
    from ..core.snapshot import Snapshot
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
    """Whenever ``window`` draws the first snapshot of a new run (the first one: Qt, pyqtgraph and the
    window loaded; later: a new data set, implementation or reset, when the old run's objects have
    become garbage), collect everything once and freeze what is alive: ~75,000 objects that live on.

    Otherwise every collection of the older generations scans them all, ~20 ms with the UI thread
    stopped (~100 ms while torch was loaded in this process too). Frozen objects are scanned no
    more; unfreezing before each full collection still frees whatever of them became garbage.
    For the app (``launch.open_window``), not for every window.
    """
    frozen_generation = 0

    def refreeze(snapshot: Snapshot) -> None:
        nonlocal frozen_generation
        if snapshot.generation != frozen_generation:
            frozen_generation = snapshot.generation
            gc.unfreeze()
            gc.collect()
            gc.freeze()

    window.snapshotShown.connect(refreeze)
