"""Lecture mode: full screen, larger text, themes, and the keyboard driving every run action."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from linreg_gui import MainWindow

TIMEOUT = 15_000


@pytest.fixture
def window(window):
    """The shared window, active, and back to the default view afterwards (remembered settings)."""
    window.activateWindow()
    yield window
    window.view_menu.set_lecture_mode(False)
    window.view_menu.set_theme("light")
    window.view_menu.set_font_scale(100)


def test_lecture_mode_goes_full_screen_with_larger_text(window):
    base = window.readout.labels["step"].font().pointSizeF()
    window.findChild(QAction, "lectureModeAction").trigger()
    assert window.isFullScreen()
    assert window.readout.labels["step"].font().pointSizeF() == pytest.approx(base * 1.5)
    window.findChild(QAction, "lectureModeAction").trigger()
    assert not window.isFullScreen()
    assert window.readout.labels["step"].font().pointSizeF() == pytest.approx(base)


def test_font_scale_and_theme_are_remembered(qtbot, window):
    window.findChild(QAction, "fontScale200Action").trigger()
    window.findChild(QAction, "darkThemeAction").trigger()
    assert window.data_panel.plot.backgroundBrush().color().name() == "#000000"
    other = MainWindow()
    qtbot.addWidget(other)
    assert other.view_menu.scale == 200 and other.view_menu.theme == "dark"
    other.close()


@pytest.mark.parametrize(
    ("key", "modifier", "expected_step"),
    [(Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier, 1), (Qt.Key.Key_P, Qt.KeyboardModifier.NoModifier, 0)],
)
def test_keys_drive_the_run(qtbot, window, key, modifier, expected_step):
    with qtbot.waitSignal(window.snapshotShown, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(window, key, modifier)
    assert blocker.args[0].step == expected_step


def test_backspace_steps_back_and_ctrl_r_resets(qtbot, window):
    for _ in range(3):
        with qtbot.waitSignal(window.snapshotShown, timeout=TIMEOUT):
            qtbot.keyClick(window, Qt.Key.Key_Space)
    with qtbot.waitSignal(window.snapshotShown, timeout=TIMEOUT) as back:
        qtbot.keyClick(window, Qt.Key.Key_Backspace)
    assert back.args[0].step == 2
    with qtbot.waitSignal(window.snapshotShown, timeout=TIMEOUT) as reset:
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert reset.args[0].step == 0


def test_e_runs_an_epoch_and_r_runs_and_pauses(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: window.last_snapshot.step == 100 and window.run_state == "idle", timeout=TIMEOUT)
    qtbot.keyClick(window, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: window.run_state == "running", timeout=TIMEOUT)
    qtbot.keyClick(window, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: window.run_state == "idle", timeout=TIMEOUT)


def test_f1_shows_the_shortcut_overlay(qtbot, window):
    overlay = window.findChild(QLabel, "shortcutOverlay")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert overlay.isVisible() and "Step Back" in overlay.text() and "Backspace" in overlay.text()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert not overlay.isVisible()
