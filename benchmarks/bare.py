"""The lecture note's plain training loops, with no Qt and no Trainer: the yardstick the window is held to.

Each loop is the note's own, built from the same implementation's pieces the app uses, so a ratio
against the window measures what the window adds (the training process, the per-step history, the
snapshots and the painting), not a difference between implementations. Like the note, each epoch
ends with the full-data loss (under ``no_grad``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from linreg_gui.core.scratch import MyMSE, linreg, my_data_iter, sgd

LR = 0.03


@dataclass(frozen=True)
class LoopRun:
    """Steps done and the wall time they took."""

    steps: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.steps / self.seconds


class _Stop:
    """Ends a loop after ``seconds`` of wall time or ``epochs`` whole epochs, whichever comes first.

    The clock is read once per step (≈ 0.1 µs against a step of ≥ 50 µs), so it does not bias the rate.
    """

    def __init__(self, seconds: float | None, epochs: int | None) -> None:
        self.start = time.perf_counter()
        self.deadline = self.start + seconds if seconds is not None else float("inf")
        self.epochs = epochs if epochs is not None else 1 << 62
        self.steps = 0

    def after_step(self) -> bool:
        self.steps += 1
        return time.perf_counter() >= self.deadline

    def result(self) -> LoopRun:
        return LoopRun(self.steps, time.perf_counter() - self.start)


def scratch_loop(
    features: torch.Tensor,
    labels: torch.Tensor,
    batch_size: int,
    *,
    seconds: float | None = None,
    epochs: int | None = None,
    seed: int = 0,
) -> LoopRun:
    """The note's from-scratch loop: ``my_data_iter``, ``linreg``, ``MyMSE``, zero_, backward, ``sgd``."""
    generator = torch.Generator().manual_seed(seed)
    w = torch.normal(0, 0.01, size=(features.shape[1], 1), requires_grad=True, generator=generator)
    b = torch.zeros(1, requires_grad=True)
    params, loss = (w, b), MyMSE()
    stop = _Stop(seconds, epochs)
    for _ in range(stop.epochs):
        for _, X, y in my_data_iter(batch_size, features, labels, generator):
            batch_cost = loss(linreg(X, w, b), y)
            for param in params:
                if param.grad is not None:
                    param.grad.zero_()
            batch_cost.backward()
            sgd(params, LR)
            if stop.after_step():
                return stop.result()
        with torch.no_grad():
            loss(linreg(features, w, b), labels)
    return stop.result()


def builtin_loop(
    features: torch.Tensor,
    labels: torch.Tensor,
    batch_size: int,
    *,
    seconds: float | None = None,
    epochs: int | None = None,
    seed: int = 0,
) -> LoopRun:
    """The note's built-in loop: DataLoader(TensorDataset), nn.Sequential(nn.Linear), nn.MSELoss, optim.SGD."""
    torch.manual_seed(seed)
    data_iter = DataLoader(TensorDataset(features, labels), batch_size=batch_size, shuffle=True)
    model = nn.Sequential(nn.Linear(features.shape[1], 1))
    loss = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    stop = _Stop(seconds, epochs)
    for _ in range(stop.epochs):
        for X, y in data_iter:
            batch_cost = loss(model(X), y)
            optimizer.zero_grad()
            batch_cost.backward()
            optimizer.step()
            if stop.after_step():
                return stop.result()
        with torch.no_grad():
            loss(model(features), labels)
    return stop.result()


LOOPS = {"scratch": scratch_loop, "builtin": builtin_loop}
