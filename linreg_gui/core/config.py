"""Training settings shared by both implementations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .validation import is_real, is_whole, require

Init = Literal["note", "pytorch-default"]
Reduction = Literal["mean", "sum"]
INITS: tuple[str, ...] = ("note", "pytorch-default")
REDUCTIONS: tuple[str, ...] = ("mean", "sum")
IMPLEMENTATIONS: tuple[str, ...] = ("scratch", "builtin")
MAX_LR = 1e6


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
