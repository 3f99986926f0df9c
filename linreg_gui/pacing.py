"""How often a running trainer sends the window a snapshot: no Qt, so it is tested on its own.

At most one snapshot is on its way at a time: the window acknowledges each one it has drawn, so a slow
window never builds a queue. At full speed the interval also follows what a frame costs the window:
it is held to about ``UI_SHARE`` of a core, so frames come less often when they cost more.
"""

from __future__ import annotations

SNAPSHOT_INTERVAL_S = 1 / 30  # the fastest frames come
SLOWEST_FRAME_S = 0.5  # at full speed, a frame at least twice a second however costly it is
FRAME_TIMEOUT_S = 1.0  # a lost acknowledgement holds frames back this long at most
# At full speed, the fraction of a core the window may spend drawing (each frame also costs the
# training a little, in the process that builds it and through the window's work on the other core).
UI_SHARE = 0.15


class FramePacer:
    """Seconds between running snapshots: every step when slow, adapted to the window at full speed.

    A receiver that acknowledges frames (:meth:`shown`) gets the next one only after drawing the last;
    one that never does is not held back.
    """

    def __init__(self) -> None:
        self.pending = False  # a snapshot is on its way and not yet drawn
        self.interval = SNAPSHOT_INTERVAL_S  # at full speed, smoothed from what frames cost
        self._ui_cpu: float | None = None  # the window's thread CPU time at its last acknowledgement

    def sent(self) -> None:
        self.pending = True

    def shown(self, ui_cpu_s: float, running: bool) -> None:
        """The window drew the last snapshot; ``ui_cpu_s`` is its GUI thread's CPU time so far."""
        self.pending = False
        if self._ui_cpu is not None and running:
            frame_cost = ui_cpu_s - self._ui_cpu
            wanted = min(max(frame_cost / UI_SHARE, SNAPSHOT_INTERVAL_S), SLOWEST_FRAME_S)
            self.interval += 0.5 * (wanted - self.interval)  # smoothed: one slow frame is no trend
        self._ui_cpu = ui_cpu_s

    def pace(self, steps_per_second: float) -> float:
        """Seconds from the last snapshot to the next one at ``steps_per_second`` (0: full speed)."""
        if self.pending and self._ui_cpu is not None:
            return FRAME_TIMEOUT_S
        if steps_per_second > 0:
            return min(1 / steps_per_second, SNAPSHOT_INTERVAL_S)
        return self.interval
