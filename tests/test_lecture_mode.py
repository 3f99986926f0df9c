"""Lecture mode: full screen, larger text, themes, and the keyboard driving every run action."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton

from linreg_gui import MainWindow
from linreg_gui.protocol import StepBatch

TIMEOUT = 15_000


@pytest.fixture
def window(window):
    """The shared window, active, and back to the default view afterwards (remembered settings)."""
    window.activateWindow()
    yield window
    window.view_menu.set_lecture_mode(False)
    window.view_menu.set_theme("light")
    window.view_menu.set_font_scale(100)


def test_lecture_mode_goes_full_screen_with_text_scaled_to_the_window(qtbot, window):
    from PySide6.QtGui import QFontInfo

    base = window.readout.labels["step"].font().pointSizeF()
    window.findChild(QAction, "lectureModeAction").trigger()
    assert window.isFullScreen() and not window.controls_dock.isVisible()
    assert window.view_menu.applied == window.view_menu.lecture_scale()
    assert QFontInfo(window.controls.step_button.font()).pixelSize() >= 16
    window.findChild(QAction, "lectureModeAction").trigger()
    assert not window.isFullScreen() and window.controls_dock.isVisible()
    assert window.readout.labels["step"].font().pointSizeF() == pytest.approx(base)
    window.view_menu.set_lecture_mode(True, full_screen=False)
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.view_menu.applied == 150)
    assert window.readout.labels["step"].font().pointSizeF() == pytest.approx(base * 1.5)


def test_font_scale_and_theme_are_remembered(qtbot, window):
    window.findChild(QAction, "fontScale200Action").trigger()
    window.findChild(QAction, "darkThemeAction").trigger()
    assert window.data_panel.plot.backgroundBrush().color().name() == "#000000"
    other = MainWindow()
    qtbot.addWidget(other)
    assert other.view_menu.scale == 200 and other.view_menu.theme.name == "dark"
    other.close()


def test_new_data_keeps_the_lecture_sizes_and_the_theme(qtbot, window):
    plots = [window.data_panel.plot, window.params_panel.plot, window.grads_panel.history_plot]
    normal_title_pt = float(plots[0].getPlotItem().titleLabel.opts["size"].removesuffix("pt"))
    window.view_menu.set_lecture_mode(True, full_screen=False)  # the size it is scaled to is the test's
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.view_menu.applied == 150)
    window.findChild(QAction, "darkThemeAction").trigger()

    def looks() -> list:
        return [
            (
                plot.getPlotItem().titleLabel.opts["size"],
                plot.getPlotItem().titleLabel.opts["color"],
                dict(plot.getPlotItem().getAxis("bottom").labelStyle),
                [curve.opts["pen"].widthF() for curve in plot.getPlotItem().listDataItems() if curve.opts.get("pen")],
            )
            for plot in plots
        ]

    before = looks()
    assert float(before[0][0].removesuffix("pt")) > normal_title_pt and before[0][1] == "#ffffff"
    for p in (2, 3, 2):  # the same number of features, then another: new and reused curves alike
        window.controls.features_spin.setValue(p)
        with qtbot.waitSignal(window.snapshotShown, timeout=TIMEOUT, check_params_cb=lambda s, p=p: len(s.w) == p):
            window.findChild(QPushButton, "regenerateButton").click()
        if p == 2:
            assert looks() == before


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


def test_cached_axes_show_what_a_fresh_paint_shows(qtbot, window):
    """Axes are painted into pixmaps (a frame is cheaper); after the theme and font changes of lecture
    mode, and a step, each plot must look exactly as it does painted afresh (a stale pixmap put the
    axis label over the tick labels)."""
    import pyqtgraph as pg
    from PySide6.QtWidgets import QGraphicsItem

    window.view_menu.set_theme("dark")
    window.view_menu.set_font_scale(150)
    with qtbot.waitSignal(window.snapshotShown, timeout=TIMEOUT):
        window.training.send(StepBatch())
    plots = [plot for plot in window.findChildren(pg.PlotWidget) if plot.isVisible()]
    sizes = None
    while sizes != [plot.size() for plot in plots]:  # the docks settle around the larger text first
        sizes = [plot.size() for plot in plots]
        qtbot.wait(50)
    cached = [plot.grab().toImage() for plot in plots]
    for plot in plots:
        for name in ("left", "bottom"):
            plot.getPlotItem().getAxis(name).setCacheMode(QGraphicsItem.CacheMode.NoCache)
    fresh = [plot.grab().toImage() for plot in plots]
    for plot in plots:
        for name in ("left", "bottom"):
            plot.getPlotItem().getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    differing = {plot.objectName(): _differing_pixels(a, b) for plot, a, b in zip(plots, cached, fresh, strict=True)}
    assert max(differing.values()) < 0.01, differing  # antialiasing may differ by a pixel, a moved label not


def _differing_pixels(a, b) -> float:
    """The fraction of pixels that differ between two images of the same size."""
    import numpy as np

    def pixels(image):
        image = image.convertToFormat(image.Format.Format_RGB32)
        return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())

    assert a.size() == b.size()
    return float(np.mean(pixels(a) != pixels(b)))


def test_a_scale_applied_to_widgets_never_seen_before_does_not_compound(qtbot):
    """Widgets whose size is first recorded when a scale is applied get it once, however deep they sit."""
    from PySide6.QtWidgets import QSplitter

    win = MainWindow()
    qtbot.addWidget(win)
    base = win.font().pointSizeF()
    win.resize(1920, 1080)
    win.view_menu.set_lecture_mode(True, full_screen=False)
    assert win.view_menu.applied == 150
    nested = [w for w in win.stage.findChildren(QSplitter) if w.font().pointSizeF() > 0]
    assert nested and all(w.font().pointSizeF() == pytest.approx(base * 1.5) for w in nested)
