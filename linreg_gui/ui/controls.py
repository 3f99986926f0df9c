"""The controls: set-up (data and training settings, in collapsible sections) and the run bars (the
buttons, speed, implementation and learning rate, which the window puts in its toolbars).

The window talks to them through a narrow interface: it connects to their intent signals, reads the
configs they build, and hands them state through setters; it never touches their widgets."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from superqt import QCollapsible

from ..core.config import MAX_FEATURES, DataConfig, TrainConfig
from ..core.presets import PRESETS
from ..core.snapshot import DataView
from .setup_fields import DATA_FIELDS, LR, TRAIN_FIELDS, Editor, Field, changed, read, write
from .shortcuts import RESET, RUN_EPOCH, RUN_PAUSE, STEP_BACK, STEP_BATCH, STEP_PHASE, Shortcut
from .widgets import Retranslating

SPEEDS: tuple[float, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 0)  # steps/s; 0 = as fast as possible


def _spin(minimum: int, maximum: int, value: int, name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(minimum, maximum)
    box.setValue(value)
    box.setObjectName(name)
    box.setGroupSeparatorShown(True)
    box.setKeyboardTracking(False)
    return box


def _double_spin(minimum: float, maximum: float, value: float, decimals: int, name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(minimum, maximum)
    box.setDecimals(decimals)
    box.setSingleStep(10.0 ** -(decimals - 1) if decimals > 1 else 0.1)
    box.setValue(value)
    box.setObjectName(name)
    box.setKeyboardTracking(False)
    return box


def _button(name: str, checkable: bool = False) -> QPushButton:
    button = QPushButton()
    button.setObjectName(name)
    button.setCheckable(checkable)
    return button


def _combo(name: str, keys: tuple[str, ...]) -> QComboBox:
    """A combo box whose items carry ``keys`` as data; ``retranslate`` gives them their texts."""
    combo = QComboBox()
    combo.setObjectName(name)
    for key in keys:
        combo.addItem(key, key)
    return combo


def _set_item_texts(combo: QComboBox, texts: dict[str, str]) -> None:
    """Show each item (found by its key) with its text in the current language."""
    for index in range(combo.count()):
        combo.setItemText(index, texts[combo.itemData(index)])


def _bar(name: str, *widgets: QWidget) -> QWidget:
    """A row of controls for a toolbar (one widget, so the toolbar never hides part of it)."""
    bar = QWidget()
    bar.setObjectName(name)
    layout = QHBoxLayout(bar)
    layout.setContentsMargins(2, 0, 2, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return bar


class _SectionContent(QWidget):
    """A section's fields: its size hint counts the lines its wrapped notes take at its width (the
    section opens to this height, and would cut them otherwise)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth() and self.width() > 0:
            hint.setHeight(max(hint.height(), layout.totalHeightForWidth(self.width())))
        return hint


def _form(content: QWidget) -> QFormLayout:
    form = QFormLayout(content)
    form.setContentsMargins(0, 0, 0, 0)
    return form


def _section(name: str, content: QWidget) -> QCollapsible:
    """A collapsible set-up section, open."""
    section = QCollapsible()
    section.setObjectName(name)
    section.toggleButton().setObjectName(f"{name}Toggle")
    section.addWidget(content)
    section.expand(animate=False)
    return section


class ControlsPanel(Retranslating, QWidget):
    """Set-up controls (this widget), the run bars ``run_bar`` and ``training_bar`` and the ``epoch_progress``
    bar (parts the window places in its toolbars and status bar). Builds validated configs; the window
    decides what to do.

    Intents: the signals below. State in: ``set_configs``, ``set_running``, ``set_trainable``,
    ``set_data_view``, ``show_epoch_progress``, ``fit_progress_to_text``. Values out: ``data_config``,
    ``train_config``, ``impl``, ``speed``.

    Construction builds the widgets; every text is set in ``retranslate`` (again on a language change).
    """

    regenerateRequested = Signal()
    resetRequested = Signal()
    implementationChanged = Signal(str)
    trainingSettingsChanged = Signal()  # lr, reduction, zero_grad, batch size, shuffle
    stepBatchRequested = Signal()
    runEpochRequested = Signal()
    runPauseRequested = Signal()
    stepPhaseRequested = Signal()
    stepBackRequested = Signal()
    compareToggled = Signal(bool)
    presetChosen = Signal(str)  # the preset's key in PRESETS (its English name)
    speedChanged = Signal(float)
    zeroGradToggled = Signal(bool)  # the window shows the accumulated-gradient plot while it is off

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("controlsPanel")
        defaults_d, defaults_t = DataConfig(), TrainConfig()
        self._editors: dict[Field, Editor] = {}
        self._hessian_max_eig = math.nan  # known once the data is
        self._running = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._build_data_group(defaults_d))
        layout.addWidget(self._build_training_group(defaults_t))
        self._build_run_bars()
        layout.addStretch(1)
        self.retranslate()
        self.set_running(False)
        self._set_has_data(False)

    # ----- construction -----------------------------------------------------------------------
    def _editor(self, field: Field) -> Editor:
        """``field``'s control, made once and kept for reading and writing configs."""
        editor = self._editors[field] = field.make()
        if field.live:
            changed(editor).connect(self.trainingSettingsChanged)
        return editor

    def _add_row(self, form: QFormLayout, field: Field) -> Editor:
        """``field``'s control as a row of ``form``: a check box on its own, anything else under a label."""
        editor = self._editor(field)
        if isinstance(editor, QCheckBox):
            form.addRow(editor)
        else:
            form.addRow(QLabel(), editor)
        return editor

    def _build_data_group(self, d: DataConfig) -> QCollapsible:
        content = _SectionContent()
        self.data_form = form = _form(content)
        self.features_spin = _spin(1, MAX_FEATURES, d.p, "featuresSpin")
        self.features_spin.valueChanged.connect(self._set_feature_count)
        self.true_w_box = QWidget()
        self.true_w_layout = QGridLayout(self.true_w_box)
        self.true_w_layout.setContentsMargins(0, 0, 0, 0)
        self.true_w_spins: list[QDoubleSpinBox] = []
        for field in DATA_FIELDS:
            editor = self._add_row(form, field)
            if field.name == "n":
                self.n_spin = editor
                form.addRow(QLabel(), self.features_spin)
                form.addRow(QLabel(), self.true_w_box)
        self.regenerate_button = _button("regenerateButton")
        self.regenerate_button.clicked.connect(self.regenerateRequested)
        self.outlier_check = QCheckBox()
        self.outlier_check.setObjectName("outlierCheck")
        self.outlier_spin = _double_spin(-1e6, 1e6, 10_000.0, 1, "outlierSpin")
        self.outlier_spin.setEnabled(False)
        self.outlier_check.toggled.connect(self.outlier_spin.setEnabled)
        outlier_row = QHBoxLayout()
        outlier_row.addWidget(self.outlier_check)
        outlier_row.addWidget(self.outlier_spin, 1)
        form.addRow(outlier_row)
        form.addRow(self.regenerate_button)
        self._set_feature_count(d.p, d.true_w)
        self.data_group = _section("dataSection", content)
        return self.data_group

    def _build_training_group(self, t: TrainConfig) -> QCollapsible:
        content = _SectionContent()
        self.training_form = form = _form(content)
        self.scratch_button = _button("implScratchButton", True)
        self.builtin_button = _button("implBuiltinButton", True)
        self.impl_group = QButtonGroup(self)
        self.impl_group.setExclusive(True)
        for button in (self.scratch_button, self.builtin_button):
            self.impl_group.addButton(button)
        self.scratch_button.setChecked(True)
        self.impl_group.buttonToggled.connect(self._on_impl_toggled)
        self.lr_spin = self._editor(LR)  # in the training toolbar (see _build_run_bars)
        self.preset_combo = _combo("presetCombo", ("", *PRESETS))
        self.preset_combo.activated.connect(self._on_preset)
        self.lr_insight = QLabel()
        self.lr_insight.setObjectName("lrInsightLabel")
        self.zero_grad_note = QLabel()
        self.zero_grad_note.setObjectName("zeroGradNote")
        self.zero_grad_note.setWordWrap(True)
        self.zero_grad_note.setStyleSheet("color: #b00000;")
        self.zero_grad_note.setVisible(not t.zero_grad)
        form.addRow(self.preset_combo)
        form.addRow(self.lr_insight)
        for field in TRAIN_FIELDS:
            if field is LR:
                continue
            self._add_row(form, field)
            if field.name == "zero_grad":
                form.addRow(self.zero_grad_note)
        self.batch_spin = self._field_editor(TrainConfig, "batch_size")
        self.reduction_combo = self._field_editor(TrainConfig, "reduction")
        self.zero_grad_check = self._field_editor(TrainConfig, "zero_grad")
        self.zero_grad_check.toggled.connect(lambda on: self.zero_grad_note.setVisible(not on))
        self.zero_grad_check.toggled.connect(self.zeroGradToggled)
        for signal in (
            self.lr_spin.valueChanged,
            self.batch_spin.valueChanged,
            self.reduction_combo.currentIndexChanged,
        ):
            signal.connect(self._update_lr_insight)
        self.training_group = _section("trainingSection", content)
        return self.training_group

    def _field_editor(self, config: type, name: str) -> Editor:
        """The control of field ``name`` of ``config``."""
        return next(editor for field, editor in self._editors.items() if field.config is config and field.name == name)

    def _build_run_bars(self) -> None:
        self.step_button = _button("stepBatchButton")
        self.epoch_button = _button("runEpochButton")
        self.run_button = _button("runPauseButton")
        self.reset_button = _button("resetButton")
        self.phase_button = _button("stepPhaseButton")
        self.back_button = _button("stepBackButton")
        self.compare_button = _button("compareButton", True)
        self.phase_button.clicked.connect(self.stepPhaseRequested)
        self.back_button.clicked.connect(self.stepBackRequested)
        self.compare_button.toggled.connect(self.compareToggled)
        self.step_button.clicked.connect(self.stepBatchRequested)
        self.epoch_button.clicked.connect(self.runEpochRequested)
        self.run_button.clicked.connect(self.runPauseRequested)
        self.reset_button.clicked.connect(self.resetRequested)
        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        self.speed_slider.setObjectName("speedSlider")
        self.speed_slider.setRange(0, len(SPEEDS) - 1)
        self.speed_slider.setValue(len(SPEEDS) - 1)
        self.speed_slider.setMinimumWidth(90)
        self.speed_label = QLabel()
        self.speed_label.setObjectName("speedLabel")
        self.speed_slider.valueChanged.connect(self._on_speed)
        self.speed_caption = QLabel()
        self.speed_caption.setObjectName("speedCaption")
        self.lr_caption = QLabel()
        self.lr_caption.setObjectName("lrCaption")
        self.lr_caption.setBuddy(self.lr_spin)
        self.epoch_progress = QProgressBar()
        self.epoch_progress.setObjectName("epochProgress")
        buttons = (self.step_button, self.phase_button, self.back_button, self.epoch_button, self.run_button)
        self.run_bar = _bar("runBar", *buttons, self.reset_button)
        self.training_bar = _bar(
            "trainingBar", self.scratch_button, self.builtin_button, self.lr_caption, self.lr_spin,
            self.speed_caption, self.speed_slider, self.speed_label, self.compare_button,
        )  # fmt: skip

    def add_shortcuts(self, window: QWidget) -> None:
        """Bind the run keys anywhere in ``window``: a key does what a click on its button does, and nothing
        while the button is disabled."""
        bound: tuple[tuple[Shortcut, QPushButton], ...] = (
            (STEP_BATCH, self.step_button), (RUN_EPOCH, self.epoch_button), (RUN_PAUSE, self.run_button),
            (STEP_PHASE, self.phase_button), (STEP_BACK, self.back_button), (RESET, self.reset_button),
        )  # fmt: skip
        for shortcut, button in bound:
            action = QAction(shortcut.translated(), window)
            action.setShortcuts(shortcut.sequences())
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, b=button: b.isEnabled() and b.click())
            window.addAction(action)

    # ----- texts ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every label, button and tooltip in the current language (numbers and values stay)."""
        self.data_group.setText(self.tr("Data  y = Xw + b + ε"))
        for field, editor in self._editors.items():
            form = self.data_form if field.config is DataConfig else self.training_form
            field.retranslate(editor, self.lr_caption if field is LR else form.labelForField(editor))
        for widget, text, tip in (
            (self.features_spin, self.tr("features p"), self.tr("Number of features p (1 … 10)")),
            (self.true_w_box, self.tr("true w"), None),
        ):
            self.data_form.labelForField(widget).setText(text)
            if tip is not None:
                widget.setToolTip(tip)
        self._retranslate_true_w()
        self.outlier_check.setText(self.tr("outlier y₅ ="))
        self.outlier_check.setToolTip(
            self.tr("Replace the fifth label by this value: squared error lets one point drag the line")
        )
        self.outlier_spin.setToolTip(self.tr("The value that replaces y₅"))
        self.regenerate_button.setText(self.tr("Regenerate"))
        self.regenerate_button.setToolTip(self.tr("Draw a new data set with these settings (restarts training)"))

        self.training_group.setText(self.tr("Training"))
        self.scratch_button.setText(self.tr("From scratch"))
        self.scratch_button.setToolTip(self.tr("The note's hand-written iterator, model, MSE and SGD"))
        self.builtin_button.setText(self.tr("Built-in"))
        self.builtin_button.setToolTip(self.tr("DataLoader, nn.Linear, nn.MSELoss and torch.optim.SGD"))
        preset_texts = {name: QCoreApplication.translate("presets", name) for name in PRESETS}
        _set_item_texts(self.preset_combo, {"": self.tr("Presets…"), **preset_texts})
        self.preset_combo.setToolTip(
            self.tr("Set data and training in one click: the note's setup and its classic mistakes")
        )
        self.zero_grad_note.setText(
            self.tr(
                "zero_grad is off: backward() adds each new gradient to the one already in w.grad, so every "
                "update uses the sum of all gradients so far (the note's warning)."
            )
        )
        self._update_lr_insight()

        for button, text, tip in (
            (self.step_button, self.tr("Step Batch"), self.tr("One minibatch update (Space)")),
            (self.epoch_button, self.tr("Run Epoch"), self.tr("Train to the end of this epoch (E)")),
            (self.run_button, None, self.tr("Train continuously until paused (R)")),
            (self.reset_button, self.tr("Reset"), self.tr("Back to the initial parameters (Ctrl+R)")),
            (
                self.phase_button,
                self.tr("Step Phase"),
                self.tr("One phase of a step: forward, loss, zero_grad, backward, update (P)"),
            ),
            (self.back_button, self.tr("Step Back"), self.tr("Undo the last step exactly (Backspace)")),
            (
                self.compare_button,
                self.tr("Compare both"),
                self.tr("Train from-scratch and built-in side by side on the same batches"),
            ),
        ):
            if text is not None:
                button.setText(text)
            button.setToolTip(tip)
        self.run_button.setText(self.tr("Pause") if self._running else self.tr("Run"))
        self.speed_caption.setText(self.tr("speed"))
        self.speed_slider.setToolTip(self.tr("Training speed, from 1 step per second to as fast as possible"))
        self.speed_label.setText(self._speed_text(self.speed()))
        self.epoch_progress.setFormat(self.tr("batch %v of %m"))
        self.epoch_progress.setToolTip(self.tr("Progress through the current epoch"))

    def _retranslate_true_w(self) -> None:
        for j, spin in enumerate(self.true_w_spins):
            spin.setToolTip(self.tr("True weight w{index}").format(index=j + 1))

    def _speed_text(self, speed: float) -> str:
        return self.tr("max") if speed <= 0 else self.tr("{speed} steps/s").format(speed=f"{speed:g}")

    # ----- values -----------------------------------------------------------------------------
    def _values(self, config: type) -> dict[str, object]:
        return {field.name: read(editor) for field, editor in self._editors.items() if field.config is config}

    def data_config(self) -> DataConfig:
        return DataConfig(
            true_w=tuple(spin.value() for spin in self.true_w_spins),
            outlier=self.outlier_spin.value() if self.outlier_check.isChecked() else None,
            **self._values(DataConfig),  # type: ignore[arg-type]
        )

    def train_config(self) -> TrainConfig:
        return TrainConfig(**self._values(TrainConfig))  # type: ignore[arg-type]

    def impl(self) -> str:
        return "builtin" if self.builtin_button.isChecked() else "scratch"

    def speed(self) -> float:
        return SPEEDS[self.speed_slider.value()]

    def set_configs(self, data: DataConfig, training: TrainConfig, impl: str) -> None:
        """Show the given settings without emitting a change for each widget touched."""
        widgets = [self, *self.findChildren(QWidget), *self.training_bar.findChildren(QWidget), self.impl_group]
        blocked = [widget.blockSignals(True) for widget in widgets]
        try:
            self.features_spin.setValue(data.p)
            self._set_feature_count(data.p, data.true_w)
            self.outlier_check.setChecked(data.outlier is not None)
            self.outlier_spin.setEnabled(data.outlier is not None)
            if data.outlier is not None:
                self.outlier_spin.setValue(data.outlier)
            self.batch_spin.setMaximum(data.n)  # before the batch size: a larger one is cut to n
            for field, editor in self._editors.items():
                write(editor, getattr(data if field.config is DataConfig else training, field.name))
            (self.builtin_button if impl == "builtin" else self.scratch_button).setChecked(True)
        finally:
            for widget, was_blocked in zip(widgets, blocked, strict=True):
                widget.blockSignals(was_blocked)

    # ----- state ------------------------------------------------------------------------------
    def set_running(self, running: bool) -> None:
        """Enable what makes sense: while training runs only Pause, Reset, speed and live settings."""
        self._running = running
        self.run_button.setText(self.tr("Pause") if running else self.tr("Run"))
        for widget in (
            self.step_button,
            self.epoch_button,
            self.regenerate_button,
            self.phase_button,
            self.back_button,
            self.compare_button,
            self.preset_combo,
        ):
            widget.setEnabled(not running)

    def set_trainable(self, trainable: bool) -> None:
        """Disable the training buttons after divergence (until Reset) or before the trainer is ready."""
        for widget in (self.step_button, self.epoch_button, self.run_button, self.phase_button):
            widget.setEnabled(trainable)

    def fit_progress_to_text(self) -> None:
        """Make ``epoch_progress`` as wide as its text with four-digit numbers, in the current font."""
        bar = self.epoch_progress
        text = bar.format().replace("%v", "9,999").replace("%m", "9,999")
        bar.setMinimumWidth(bar.fontMetrics().horizontalAdvance(text) + 24)

    def show_epoch_progress(self, batch: int, num_batches: int) -> None:
        """Batch ``batch`` of ``num_batches`` on the progress bar, repainted with the rest of the frame.

        ``QProgressBar.setValue`` repaints at once; with updates off it only records the value, and
        switching them back on schedules the repaint with the others."""
        bar = self.epoch_progress
        bar.setUpdatesEnabled(False)
        bar.setMaximum(max(num_batches, 1))
        bar.setValue(batch)
        bar.setUpdatesEnabled(True)

    # ----- slots ------------------------------------------------------------------------------
    def _set_feature_count(self, p: int, values: tuple[float, ...] | None = None) -> None:
        """Show one true-w spin box per feature, keeping the values already typed."""
        kept = [spin.value() for spin in self.true_w_spins]
        for spin in self.true_w_spins:
            spin.deleteLater()
        self.true_w_spins = []
        for j in range(p):
            value = values[j] if values else (kept[j] if j < len(kept) else 1.0)
            spin = _double_spin(-100, 100, value, 4, f"trueWSpin{j + 1}")
            spin.setMinimumWidth(70)
            self.true_w_layout.addWidget(spin, j // 5, j % 5)
            self.true_w_spins.append(spin)
        self._retranslate_true_w()

    def set_data_view(self, view: DataView) -> None:
        """A data set has arrived: at most ``view.n`` per batch, the learning-rate hint from its curvature
        (λ_max of the mean loss's Hessian), and Reset and Regenerate become possible."""
        self.batch_spin.setMaximum(view.n)
        self._hessian_max_eig = view.hessian_max_eig
        self._update_lr_insight()
        self._set_has_data(True)

    def _set_has_data(self, has_data: bool) -> None:
        self.reset_button.setEnabled(has_data)
        self.regenerate_button.setEnabled(has_data and not self._running)

    def _update_lr_insight(self, *_: object) -> None:
        """Next to the lr: the step it effectively takes on the mean gradient, and the stable range.

        With sum reduction the gradient is B times the mean's, so the effective lr is lr × B and the
        stable range 2/λ_max shrinks by B.
        """
        lr = self.lr_spin.value()
        scale = self.batch_spin.value() if self.reduction_combo.currentData() == "sum" else 1
        lines = [self.tr("effective lr: {lr}").format(lr=f"{lr * scale:.3g}") + (" (sum: lr × B)" if scale > 1 else "")]
        eig = self._hessian_max_eig
        diverges = False
        if math.isfinite(eig) and eig > 0:
            limit = 2 / (eig * scale)
            rule = f"2/λ_max{' ÷ B' if scale > 1 else ''}"
            lines.append(self.tr("stable for lr < {limit} ({rule})").format(limit=f"{limit:.3g}", rule=rule))
            diverges = lr >= limit
            if diverges:
                lines.append("⚠ " + self.tr("this learning rate will diverge"))
        self.lr_insight.setText("\n".join(lines))
        self.lr_insight.setStyleSheet("color: #b00000;" if diverges else "")

    def _on_preset(self, index: int) -> None:
        if index > 0:
            self.presetChosen.emit(self.preset_combo.itemData(index))
            self.preset_combo.setCurrentIndex(0)

    def _on_impl_toggled(self, button: QPushButton, checked: bool) -> None:
        if checked:
            self.implementationChanged.emit(self.impl())

    def _on_speed(self, index: int) -> None:
        self.speed_label.setText(self._speed_text(SPEEDS[index]))
        self.speedChanged.emit(SPEEDS[index])
