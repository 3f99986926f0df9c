"""Drawing costs the training little: the training process waits for the window to draw, and a frame is one paint."""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QObject

from linreg_gui.core.config import DataConfig, TrainConfig
from linreg_gui.pacing import FRAME_TIMEOUT_S
from linreg_gui.protocol import FrameShown, Pause, Run, RunState, StepBatch
from linreg_gui.training_client import TrainingClient
from linreg_gui.ui.main_window import MainWindow
from linreg_gui.ui.panels import style

TIMEOUT = 20_000


@pytest.fixture
def training(qtbot):
    handle = TrainingClient(DataConfig(n=100_000), TrainConfig(), "scratch")
    with qtbot.waitSignal(handle.snapshotReady, timeout=TIMEOUT):
        handle.start()
    yield handle
    assert handle.stop(2000)


def test_a_window_that_has_not_drawn_gets_no_new_frame(qtbot, training):
    """Once a receiver acknowledges frames, a running training process sends the next only after the last is drawn."""
    seen = []
    training.snapshotReady.connect(seen.append)
    training.send(FrameShown(time.thread_time()))  # this receiver acknowledges frames
    with qtbot.waitSignal(training.snapshotReady, timeout=TIMEOUT):
        training.send(Run())
    qtbot.wait(round(FRAME_TIMEOUT_S * 1000 * 0.6))  # absence is the point: nothing to wait for
    assert len(seen) == 1
    with qtbot.waitSignal(training.snapshotReady, timeout=TIMEOUT) as blocker:
        training.send(FrameShown(time.thread_time()))
    assert blocker.args[0].step > seen[0].step
    with qtbot.waitSignal(training.runStateChanged, timeout=TIMEOUT, check_params_cb=lambda s: s == RunState.IDLE):
        training.send(Pause())


def test_a_lost_acknowledgement_delays_frames_but_never_stops_them(qtbot, training):
    seen = []
    training.snapshotReady.connect(seen.append)
    training.send(FrameShown(time.thread_time()))
    training.send(Run())
    qtbot.waitUntil(lambda: len(seen) >= 2, timeout=round(FRAME_TIMEOUT_S * 1000 * 3))
    with qtbot.waitSignal(training.runStateChanged, timeout=TIMEOUT, check_params_cb=lambda s: s == RunState.IDLE):
        training.send(Pause())
    steps = [int(v) for s in seen for v in s.history.steps]
    assert steps == list(range(1, len(steps) + 1))  # every step still reaches the window, in order


class _PaintCounter(QObject):
    def __init__(self, widgets) -> None:
        super().__init__()
        self.counts = {w.objectName(): 0 for w in widgets}
        self._names = {w.viewport(): w.objectName() for w in widgets}
        for viewport in self._names:
            viewport.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and watched in self._names:
            self.counts[self._names[watched]] += 1
        return False


def test_a_training_frame_paints_each_history_plot_once(qtbot):
    """pyqtgraph's own auto-range refits while painting and paints again (three times a frame in all)."""
    win = MainWindow()
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT):
        win.show()
    history_plots = [win.loss_panel.plot, win.params_panel.plot, win.grads_panel.history_plot]
    plots = [plot for plot in history_plots if plot.isVisible()]  # a short gradients panel hides its history
    assert len(plots) >= 2
    with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT, check_params_cb=lambda s: s.step > 1000):
        win.controls.run_button.click()  # past the first, axis-growing steps
    warm: list = []  # and a few frames more: the readout grows to its widest numbers once
    win.snapshotShown.connect(warm.append)
    qtbot.waitUntil(lambda: len(warm) >= 5, timeout=TIMEOUT)
    counter, frames = _PaintCounter(plots), []
    win.snapshotShown.connect(frames.append)
    qtbot.waitUntil(lambda: len(frames) >= 8, timeout=TIMEOUT)
    with qtbot.waitSignal(win.training.runStateChanged, timeout=TIMEOUT):
        win.controls.run_button.click()
    painted = len(frames)
    assert all(painted - 2 <= count <= painted + 2 for count in counter.counts.values()), (counter.counts, painted)
    win.close()


def test_step_view_follows_the_steps_until_the_user_zooms(qtbot):
    widget = style.make_plot("probePlot", "t", "step", "value")
    qtbot.addWidget(widget)
    curve = style.add_curve(widget, style.curve("#000000"))
    view = style.StepView(widget)
    box = widget.getPlotItem().getViewBox()
    x, y = np.arange(1, 501, dtype=float), np.linspace(-3.0, 7.0, 500)
    curve.setData(x, y)
    with view.fitted(500, [y]):
        pass
    (x0, x1), (y0, y1) = box.viewRange()
    assert x0 <= 0 < 500 <= x1 < 600 and y0 <= -3 < 7 <= y1 < 9  # y snaps to the 2-unit ticks: -4 … 8
    box.scaleBy(x=0.5)  # what the mouse wheel does ...
    box.sigRangeChangedManually.emit([True, False])  # ... and says
    zoomed = box.viewRange()[0]
    with view.fitted(1000, [y]):
        pass
    assert box.viewRange()[0] == pytest.approx(zoomed)  # x stays where the user put it
    widget.getPlotItem().autoBtnClicked()  # the "A" button
    with view.fitted(1000, [y]):
        pass
    assert box.viewRange()[0][1] >= 1000 and box.autoRangeEnabled() == [False, False]


def test_step_view_holds_still_while_the_data_stay_inside_its_steps(qtbot):
    """Most frames must leave the axes alone (redrawing them and their grid costs more than the curves)."""
    widget = style.make_plot("probePlot", "t", "step", "value")
    qtbot.addWidget(widget)
    view = style.StepView(widget)
    box = widget.getPlotItem().getViewBox()
    changes = []
    box.sigRangeChanged.connect(lambda *_: changes.append(box.viewRange()))
    with view.fitted(510, [np.array([0.31, 0.52])]):
        pass
    first = box.viewRange()
    assert first[0][1] == pytest.approx(600 * 1.03, rel=0.01)  # x ends at 600, the next of 1, 1.2, 1.5, … × 100
    changes.clear()
    for last, low, high in ((540, 0.31, 0.55), (580, 0.32, 0.53), (599, 0.305, 0.545)):  # inside 0.3 … 0.55
        with view.fitted(last, [np.array([low, high])]):
            pass
    assert changes == [] and box.viewRange() == first
    with view.fitted(601, [np.array([0.31, 0.52])]):
        pass
    assert box.viewRange()[0][1] == pytest.approx(800 * 1.03, rel=0.01)


def test_step_view_clips_each_curve_once_when_it_moves(qtbot):
    """Fitting holds the curves' re-clipping back for the data drawn inside the block (one clip each,
    not two); a curve the block leaves alone is re-clipped to the new range when it ends."""
    widget = style.make_plot("probePlot", "t", "step", "value")
    qtbot.addWidget(widget)
    redrawn = style.add_curve(widget, style.curve("#000000"))
    unchanged = style.add_curve(widget, style.curve("#ff0000"))
    view = style.StepView(widget)
    x = np.arange(0, 5001, dtype=float)
    redrawn.setData(x[:501], np.sin(x[:501]))
    unchanged.setData(x, np.cos(x))
    with view.fitted(500, [np.array([-1.0, 1.0])]):
        pass
    assert unchanged.getData()[0].max() < 1000  # clipped to the view: 0 … 600
    updates = []
    original = redrawn.updateItems
    redrawn.updateItems = lambda *args, **kwargs: (updates.append(1), original(*args, **kwargs))
    with view.fitted(1000, [np.array([-1.0, 1.0])]):
        redrawn.setData(x[:1001], np.sin(x[:1001]))
    assert len(updates) == 1
    assert redrawn.getData()[0].max() == 1000
    assert 1000 <= unchanged.getData()[0].max() < 2000  # re-clipped to 0 … 1,000


def test_step_view_gives_a_constant_a_visible_range(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    view = style.StepView(widget, log_y=True)
    with view.fitted(10, [np.full(10, 1e-3)]):
        pass
    low, high = widget.getPlotItem().getViewBox().viewRange()[1]
    assert low < -3 < high and high - low > 0.5


def test_only_the_gui_thread_collects_garbage(qtbot):
    """Automatic collection could run in a second thread (the one reading the training process's
    answers) and destroy Qt objects there (a deadlock seen in this
    suite); a window switches it off and collects on a GUI-thread timer instead."""
    import gc

    from linreg_gui.gc_policy import collect_in_gui_thread

    win = MainWindow()
    qtbot.addWidget(win)
    collector = collect_in_gui_thread()
    assert not gc.isenabled()
    assert collector.timer.isActive() and collector.timer.thread() is win.thread()
    win.close()


def test_the_app_freezes_what_lives_when_a_run_starts(qtbot, monkeypatch):
    """A full collection over the app's long-lived objects stopped the UI for ~100 ms while torch was
    loaded in the window's process too (B2's worst gap); ``python main.py`` freezes them a second after
    the first snapshot of a run is drawn, so later collections scan only new objects."""
    import gc
    import sys

    from linreg_gui.ui.launch import open_window, parse_args

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # open_window installs the app's own
    gc.unfreeze()
    try:
        _, win = open_window(parse_args([]))
        qtbot.addWidget(win)
        with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT):
            win.show()
        assert gc.get_freeze_count() == 0  # not at once: a second later, unless another run starts meanwhile
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 10_000, timeout=TIMEOUT)  # Qt, pyqtgraph, the window
        frozen = gc.get_freeze_count()
        with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT):
            win.training.send(StepBatch())
        assert gc.get_freeze_count() <= frozen  # not on every frame (frozen objects may still be freed)
        gc.unfreeze()
        with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT):  # a new run: frozen again
            win.controls.builtin_button.click()
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 10_000, timeout=TIMEOUT)
        win.close()
    finally:
        gc.unfreeze()


def test_a_refreezer_collects_once_a_run(monkeypatch):
    """The training process freezes on the snapshots it sends, as the window on those it draws."""
    import gc
    from types import SimpleNamespace

    from linreg_gui.gc_policy import refreeze_on_new_run

    collections = []
    monkeypatch.setattr(gc, "collect", lambda *args: collections.append(args) or 0)
    refreeze = refreeze_on_new_run()
    try:
        for generation in (1, 1, 1, 2, 2):
            refreeze(SimpleNamespace(generation=generation))
        assert len(collections) == 2 and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_refreezer_collects_all_only_when_the_frozen_objects_have_grown(monkeypatch):
    """A new run collects what is not frozen; everything is unfrozen and collected the first time and
    once the frozen objects have grown by REGROWTH since then (cycles among them are garbage too)."""
    import gc
    from types import SimpleNamespace

    from linreg_gui.gc_policy import REGROWTH, refreeze_on_new_run

    frozen, unfrozen = [1000], []
    monkeypatch.setattr(gc, "collect", lambda *args: 0)
    monkeypatch.setattr(gc, "freeze", lambda: None)
    monkeypatch.setattr(gc, "unfreeze", lambda: unfrozen.append(frozen[0]))
    monkeypatch.setattr(gc, "get_freeze_count", lambda: frozen[0])
    refreeze = refreeze_on_new_run()
    for generation, count in enumerate((1000, 1100, 1000 * REGROWTH, 1000 * REGROWTH + 1, 1600, 1700), 1):
        frozen[0] = count
        refreeze(SimpleNamespace(generation=generation))
    assert unfrozen == [1000, 1000 * REGROWTH + 1]
