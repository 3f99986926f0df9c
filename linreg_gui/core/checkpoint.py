"""Exact copies of a trainer's state, kept so Step Back can return to any earlier step."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from .config import TrainConfig
from .implementation import Implementation

CHECKPOINT_EVERY = 256  # steps between recent checkpoints: Step Back replays at most this many
DENSE_CHECKPOINTS = 16  # the newest ones are kept at that spacing (the last 4,096 steps) ...
SPARSE_EVERY = 4096  # ... older ones about this many steps apart (and wherever a setting changed)


@dataclass(frozen=True)
class Checkpoint:
    """Everything that decides the next steps: parameters, gradients, optimizer state, the settings
    in force and the position in the batch order (epoch, batch, and that epoch's batch size/shuffle)."""

    step: int
    epochs_done: int
    batch_in_epoch: int
    epoch_batch_size: int
    epoch_shuffle: bool
    config: TrainConfig
    tensors: tuple[tuple[torch.Tensor, torch.Tensor | None], ...]
    optimizer_state: dict | None


def capture_model(model: Implementation) -> tuple[tuple[tuple[torch.Tensor, torch.Tensor | None], ...], dict | None]:
    """Copies of each parameter and its gradient, and of the optimizer's state."""
    tensors = tuple(
        (leaf.detach().clone(), None if leaf.grad is None else leaf.grad.clone()) for leaf in model.leaves()
    )
    return tensors, model.optimizer_state()


def restore_model(model: Implementation, checkpoint: Checkpoint) -> None:
    with torch.no_grad():
        for leaf, (value, grad) in zip(model.leaves(), checkpoint.tensors, strict=True):
            leaf.copy_(value)
            leaf.grad = None if grad is None else grad.clone()
    if checkpoint.optimizer_state is not None:
        model.load_optimizer_state(checkpoint.optimizer_state)


class CheckpointStore:
    """The checkpoints of one run, oldest first: dense near the present, sparse further back, and one
    wherever the settings changed (a replay runs with its checkpoint's settings). A million steps keep
    ~300, and stepping back further than 4,096 steps replays at most 4,096."""

    def __init__(self) -> None:
        self._checkpoints: list[Checkpoint] = []

    def __iter__(self):
        return iter(self._checkpoints)

    @property
    def latest(self) -> Checkpoint:
        return self._checkpoints[-1]

    def steps_to_next(self, step: int) -> int:
        """Steps from ``step`` until the next checkpoint is due."""
        return self._checkpoints[-1].step + CHECKPOINT_EVERY - step

    def clear(self) -> None:
        self._checkpoints = []

    def add(self, checkpoint: Checkpoint) -> None:
        self._checkpoints.append(checkpoint)
        index = len(self._checkpoints) - DENSE_CHECKPOINTS - 1  # the one that just left the dense window
        if index < 1:
            return
        leaving, before = self._checkpoints[index], self._checkpoints[index - 1]
        if leaving.step - before.step < SPARSE_EVERY and leaving.config == before.config:
            del self._checkpoints[index]

    def rewind(self, target: int) -> Checkpoint:
        """The latest checkpoint before ``target`` (the first one at the least), dropping those after."""
        while len(self._checkpoints) > 1 and self._checkpoints[-1].step >= max(target, 1):
            self._checkpoints.pop()
        return self._checkpoints[-1]
