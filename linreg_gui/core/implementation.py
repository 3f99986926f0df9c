"""What an implementation of the linear regression provides, and the two there are.

The trainer, the checkpoints and the step shown to students (``source``) rely on this interface
only, so a third implementation is one class that satisfies :class:`Implementation` and one entry
in :data:`IMPLEMENTATION_CLASSES`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

import torch

from .builtin import BuiltinRegression
from .phases import Phase
from .scratch import ScratchRegression


class Implementation(Protocol):
    """One model with its loss and optimizer, trained batch by batch, phase by phase."""

    name: str
    zero_grad: bool  # whether a step clears .grad before backward (the note's lesson when it does not)
    batch_cost: torch.Tensor | None  # the loss of the last step's minibatch; None before the first

    def __init__(self, w0: torch.Tensor, b0: float, lr: float, reduction: str, zero_grad: bool) -> None: ...

    def batches(
        self, batch_size: int, features: torch.Tensor, labels: torch.Tensor, generator: torch.Generator | None
    ) -> Iterator[Sequence[torch.Tensor]]:
        """One epoch's batches, X and y last in each; ``generator=None`` keeps the data's order."""
        ...

    def batch_indices(self, batch: Sequence[torch.Tensor]) -> torch.Tensor | list[int] | tuple[()]:
        """The data-set rows of ``batch``."""
        ...

    def train_step(self, X: torch.Tensor, y: torch.Tensor) -> Iterator[Phase]:
        """One step, yielding after each phase (the window shows this method's source)."""
        ...

    def set_hyper(self, lr: float, reduction: str, zero_grad: bool) -> None: ...

    def leaves(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The trainable tensors themselves (w, b), updated in place."""
        ...

    def parameters(self) -> tuple[torch.Tensor, torch.Tensor]:
        """(w, b) as 1-D views: (p,) and (1,)."""
        ...

    def gradients(self) -> tuple[torch.Tensor | None, torch.Tensor | None]:
        """(∂L/∂w of shape (p,), ∂L/∂b of shape (1,)); None where there is none."""
        ...

    def predict(self, X: torch.Tensor) -> torch.Tensor: ...

    def optimizer_state(self) -> dict | None:
        """A copy of the optimizer's own state, if it keeps any (plain SGD does not)."""
        ...

    def load_optimizer_state(self, state: dict) -> None: ...


IMPLEMENTATION_CLASSES: dict[str, type[Implementation]] = {"scratch": ScratchRegression, "builtin": BuiltinRegression}
