"""The File menu: experiments, models, the training log and figures, with native dialogs.

Every save goes through a temporary file and a rename, and every failure is a message naming the
file or the field; the session is never changed by a refused file.
"""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QObject, QPoint, QRectF, QSize
from PySide6.QtGui import QAction, QKeySequence, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from ..core.experiment import Experiment, ExperimentError, load_experiment, save_experiment
from ..protocol import ExportLog, LoadModel, SaveModel
from .export_animation import AnimationExport

FIGURE_WIDTH_PX = 2400  # wide enough for a full-width slide


class FileMenu(QObject):
    """Builds the File menu of ``window`` and carries out its actions.

    ``window`` must offer ``current_experiment()``, ``apply_experiment(exp)``, ``figures()`` (name →
    widget), ``training`` (the TrainingClient) and ``settings`` (the Settings store).
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.menu = menu = window.menuBar().addMenu("")
        menu.setObjectName("fileMenu")
        self.actions: dict[str, QAction] = {}
        for key, shortcut, slot in (
            ("open", QKeySequence.StandardKey.Open, self.open_experiment),
            ("save", QKeySequence.StandardKey.Save, self.save_experiment),
            (None, None, None),
            ("loadModel", None, self.load_model),
            ("saveModel", None, self.save_model),
            ("exportLog", None, self.export_log),
            ("exportFigure", None, self.export_window),
            ("exportAnimation", None, self.export_animation),
        ):
            if key is None:
                menu.addSeparator()
                continue
            action = QAction(window)
            action.setObjectName(f"{key}Action")
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            menu.addAction(action)
            self.actions[key] = action
        self.animation = AnimationExport(window, self._panel_name, self._ask_save, self.error)
        self.figures_menu = menu.addMenu("")
        self.panel_actions: dict[str, QAction] = {}
        for name in window.figures():
            action = self.figures_menu.addAction("")
            action.triggered.connect(lambda _=False, n=name: self.export_panel(n))
            self.panel_actions[name] = action
        menu.addSeparator()
        self.actions["restoreDefaults"] = restore = menu.addAction("")
        restore.setObjectName("restoreDefaultsAction")
        restore.triggered.connect(window.restore_defaults)
        self.actions["quit"] = quit_action = menu.addAction("")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(window.close)
        window.training.fileDone.connect(lambda text: window.statusBar().showMessage(text, 8000))
        window.training.fileFailed.connect(lambda text: self.error(self.tr("The file was not used"), text))
        self.retranslate()

    def retranslate(self) -> None:
        """Menu texts in the current language (the window calls this on a language change)."""
        self.menu.setTitle(self.tr("&File"))
        texts = {
            "open": self.tr("&Open Experiment…"),
            "save": self.tr("&Save Experiment…"),
            "loadModel": self.tr("&Load Model…"),
            "saveModel": self.tr("Save &Model…"),
            "exportLog": self.tr("Export Training &Log (CSV)…"),
            "exportFigure": self.tr("Export &Figure (PNG/SVG)…"),
            "exportAnimation": self.tr("Export &Animation (GIF/WebP/MP4)…"),
            "restoreDefaults": self.tr("&Restore Default Settings"),
            "quit": self.tr("&Quit"),
        }
        for key, text in texts.items():
            self.actions[key].setText(text)
        self.figures_menu.setTitle(self.tr("Export &Panel"))
        for name, action in self.panel_actions.items():
            action.setText(self._panel_name(name) + "…")

    def _panel_name(self, name: str) -> str:
        """A panel's name for menus and messages ("Loss"); names of panels added later pass through."""
        names = {
            "data": self.tr("Data"),
            "loss": self.tr("Loss"),
            "parameters": self.tr("Parameters"),
            "gradients": self.tr("Gradients"),
            "landscape": self.tr("Landscape"),
        }
        return names.get(name, name.capitalize())

    def _experiment_filter(self) -> str:
        return self.tr("Experiments (*.json)")

    def _model_filter(self) -> str:
        return self.tr("Models (*.pt)")

    def _figure_filter(self) -> str:
        return self.tr("PNG image (*.png);;SVG drawing (*.svg)")

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
        self.window.statusBar().showMessage(self.tr("{title}: {text}").format(title=title, text=text), 15000)
        QMessageBox.warning(self.window, title, text)

    # ----- experiments --------------------------------------------------------------------------
    def open_experiment(self, path: str | None = None) -> bool:
        path = path or self._ask_open(self.tr("Open experiment"), self._experiment_filter())
        if not path:
            return False
        try:
            experiment = load_experiment(path)
        except ExperimentError as error:
            self.error(self.tr("This experiment cannot be opened"), f"{Path(path).name}: {error}")
            return False
        self.window.apply_experiment(experiment)
        self.window.settings.set_last_experiment(path)
        self.window.statusBar().showMessage(self.tr("Opened {path}").format(path=path), 8000)
        return True

    def save_experiment(self, path: str | None = None) -> bool:
        experiment: Experiment | None = self.window.current_experiment()
        if experiment is None:
            return False
        path = path or self._ask_save(self.tr("Save experiment"), self._experiment_filter(), ".json")
        if not path:
            return False
        try:
            save_experiment(path, experiment)
        except OSError as error:
            reason = self.tr("Cannot write {path}: {reason}").format(path=path, reason=error.strerror or error)
            self.error(self.tr("The experiment was not saved"), reason)
            return False
        self.window.settings.set_last_experiment(path)
        self.window.statusBar().showMessage(self.tr("Experiment saved to {path}").format(path=path), 8000)
        return True

    # ----- model and log (the training process owns the tensors) ------------------------------------------
    def load_model(self, path: str | None = None) -> None:
        path = path or self._ask_open(self.tr("Load model"), self._model_filter())
        if path:
            self.window.training.send(LoadModel(path))

    def save_model(self, path: str | None = None) -> None:
        path = path or self._ask_save(self.tr("Save model"), self._model_filter(), ".pt")
        if path:
            self.window.training.send(SaveModel(path))

    def export_log(self, path: str | None = None) -> None:
        path = path or self._ask_save(self.tr("Export training log"), self.tr("CSV (*.csv)"), ".csv")
        if path:
            self.window.training.send(ExportLog(path))

    def export_animation(self) -> None:
        self.animation.ask()

    # ----- figures ------------------------------------------------------------------------------
    def export_panel(self, name: str, path: str | None = None) -> bool:
        """One panel by the file's suffix: .png through pyqtgraph's ImageExporter at slide width; .svg
        through Qt's SVG generator (pyqtgraph 0.14's SVGExporter cannot parse Qt 6.11's path data)."""
        title = self.tr("Export the {panel} panel").format(panel=self._panel_name(name))
        path = path or self._ask_save(title, self._figure_filter(), ".png")
        if not path:
            return False
        plot: pg.PlotWidget = self.window.figures()[name]
        try:
            if path.lower().endswith(".svg"):
                if not _render_svg(plot, path):
                    raise OSError(f"cannot write {path}")
            else:
                import pyqtgraph.exporters as pg_exporters  # on first use: not needed to open the window

                exporter = pg_exporters.ImageExporter(plot.getPlotItem())
                exporter.parameters()["width"] = FIGURE_WIDTH_PX
                if not exporter.export(path):
                    raise OSError(f"cannot write {path}")
        except (OSError, ValueError) as error:
            self.error(self.tr("The figure was not exported"), str(error))
            return False
        message = self.tr("{panel} panel exported to {path}").format(panel=self._panel_name(name), path=path)
        self.window.statusBar().showMessage(message, 8000)
        return True

    def export_window(self, path: str | None = None) -> bool:
        """The whole window as a PNG at twice its size, or as an SVG drawing."""
        path = path or self._ask_save(self.tr("Export window"), self._figure_filter(), ".png")
        if not path:
            return False
        ok = _render_svg(self.window, path) if path.lower().endswith(".svg") else _render_png(self.window, path)
        if not ok:
            self.error(self.tr("The figure was not exported"), self.tr("Cannot write {path}").format(path=path))
            return False
        self.window.statusBar().showMessage(self.tr("Window exported to {path}").format(path=path), 8000)
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
