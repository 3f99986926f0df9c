"""The window a lecturer projects: the run controls in toolbars, the set-up in a side panel that folds
away, and in the middle the panels of the current scene (see ``stage``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from superqt import QCollapsible

from ..core.config import DataConfig, TrainConfig
from ..core.experiment import Experiment
from ..core.presets import PRESETS
from ..core.snapshot import DataView, Snapshot
from ..gc_policy import collect_in_gui_thread
from ..protocol import (
    FrameShown,
    Pause,
    Regenerate,
    Reset,
    Run,
    RunEpoch,
    RunState,
    SetCompare,
    SetConfig,
    SetSpeed,
    StepBack,
    StepBatch,
    StepPhase,
)
from ..training_client import TrainingClient
from .code_pane import CodePane
from .controls import ControlsPanel
from .file_menu import FileMenu
from .language import LanguageMenu, LanguageSwitcher, system_language
from .panels import BatchTable, DataPanel, GradsPanel, LandscapePanel, LossPanel, Panel, ParamsPanel, ReadoutPanel
from .panels.theme import Theme
from .reference import ReferenceLabel
from .settings import Settings
from .stage import DEFAULT_SCENE, Stage
from .view_menu import ViewMenu
from .widgets import Retranslating, VerticalScrollArea, keep_widest

if TYPE_CHECKING:  # the source is read in the training process, where torch is loaded
    from ..core.source import StepSource

UNPAINTED_START_MS = 1000  # a shown window that paints no frame (shown minimised, say) starts training anyway


def fitted_geometry(frame: QRect, available: QRect) -> QRect:
    """``frame`` shrunk to at most ``available``'s size and moved inside it."""
    size = frame.size().boundedTo(available.size())
    left = min(max(frame.left(), available.left()), available.right() + 1 - size.width())
    top = min(max(frame.top(), available.top()), available.bottom() + 1 - size.height())
    return QRect(left, top, size.width(), size.height())


class AfterFirstFrame(QObject):
    """Runs ``action`` once, just after ``window``'s first frame has been painted.

    The training starts here: its process (the first of a session also starts the fork server, which
    imports torch) takes a whole core for about a second, which the first frame need not share.
    Should a shown window paint nothing, ``action`` runs ``UNPAINTED_START_MS`` after it was shown;
    a window closed (hidden) before then does not run it until shown again.
    """

    def __init__(self, window: QWidget, action: Callable[[], None]) -> None:
        super().__init__(window)
        self._window, self._action = window, action
        self._done = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:  # the window's own paint: its children follow in the same frame
            QTimer.singleShot(0, self, self._run)
        elif event.type() == QEvent.Type.Show:
            QTimer.singleShot(UNPAINTED_START_MS, self, self._run)
        return False

    def _run(self) -> None:
        if self._done or not self._window.isVisible():
            return
        self._done = True
        self._window.removeEventFilter(self)
        self._action()


class MainWindow(Retranslating, QMainWindow):
    """Sends commands to the training process and draws the snapshots it answers with."""

    snapshotShown = Signal(object)  # the Snapshot just drawn (tests and screenshots wait on it)

    def __init__(self) -> None:
        super().__init__()
        collect_in_gui_thread()  # before the answer-reading thread exists: it must never run the collector
        self.setObjectName("mainWindow")
        self.last_snapshot: Snapshot | None = None
        self.data_view: DataView | None = None
        self.run_state = RunState.IDLE
        self._generation = 0
        self._rate_mark: tuple[float, int] | None = None
        self._message_box: QMessageBox | None = None
        self._source: tuple[str, StepSource] | None = None
        self._message_texts: Callable[[], tuple[str, str]] | None = None  # (title, text) in the current language
        self._pending_view: DataView | None = None  # answers not drawn yet: see _queue_answer
        self._pending_snapshots: list[Snapshot] = []
        self._drawn_p: int | None = None

        self.controls = ControlsPanel()
        self._build_panels()
        self._build_docks()
        self._build_toolbars()
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.statusBar().addPermanentWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.controls.epoch_progress)
        self.controls.set_trainable(False)

        self.training = TrainingClient(
            self.controls.data_config(), self.controls.train_config(), self.controls.impl(), self
        )
        self._connect()
        self.settings = Settings()
        self.file_menu = FileMenu(self)
        self.view_menu = ViewMenu(self, self.settings)
        self.controls.add_shortcuts(self)
        self.language_menu = LanguageMenu(self, self.view_menu.menu, self.settings)
        self.view_menu.fontsChanged.connect(self.fit_to_fonts)
        self.retranslate()
        self.fit_to_fonts()
        self._restore_layout()
        self.training.send(SetSpeed(self.controls.speed()))
        self._start_training = AfterFirstFrame(self, self.training.start)  # commands sent before then wait for it

    # ----- construction -----------------------------------------------------------------------
    def _build_panels(self) -> None:
        self.data_panel = DataPanel()
        self.loss_panel = LossPanel()
        self.params_panel = ParamsPanel()
        self.grads_panel = GradsPanel()
        self.grads_panel.show_norms(not self.controls.train_config().zero_grad)
        self.landscape_panel = LandscapePanel()
        self.code_pane = CodePane()
        self.readout = ReadoutPanel()
        self.batch_table = BatchTable()
        numbers = QWidget()
        numbers.setObjectName("numbersPanel")
        numbers_layout = QVBoxLayout(numbers)
        numbers_layout.addWidget(self.readout)
        self.reference = ReferenceLabel()
        numbers_layout.addWidget(self.reference)
        self.batch_section = QCollapsible()
        self.batch_section.setObjectName("batchSection")
        self.batch_section.toggleButton().setObjectName("batchSectionToggle")
        self.batch_section.addWidget(self.batch_table)
        numbers_layout.addWidget(self.batch_section)
        numbers_layout.addStretch(1)
        numbers_scroll = VerticalScrollArea(numbers, "numbersScroll")  # on a short screen: scrolls, never squeezes
        numbers_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        panels = {
            "data": self.data_panel,
            "loss": self.loss_panel,
            "params": self.params_panel,
            "grads": self.grads_panel,
            "landscape": self.landscape_panel,
            "code": self.code_pane,
            "numbers": numbers_scroll,
        }
        self.stage = Stage(panels)
        self.setCentralWidget(self.stage)
        self.panels: list[Panel] = [
            self.data_panel, self.loss_panel, self.params_panel, self.grads_panel, self.landscape_panel,
            self.code_pane, self.readout, self.reference, self.batch_table,
        ]  # fmt: skip

    def _build_docks(self) -> None:
        """The set-up (data and training settings) in a side panel that scrolls and can be closed."""
        scroll = VerticalScrollArea(self.controls, "setupScroll")
        self.controls_dock = QDockWidget()
        self.controls_dock.setObjectName("controlsDock")
        self.controls_dock.setWidget(scroll)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.controls_dock)

    def _build_toolbars(self) -> None:
        """The run controls, always in reach: two toolbars, in one row when the window is wide enough."""
        self.run_toolbar = QToolBar()
        self.run_toolbar.setObjectName("runToolBar")
        self.run_toolbar.addWidget(self.controls.run_bar)
        self.training_toolbar = QToolBar()
        self.training_toolbar.setObjectName("trainingToolBar")
        self.setup_action = self.controls_dock.toggleViewAction()
        self.setup_action.setObjectName("setupPanelAction")
        self.training_toolbar.addAction(self.setup_action)
        self.training_toolbar.addWidget(self.controls.training_bar)
        for toolbar in (self.run_toolbar, self.training_toolbar):
            toolbar.setMovable(False)
            toolbar.setFloatable(False)
            self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def fit_toolbars(self) -> None:
        """Put the training toolbar under the run toolbar when the two do not fit side by side."""
        needed = sum(bar.sizeHint().width() for bar in (self.run_toolbar, self.training_toolbar)) + 16
        wrap = needed > self.width()
        if wrap != self.toolBarBreak(self.training_toolbar):
            if wrap:
                self.insertToolBarBreak(self.training_toolbar)
            else:
                self.removeToolBarBreak(self.training_toolbar)

    def fit_to_fonts(self) -> None:
        """Sizes that follow the text: the numbers as wide as their values now (smaller text, narrower),
        the epoch's progress as wide as its text, and the toolbars in one row or two."""
        self.readout.setMinimumWidth(0)
        keep_widest(self.readout)
        self.controls.fit_progress_to_text()
        self.fit_toolbars()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.view_menu.fit_to_window()
        self.fit_toolbars()

    def _connect(self) -> None:
        c, t = self.controls, self.training
        c.stepBatchRequested.connect(lambda: t.send(StepBatch()))
        c.stepPhaseRequested.connect(lambda: t.send(StepPhase()))
        c.stepBackRequested.connect(lambda: t.send(StepBack()))
        c.compareToggled.connect(self._on_compare)
        c.presetChosen.connect(self._on_preset)
        c.runEpochRequested.connect(self._on_run_epoch)
        c.runPauseRequested.connect(self._on_run_pause)
        c.resetRequested.connect(self._request_reset)
        c.implementationChanged.connect(self._request_reset)
        c.regenerateRequested.connect(self._request_regenerate)
        c.trainingSettingsChanged.connect(self._on_training_settings)
        c.speedChanged.connect(lambda speed: t.send(SetSpeed(speed)))
        c.zeroGradToggled.connect(lambda on: self.grads_panel.show_norms(not on))
        t.dataReady.connect(self._queue_answer)
        t.sourceReady.connect(self._on_source)
        t.snapshotReady.connect(self._queue_answer)
        t.pong.connect(self._draw_pending)  # every command answered: what it changed is on screen too
        t.runStateChanged.connect(self._on_run_state)
        t.diverged.connect(self._on_diverged)
        t.failed.connect(self._on_failed)
        t.recovered.connect(self._on_recovered)

    def figures(self) -> dict:
        """The exportable plots by name (File ▸ Export Panel)."""
        return {
            "data": self.data_panel.plot,
            "loss": self.loss_panel.plot,
            "parameters": self.params_panel.plot,
            "gradients": self.grads_panel.plot,
            "landscape": self.landscape_panel.plot,
        }

    # ----- experiments and settings -----------------------------------------------------------
    def current_experiment(self) -> Experiment | None:
        """The settings shown in the controls, or None (and a message) if one is invalid."""
        try:
            return Experiment(self.controls.data_config(), self.controls.train_config(), self.controls.impl())
        except ValueError as error:
            self.statusBar().showMessage(self.tr("Invalid setting: {error}").format(error=error), 8000)
            return None

    def apply_experiment(self, experiment: Experiment) -> None:
        """Show the experiment's settings and regenerate its data: the same run as when it was saved."""
        self.controls.set_configs(experiment.data, experiment.training, experiment.impl)
        self.training.send(Regenerate(experiment.data, experiment.training, experiment.impl))

    def restore_defaults(self) -> None:
        """Forget remembered settings and go back to the note's setup and the default layout."""
        self.settings.clear()
        self.restoreState(self._default_state)
        self.stage.set_scene(DEFAULT_SCENE)
        self.apply_experiment(Experiment(DataConfig(), TrainConfig()))
        LanguageSwitcher.instance().set_language(system_language())
        self.statusBar().showMessage(self.tr("Settings restored to their defaults"), 8000)

    def _restore_layout(self) -> None:
        """The remembered geometry, docks and scene; a geometry too large for this screen shrinks to fit,
        and a first launch fills the screen (up to the size hint)."""
        self._default_state = self.saveState()
        geometry, state = self.settings.geometry(), self.settings.window_state()
        available = self.screen().availableGeometry()
        if geometry is not None and self.restoreGeometry(geometry):
            fitted = fitted_geometry(self.geometry(), available)
            if fitted != self.geometry():
                self.setGeometry(fitted)
        elif available.width() < self.sizeHint().width() or available.height() < self.sizeHint().height():
            self.setGeometry(fitted_geometry(QRect(available.topLeft(), self.sizeHint()), available))
            self.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.resize(self.sizeHint())
        if state is not None:
            self.restoreState(state)
        self.stage.set_scene(self.settings.value(Settings.SCENE, int, DEFAULT_SCENE))
        self.stage.sceneChanged.connect(lambda number: self.settings.set_value(Settings.SCENE, number))

    def sizeHint(self) -> QSize:
        return QSize(1600, 900)

    # ----- intents ----------------------------------------------------------------------------
    def _train_config(self) -> TrainConfig | None:
        try:
            return self.controls.train_config()
        except ValueError as error:
            self.statusBar().showMessage(self.tr("Invalid setting: {error}").format(error=error), 8000)
            return None

    def _on_training_settings(self) -> None:
        config = self._train_config()
        if config is not None:
            self.training.send(SetConfig(config))

    def _request_reset(self, *_: object) -> None:
        config = self._train_config()
        if config is not None:
            self.training.send(Reset(config, self.controls.impl()))

    def _request_regenerate(self) -> None:
        config = self._train_config()
        try:
            data_config = self.controls.data_config()
        except ValueError as error:
            self.statusBar().showMessage(self.tr("Invalid data setting: {error}").format(error=error), 8000)
            return
        if config is not None:
            self.training.send(Regenerate(data_config, config, self.controls.impl()))

    def _on_compare(self, enabled: bool) -> None:
        config = self._train_config()
        if config is not None:
            self.training.send(SetCompare(enabled, config, self.controls.impl()))

    def _on_preset(self, name: str) -> None:
        data, training, hint = PRESETS[name]
        self.apply_experiment(Experiment(data, training, self.controls.impl()))
        text = self.tr("Preset “{name}”: {hint}").format(
            name=QCoreApplication.translate("presets", name), hint=QCoreApplication.translate("presets", hint)
        )
        self.statusBar().showMessage(text, 15000)

    def _on_run_epoch(self) -> None:
        self.training.send(RunEpoch())

    def _on_run_pause(self) -> None:
        if self.run_state == RunState.IDLE:
            self.training.send(Run())
        else:
            self.training.send(Pause())

    # ----- answers from the training process---------------------------------------------------------
    def _queue_answer(self, answer: DataView | Snapshot) -> None:
        """Draw data sets and snapshots on the next turn of the event loop, only what is still current.

        Answers to a burst of clicks (Regenerate five times, preset after preset) arrive together; a
        data set or a run that a newer one has replaced is never drawn. Snapshots of the current run
        are all drawn, in order: each carries the steps since the one before.
        """
        if not self._pending_snapshots and self._pending_view is None:
            QTimer.singleShot(0, self, self._draw_pending)
        if isinstance(answer, DataView):
            self._pending_view = answer
            self._pending_snapshots.clear()
        else:
            newest = answer.generation
            self._pending_snapshots = [s for s in self._pending_snapshots if s.generation == newest]
            self._pending_snapshots.append(answer)

    def _draw_pending(self, *_: object) -> None:
        view, snapshots = self._pending_view, self._pending_snapshots
        self._pending_view, self._pending_snapshots = None, []
        if view is not None:
            self._on_data_ready(view)
        for snapshot in snapshots:
            self._on_snapshot(snapshot)

    def _on_data_ready(self, view: DataView) -> None:
        self.data_view = view
        self.controls.set_data_view(view)
        for panel in self.panels:
            panel.new_data(view)
        if view.p != self._drawn_p:  # new curves for another number of features: theirs are the only new pens
            self._drawn_p = view.p
            self.view_menu.restyle_plots()

    def _on_source(self, impl: str, source: StepSource) -> None:
        self._source = (impl, source)  # kept to re-caption it in another language
        name = self.tr("From scratch") if impl == "scratch" else self.tr("Built-in")
        self.code_pane.set_source(source, f"{name}: {source.name}")

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        if snapshot.generation != self._generation:
            self._start_new_run(keep_previous=self._generation != 0 and self.last_snapshot is not None)
            self._generation = snapshot.generation
        self.last_snapshot = snapshot
        for panel in self.panels:
            panel.show_snapshot(snapshot)
        self.controls.show_epoch_progress(snapshot.batch, snapshot.num_batches)
        self._refresh_buttons()
        self._update_status(snapshot)
        keep_widest(self.readout)  # the numbers: the least-squares text below wraps to the width they set
        self.training.send(FrameShown(time.thread_time()))  # paces the training process to what drawing costs
        self.snapshotShown.emit(snapshot)

    def _start_new_run(self, keep_previous: bool) -> None:
        for panel in self.panels:
            panel.new_run(keep_previous)
        self._rate_mark = None
        if self._message_box is not None:
            self._message_box.close()

    def _on_run_state(self, state: str) -> None:
        self._draw_pending()  # what came before the new state, first: the buttons follow the last snapshot
        self.run_state = state
        self._refresh_buttons()
        self._rate_mark = (time.perf_counter(), self.last_snapshot.step if self.last_snapshot else 0)

    def _refresh_buttons(self) -> None:
        """Enabled controls follow the state: running, diverged (only Reset helps), or ready."""
        running = self.run_state != RunState.IDLE
        self.controls.set_running(running)
        if not running:
            diverged = self.last_snapshot is not None and self.last_snapshot.diverged_at is not None
            self.controls.set_trainable(self.last_snapshot is not None and not diverged)

    def _on_diverged(self, step: int) -> None:
        lr = self.training.train.lr  # the rate the trainer diverged with

        def texts() -> tuple[str, str]:
            text = self.tr(
                "Training diverged at step {step}: the loss is no longer a finite number.\n\n"
                "The learning rate {lr} is too large for this data. Press Reset, then try a smaller one "
                "(for example {smaller})."
            ).format(step=step, lr=f"{lr:g}", smaller=f"{lr / 10:g}")
            return self.tr("Training diverged"), text

        self.statusBar().showMessage(
            self.tr("Diverged at step {step}: try a smaller learning rate").format(step=step), 15000
        )
        self._show_message(texts, QMessageBox.Icon.Warning)

    def _on_failed(self, message: str) -> None:
        self.statusBar().showMessage(self.tr("Training stopped: {message}").format(message=message), 15000)

        def texts() -> tuple[str, str]:
            text = self.tr("Training stopped because of an error:\n\n{message}\n\nPress Reset to go on.")
            return self.tr("Training stopped"), text.format(message=message)

        self._show_message(texts, QMessageBox.Icon.Critical)

    def _on_recovered(self, message: str) -> None:
        """The training process died and a new one rebuilt the run: say so, nothing to do."""
        self.statusBar().showMessage(message, 15000)
        self._show_message(lambda: (self.tr("Training recovered"), message), QMessageBox.Icon.Information)

    def _show_message(self, texts: Callable[[], tuple[str, str]], icon: QMessageBox.Icon) -> None:
        """A non-modal message: the lecturer can keep using the window while it is open.

        ``texts`` gives (title, text) and is asked again if the language changes while it is shown.
        """
        if self._message_box is None:
            self._message_box = QMessageBox(self)
            self._message_box.setObjectName("trainingMessage")
            self._message_box.setModal(False)
        self._message_texts = texts
        box = self._message_box
        box.setWindowTitle(texts()[0])
        box.setText(texts()[1])
        box.setIcon(icon)
        box.show()

    def _update_status(self, s: Snapshot) -> None:
        rate = ""
        if self.run_state != RunState.IDLE and self._rate_mark is not None:
            started, step0 = self._rate_mark
            elapsed = time.perf_counter() - started
            if elapsed > 0.2:
                rate = "   " + self.tr("{rate} steps/s").format(rate=f"{(s.step - step0) / elapsed:,.0f}")
        impl = self.tr("from scratch") if s.impl == "scratch" else self.tr("built-in")
        status = self.tr("{impl}   epoch {epoch}   batch {batch} of {batches}   step {step}")
        self.status_label.setText(
            status.format(impl=impl, epoch=s.epoch, batch=s.batch, batches=s.num_batches, step=s.step) + rate
        )

    def restyle(self, theme: Theme) -> None:
        """Every panel in ``theme``'s colours (the View menu calls this on a theme change)."""
        for panel in self.panels:
            panel.restyle(theme)

    # ----- language ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        """The window's own texts and its menus; the panels retranslate themselves on the same event."""
        self.setWindowTitle(self.tr("Linear Regression Lab"))
        self.controls_dock.setWindowTitle(self.tr("Set-up"))
        self.setup_action.setToolTip(self.tr("Show or hide the set-up panel: data, initialisation, seeds, batch size"))
        self.run_toolbar.setWindowTitle(self.tr("Run"))
        self.training_toolbar.setWindowTitle(self.tr("Training"))
        if self._source is not None:
            self._on_source(*self._source)
        self.batch_section.setText(self.tr("Current batch (X, y)"))
        if self.last_snapshot is None:
            self.status_label.setText(self.tr("Loading the trainer (torch)…"))
        else:
            self._update_status(self.last_snapshot)
        self.file_menu.retranslate()
        self.view_menu.retranslate()
        self.language_menu.retranslate()
        self.fit_to_fonts()
        if self._message_box is not None and self._message_texts is not None:
            title, text = self._message_texts()
            self._message_box.setWindowTitle(title)
            self._message_box.setText(text)

    # ----- shutdown ---------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the training process before the window goes (within a second)."""
        self.training.stop()
        self.settings.save_window(self.saveGeometry(), self.saveState())
        if self._message_box is not None:
            self._message_box.close()
        super().closeEvent(event)
