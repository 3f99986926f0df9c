"""Freezing what lives on, once a run: the window's process and the training process both do it.

Every collection of Python's older generations scans every live object. Most of them (Qt, pyqtgraph,
torch, the window, the data set) live as long as the run does, so at the first snapshot of each new
run (a start-up, a new data set, implementation or reset, when the old run's objects have become
garbage) everything is collected once and what is alive frozen: later collections skip it.
Unfreezing before that collection still frees whatever of the frozen objects became garbage.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .core.snapshot import Snapshot


def refreeze_on_new_run() -> Callable[[Snapshot], None]:
    """A receiver for every snapshot that collects and freezes at the first one of each run."""
    frozen_generation = 0

    def refreeze(snapshot: Snapshot) -> None:
        nonlocal frozen_generation
        if snapshot.generation != frozen_generation:
            frozen_generation = snapshot.generation
            gc.unfreeze()
            gc.collect()
            gc.freeze()

    return refreeze
