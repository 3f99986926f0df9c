"""Teaching features seen in the window: phases and the code pane, step back, compare, presets, lr insight,
forgotten zero_grad, the loss landscape."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from linreg_gui.core.presets import PRESETS
from linreg_gui.training_server import PHASE_SPEED
from linreg_gui.ui.controls import SPEEDS

TIMEOUT = 15_000


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


# ----- inside the step: code pane, loss landscape, forgotten zero_grad ------------------------------
def test_code_pane_shows_the_running_step_and_follows_step_phase(qtbot, window):
    from linreg_gui.core.source import step_source  # imports torch: fine in a test

    pane = window.code_pane
    window.stage.set_scene(2)  # One step: the code, the gradients and the parameters
    assert pane.isVisible() and window.findChild(QWidget, "codeDock").isVisible()
    source = step_source("scratch")
    assert pane.caption.text() == "From scratch: ScratchRegression.train_step"
    assert pane.view.toPlainText().splitlines() == list(source.lines)
    assert pane.highlighted_lines == ()
    for phase in ("forward", "loss", "zero_grad", "backward"):
        shown = click(qtbot, window, "stepPhaseButton")
        assert pane.highlighted_lines == source.phase_lines[phase]
        assert pane.phase_label.text().startswith(phase)
    # after backward: new gradients in the bars, the parameters not moved yet
    assert np.allclose(window.grads_panel.heights, [*shown.grad_w, shown.grad_b])
    assert len(window.params_panel.history) == 0
    done = click(qtbot, window, "stepPhaseButton")
    assert pane.highlighted_lines == source.phase_lines["update"]
    assert "sgd(" in source.lines[pane.highlighted_lines[0]]
    # after update: the parameter panel has moved to the new parameters
    assert window.params_panel.history.y.tolist() == [[*done.w, done.b]]
    click(qtbot, window, "stepBatchButton")
    assert pane.highlighted_lines == () and pane.phase_label.text() == "between steps"

    with qtbot.waitSignal(window.training.sourceReady, timeout=TIMEOUT):
        qtbot.mouseClick(window.findChild(QPushButton, "implBuiltinButton"), Qt.MouseButton.LeftButton)
    assert pane.caption.text() == "Built-in: BuiltinRegression.train_step"
    assert "self.optimizer.step()" in pane.view.toPlainText()


def test_slow_running_highlights_every_phase(qtbot, window):
    window.controls.speed_slider.setValue(SPEEDS.index(PHASE_SPEED))
    seen = set()

    def phase_seen(snapshot) -> bool:
        if snapshot.phase is not None:
            seen.add((snapshot.phase, window.code_pane.highlighted_lines != ()))
        return len(seen) == 5

    with qtbot.waitSignal(window.snapshotShown, timeout=TIMEOUT, check_params_cb=phase_seen):
        qtbot.mouseClick(window.findChild(QPushButton, "runPauseButton"), Qt.MouseButton.LeftButton)
    assert seen == {(phase, True) for phase in ("forward", "loss", "zero_grad", "backward", "update")}
    qtbot.mouseClick(window.findChild(QPushButton, "runPauseButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.run_state == "idle", timeout=TIMEOUT)


def test_landscape_follows_the_run_without_recomputing_its_grid(qtbot, window):
    landscape = window.landscape_panel
    window.stage.set_scene(3)  # Loss: the loss curve and the landscape
    assert landscape.isVisible() and landscape.plot.objectName() == "landscapePlot"
    # p = 1: the map spans w1 and b, nothing is held, so no step can call for a new grid
    window.controls.features_spin.setValue(1)
    with qtbot.waitSignal(window.training.dataReady, timeout=TIMEOUT):
        qtbot.mouseClick(window.findChild(QPushButton, "regenerateButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.last_snapshot.w) == 1, timeout=TIMEOUT)
    grids = landscape.grid_computations
    window.controls.speed_slider.setValue(SPEEDS.index(200))
    shown = []
    window.snapshotShown.connect(shown.append)
    qtbot.mouseClick(window.findChild(QPushButton, "runEpochButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.run_state == "idle" and window.last_snapshot.step == 100, timeout=TIMEOUT)
    assert len(shown) > 10 and landscape.grid_computations == grids
    assert len(landscape.path_points) == 101  # the start and every step
    np.testing.assert_allclose(landscape.path_points[-1], [window.last_snapshot.w[0], window.last_snapshot.b])
    assert landscape.arrows_visible == (True, True)
    click(qtbot, window, "resetButton")
    assert len(landscape.path_points) == 1


def test_landscape_is_exported_like_the_other_panels(qtbot, window, tmp_path):
    assert window.figures()["landscape"] is window.landscape_panel.plot
    path = tmp_path / "landscape.png"
    assert window.file_menu.export_panel("landscape", str(path))
    assert path.stat().st_size > 1000


def test_forgotten_zero_grad_plots_the_accumulated_norm_beside_the_fresh_one(qtbot, window):
    panel = window.grads_panel
    assert not panel.norm_plot.isVisible()
    window.controls.zero_grad_check.setChecked(False)
    assert panel.norm_plot.isVisible()
    names = {label.text for _sample, label in panel.norm_legend.items}
    assert names == {"accumulated (.grad)", "fresh (with zero_grad)"}
    for _ in range(8):
        click(qtbot, window, "stepBatchButton")
    for curve in panel.norm_curves:
        assert len(curve.getData()[0]) == 8
    accumulated, fresh = (10 ** curve.getData()[1] for curve in panel.norm_curves)  # drawn on a log axis
    assert accumulated[0] == pytest.approx(fresh[0])  # the first step has nothing to add to
    assert np.all(np.diff(accumulated[:5]) > 0) and accumulated[-1] > 3 * fresh[-1]
    assert panel.fresh_curve.opts["pen"].style() == Qt.PenStyle.DashLine
    window.controls.zero_grad_check.setChecked(True)
    assert not panel.norm_plot.isVisible()
