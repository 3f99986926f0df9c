"""The File menu: experiments, models, the training log and figures, with native dialogs.

Every save goes through a temporary file and a rename, and every failure is a message naming the
file or the field; the session is never changed by a refused file.
"""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters as pg_exporters
from PySide6.QtCore import QObject, QPoint, QRectF, QSize
from PySide6.QtGui import QAction, QKeySequence, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from ..core.experiment import Experiment, ExperimentError, load_experiment, save_experiment

EXPERIMENT_FILTER = "Experiments (*.json)"
MODEL_FILTER = "Models (*.pt)"
FIGURE_WIDTH_PX = 2400  # wide enough for a full-width slide


class FileMenu(QObject):
    """Builds the File menu of ``window`` and carries out its actions.

    ``window`` must offer ``current_experiment()``, ``apply_experiment(exp)``, ``figures()`` (name →
    widget), ``training`` (the TrainingThread) and ``settings`` (the Settings store).
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        menu = window.menuBar().addMenu("&File")
        menu.setObjectName("fileMenu")
        self.actions: dict[str, QAction] = {}
        for key, text, shortcut, slot in (
            ("open", "&Open Experiment…", QKeySequence.StandardKey.Open, self.open_experiment),
            ("save", "&Save Experiment…", QKeySequence.StandardKey.Save, self.save_experiment),
            (None, None, None, None),
            ("loadModel", "&Load Model…", None, self.load_model),
            ("saveModel", "Save &Model…", None, self.save_model),
            ("exportLog", "Export Training &Log (CSV)…", None, self.export_log),
            ("exportFigure", "Export &Figure (PNG/SVG)…", None, self.export_window),
        ):
            if key is None:
                menu.addSeparator()
                continue
            action = QAction(text, window)
            action.setObjectName(f"{key}Action")
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            menu.addAction(action)
            self.actions[key] = action
        self.figures_menu = menu.addMenu("Export &Panel")
        for name in window.figures():
            action = self.figures_menu.addAction(name.capitalize() + "…")
            action.triggered.connect(lambda _=False, n=name: self.export_panel(n))
        menu.addSeparator()
        restore = menu.addAction("&Restore Default Settings")
        restore.setObjectName("restoreDefaultsAction")
        restore.triggered.connect(window.restore_defaults)
        quit_action = menu.addAction("&Quit")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(window.close)
        window.training.fileDone.connect(lambda text: window.statusBar().showMessage(text, 8000))
        window.training.fileFailed.connect(lambda text: self.error("The file was not used", text))

    # ----- dialogs ------------------------------------------------------------------------------
    def _start_dir(self) -> str:
        last = self.window.settings.last_experiment()
        return str(Path(last).parent) if last else str(Path.home())

    def _ask_open(self, title: str, filters: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self.window, title, self._start_dir(), filters)
        return path

    def _ask_save(self, title: str, filters: str, suffix: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self.window, title, self._start_dir(), filters)
        if path and not Path(path).suffix:
            path += suffix
        return path

    def error(self, title: str, text: str) -> None:
        self.window.statusBar().showMessage(f"{title}: {text}", 15000)
        QMessageBox.warning(self.window, title, text)

    # ----- experiments --------------------------------------------------------------------------
    def open_experiment(self, path: str | None = None) -> bool:
        path = path or self._ask_open("Open experiment", EXPERIMENT_FILTER)
        if not path:
            return False
        try:
            experiment = load_experiment(path)
        except ExperimentError as error:
            self.error("This experiment cannot be opened", f"{Path(path).name}: {error}")
            return False
        self.window.apply_experiment(experiment)
        self.window.settings.set_last_experiment(path)
        self.window.statusBar().showMessage(f"Opened {path}", 8000)
        return True

    def save_experiment(self, path: str | None = None) -> bool:
        experiment: Experiment | None = self.window.current_experiment()
        if experiment is None:
            return False
        path = path or self._ask_save("Save experiment", EXPERIMENT_FILTER, ".json")
        if not path:
            return False
        try:
            save_experiment(path, experiment)
        except OSError as error:
            self.error("The experiment was not saved", f"Cannot write {path}: {error.strerror or error}")
            return False
        self.window.settings.set_last_experiment(path)
        self.window.statusBar().showMessage(f"Experiment saved to {path}", 8000)
        return True

    # ----- model and log (the worker owns the tensors) ------------------------------------------
    def load_model(self, path: str | None = None) -> None:
        path = path or self._ask_open("Load model", MODEL_FILTER)
        if path:
            self.window.training.loadModelRequested.emit(path)

    def save_model(self, path: str | None = None) -> None:
        path = path or self._ask_save("Save model", MODEL_FILTER, ".pt")
        if path:
            self.window.training.saveModelRequested.emit(path)

    def export_log(self, path: str | None = None) -> None:
        path = path or self._ask_save("Export training log", "CSV (*.csv)", ".csv")
        if path:
            self.window.training.exportLogRequested.emit(path)

    # ----- figures ------------------------------------------------------------------------------
    def export_panel(self, name: str, path: str | None = None) -> bool:
        """One panel by the file's suffix: .png through pyqtgraph's ImageExporter at slide width; .svg
        through Qt's SVG generator (pyqtgraph 0.14's SVGExporter cannot parse Qt 6.11's path data)."""
        path = path or self._ask_save(f"Export {name} panel", "PNG image (*.png);;SVG drawing (*.svg)", ".png")
        if not path:
            return False
        plot: pg.PlotWidget = self.window.figures()[name]
        try:
            if path.lower().endswith(".svg"):
                if not _render_svg(plot, path):
                    raise OSError(f"cannot write {path}")
            else:
                exporter = pg_exporters.ImageExporter(plot.getPlotItem())
                exporter.parameters()["width"] = FIGURE_WIDTH_PX
                if not exporter.export(path):
                    raise OSError(f"cannot write {path}")
        except (OSError, ValueError) as error:
            self.error("The figure was not exported", str(error))
            return False
        self.window.statusBar().showMessage(f"{name.capitalize()} panel exported to {path}", 8000)
        return True

    def export_window(self, path: str | None = None) -> bool:
        """The whole window as a PNG at twice its size, or as an SVG drawing."""
        path = path or self._ask_save("Export window", "PNG image (*.png);;SVG drawing (*.svg)", ".png")
        if not path:
            return False
        ok = _render_svg(self.window, path) if path.lower().endswith(".svg") else _render_png(self.window, path)
        if not ok:
            self.error("The figure was not exported", f"Cannot write {path}")
            return False
        self.window.statusBar().showMessage(f"Window exported to {path}", 8000)
        return True


def _render_png(widget: QWidget, path: str) -> bool:
    image = widget.grab().toImage()
    scale = max(1.0, FIGURE_WIDTH_PX / max(image.width(), 1))
    return image.scaledToWidth(round(image.width() * scale)).save(path)


def _render_svg(widget: QWidget, path: str) -> bool:
    generator = QSvgGenerator()
    generator.setFileName(path)
    generator.setSize(QSize(widget.width(), widget.height()))
    generator.setViewBox(QRectF(0, 0, widget.width(), widget.height()))
    generator.setTitle(widget.windowTitle())
    painter = QPainter()
    if not painter.begin(generator):
        return False
    try:
        QWidget.render(widget, painter, QPoint(0, 0))  # a PlotWidget is a QGraphicsView: use the widget render
    finally:
        ended = painter.end()
    return ended
