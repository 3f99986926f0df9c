"""The application's icon and identity, set once on the QApplication so every window and dialog shows it."""

from __future__ import annotations

import sys

from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication

from ..desktop_entry import APP_ID, ICON_SIZES
from ..resources import resource

WINDOWS_APP_USER_MODEL_ID = "LinearRegressionLab.LinRegGUI"


def app_icon() -> QIcon:
    """The icon with its pixel sizes (16–512 px), so each place picks a crisp one."""
    icon = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap()
        pixmap.loadFromData(resource("icons", f"{APP_ID}-{size}.png").read_bytes(), "PNG")
        icon.addPixmap(pixmap)
    return icon


def set_windows_app_id(platform: str = sys.platform) -> bool:
    """Windows groups taskbar buttons by an AppUserModelID; without one of its own, a Python app shows
    python.exe's icon there. True if it was set (on Windows only)."""
    if platform != "win32":
        return False
    import ctypes

    try:
        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(WINDOWS_APP_USER_MODEL_ID)
    except (AttributeError, OSError):
        return False
    return True


def apply_identity(app: QApplication) -> None:
    """Icon for every window and dialog (and the macOS dock), the taskbar id on Windows, and the desktop
    entry's name, which Wayland compositors use to match the window with its menu entry and icon."""
    set_windows_app_id()
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(APP_ID)
