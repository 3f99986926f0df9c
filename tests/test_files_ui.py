"""File menu: experiments, models, the log and figures, through the window, and remembered settings."""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QMessageBox, QPushButton

from linreg_gui import MainWindow
from linreg_gui.core.experiment import Experiment, load_experiment
from linreg_gui.core.steplog import csv_columns

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 15_000


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch):
    """Record warnings instead of blocking on a modal box."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(f"{title}: {text}"))
    return shown


def steps(qtbot, win: MainWindow, count: int):
    for _ in range(count):
        with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT):
            qtbot.mouseClick(win.findChild(QPushButton, "stepBatchButton"), Qt.MouseButton.LeftButton)
    return win.last_snapshot


def test_experiment_round_trip_reproduces_the_run(qtbot, window, tmp_path):
    window.controls.set_configs(*_custom().__dict__.values())
    window.controls.lr_spin.setValue(0.05)
    path = tmp_path / "exp.json"
    assert window.file_menu.save_experiment(str(path))
    saved = load_experiment(path)
    assert saved.training.lr == 0.05 and saved.data.n == 500 and saved.impl == "builtin"
    assert json.loads(path.read_text())["format"] == 1
    with qtbot.waitSignal(window.training.dataReady, timeout=TIMEOUT):
        window.file_menu.open_experiment(str(path))
    qtbot.waitUntil(lambda: window.last_snapshot.step == 0 and window.last_snapshot.impl == "builtin", timeout=TIMEOUT)
    first = steps(qtbot, window, 7)
    other = MainWindow()
    qtbot.addWidget(other)
    with qtbot.waitSignal(other.snapshotShown, timeout=TIMEOUT):
        other.show()
    with qtbot.waitSignal(other.training.dataReady, timeout=TIMEOUT):
        assert other.file_menu.open_experiment(str(path))
    qtbot.waitUntil(lambda: other.last_snapshot.impl == "builtin" and other.last_snapshot.step == 0, timeout=TIMEOUT)
    second = steps(qtbot, other, 7)
    assert second.w.tolist() == first.w.tolist() and second.b == first.b
    assert other.controls.n_spin.value() == 500 and other.controls.lr_spin.value() == pytest.approx(0.05)
    other.close()


def _custom() -> Experiment:
    from linreg_gui.core.config import DataConfig, TrainConfig

    return Experiment(DataConfig(n=500, true_w=(1.5, -2.0, 0.5), true_b=-1.0, noise=0.1, seed=3),
                      TrainConfig(lr=0.02, batch_size=16, init="pytorch-default", seed=9), "builtin")  # fmt: skip


def _good() -> dict:
    return json.loads(_custom().to_json())


def _with(section: str, key: str, value) -> str:
    document = _good()
    document[section][key] = value
    return json.dumps(document)


BAD_FILES = {
    "not JSON": ("not json at all", "JSON"),
    "missing keys": ('{"format": 1}', "data: missing"),
    "n = -5": (_with("data", "n", -5), "data.n"),
    "p = 50": (_with("data", "true_w", [1.0] * 50), "data.true_w"),
    "lr = fast": (_with("training", "lr", "fast"), "training.lr"),
    "lr = NaN": (_with("training", "lr", 0.02).replace('"lr": 0.02', '"lr": NaN'), "training.lr"),
    "unknown key": (_with("training", "surprise", 1), "training.surprise"),
    "wrong type": (_with("training", "shuffle", "yes"), "training.shuffle"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_experiment_is_refused_and_changes_nothing(qtbot, window, tmp_path, no_modal_boxes, case):
    content, field = BAD_FILES[case]
    path = tmp_path / "bad.json"
    path.write_text(content)
    before = window.current_experiment()
    generation = window.last_snapshot.generation
    assert not window.file_menu.open_experiment(str(path))
    assert no_modal_boxes and field in no_modal_boxes[-1]
    assert window.current_experiment() == before
    qtbot.wait(100)
    assert window.last_snapshot.generation == generation


def test_model_save_and_load(qtbot, window, tmp_path, no_modal_boxes):
    trained = steps(qtbot, window, 20)
    path = tmp_path / "model.pt"
    with qtbot.waitSignal(window.training.fileDone, timeout=TIMEOUT):
        window.file_menu.save_model(str(path))
    with qtbot.waitSignal(window.snapshotShown, timeout=TIMEOUT):
        qtbot.mouseClick(window.findChild(QPushButton, "resetButton"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.snapshotShown, timeout=TIMEOUT, check_params_cb=lambda s: s.step == 0) as loaded:
        window.file_menu.load_model(str(path))
    assert loaded.args[0].w.tolist() == trained.w.tolist() and loaded.args[0].b == trained.b
    # A model for another number of features is refused with the shape named.
    window.controls.features_spin.setValue(3)
    with qtbot.waitSignal(window.training.dataReady, timeout=TIMEOUT):
        qtbot.mouseClick(window.findChild(QPushButton, "regenerateButton"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.training.fileFailed, timeout=TIMEOUT) as refused:
        window.file_menu.load_model(str(path))
    assert "p = 3" in refused.args[0]


def test_training_log_csv(qtbot, window, tmp_path):
    qtbot.mouseClick(window.findChild(QPushButton, "runEpochButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.last_snapshot.step == 100 and window.run_state == "idle", timeout=TIMEOUT)
    steps(qtbot, window, 3)
    path = tmp_path / "log.csv"
    with qtbot.waitSignal(window.training.fileDone, timeout=TIMEOUT):
        window.file_menu.export_log(str(path))
    rows = list(csv.reader(path.read_text().splitlines()))
    assert rows[0] == csv_columns(2)
    assert len(rows) == 1 + 103
    assert rows[100][4] != "" and math.isfinite(float(rows[100][4]))  # step 100 closed epoch 1
    assert rows[1][-1] == "scratch"


def test_export_panel_and_window_png_svg(window, tmp_path):
    for name in ("loss", "data"):
        for suffix in (".png", ".svg"):
            path = tmp_path / f"{name}{suffix}"
            assert window.file_menu.export_panel(name, str(path))
            assert path.stat().st_size > 1000
    for suffix in (".png", ".svg"):
        path = tmp_path / f"window{suffix}"
        assert window.file_menu.export_window(str(path))
        assert path.stat().st_size > 1000


def test_unwritable_paths_are_reported(window, tmp_path, no_modal_boxes):
    missing = tmp_path / "no" / "such" / "dir" / "exp.json"
    assert not window.file_menu.save_experiment(str(missing))
    assert "Cannot write" in no_modal_boxes[-1]
    assert not missing.exists()


def test_settings_persist_across_windows_and_restore_defaults(qtbot, tmp_path):
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.findChild(QDockWidget, "controlsDock").hide()
    first.stage.set_scene(3)
    first.settings.set_last_experiment(str(tmp_path / "x.json"))
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert not second.findChild(QDockWidget, "controlsDock").isVisible()
    assert second.stage.scene == 3
    assert second.settings.last_experiment() == str(tmp_path / "x.json")
    second.restore_defaults()
    assert second.settings.last_experiment() == ""
    assert second.findChild(QDockWidget, "controlsDock").isVisible()
    assert second.stage.scene == 4
    second.close()


def test_corrupt_settings_fall_back_to_defaults(qtbot):
    store = QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "LinearRegressionLab", "Linear Regression Lab"
    )
    path = store.fileName()
    store.sync()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Path(path).write_bytes(
        b"[window]\ngeometry=@ByteArray(\\xff\\x00garbage)\nstate=12\n\x00\xff[[[\nview/fontScale=abc\n"
    )
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.isVisible() and win.settings.font_scale() == 100
    win.close()


def test_command_line_opens_an_experiment(tmp_path):
    path = tmp_path / "exp.json"
    path.write_text(_custom().to_json())
    out = subprocess.run([sys.executable, "main.py", "--headless", "--experiment", str(path), "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(records) == 3 and len(records[0]["w"]) == 3
