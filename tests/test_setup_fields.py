"""The set-up's settings are declared once (``ui/setup_fields.py``): every config field has its control,
each control shows the config's default, and configs go in and come out unchanged."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtWidgets import QComboBox, QLabel

from linreg_gui.core.config import INITS, REDUCTIONS, DataConfig, TrainConfig
from linreg_gui.ui.controls import ControlsPanel
from linreg_gui.ui.setup_fields import DATA_FIELDS, TRAIN_FIELDS

SPECIAL = {(DataConfig, "true_w"), (DataConfig, "outlier"), (TrainConfig, "epochs")}  # own controls, or none


def test_every_config_field_has_one_control():
    declared = [(field.config, field.name) for field in (*DATA_FIELDS, *TRAIN_FIELDS)]
    assert len(declared) == len(set(declared))
    wanted = {(config, f.name) for config in (DataConfig, TrainConfig) for f in fields(config)} - SPECIAL
    assert set(declared) == wanted
    choices = {field.name: tuple(key for key, _ in field.choices) for field in TRAIN_FIELDS if field.choices}
    assert choices == {"init": INITS, "reduction": REDUCTIONS}


def test_controls_start_at_the_config_defaults_with_labels_and_tips(qtbot):
    controls = ControlsPanel()
    qtbot.addWidget(controls)
    assert controls.data_config() == DataConfig() and controls.train_config() == TrainConfig()
    for field in (*DATA_FIELDS, *TRAIN_FIELDS):
        name = field.object_name
        editor = controls.findChild(object, name) or controls.training_bar.findChild(object, name)  # lr: toolbar
        assert editor is not None and editor.toolTip(), field.name
        if isinstance(editor, QComboBox):
            assert editor.currentText() != "" and editor.currentData() == field.default()
    assert controls.training_bar.findChild(QLabel, "lrCaption").text() == "learning rate"


def test_configs_round_trip_through_the_controls(qtbot):
    controls = ControlsPanel()
    qtbot.addWidget(controls)
    data = DataConfig(n=500, true_w=(1.0, 2.0, 3.0), true_b=-1.5, noise=0.5, seed=7, sort_by_y=True, outlier=99.0)
    training = TrainConfig(
        lr=0.005, batch_size=25, init="zero", reduction="sum", shuffle=False, zero_grad=False, seed=3
    )
    controls.set_configs(data, training, "builtin")
    assert controls.data_config() == data
    assert controls.train_config() == training
    assert controls.impl() == "builtin"
    controls.set_configs(DataConfig(n=20), TrainConfig(batch_size=50), "scratch")
    assert controls.train_config().batch_size == 20  # never more than the data holds
