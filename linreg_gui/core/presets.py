"""One-click setups from the lecture note and the d2l exercises (torch-free: the window lists them)."""

from __future__ import annotations

from .config import DataConfig, TrainConfig


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks ``text`` for Qt's translation tools and returns it unchanged; the core stays Qt-free,
    the window translates names and hints where it shows them (context "presets")."""
    return text


NOTE_DATA, NOTE_TRAINING = DataConfig(), TrainConfig()


# name → (data, training, what the class should watch for); the English name is the key
PRESETS: dict[str, tuple[DataConfig, TrainConfig, str]] = {
    QT_TRANSLATE_NOOP("presets", "The note's defaults"): (
        NOTE_DATA,
        NOTE_TRAINING,
        QT_TRANSLATE_NOOP("presets", "n=1000, w=[2, −3.4], b=4.2, lr 0.03, batch 10"),
    ),
    QT_TRANSLATE_NOOP("presets", "Learning rate too large"): (
        NOTE_DATA,
        TrainConfig(lr=3.0),
        QT_TRANSLATE_NOOP("presets", "lr 3 is beyond 2/λ_max: the loss explodes within a few steps"),
    ),
    QT_TRANSLATE_NOOP("presets", "Tiny learning rate"): (
        NOTE_DATA,
        TrainConfig(lr=0.0005),
        QT_TRANSLATE_NOOP("presets", "lr 0.0005: the loss crawls down"),
    ),
    QT_TRANSLATE_NOOP("presets", "Full batch (B = n)"): (
        NOTE_DATA,
        TrainConfig(batch_size=1000, lr=0.5),
        QT_TRANSLATE_NOOP("presets", "gradient descent: one smooth step per epoch"),
    ),
    QT_TRANSLATE_NOOP("presets", "Pure SGD (B = 1)"): (
        NOTE_DATA,
        TrainConfig(batch_size=1, lr=0.01),
        QT_TRANSLATE_NOOP("presets", "one example per step: a noisy path"),
    ),
    QT_TRANSLATE_NOOP("presets", "Unshuffled sorted data"): (
        DataConfig(sort_by_y=True),
        TrainConfig(shuffle=False),
        QT_TRANSLATE_NOOP("presets", "batches in order of y: the loss zig-zags"),
    ),
    QT_TRANSLATE_NOOP("presets", "Zero initialisation"): (
        NOTE_DATA,
        TrainConfig(init="zero"),
        QT_TRANSLATE_NOOP("presets", "w = 0, b = 0: fine for a linear model"),
    ),
    QT_TRANSLATE_NOOP("presets", "Forgotten zero_grad"): (
        NOTE_DATA,
        TrainConfig(zero_grad=False),
        QT_TRANSLATE_NOOP("presets", "gradients pile up: backward() adds, it does not replace"),
    ),
    QT_TRANSLATE_NOOP("presets", "One outlier (y₅ = 10,000)"): (
        DataConfig(outlier=10_000.0),
        NOTE_TRAINING,
        QT_TRANSLATE_NOOP("presets", "squared error lets one point drag the line"),
    ),
    QT_TRANSLATE_NOOP("presets", "Sum reduction, mean's lr"): (
        NOTE_DATA,
        TrainConfig(reduction="sum"),
        QT_TRANSLATE_NOOP("presets", "sum makes each step B = 10 times larger than mean"),
    ),
}
