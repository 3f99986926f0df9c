"""Uncaught exceptions in the UI thread: logged with their traceback and shown, never silent, never fatal."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger("linreg_gui")


def install_excepthook(parent: QWidget) -> None:
    """Route exceptions that escape a Qt slot to the log and to a non-modal message over ``parent``.

    Without a hook PySide prints them and carries on, which hides bugs from the lecturer; with the
    default hook of some setups the process aborts, which is worse in front of a class.
    """
    box = QMessageBox(QMessageBox.Icon.Critical, "", "", parent=parent)
    box.setObjectName("errorMessage")
    box.setModal(False)

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        log.error("uncaught exception\n%s", "".join(traceback.format_exception(kind, error, tb)))
        box.setWindowTitle(QCoreApplication.translate("errors", "Something went wrong"))
        advice = QCoreApplication.translate("errors", "The window keeps working; the details are in the log.")
        box.setText(f"{kind.__name__}: {error}\n\n{advice}")
        box.show()

    sys.excepthook = hook
