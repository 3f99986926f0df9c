"""Linear Regression Lab: train a linear regression live, batch by batch, in front of a class."""

from __future__ import annotations

__version__ = "0.1.0"


def __getattr__(name: str):
    # The window is imported on first use so that the Qt-free core can be used without Qt.
    if name == "MainWindow":
        from .ui.main_window import MainWindow

        return MainWindow
    raise AttributeError(name)
