"""Python's cyclic garbage collection, confined to the GUI thread.

The collector runs in whichever thread happens to allocate when a threshold is crossed. If that is the
training thread and the garbage holds Qt objects (a closed window's menus, say), Shiboken destroys them
there, while the GUI thread may be destroying their parents: each then waits for what the other holds
(a Qt mutex, the GIL). That deadlock was seen in the test suite. So automatic collection is switched
off and a GUI-thread timer collects instead (pyqtgraph's GarbageCollector, made for this).
"""

from __future__ import annotations

from pyqtgraph.util.garbage_collector import GarbageCollector

INTERVAL_S = 0.5

_collector: GarbageCollector | None = None


def collect_in_gui_thread() -> GarbageCollector:
    """Start the GUI-thread collector once per process (call it from the GUI thread)."""
    global _collector
    if _collector is None:
        _collector = GarbageCollector(interval=INTERVAL_S)
    return _collector
