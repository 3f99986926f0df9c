"""The window on a real projector and a student's laptop: it fits, every run control is in reach, no text
is cut, covered or (in lecture mode) small, and the scenes show a few panels large."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QAction, QFontInfo, QRegion
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QMenuBar,
    QProgressBar,
    QTabBar,
    QWidget,
)

from linreg_gui import MainWindow
from linreg_gui.protocol import RunSteps
from linreg_gui.ui.language import LanguageSwitcher
from linreg_gui.ui.main_window import fitted_geometry
from linreg_gui.ui.stage import DEFAULT_SCENE

TIMEOUT = 15_000
SIZES = ((1280, 720, True), (1366, 768, False), (1920, 1080, True))  # (width, height, lecture mode)
RUN_CONTROLS = (
    "stepBatchButton", "stepPhaseButton", "stepBackButton", "runEpochButton", "runPauseButton", "resetButton",
    "speedSlider", "implScratchButton", "implBuiltinButton", "lrSpin",
)  # fmt: skip
TEXT_WIDGETS = (QLabel, QAbstractButton, QComboBox, QAbstractSpinBox, QTabBar, QMenuBar, QProgressBar)


def on_screen(widget: QWidget) -> bool:
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def shown_rect(widget: QWidget, window: QWidget) -> QRect:
    """The part of ``widget`` its ancestors let show, in window coordinates."""
    visible = widget.visibleRegion().boundingRect()
    return QRect(widget.mapTo(window, visible.topLeft()), visible.size())


def has_text(widget: QWidget) -> bool:
    text = getattr(widget, "text", None)
    return not callable(text) or bool(text())


def settle(qtbot, window: MainWindow) -> None:
    """Let the layout (and the fonts that follow the window's size) settle."""
    sizes = None
    while sizes != [window.size(), window.stage.size()]:
        sizes = [window.size(), window.stage.size()]
        QApplication.processEvents()
        qtbot.wait(30)


def problems_at(qtbot, window: MainWindow, width: int, height: int, lecture: bool) -> list[str]:
    """Everything wrong with the window at this size, as readable lines."""
    window.view_menu.set_lecture_mode(lecture, full_screen=False)
    window.stage.set_scene(DEFAULT_SCENE)
    window.resize(width, height)
    settle(qtbot, window)
    found = []
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    limit = (width, height) if lecture else (1279, 719)  # smaller than lecture mode's 1280×720 in normal mode
    if minimum.width() > min(width, limit[0]) or minimum.height() > min(height, limit[1]):
        found.append(f"minimum size {minimum.toTuple()}")
    if window.size() != QSize(width, height):
        found.append(f"size {window.size().toTuple()}")
    for name in RUN_CONTROLS:
        control = window.findChild(QWidget, name)
        if not control.isVisible() or not QRegion(control.rect()).subtracted(control.visibleRegion()).isEmpty():
            found.append(f"run control {name} not fully visible")
    texts = [w for kind in TEXT_WIDGETS for w in window.findChildren(kind) if on_screen(w) and has_text(w)]
    for widget in texts:
        name = f"{type(widget).__name__} {widget.objectName()!r}"
        need = widget.minimumSizeHint()
        if isinstance(widget, QLabel) and widget.wordWrap():
            need = QSize(need.width(), widget.heightForWidth(widget.width()))
        if isinstance(widget, QAbstractSpinBox):  # room for the value it shows, not for the widest it could
            edit = widget.lineEdit()
            if edit.width() < edit.fontMetrics().horizontalAdvance(edit.text()):
                found.append(f"{name} shows {edit.text()!r} in {edit.width()} px")
            need = QSize(1, need.height())
        if widget.width() < need.width() or widget.height() < need.height():
            found.append(f"{name} {widget.size().toTuple()} < {need.toTuple()}")
        if lecture and QFontInfo(widget.font()).pixelSize() < 16:
            found.append(f"{name} text {QFontInfo(widget.font()).pixelSize()} px")
    leaves = [w for w in texts if not any(isinstance(p, TEXT_WIDGETS) for p in _ancestors(w))]
    rects = [(w, shown_rect(w, window)) for w in leaves]
    for index, (a, rect_a) in enumerate(rects):
        for b, rect_b in rects[index + 1 :]:
            if rect_a.intersects(rect_b) and not (a.isAncestorOf(b) or b.isAncestorOf(a)):
                found.append(f"{a.objectName() or type(a).__name__} overlaps {b.objectName() or type(b).__name__}")
    for plot in window.findChildren(pg.PlotWidget):
        title = plot.getPlotItem().titleLabel
        if on_screen(plot) and title.isVisible() and title.text and title.shown_width() > plot.getPlotItem().vb.width():
            found.append(f"title of {plot.objectName()} is {title.shown_width():.0f} px in {plot.width()} px")
    for label in [*window.readout.labels.values(), *window.readout.captions.values()]:
        if not QRegion(label.rect()).subtracted(label.visibleRegion()).isEmpty():
            found.append(f"readout {label.objectName() or label.text()!r} not fully visible")
    for name in ("dataPlot", "lossPlot"):
        plot = window.findChild(QWidget, name)
        if plot.height() < height / 4 or plot.width() < width / 5:
            found.append(f"{name} is {plot.size().toTuple()} in the starting scene")
    return [f"{width}x{height}{' lecture' if lecture else ''}: {problem}" for problem in found]


def _ancestors(widget: QWidget):
    parent = widget.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_the_window_fits_each_screen(qtbot, window, language):
    LanguageSwitcher.instance().set_language(language)
    window.setWindowState(Qt.WindowState.WindowNoState)
    try:
        with qtbot.waitSignal(window.snapshotShown, timeout=TIMEOUT):
            window.training.send(RunSteps(30))  # numbers in the readout, curves in the plots
        problems = [line for size in SIZES for line in problems_at(qtbot, window, *size)]
    finally:
        window.view_menu.set_lecture_mode(False)
        LanguageSwitcher.instance().set_language("en")
    assert problems == [], "\n".join(problems)


def test_keys_and_the_view_menu_switch_scenes(qtbot, window):
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_1)
    assert window.stage.scene == 1 and window.data_panel.isVisible() and not window.loss_panel.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_2)
    assert window.code_pane.isVisible() and window.grads_panel.isVisible() and not window.data_panel.isVisible()
    window.findChild(QAction, "scene3Action").trigger()
    assert window.loss_panel.isVisible() and window.landscape_panel.isVisible()
    assert window.findChild(QAction, "scene3Action").isChecked()
    qtbot.keyClick(window, Qt.Key.Key_4)
    assert all(panel.isVisible() for panel in (window.data_panel, window.loss_panel, window.params_panel))


def test_a_digit_typed_into_a_spin_box_stays_typing(qtbot, window):
    window.activateWindow()
    spin = window.controls.batch_spin
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "2")
    assert window.stage.scene == DEFAULT_SCENE
    assert spin.lineEdit().text() == "2"


def test_a_panel_maximises_on_a_double_click_and_esc_goes_back(qtbot, window):
    window.activateWindow()
    title = window.stage.frames["loss"].title
    qtbot.mouseDClick(title, Qt.MouseButton.LeftButton)
    assert window.stage.maximised == "loss"
    assert window.loss_panel.isVisible() and not window.data_panel.isVisible()
    assert window.loss_panel.height() > window.height() / 2
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.stage.maximised == "" and window.data_panel.isVisible()


def test_m_maximises_the_panel_under_the_pointer(qtbot, window, monkeypatch):
    from linreg_gui.ui import view_menu

    plot = window.params_panel.plot
    monkeypatch.setattr(view_menu.QCursor, "pos", lambda: plot.mapToGlobal(plot.rect().center()))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_M)
    assert window.stage.maximised == "params" and not window.loss_panel.isVisible()
    window.findChild(QAction, "restoreSceneAction").trigger()
    assert window.stage.maximised == ""


def test_the_scene_is_remembered_and_restore_defaults_resets_it(qtbot, window):
    window.findChild(QAction, "scene2Action").trigger()
    other = MainWindow()
    qtbot.addWidget(other)
    assert other.stage.scene == 2
    other.restore_defaults()
    assert other.stage.scene == DEFAULT_SCENE
    assert other.findChild(QAction, f"scene{DEFAULT_SCENE}Action").isChecked()
    third = MainWindow()
    qtbot.addWidget(third)
    assert third.stage.scene == DEFAULT_SCENE
    for win in (other, third):
        win.training.stop()


def test_a_geometry_larger_than_the_screen_shrinks_to_fit(qtbot):
    available = QRect(0, 0, 1366, 740)
    assert fitted_geometry(QRect(100, 50, 1920, 1080), available) == available
    assert fitted_geometry(QRect(900, 500, 800, 600), available) == QRect(566, 140, 800, 600)
    assert fitted_geometry(QRect(10, 20, 800, 600), available) == QRect(10, 20, 800, 600)
    first = MainWindow()
    qtbot.addWidget(first)
    first.setWindowState(Qt.WindowState.WindowNoState)
    first.setGeometry(0, 0, 3000, 2000)
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    screen = second.screen().availableGeometry()
    assert second.width() <= max(screen.width(), second.minimumSizeHint().width())
    assert second.height() <= max(screen.height(), second.minimumSizeHint().height())
    second.training.stop()


def test_the_code_pane_shows_whole_lines_at_1280x720_in_lecture_mode(qtbot, window):
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.view_menu.set_lecture_mode(True, full_screen=False)
    try:
        window.resize(1280, 720)
        qtbot.keyClick(window, Qt.Key.Key_2)
        settle(qtbot, window)
        qtbot.waitUntil(lambda: window.code_pane.source is not None, timeout=TIMEOUT)
        view = window.code_pane.view
        assert view.isVisible() and view.horizontalScrollBar().maximum() == 0  # wrapped, nothing off to the side
        assert QFontInfo(view.font()).pixelSize() >= 16
        longest = max(window.code_pane.source.lines, key=len)
        assert longest in view.toPlainText()
    finally:
        window.view_menu.set_lecture_mode(False)
