"""Trying hard to break the window: random user actions, closing while running, long soaks, faults."""

from __future__ import annotations

import gc
import os
import random
import resource
import sys
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QCheckBox, QPushButton

from linreg_gui import MainWindow
from linreg_gui.core.presets import PRESETS
from linreg_gui.protocol import Ping, RunSteps, SetConfig
from linreg_gui.ui.errors import install_excepthook

TIMEOUT = 20_000
ACTIONS = int(os.environ.get("MONKEY_ACTIONS", "2000"))
FREEZE_LIMIT_S = 0.25  # the longest the UI thread may block (benchmarks/ measures single actions)


def open_window(qtbot) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT):
        win.show()
    return win


def settle(qtbot, win: MainWindow, token: int) -> float:
    """Wait until the training process has handled every command sent so far; returns how long it took."""
    started = time.perf_counter()
    with qtbot.waitSignal(win.training.pong, timeout=TIMEOUT, check_params_cb=lambda t: t == token):
        win.training.send(Ping(token))
    return time.perf_counter() - started


class Monkey:
    """A seeded lecturer who clicks, types and toggles at random and checks the window after each act."""

    BUTTONS = (
        "stepBatchButton", "stepPhaseButton", "stepBackButton", "runEpochButton", "runPauseButton",
        "resetButton", "regenerateButton", "implScratchButton", "implBuiltinButton", "compareButton",
    )  # fmt: skip

    def __init__(self, qtbot, seed: int, probe: FreezeProbe | None = None) -> None:
        self.qtbot, self.rng, self.probe = qtbot, random.Random(seed), probe
        if probe is not None:
            probe.pause()
        self.win = open_window(qtbot)
        self.win.controls.n_spin.setValue(300)  # small data keeps 2,000 actions quick
        self.counts: dict[str, int] = {}
        self.token = 0
        self.slowest = 0.0
        if probe is not None:
            probe.resume()

    def act(self) -> None:
        kind = self.rng.choice(["button"] * 6 + ["spin", "check", "preset", "speed", "feature", "reopen"])
        self.counts[kind] = self.counts.get(kind, 0) + 1
        before = self.win.last_snapshot
        getattr(self, f"_{kind}")()
        self.token += 1
        self.slowest = max(self.slowest, settle(self.qtbot, self.win, self.token))
        if self.win.run_state != "idle" and self.rng.random() < 0.7:
            self._click("runPauseButton")  # pause most runs so steps stay checkable
            self.token += 1
            settle(self.qtbot, self.win, self.token)
        self.check(before, kind)

    def check(self, before, kind: str) -> None:
        win, snapshot = self.win, self.win.last_snapshot
        assert win.readout.text("step").replace(",", "") == str(snapshot.step)
        idle = win.run_state == "idle"
        diverged = snapshot.diverged_at is not None
        assert win.controls.step_button.isEnabled() == (idle and not diverged), kind
        assert win.controls.run_button.isEnabled() == (not diverged or not idle), kind
        assert win.controls.reset_button.isEnabled()
        if kind == "button:stepBatchButton" and idle and before.generation == snapshot.generation:
            assert snapshot.step == before.step + (0 if before.diverged_at else 1)

    def _click(self, name: str) -> None:
        button = self.win.findChild(QPushButton, name)
        if button.isEnabled():
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def _button(self) -> None:
        name = self.rng.choice(self.BUTTONS)
        self.counts[f"button:{name}"] = self.counts.get(f"button:{name}", 0) + 1
        before = self.win.last_snapshot
        self._click(name)
        if name == "stepBatchButton":
            self.token += 1
            settle(self.qtbot, self.win, self.token)
            self.check(before, "button:stepBatchButton")

    def _spin(self) -> None:
        spins = [s for s in self.win.controls.findChildren(QAbstractSpinBox) if s.isEnabled() and s.isVisible()]
        spin = self.rng.choice(spins)
        if spin is self.win.controls.n_spin:  # the range ends of n are covered in test_edges; keep it quick here
            text = str(self.rng.choice([1, 2, 5, 50, 300, -7]))
        elif spin is self.win.controls.batch_spin:
            text = self.rng.choice(["0", "1", "7", "50", "99999999"])
        else:
            text = self.rng.choice(["0", "-1", "1e9", "abc", "0.5", "3", "1e-5", "10", "", "99999999999"])
        spin.setFocus()
        spin.selectAll()
        self.qtbot.keyClicks(spin, text)
        self.qtbot.keyClick(spin, Qt.Key.Key_Return)

    def _check(self) -> None:
        names = ("shuffleCheck", "zeroGradCheck", "sortByYCheck", "outlierCheck")
        self.rng.choice([self.win.findChild(QCheckBox, name) for name in names]).click()

    def _preset(self) -> None:
        if self.win.controls.preset_combo.isEnabled():
            self.win.controls.preset_combo.activated.emit(self.rng.randint(1, len(PRESETS)))

    def _speed(self) -> None:
        self.win.controls.speed_slider.setValue(self.rng.choice([5, 8, 10]))  # 20 steps/s … max

    def _feature(self) -> None:
        combo = self.win.data_panel.feature_combo
        if combo.count():
            combo.setCurrentIndex(self.rng.randrange(combo.count()))

    def _reopen(self) -> None:
        if self.rng.random() < 0.2:
            if self.probe is not None:  # closing and building a window are the test's doing, not a click's
                self.probe.pause()
            self.win.close()
            assert self.win.training.reader.isFinished()
            self.win = open_window(self.qtbot)
            self.win.controls.n_spin.setValue(300)
            if self.probe is not None:
                self.probe.resume()


class FreezeProbe:
    """A 20 ms timer on the UI thread: the longest gap between its ticks is the longest freeze."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start(20)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def pause(self) -> None:
        self.timer.stop()

    def resume(self) -> None:
        self.last = time.perf_counter()
        self.timer.start(20)

    def stop(self) -> None:
        self.timer.stop()


@pytest.mark.slow
def test_monkey_two_thousand_actions(qtbot):
    probe = FreezeProbe()
    monkey = Monkey(qtbot, seed=20261128, probe=probe)
    try:
        for _ in range(ACTIONS):
            monkey.act()
    finally:
        probe.stop()
        monkey.win.close()
    print(
        f"\nmonkey: {ACTIONS} actions {dict(sorted(monkey.counts.items()))}; longest UI freeze "
        f"{probe.longest:.3f} s; slowest training round trip {monkey.slowest:.3f} s"
    )
    assert probe.longest < FREEZE_LIMIT_S  # the UI thread never blocked for longer


@pytest.mark.slow
def test_close_while_running_a_hundred_times(qtbot):
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(100):
        win = open_window(qtbot)
        qtbot.mouseClick(win.findChild(QPushButton, "runPauseButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda w=win: w.run_state == "running", timeout=TIMEOUT)
        started = time.perf_counter()
        win.close()
        assert win.training.reader.isFinished() and time.perf_counter() - started < 1.0
        win.deleteLater()
        QApplication.processEvents()
    gc.collect()
    growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    print(f"\nclose-while-running: 100 windows, peak RSS growth {growth_mb:.0f} MB")
    assert growth_mb < 300


@pytest.mark.slow
def test_soak_hundred_thousand_steps_with_all_panels(qtbot):
    win = open_window(qtbot)
    win.controls.n_spin.setValue(100_000)
    with qtbot.waitSignal(win.training.dataReady, timeout=TIMEOUT):
        qtbot.mouseClick(win.findChild(QPushButton, "regenerateButton"), Qt.MouseButton.LeftButton)
    rss_start = _rss_mb()
    win.training.send(RunSteps(100_000))
    qtbot.waitUntil(lambda: win.last_snapshot.step >= 100_000 and win.run_state == "idle", timeout=300_000)
    growth = _rss_mb() - rss_start
    print(f"\nsoak: {win.last_snapshot.step} steps, RSS growth {growth:.0f} MB")
    assert win.last_snapshot.step == 100_000
    assert len(win.loss_panel.batch_history) <= 20_000 + 2
    assert growth < 150
    win.close()


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def test_uncaught_exception_in_the_ui_is_shown_not_fatal(qtbot, monkeypatch, caplog):
    win = open_window(qtbot)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(win)
    sys.excepthook(RuntimeError, RuntimeError("a bug in a slot"), None)
    box = win.findChild(object, "errorMessage")
    assert box.isVisible() and "a bug in a slot" in box.text()
    assert "a bug in a slot" in caplog.text
    box.close()
    with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT):
        qtbot.mouseClick(win.findChild(QPushButton, "stepBatchButton"), Qt.MouseButton.LeftButton)
    win.close()


def test_a_fault_in_training_pauses_and_reset_recovers(qtbot):
    """A command the trainer cannot carry out, sent while it runs (the training process is out of a
    monkeypatch's reach): the error is reported in the window, training pauses, Reset recovers."""
    win = open_window(qtbot)
    qtbot.mouseClick(win.findChild(QPushButton, "runPauseButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.run_state == "running", timeout=TIMEOUT)
    with qtbot.waitSignal(win.training.failed, timeout=TIMEOUT) as failed:
        win.training.send(SetConfig("injected fault"))  # a text where settings belong
    assert "AttributeError" in failed.args[0] and "'str' object" in failed.args[0]
    qtbot.waitUntil(lambda: win.run_state == "idle", timeout=TIMEOUT)
    message = win.findChild(object, "trainingMessage")
    assert message.isVisible() and "AttributeError" in message.text()
    with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT, check_params_cb=lambda s: s.step == 0):
        qtbot.mouseClick(win.findChild(QPushButton, "resetButton"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT, check_params_cb=lambda s: s.step == 1):
        qtbot.mouseClick(win.findChild(QPushButton, "stepBatchButton"), Qt.MouseButton.LeftButton)
    win.close()
