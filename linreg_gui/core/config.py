"""The settings of a run: data and training. Plain Python, so the window can use them without torch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .validation import is_real, is_whole, require

Init = Literal["note", "pytorch-default", "zero"]
Reduction = Literal["mean", "sum"]
MAX_SAMPLES = 1_000_000
MAX_FEATURES = 10
INITS: tuple[str, ...] = ("note", "pytorch-default", "zero")
REDUCTIONS: tuple[str, ...] = ("mean", "sum")
IMPLEMENTATIONS: tuple[str, ...] = ("scratch", "builtin")
MAX_LR = 1e6
MAX_MAGNITUDE = 1e6  # |true w|, |true b|, σ: larger ones overflow float32 data (1e300 crashed generate())


@dataclass(frozen=True)
class DataConfig:
    """Everything that determines the data set; the defaults are the note's (n=1000, w=[2, -3.4], b=4.2, σ=0.01)."""

    n: int = 1000
    true_w: tuple[float, ...] = (2.0, -3.4)
    true_b: float = 4.2
    noise: float = 0.01
    seed: int = 0
    sort_by_y: bool = False  # store the examples in increasing y (shows why unshuffled batches hurt)
    outlier: float | None = None  # if set, y₅ (the fifth label) is replaced by this value

    def __post_init__(self) -> None:
        require(is_whole(self.n), "n", "must be a whole number")
        require(1 <= self.n <= MAX_SAMPLES, "n", f"must be between 1 and {MAX_SAMPLES:,}")
        object.__setattr__(self, "true_w", tuple(self.true_w))
        require(1 <= len(self.true_w) <= MAX_FEATURES, "true_w", f"needs 1 to {MAX_FEATURES} weights")
        require(
            all(is_real(v) and abs(v) <= MAX_MAGNITUDE for v in self.true_w),
            "true_w",
            f"every weight must be a number in [-{MAX_MAGNITUDE:g}, {MAX_MAGNITUDE:g}]",
        )
        object.__setattr__(self, "true_w", tuple(float(v) for v in self.true_w))
        require(
            is_real(self.true_b) and abs(self.true_b) <= MAX_MAGNITUDE,
            "true_b",
            f"must be a number in [-{MAX_MAGNITUDE:g}, {MAX_MAGNITUDE:g}]",
        )
        require(
            is_real(self.noise) and 0 <= self.noise <= MAX_MAGNITUDE,
            "noise",
            f"must be a number in [0, {MAX_MAGNITUDE:g}]",
        )
        require(is_whole(self.seed), "seed", "must be a whole number")
        require(0 <= self.seed < 2**63, "seed", "must be between 0 and 2^63 - 1")
        require(isinstance(self.sort_by_y, bool), "sort_by_y", "must be true or false")
        require(self.outlier is None or is_real(self.outlier), "outlier", "must be a finite number or null")
        require(self.outlier is None or self.n >= 5, "outlier", "needs n ≥ 5 (it replaces y₅)")

    @property
    def p(self) -> int:
        """Number of features, the length of the true weight vector."""
        return len(self.true_w)


@dataclass(frozen=True)
class TrainConfig:
    """The note's hyper-parameters (lr=0.03, batch 10, 3 epochs) plus the switches the lecture discusses.

    ``zero_grad=False`` reproduces the gradient-accumulation bug the note warns about; ``seed`` fixes
    the initial parameters and the batch order of every epoch.
    """

    lr: float = 0.03
    batch_size: int = 10
    epochs: int = 3
    init: Init = "note"
    reduction: Reduction = "mean"
    shuffle: bool = True
    zero_grad: bool = True
    seed: int = 0

    def __post_init__(self) -> None:
        require(is_real(self.lr) and 0 < self.lr <= MAX_LR, "lr", f"must be a number in (0, {MAX_LR:g}]")
        require(is_whole(self.batch_size) and self.batch_size >= 1, "batch_size", "must be a whole number ≥ 1")
        require(is_whole(self.epochs) and 0 <= self.epochs <= 1_000_000, "epochs", "must be a whole number ≥ 0")
        require(self.init in INITS, "init", f"must be one of {', '.join(INITS)}")
        require(self.reduction in REDUCTIONS, "reduction", f"must be one of {', '.join(REDUCTIONS)}")
        require(isinstance(self.shuffle, bool), "shuffle", "must be true or false")
        require(isinstance(self.zero_grad, bool), "zero_grad", "must be true or false")
        require(is_whole(self.seed) and 0 <= self.seed < 2**63, "seed", "must be a whole number ≥ 0")
