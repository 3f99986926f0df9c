"""Starts the window: ``python main.py`` or ``python main.py --screenshot PATH --steps N [--lang zh_TW]``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .. import version
from ..arguments import EXIT_USAGE, OneLineParser
from ..core.animation import DEFAULT_FPS, DEFAULT_HEIGHT, DEFAULT_WIDTH, AnimationError, AnimationSpec, check_writable
from ..core.animation import parse_size as parse_frame_size
from ..gc_policy import disable_automatic, refreeze_when_settled

SCREENSHOT_SIZE = "1920x1080"
ANIMATION_STEPS = 300
WHOLE_WINDOW = "window"  # recorder.WHOLE_WINDOW, named here so parsing the options needs no Qt

if TYPE_CHECKING:  # Qt and the window are imported when the window is opened, not with this module
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = OneLineParser(prog="linreg-gui", description="Linear Regression Lab: the training window.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop", action="store_true", help="add the app to the Linux applications menu (this user)"
    )
    desktop.add_argument("--uninstall-desktop", action="store_true", help="remove it from the menu again")
    parser.add_argument("experiment", nargs="?", help="an experiment file (.json) to open with")
    parser.add_argument("--screenshot", metavar="PATH", help="render the window offscreen to a PNG and exit")
    parser.add_argument(
        "--export-animation",
        metavar="PATH",
        help="record the next --steps steps offscreen as an animated .gif, .webp or .mp4 and exit",
    )
    parser.add_argument(
        "--steps",
        type=int,
        help=f"--screenshot: training steps to take first (default 0); --export-animation: steps to record, "
        f"one frame each (default {ANIMATION_STEPS})",
    )
    parser.add_argument("--panel", default=WHOLE_WINDOW, help="--export-animation: record one panel (e.g. loss)")
    parser.add_argument("--fps", type=int, default=DEFAULT_FPS, help="--export-animation: frames per second")
    parser.add_argument("--lecture", action="store_true", help="start in lecture mode (full screen, large text)")
    parser.add_argument("--theme", choices=("light", "dark"), help="colour theme")
    parser.add_argument("--font-scale", type=int, choices=(100, 125, 150, 200, 250), help="text size in percent")
    parser.add_argument(
        "--scene", type=int, choices=(1, 2, 3, 4), help="start in this scene: 1 data, 2 one step, 3 loss, 4 everything"
    )
    parser.add_argument(
        "--size",
        help=f"--screenshot: window size, default {SCREENSHOT_SIZE}; --export-animation: frame size, "
        f"default {DEFAULT_WIDTH}x{DEFAULT_HEIGHT}",
    )
    parser.add_argument(
        "--lang", choices=("en", "zh_TW"), help="language: English or Traditional Chinese (default: the system's)"
    )
    return parser.parse_args(argv)


def animation_spec(args: argparse.Namespace) -> AnimationSpec:
    """The file ``--export-animation`` asks for, checked before any window opens (AnimationError if not)."""
    if args.steps is not None and args.steps < 1:
        raise AnimationError(f"--steps must be at least 1, not {args.steps}")
    width, height = parse_frame_size(args.size) if args.size else (DEFAULT_WIDTH, DEFAULT_HEIGHT)
    spec = AnimationSpec(Path(args.export_animation), width, height, args.fps)
    check_writable(spec.path)
    return spec


def open_window(args: argparse.Namespace, settings_dir: str | None = None) -> tuple[QApplication, MainWindow]:
    """The application and its window with the options of ``args`` applied, not yet shown.

    ``python main.py`` and the start-up benchmark (``benchmarks/first_paint.py``) both start here.
    ``settings_dir`` keeps remembered settings away from the user's (a screenshot, the benchmark).
    """
    disable_automatic()  # from here: start-up's imports are not scanned again and again (see gc_policy)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from .app_icon import apply_identity
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
    apply_identity(app)
    LanguageSwitcher.instance().set_language(startup_language(args.lang, Settings()))
    window = MainWindow()
    window.snapshotShown.connect(refreeze_when_settled(window))  # the app's, not every window's (see gc_policy)
    install_excepthook(window)
    app.aboutToQuit.connect(window.training.stop)
    if args.experiment:
        window.file_menu.open_experiment(args.experiment)
    if args.theme:
        window.view_menu.set_theme(args.theme)
    if args.font_scale:
        window.view_menu.set_font_scale(args.font_scale)
    if args.scene:
        window.stage.set_scene(args.scene)
    return app, window


def run(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    if args.install_desktop or args.uninstall_desktop:
        from ..desktop_entry import main as desktop_main

        return desktop_main("install" if args.install_desktop else "uninstall")
    offscreen = bool(args.screenshot or args.export_animation)
    spec = None
    if args.export_animation:
        try:
            spec = animation_spec(args)
        except AnimationError as error:
            print(f"linreg-gui: error: --export-animation: {error}", file=sys.stderr)
            return EXIT_USAGE
    if offscreen and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # A screenshot or a recording shows the defaults (plus its options), and leaves the user's settings alone.
    app, window = open_window(args, tempfile.mkdtemp() if offscreen else None)
    if offscreen and args.lecture:
        window.view_menu.set_lecture_mode(True, full_screen=False)  # the picture keeps its --size
    if spec is not None:
        from .animation_cli import export_animation

        return export_animation(app, window, spec, args.steps or ANIMATION_STEPS, args.panel)
    if args.screenshot:
        from .screenshot import take_screenshot

        return take_screenshot(app, window, args.screenshot, args.steps or 0, args.size or SCREENSHOT_SIZE)
    window.show()
    if args.lecture:
        window.view_menu.set_lecture_mode(True)
    return app.exec()
