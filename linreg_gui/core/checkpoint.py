"""Exact copies of a trainer's state, so Step Back can return to any earlier step."""

from __future__ import annotations

import copy
from dataclasses import dataclass

import torch

from .config import TrainConfig


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


def capture_model(model) -> tuple[tuple[tuple[torch.Tensor, torch.Tensor | None], ...], dict | None]:
    """Copies of each parameter and its gradient, and of the optimizer's state if it has any (plain
    SGD keeps none: its hyper-parameters come back with the checkpoint's settings)."""
    tensors = tuple(
        (leaf.detach().clone(), None if leaf.grad is None else leaf.grad.clone()) for leaf in model.leaves()
    )
    optimizer = getattr(model, "optimizer", None)
    return tensors, (copy.deepcopy(optimizer.state_dict()) if optimizer is not None and optimizer.state else None)


def restore_model(model, checkpoint: Checkpoint) -> None:
    with torch.no_grad():
        for leaf, (value, grad) in zip(model.leaves(), checkpoint.tensors, strict=True):
            leaf.copy_(value)
            leaf.grad = None if grad is None else grad.clone()
    if checkpoint.optimizer_state is not None:
        model.optimizer.load_state_dict(copy.deepcopy(checkpoint.optimizer_state))
