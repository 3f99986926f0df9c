"""One-click setups from the lecture note and the d2l exercises (torch-free: the window lists them)."""

from __future__ import annotations

from .config import DataConfig, TrainConfig

NOTE_DATA, NOTE_TRAINING = DataConfig(), TrainConfig()

# name → (data, training, what the class should watch for)
PRESETS: dict[str, tuple[DataConfig, TrainConfig, str]] = {
    "The note's defaults": (NOTE_DATA, NOTE_TRAINING, "n=1000, w=[2, −3.4], b=4.2, lr 0.03, batch 10"),
    "Learning rate too large": (
        NOTE_DATA, TrainConfig(lr=3.0), "lr 3 is beyond 2/λ_max: the loss explodes within a few steps"),
    "Tiny learning rate": (NOTE_DATA, TrainConfig(lr=0.0005), "lr 0.0005: the loss crawls down"),
    "Full batch (B = n)": (
        NOTE_DATA, TrainConfig(batch_size=1000, lr=0.5), "gradient descent: one smooth step per epoch"),
    "Pure SGD (B = 1)": (NOTE_DATA, TrainConfig(batch_size=1, lr=0.01), "one example per step: a noisy path"),
    "Unshuffled sorted data": (
        DataConfig(sort_by_y=True), TrainConfig(shuffle=False), "batches in order of y: the loss zig-zags"),
    "Zero initialisation": (NOTE_DATA, TrainConfig(init="zero"), "w = 0, b = 0: fine for a linear model"),
    "Forgotten zero_grad": (
        NOTE_DATA, TrainConfig(zero_grad=False), "gradients pile up: backward() adds, it does not replace"),
    "One outlier (y₅ = 10,000)": (
        DataConfig(outlier=10_000.0), NOTE_TRAINING, "squared error lets one point drag the line"),
    "Sum reduction, mean's lr": (
        NOTE_DATA, TrainConfig(reduction="sum"), "sum makes each step B = 10 times larger than mean"),
}  # fmt: skip
