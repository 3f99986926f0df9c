"""Linear Regression Lab: train a linear regression live, batch by batch, in front of a class."""

from __future__ import annotations

__version__ = "0.1.0"  # the one place the version is declared; pyproject.toml reads it


def version() -> str:
    """The installed distribution's version; from a checkout that was never installed, ``__version__``."""
    from importlib import metadata

    try:
        return metadata.version("linreg-gui")
    except metadata.PackageNotFoundError:
        return __version__


def __getattr__(name: str):
    # The window is imported on first use so that the Qt-free core can be used without Qt.
    if name == "MainWindow":
        from .ui.main_window import MainWindow

        return MainWindow
    raise AttributeError(name)
