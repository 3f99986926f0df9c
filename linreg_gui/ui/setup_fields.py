"""The settings the controls edit, declared once: which config field, which control (objectName, range,
label, tooltip), and whether a change applies to the training at once. The controls build their editors,
texts and configs from these tables, so a new setting is its config field plus one line here.

Texts are in English and translated where shown (context "ControlsPanel").
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QSpinBox, QWidget

from ..core.config import MAX_SAMPLES, DataConfig, TrainConfig
from .widgets import LogSpinBox

MAX_SEED = 2**31 - 1
Editor = QSpinBox | QDoubleSpinBox | QComboBox | QCheckBox


@dataclass(frozen=True)
class Field:
    """One setting: ``name`` of ``config`` edited by a control of ``kind``.

    ``label`` is the form's label (a check box's own text); ``choices`` are (value, text) pairs of a
    combo box; ``live`` settings apply to the running training (the others on Reset or Regenerate).
    """

    config: type[DataConfig] | type[TrainConfig]
    name: str
    object_name: str
    kind: Literal["int", "float", "log", "choice", "check"]
    label: str
    tip: str
    minimum: float = 0
    maximum: float = 0
    decimals: int = 0
    choices: tuple[tuple[str, str], ...] = ()
    live: bool = False

    def default(self) -> object:
        return next(f.default for f in fields(self.config) if f.name == self.name)

    def make(self) -> Editor:
        """The control, showing the config's default."""
        value = self.default()
        editor: Editor
        match self.kind:
            case "int":
                editor = QSpinBox()
                editor.setRange(int(self.minimum), int(self.maximum))
                editor.setGroupSeparatorShown(True)
            case "float":
                editor = QDoubleSpinBox()
                editor.setRange(self.minimum, self.maximum)
                editor.setDecimals(self.decimals)
                editor.setSingleStep(10.0 ** -(self.decimals - 1) if self.decimals > 1 else 0.1)
            case "log":
                editor = LogSpinBox(self.minimum, self.maximum, float(value))  # type: ignore[arg-type]
            case "choice":
                editor = QComboBox()
                for key, _text in self.choices:
                    editor.addItem(key, key)
            case "check":
                editor = QCheckBox()
        editor.setObjectName(self.object_name)
        if isinstance(editor, QSpinBox | QDoubleSpinBox):
            editor.setKeyboardTracking(False)
        write(editor, value)
        return editor

    def retranslate(self, editor: Editor, label: QWidget | None) -> None:
        """The label (or the check box's text), the tooltip and a combo box's item texts, translated."""
        text = QCoreApplication.translate("ControlsPanel", self.label)
        if isinstance(editor, QCheckBox):
            editor.setText(text)
        elif label is not None:
            label.setText(text)  # type: ignore[attr-defined]
        editor.setToolTip(QCoreApplication.translate("ControlsPanel", self.tip))
        if isinstance(editor, QComboBox):
            texts = dict(self.choices)
            for index in range(editor.count()):
                editor.setItemText(index, QCoreApplication.translate("ControlsPanel", texts[editor.itemData(index)]))


def read(editor: Editor) -> object:
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QComboBox):
        return editor.currentData()
    return editor.value()


def write(editor: Editor, value: object) -> None:
    if isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QComboBox):
        editor.setCurrentIndex(editor.findData(value))
    else:
        editor.setValue(value)  # type: ignore[arg-type]


def changed(editor: Editor):
    """The editor's signal for a new value."""
    if isinstance(editor, QCheckBox):
        return editor.toggled
    if isinstance(editor, QComboBox):
        return editor.currentIndexChanged
    return editor.valueChanged


DATA_FIELDS: tuple[Field, ...] = (  # in form order; the true-w rows follow n, the outlier row the last
    Field(
        DataConfig,
        "n",
        "nSamplesSpin",
        "int",
        QT_TRANSLATE_NOOP("ControlsPanel", "n"),
        QT_TRANSLATE_NOOP("ControlsPanel", "Number of examples n (1 … 1,000,000)"),
        1,
        MAX_SAMPLES,
    ),
    Field(
        DataConfig,
        "true_b",
        "trueBSpin",
        "float",
        QT_TRANSLATE_NOOP("ControlsPanel", "true b"),
        QT_TRANSLATE_NOOP("ControlsPanel", "True bias b"),
        -100,
        100,
        3,
    ),
    Field(
        DataConfig,
        "noise",
        "noiseSpin",
        "float",
        QT_TRANSLATE_NOOP("ControlsPanel", "noise σ"),
        QT_TRANSLATE_NOOP("ControlsPanel", "Noise standard deviation σ (ε ~ N(0, σ²))"),
        0,
        100,
        4,
    ),
    Field(
        DataConfig,
        "seed",
        "dataSeedSpin",
        "int",
        QT_TRANSLATE_NOOP("ControlsPanel", "data seed"),
        QT_TRANSLATE_NOOP("ControlsPanel", "Seed of the data: same seed, same data"),
        0,
        MAX_SEED,
    ),
    Field(
        DataConfig,
        "sort_by_y",
        "sortByYCheck",
        "check",
        QT_TRANSLATE_NOOP("ControlsPanel", "store sorted by y"),
        QT_TRANSLATE_NOOP(
            "ControlsPanel", "Examples in increasing y: with shuffle off, every batch is unrepresentative"
        ),
    ),
)
LR = Field(
    TrainConfig,
    "lr",
    "lrSpin",
    "log",
    QT_TRANSLATE_NOOP("ControlsPanel", "learning rate"),
    QT_TRANSLATE_NOOP("ControlsPanel", "Learning rate: arrows walk 1-2-5 steps; applies from the next step"),
    1e-6,
    1e4,
    live=True,
)
TRAIN_FIELDS: tuple[Field, ...] = (  # in form order (the lr sits in the training toolbar)
    LR,
    Field(
        TrainConfig,
        "batch_size",
        "batchSizeSpin",
        "int",
        QT_TRANSLATE_NOOP("ControlsPanel", "batch size"),
        QT_TRANSLATE_NOOP("ControlsPanel", "Minibatch size; applies next epoch"),
        1,
        MAX_SAMPLES,
        live=True,
    ),
    Field(
        TrainConfig,
        "init",
        "initCombo",
        "choice",
        QT_TRANSLATE_NOOP("ControlsPanel", "init"),
        QT_TRANSLATE_NOOP(
            "ControlsPanel", "note: w ~ N(0, 0.01²), b = 0; pytorch-default: nn.Linear's U(±1/√p). On Reset"
        ),
        choices=(
            ("note", QT_TRANSLATE_NOOP("ControlsPanel", "note")),
            ("pytorch-default", QT_TRANSLATE_NOOP("ControlsPanel", "pytorch-default")),
            ("zero", QT_TRANSLATE_NOOP("ControlsPanel", "zero")),
        ),
    ),
    Field(
        TrainConfig,
        "reduction",
        "reductionCombo",
        "choice",
        QT_TRANSLATE_NOOP("ControlsPanel", "reduction"),
        QT_TRANSLATE_NOOP("ControlsPanel", "How the batch loss adds up the squared errors; applies from the next step"),
        choices=(
            ("mean", QT_TRANSLATE_NOOP("ControlsPanel", "mean")),
            ("sum", QT_TRANSLATE_NOOP("ControlsPanel", "sum")),
        ),
        live=True,
    ),
    Field(
        TrainConfig,
        "shuffle",
        "shuffleCheck",
        "check",
        QT_TRANSLATE_NOOP("ControlsPanel", "shuffle every epoch"),
        QT_TRANSLATE_NOOP("ControlsPanel", "Shuffle the batch order; applies from the next epoch"),
        live=True,
    ),
    Field(
        TrainConfig,
        "zero_grad",
        "zeroGradCheck",
        "check",
        QT_TRANSLATE_NOOP("ControlsPanel", "zero_grad before backward"),
        QT_TRANSLATE_NOOP("ControlsPanel", "Off: gradients accumulate across steps, the bug the note warns about"),
        live=True,
    ),
    Field(
        TrainConfig,
        "seed",
        "trainSeedSpin",
        "int",
        QT_TRANSLATE_NOOP("ControlsPanel", "train seed"),
        QT_TRANSLATE_NOOP("ControlsPanel", "Seed of initial parameters and batch order"),
        0,
        MAX_SEED,
    ),
)
