"""Drives the real MainWindow (offscreen) the way a lecturer would, and times what it does.

Everything goes through the window's public surface: ``apply_experiment`` to load a setup, the
``training`` handle's request signals to run and pause, ``snapshotShown`` to see what was drawn.
Waiting always runs a real ``QEventLoop`` (never a busy ``processEvents`` loop), so the benchmark
itself does not steal the UI thread or the GIL from what it measures.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEventLoop, Qt, QTimer, SignalInstance
from PySide6.QtWidgets import QWidget

from linreg_gui.core.config import DataConfig, TrainConfig
from linreg_gui.core.experiment import Experiment
from linreg_gui.core.snapshot import Snapshot
from linreg_gui.protocol import Pause, Run, RunEpoch, RunState, RunSteps
from linreg_gui.ui.launch import open_window, parse_args

PROBE_INTERVAL_MS = 5
SETTLE_S = 0.1


def spin(seconds: float) -> None:
    """Let the event loop run (paint, deliver snapshots) for ``seconds``."""
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], signal: SignalInstance, timeout_s: float, what: str) -> None:
    """Run the event loop until ``condition`` holds, re-checking each time ``signal`` fires."""
    if condition():
        return
    loop = QEventLoop()

    def check(*_: object) -> None:
        if condition():
            loop.quit()

    timer = QTimer(singleShot=True, interval=round(timeout_s * 1000))
    timer.timeout.connect(loop.quit)
    signal.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    signal.disconnect(check)
    if not condition():
        raise TimeoutError(f"no {what} within {timeout_s:g} s")


class UiProbe:
    """A 5 ms timer on the UI thread: the gaps between its ticks are how long the UI could not respond."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self._timer = QTimer(interval=PROBE_INTERVAL_MS, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        self.ticks = []
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def gaps_ms(self, since: float, until: float = float("inf")) -> np.ndarray:
        ticks = np.array([t for t in self.ticks if since <= t <= until])
        return np.diff(ticks) * 1000


@dataclass(frozen=True)
class WindowRun:
    """One continuous run: steps/s from ``snapshot.step`` deltas after the warm-up, and the UI's gaps."""

    rate: float
    seconds: float
    gaps_ms: np.ndarray


class WindowBench:
    """Owns one shown MainWindow and records every snapshot it draws as (time, step)."""

    def __init__(self) -> None:
        _, self.window = open_window(parse_args([]))  # as ``python main.py`` opens it
        self.window.show()
        self.marks: list[tuple[float, int]] = []
        self.window.snapshotShown.connect(self._on_shown)
        self.probe = UiProbe()
        wait_until(lambda: self.window.last_snapshot is not None, self.window.snapshotShown, 120, "first snapshot")

    def _on_shown(self, snapshot: Snapshot) -> None:
        self.marks.append((time.perf_counter(), snapshot.step))

    @property
    def training(self):
        return self.window.training

    def load(self, data: DataConfig, training: TrainConfig, impl: str, timeout_s: float = 120) -> float:
        """Regenerate the data set as the File menu does; returns seconds until its first snapshot is drawn."""
        window = self.window
        generation = window.last_snapshot.generation
        started = time.perf_counter()
        window.apply_experiment(Experiment(data, training, impl))

        def loaded() -> bool:
            s, view = window.last_snapshot, window.data_view
            return s.generation > generation and view is not None and view.n == data.n and s.impl == impl

        wait_until(loaded, window.snapshotShown, timeout_s, f"data set n={data.n}")
        return time.perf_counter() - started

    def run_for(self, warmup_s: float, seconds: float) -> WindowRun:
        """Run at full speed for ``warmup_s + seconds``, measuring only after the warm-up; then pause."""
        self.marks = []
        self.probe.start()
        self.training.send(Run())
        spin(warmup_s)
        measure_from = time.perf_counter()
        spin(seconds)
        measure_to = time.perf_counter()
        self.pause()
        self.probe.stop()
        # Frames come 4–30 times a second: measure between the last frame before the window and the
        # first after it (the pause's final snapshot at the latest).
        before = [mark for mark in self.marks if mark[0] <= measure_from]
        after = [mark for mark in self.marks if mark[0] >= measure_to]
        (t0, s0), (t1, s1) = (before or self.marks)[-1], (after or self.marks)[0]
        gaps = self.probe.gaps_ms(measure_from, measure_to)
        return WindowRun((s1 - s0) / (t1 - t0), t1 - t0, gaps)

    def run_steps(self, steps: int, timeout_s: float) -> WindowRun:
        """Run exactly ``steps`` more steps at full speed (the training process stops itself), timed end to end."""
        self.marks = []
        self.probe.start()
        started = time.perf_counter()
        self.training.send(RunSteps(steps))
        wait_until(lambda: self.window.run_state != RunState.IDLE, self.training.runStateChanged, 10, "start")
        self.wait_idle(timeout_s)
        elapsed = time.perf_counter() - started
        self.probe.stop()
        return WindowRun(steps / elapsed, elapsed, self.probe.gaps_ms(started))

    def run_epoch(self, timeout_s: float = 120) -> float:
        """Seconds from pressing Run Epoch until the window reports idle (the final snapshot is drawn first)."""
        started = time.perf_counter()
        self.training.send(RunEpoch())
        wait_until(lambda: self.window.run_state != RunState.IDLE, self.training.runStateChanged, 10, "start")
        self.wait_idle(timeout_s)
        elapsed = time.perf_counter() - started
        self.settle()
        return elapsed

    def pause(self) -> None:
        self.training.send(Pause())
        self.wait_idle(30)
        self.settle()

    def settle(self) -> None:
        """Let the window paint its last frame now, so the next measurement does not pay for it: the
        bare loop that comes next runs in this thread, and would leave that paint for the start of
        the next window run (on the other core, beside a training process just starting)."""
        spin(SETTLE_S)

    def wait_idle(self, timeout_s: float) -> None:
        wait_until(lambda: self.window.run_state == RunState.IDLE, self.training.runStateChanged, timeout_s, "idle")

    def close(self) -> None:
        self.window.close()


def frame_ms(widget: QWidget, repeats: int, before: Callable[[], None] = lambda: None) -> float:
    """Median wall time of ``before()`` plus a full repaint of ``widget`` into a pixmap (``grab``)."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        before()
        widget.grab()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)
