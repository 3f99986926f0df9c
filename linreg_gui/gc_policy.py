"""Python's garbage collection in both processes: switched off, run where and when it costs least.

- Everything that lives as long as a run (Qt, pyqtgraph, torch, the window, the data set) is frozen
  at the first snapshot of each run, so later collections skip it (:func:`refreeze_on_new_run`);
  the window does it once a burst of new runs has settled (:func:`refreeze_when_settled`).
- The window collects on a GUI-thread timer (:func:`collect_in_gui_thread`): an automatic collection
  could run in the thread that reads the training process's answers and destroy Qt objects there
  while the GUI thread destroys their parents, a deadlock.
- The training process collects its young generations between slices, once a second
  (:class:`YoungCollector`): automatic collections would run every few hundred steps.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyqtgraph.util.garbage_collector import GarbageCollector
    from PySide6.QtCore import QObject

    from .core.snapshot import Snapshot

GUI_INTERVAL_S = 0.5
REGROWTH = 1.5  # the frozen objects' growth since the last full collection that calls for another
REFREEZE_DELAY_MS = 1000  # after a run's first snapshot, unless another run starts meanwhile
TRAINING_INTERVAL_S = 1.0

_gui_collector: GarbageCollector | None = None


def disable_automatic() -> None:
    """Automatic collection off for good: a collector of this module collects instead."""
    gc.disable()


def refreeze_on_new_run() -> Callable[[Snapshot], None]:
    """A receiver for every snapshot that collects and freezes at the first one of each run (a new
    generation), when the previous run's objects have become garbage.

    The collection skips what is frozen already (Qt, pyqtgraph, the window: most of the heap), so it
    costs about a millisecond instead of tens. What was frozen and has since become garbage is freed
    by reference counting; only cycles among it wait, until the frozen objects have grown by
    ``REGROWTH`` since the last full collection: then it unfreezes and collects everything."""
    frozen_generation = 0
    after_full: int | None = None  # objects frozen after the last full collection

    def refreeze(snapshot: Snapshot) -> None:
        nonlocal frozen_generation, after_full
        if snapshot.generation == frozen_generation:
            return
        frozen_generation = snapshot.generation
        full = after_full is None or gc.get_freeze_count() > after_full * REGROWTH
        if full:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
        if full:
            after_full = gc.get_freeze_count()

    return refreeze


def refreeze_when_settled(parent: QObject) -> Callable[[Snapshot], None]:
    """:func:`refreeze_on_new_run` for the window: the collection waits ``REFREEZE_DELAY_MS`` after a new
    run is drawn and a newer run restarts the wait, so clicking through presets or Reset costs one
    collection, not one per click. (Qt is imported here only: the training process never calls it.)"""
    from PySide6.QtCore import QTimer

    refreeze = refreeze_on_new_run()
    timer = QTimer(parent, singleShot=True, interval=REFREEZE_DELAY_MS)
    latest: list[Snapshot] = []
    timer.timeout.connect(lambda: refreeze(latest[0]))

    def later(snapshot: Snapshot) -> None:
        if not latest or latest[0].generation != snapshot.generation:
            timer.start()
        latest[:] = [snapshot]

    return later


def collect_in_gui_thread() -> GarbageCollector:
    """Start the GUI-thread collector once per process (call it from the GUI thread, before any other
    thread allocates): pyqtgraph's GarbageCollector, made for this."""
    global _gui_collector
    if _gui_collector is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _gui_collector = GarbageCollector(interval=GUI_INTERVAL_S)
    return _gui_collector


class YoungCollector:
    """The training process's collector: the young generations, at most once per ``interval_s``."""

    def __init__(self, interval_s: float = TRAINING_INTERVAL_S) -> None:
        disable_automatic()
        self._interval = interval_s
        self._due = time.perf_counter() + interval_s

    def seconds_left(self) -> float:
        return max(0.0, self._due - time.perf_counter())

    def collect_if_due(self) -> None:
        now = time.perf_counter()
        if now >= self._due:
            gc.collect(1)
            self._due = now + self._interval
