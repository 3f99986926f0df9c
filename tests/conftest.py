"""Shared fixtures: Qt runs offscreen, and no test may leave a thread, a timer, a window or a training
process behind."""

from __future__ import annotations

import multiprocessing
import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import weakref

import pytest


@pytest.fixture(autouse=True, scope="session")
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory):
    """Remembered settings go to a temporary folder, never the user's own."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path_factory.mktemp("settings")))


@pytest.fixture(autouse=True)
def _qt_hygiene(request: pytest.FixtureRequest):
    """Fail a test that leaves a QThread running, a QTimer active, a top-level widget open or a training
    process alive.

    Like napari's suite, it records every thread and timer our code starts during the test (by
    wrapping ``start``) and checks them after pytest-qt has closed the test's widgets.
    """
    if "qapp" not in request.fixturenames and "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QThread, QTimer
    from PySide6.QtWidgets import QApplication

    app = request.getfixturevalue("qapp")
    from linreg_gui.gc_policy import collect_in_gui_thread

    collect_in_gui_thread()  # the process-wide collector's timer is not the test's to stop
    before = set(map(id, QApplication.topLevelWidgets()))
    threads: list[weakref.ref] = []
    timers: list[weakref.ref] = []
    thread_start, timer_start = QThread.start, QTimer.start

    def record_thread(self, *args):
        threads.append(weakref.ref(self))
        return thread_start(self, *args)

    def record_timer(self, *args):
        timers.append(weakref.ref(self))
        return timer_start(self, *args)

    QThread.start, QTimer.start = record_thread, record_timer
    try:
        yield
    finally:
        QThread.start, QTimer.start = thread_start, timer_start
    app.processEvents()
    running = [t for ref in threads if (t := ref()) is not None and _alive(t, "isRunning")]
    active = [t for ref in timers if (t := ref()) is not None and _alive(t, "isActive")]
    leaked = [w for w in QApplication.topLevelWidgets() if id(w) not in before and w.isVisible()]
    processes = multiprocessing.active_children()
    writers = [t for t in threading.enumerate() if t.name == "commands"]  # a training client's sender
    for thread in running:  # stop them so one leak does not break the next test too
        thread.quit()
        thread.wait(2000)
    for process in processes:
        process.kill()
        process.join(2)
    problems = []
    if running:
        problems.append(f"{len(running)} QThread(s) still running")
    if active:
        problems.append(f"{len(active)} QTimer(s) still active")
    if processes:
        problems.append(f"{len(processes)} training process(es) still alive")
    if writers:
        problems.append(f"{len(writers)} command writer thread(s) still running")
    if leaked:
        problems.append(f"top-level widgets left open: {[w.objectName() or type(w).__name__ for w in leaked]}")
    if problems:
        pytest.fail("; ".join(problems), pytrace=False)


def _alive(qobject, method: str) -> bool:
    """Ask a Qt object whose C++ side may already be deleted."""
    try:
        return bool(getattr(qobject, method)())
    except RuntimeError:
        return False


WINDOW_TIMEOUT_MS = 15_000


@pytest.fixture
def window(qtbot):
    """The main window, shown and holding its first snapshot; closed (thread and all) afterwards."""
    from linreg_gui.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.snapshotShown, timeout=WINDOW_TIMEOUT_MS):
        win.show()
    yield win
    win.stage.set_scene(0)  # the default scene for the next window (the scene is remembered)
    win.close()
    assert win.training.reader.isFinished()
