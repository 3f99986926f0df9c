"""Teaching features seen in the window: phases, step back, compare, presets, lr insight, zero_grad."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from linreg_gui import MainWindow
from linreg_gui.core.presets import PRESETS

TIMEOUT = 15_000


@pytest.fixture
def window(qtbot):
    win = MainWindow()
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT):
        win.show()
    yield win
    win.close()


def click(qtbot, win, name, check=None):
    with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT, check_params_cb=check) as blocker:
        qtbot.mouseClick(win.findChild(QPushButton, name), Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_step_phase_walks_the_five_phases(qtbot, window):
    phases = [click(qtbot, window, "stepPhaseButton").phase for _ in range(4)]
    assert phases == ["forward", "loss", "zero_grad", "backward"]
    after_backward = window.last_snapshot
    assert after_backward.step == 0 and np.isfinite(after_backward.grad_w).all()
    bars = window.grads_panel.heights
    assert np.allclose(bars, [*after_backward.grad_w, after_backward.grad_b])
    done = click(qtbot, window, "stepPhaseButton")
    assert done.step == 1 and done.phase == "update"
    assert not np.array_equal(done.w, after_backward.w)


def test_step_back_undoes_exactly_and_replays_the_same_batches(qtbot, window):
    snapshots = [click(qtbot, window, "stepBatchButton") for _ in range(12)]
    for expected in reversed(snapshots[:-1]):
        back = click(qtbot, window, "stepBackButton")
        assert back.step == expected.step
        assert back.w.tolist() == expected.w.tolist() and back.b == expected.b
        assert back.batch_indices.tolist() == expected.batch_indices.tolist()
    assert len(window.loss_panel.batch_curve.getData()[0]) == 1
    again = [click(qtbot, window, "stepBatchButton") for _ in range(11)]
    assert again[-1].w.tolist() == snapshots[-1].w.tolist()


def test_compare_mode_overlays_both_and_shows_the_gap(qtbot, window):
    click(qtbot, window, "compareButton", check=lambda s: s.compare is not None)
    for _ in range(20):
        snapshot = click(qtbot, window, "stepBatchButton")
    assert snapshot.compare.impl == "builtin"
    assert snapshot.compare.max_dw <= 1e-6 and snapshot.compare.max_db <= 1e-6
    assert len(window.loss_panel.compare_curve.getData()[0]) == 20
    assert "max |Δw|" in window.reference.text()
    click(qtbot, window, "compareButton", check=lambda s: s.compare is None)


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_set_data_and_training(qtbot, window, name):
    data, training, _ = PRESETS[name]
    with qtbot.waitSignal(window.training.dataReady, timeout=TIMEOUT):
        window.controls.preset_combo.activated.emit(list(PRESETS).index(name) + 1)
    assert window.controls.data_config() == data
    assert window.controls.train_config() == training
    assert window.controls.preset_combo.currentIndex() == 0


def test_lr_insight_for_mean_and_sum(qtbot, window):
    insight = window.controls.lr_insight
    assert "effective lr: 0.03" in insight.text() and "stable for lr <" in insight.text()
    window.controls.reduction_combo.setCurrentText("sum")
    assert "effective lr: 0.3" in insight.text() and "÷ B" in insight.text()
    window.controls.lr_spin.setValue(5.0)
    assert "will diverge" in insight.text()


def test_zero_grad_off_explains_itself(qtbot, window):
    note = window.controls.zero_grad_note
    assert not note.isVisible()
    window.controls.zero_grad_check.setChecked(False)
    assert note.isVisible() and "adds" in note.text()


def test_reference_shows_least_squares(qtbot, window):
    click(qtbot, window, "stepBatchButton")
    text = window.reference.text()
    assert "least squares" in text and "Σ(w − w_LS)²" in text
