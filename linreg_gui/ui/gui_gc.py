"""Python's cyclic garbage collection, confined to the GUI thread.

The collector runs in whichever thread happens to allocate when a threshold is crossed. If that is a
second thread (it was the training thread; now the thread reading the training process's answers
allocates) and the garbage holds Qt objects (a closed window's menus, say), Shiboken destroys them
there, while the GUI thread may be destroying their parents: each then waits for what the other holds
(a Qt mutex, the GIL). That deadlock was seen in the test suite. So automatic collection is switched
off and a GUI-thread timer collects instead (pyqtgraph's GarbageCollector, made for this).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyqtgraph.util.garbage_collector import GarbageCollector
from PySide6.QtCore import QTimer

from ..freezing import refreeze_on_new_run

if TYPE_CHECKING:
    from ..core.snapshot import Snapshot
    from .main_window import MainWindow

INTERVAL_S = 0.5
REFREEZE_DELAY_MS = 1000  # after a run's first snapshot, unless another run starts meanwhile

_collector: GarbageCollector | None = None


def collect_in_gui_thread() -> GarbageCollector:
    """Start the GUI-thread collector once per process (call it from the GUI thread)."""
    global _collector
    if _collector is None:
        _collector = GarbageCollector(interval=INTERVAL_S)
    return _collector


def freeze_when_ready(window: MainWindow) -> None:
    """Freeze what lives on at the first snapshot ``window`` draws of each run (see ``freezing``):
    ~75,000 objects here, whose every full collection took ~20 ms with the UI thread stopped (~100 ms
    while torch was loaded in this process too). For the app (``launch.open_window``), not for every
    window.

    The full collection waits ``REFREEZE_DELAY_MS`` after the new run is drawn, and a newer run
    restarts the wait: clicking through presets or Reset costs one collection, not one per click.
    """
    refreeze = refreeze_on_new_run()
    timer = QTimer(window, singleShot=True, interval=REFREEZE_DELAY_MS)
    latest: list[Snapshot] = []
    timer.timeout.connect(lambda: refreeze(latest[0]))

    def later(snapshot: Snapshot) -> None:
        if not latest or latest[0].generation != snapshot.generation:
            timer.start()
        latest[:] = [snapshot]

    window.snapshotShown.connect(later)
