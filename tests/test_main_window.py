"""The window driven as a lecturer drives it: clicks and typing, then what the window shows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QPushButton, QTableView

from linreg_gui import MainWindow

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 15_000


def button(win: MainWindow, name: str) -> QPushButton:
    return win.findChild(QPushButton, name)


def click_and_wait(qtbot, win: MainWindow, name: str, check=None):
    with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT, check_params_cb=check) as blocker:
        qtbot.mouseClick(button(win, name), Qt.MouseButton.LeftButton)
    return blocker.args[0]


def type_into(qtbot, spin: QAbstractSpinBox, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def wait_idle(qtbot, win: MainWindow) -> None:
    qtbot.waitUntil(lambda: win.run_state == "idle", timeout=TIMEOUT)


def test_opens_with_the_notes_defaults_ready_to_step(window):
    names = [
        "stepBatchButton", "runEpochButton", "runPauseButton", "resetButton", "regenerateButton",
        "implScratchButton", "implBuiltinButton", "lrSpin", "batchSizeSpin", "nSamplesSpin", "featuresSpin",
        "noiseSpin", "trueBSpin", "dataSeedSpin", "trainSeedSpin", "speedSlider", "dataPlot", "lossPlot",
        "paramsPlot", "gradsPlot", "batchTable",
    ]  # fmt: skip
    missing = [name for name in names if window.findChild(object, name) is None]
    assert missing == []
    assert window.controls.n_spin.value() == 1000
    assert [spin.value() for spin in window.controls.true_w_spins] == [2.0, -3.4]
    assert window.last_snapshot.step == 0
    assert window.readout.text("step") == "0"
    assert button(window, "stepBatchButton").isEnabled()


def test_step_batch_shows_one_update(qtbot, window):
    snapshot = click_and_wait(qtbot, window, "stepBatchButton")
    assert snapshot.step == 1 and window.last_snapshot is snapshot
    assert window.readout.text("step") == "1"
    assert "1 of 100" in window.readout.text("batch")
    model = window.findChild(QTableView, "batchTable").model()
    assert model.rowCount() == 10
    assert float(model.data(model.index(0, 1))) == pytest.approx(float(snapshot.batch_x[0, 0]), rel=1e-3)
    assert len(window.loss_panel.batch_curve.getData()[0]) == 1


def test_batch_size_typed_applies_after_reset(qtbot, window):
    type_into(qtbot, window.controls.batch_spin, "25")
    click_and_wait(qtbot, window, "resetButton")
    snapshot = click_and_wait(qtbot, window, "stepBatchButton")
    assert snapshot.num_batches == 40
    assert window.findChild(QTableView, "batchTable").model().rowCount() == 25


def test_run_epoch_reaches_the_epoch_end(qtbot, window):
    qtbot.mouseClick(button(window, "runEpochButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.last_snapshot.step == 100 and window.run_state == "idle", timeout=TIMEOUT)
    assert window.last_snapshot.epochs_done == 1
    assert window.controls.epoch_progress.value() == 100
    assert window.readout.text("full_loss") != "—"
    steps, _ = window.loss_panel.batch_curve.getData()
    assert len(steps) == 100


def test_run_and_pause(qtbot, window):
    qtbot.mouseClick(button(window, "runPauseButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.run_state == "running", timeout=TIMEOUT)
    assert not button(window, "stepBatchButton").isEnabled()
    assert button(window, "runPauseButton").text() == "Pause"
    qtbot.waitUntil(lambda: window.last_snapshot.step > 300, timeout=TIMEOUT)
    qtbot.mouseClick(button(window, "runPauseButton"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    paused_at = window.last_snapshot.step
    assert button(window, "stepBatchButton").isEnabled()
    qtbot.wait(200)
    assert window.last_snapshot.step == paused_at


def test_the_numbers_never_narrow_while_training_runs(qtbot, window):
    """Values of changing width must not resize the numbers dock (and every plot beside it) each frame:
    the readout keeps the widest width it has needed."""
    widths = []
    window.snapshotShown.connect(lambda _: widths.append(window.readout.minimumWidth()))
    qtbot.mouseClick(button(window, "runPauseButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(widths) >= 10, timeout=TIMEOUT)
    qtbot.mouseClick(button(window, "runPauseButton"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert widths == sorted(widths)
    assert window.readout.minimumWidth() >= window.readout.sizeHint().width() > 0


def test_learning_rate_change_applies_from_the_next_step(qtbot, window):
    click_and_wait(qtbot, window, "stepBatchButton")
    type_into(qtbot, window.controls.lr_spin, "0.001")
    assert window.controls.lr_spin.value() == pytest.approx(0.001)
    before = window.last_snapshot
    after = click_and_wait(qtbot, window, "stepBatchButton")
    expected_b = before.b - 0.001 * after.grad_b
    assert after.b == pytest.approx(expected_b, rel=1e-5, abs=1e-7)


def test_regenerate_draws_new_data(qtbot, window):
    type_into(qtbot, window.controls.n_spin, "200")
    with qtbot.waitSignal(window.training.dataReady, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(button(window, "regenerateButton"), Qt.MouseButton.LeftButton)
    assert blocker.args[0].n == 200
    qtbot.waitUntil(lambda: window.last_snapshot.generation == blocker.args[0].generation, timeout=TIMEOUT)
    assert window.last_snapshot.num_batches == 20
    assert window.controls.batch_spin.maximum() == 200


def test_switching_implementation_replays_the_same_run(qtbot, window):
    for _ in range(5):
        click_and_wait(qtbot, window, "stepBatchButton")
    scratch = window.last_snapshot
    click_and_wait(qtbot, window, "implBuiltinButton", check=lambda s: s.impl == "builtin")
    assert window.loss_panel.has_previous
    for _ in range(5):
        builtin = click_and_wait(qtbot, window, "stepBatchButton")
    assert builtin.impl == "builtin" and builtin.step == 5
    np.testing.assert_allclose(builtin.w, scratch.w, atol=1e-6)
    assert builtin.b == pytest.approx(scratch.b, abs=1e-6)


def test_divergence_pauses_and_reset_recovers(qtbot, window):
    type_into(qtbot, window.controls.lr_spin, "10")
    with qtbot.waitSignal(window.training.diverged, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(button(window, "runPauseButton"), Qt.MouseButton.LeftButton)
    step = blocker.args[0]
    wait_idle(qtbot, window)
    message = window.findChild(object, "trainingMessage")
    assert message.isVisible() and f"step {step}" in message.text()
    assert not message.isModal()
    assert not button(window, "stepBatchButton").isEnabled()
    assert "nan" not in window.readout.text("batch_loss").lower()
    type_into(qtbot, window.controls.lr_spin, "0.03")
    snapshot = click_and_wait(qtbot, window, "resetButton")
    assert snapshot.step == 0 and snapshot.diverged_at is None
    qtbot.waitUntil(lambda: button(window, "stepBatchButton").isEnabled(), timeout=TIMEOUT)
    message.close()


def test_closing_while_running_stops_the_thread(qtbot):
    win = MainWindow()
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT):
        win.show()
    qtbot.mouseClick(button(win, "runPauseButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.last_snapshot.step > 100, timeout=TIMEOUT)
    win.close()
    assert win.training.reader.isFinished()


def test_ui_modules_do_not_import_torch():
    code = "import sys; import linreg_gui.ui.main_window; print(sorted(m for m in sys.modules if m == 'torch'))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_screenshot_option_writes_a_png(tmp_path):
    path = tmp_path / "shot.png"
    cmd = [sys.executable, "main.py", "--screenshot", str(path), "--steps", "20", "--size", "1280x720"]
    subprocess.run(cmd, cwd=ROOT, check=True, timeout=120, capture_output=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
