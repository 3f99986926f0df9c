"""Starts the window: ``python main.py`` or ``python main.py --screenshot PATH --steps N [--lang zh_TW]``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..gc_policy import disable_automatic, refreeze_on_new_run

if TYPE_CHECKING:  # Qt and the window are imported when the window is opened, not with this module
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="linreg-gui", description="Linear Regression Lab: the training window.")
    parser.add_argument("experiment", nargs="?", help="an experiment file (.json) to open with")
    parser.add_argument("--screenshot", metavar="PATH", help="render the window offscreen to a PNG and exit")
    parser.add_argument("--steps", type=int, default=0, help="with --screenshot: training steps to take first")
    parser.add_argument("--lecture", action="store_true", help="start in lecture mode (full screen, large text)")
    parser.add_argument("--theme", choices=("light", "dark"), help="colour theme")
    parser.add_argument("--font-scale", type=int, choices=(100, 125, 150, 200, 250), help="text size in percent")
    parser.add_argument("--size", default="1920x1080", help="with --screenshot: window size, default 1920x1080")
    parser.add_argument(
        "--lang", choices=("en", "zh_TW"), help="language: English or Traditional Chinese (default: the system's)"
    )
    return parser.parse_args(argv)


def open_window(args: argparse.Namespace, settings_dir: str | None = None) -> tuple[QApplication, MainWindow]:
    """The application and its window with the options of ``args`` applied, not yet shown.

    ``python main.py`` and the start-up benchmark (``benchmarks/first_paint.py``) both start here.
    ``settings_dir`` keeps remembered settings away from the user's (a screenshot, the benchmark).
    """
    disable_automatic()  # from here: start-up's imports are not scanned again and again (see gc_policy)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from .errors import install_excepthook
    from .language import LanguageSwitcher, startup_language
    from .main_window import MainWindow
    from .settings import Settings

    if settings_dir is not None:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Linear Regression Lab")
    app.setOrganizationName("LinearRegressionLab")
    LanguageSwitcher.instance().set_language(startup_language(args.lang, Settings()))
    window = MainWindow()
    window.snapshotShown.connect(refreeze_on_new_run())  # the app's, not every window's (see gc_policy)
    install_excepthook(window)
    app.aboutToQuit.connect(window.training.stop)
    if args.experiment:
        window.file_menu.open_experiment(args.experiment)
    if args.theme:
        window.view_menu.set_theme(args.theme)
    if args.font_scale:
        window.view_menu.set_font_scale(args.font_scale)
    return app, window


def run(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    if args.screenshot and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # A screenshot shows the defaults (plus its options), and leaves the user's settings alone.
    app, window = open_window(args, tempfile.mkdtemp() if args.screenshot else None)
    if args.screenshot:
        from .screenshot import take_screenshot

        if args.lecture:
            window.view_menu.lecture = True  # the screenshot keeps its --size instead of going full screen
            window.view_menu.set_font_scale(max(window.view_menu.scale, 150))
        return take_screenshot(app, window, args.screenshot, args.steps, args.size)
    window.show()
    if args.lecture:
        window.view_menu.set_lecture_mode(True)
    return app.exec()
