"""The note's from-scratch implementation: hand-written iterator, model, MSE and SGD.

The code is kept in the note's shape on purpose: the window shows ``ScratchRegression.train_step``
to students as it runs.
"""

from __future__ import annotations

from collections.abc import Iterator

import torch

from .phases import Phase


def my_data_iter(batch_size: int, features: torch.Tensor, labels: torch.Tensor, generator: torch.Generator | None):
    """The note's generator: shuffles an index list, then walks it in slices (the last may be short).

    It is spent after one pass, so a new one must be created every epoch (a DataLoader re-shuffles by
    itself). ``generator=None`` keeps the data's order. Yields (indices, X, y).
    """
    num_examples = len(features)
    indices = torch.arange(num_examples) if generator is None else torch.randperm(num_examples, generator=generator)
    for i in range(0, num_examples, batch_size):
        batch_indices = indices[i : min(i + batch_size, num_examples)]
        yield batch_indices, features[batch_indices], labels[batch_indices]


def linreg(X: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """The linear model ``Xw + b``."""
    return torch.matmul(X, w) + b


class MyMSE:
    """The note's squared loss (no ½ factor) with reductions mean, sum and none."""

    def __init__(self, reduction: str = "mean") -> None:
        if reduction not in ("mean", "sum", "none"):
            raise ValueError(f"reduction: must be mean, sum or none, not {reduction!r}")
        self.reduction = reduction

    def __call__(self, y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        loss = (y_hat - y.reshape(y_hat.shape)) ** 2
        if self.reduction == "mean":
            return loss.mean()
        if self.reduction == "sum":
            return loss.sum()
        return loss


def sgd(params: tuple[torch.Tensor, ...], lr: float) -> None:
    """Plain SGD, in place and outside autograd's view."""
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad


class ScratchRegression:
    """w of shape (p, 1) and b of shape (1,) as plain leaf tensors, trained by hand."""

    name = "scratch"

    def __init__(self, w0: torch.Tensor, b0: float, lr: float, reduction: str, zero_grad: bool) -> None:
        self.w = w0.detach().clone().reshape(-1, 1).requires_grad_(True)
        self.b = torch.tensor([float(b0)], requires_grad=True)
        self.lr = lr
        self.loss = MyMSE(reduction)
        self.zero_grad = zero_grad
        self.batch_cost: torch.Tensor | None = None

    def batches(self, batch_size: int, features: torch.Tensor, labels: torch.Tensor, generator: torch.Generator | None):
        """One epoch's batches: a fresh ``my_data_iter`` (the old one is exhausted).

        A DataLoader spends one 64-bit draw of its generator (a base seed for workers) before it
        shuffles; spending it here too makes both implementations see the very same batches.
        """
        if generator is not None:
            torch.empty((), dtype=torch.int64).random_(generator=generator)
        return my_data_iter(batch_size, features, labels, generator)

    @staticmethod
    def batch_indices(batch: tuple[torch.Tensor, torch.Tensor, torch.Tensor]) -> torch.Tensor:
        """The rows of ``batch``: ``my_data_iter`` yields them first."""
        return batch[0]

    def train_step(self, X: torch.Tensor, y: torch.Tensor) -> Iterator[Phase]:
        w, b = self.w, self.b
        y_hat = linreg(X, w, b)
        yield Phase.FORWARD
        self.batch_cost = self.loss(y_hat, y)
        yield Phase.LOSS
        if self.zero_grad:
            for param in (w, b):
                if param.grad is not None:
                    param.grad.zero_()
        yield Phase.ZERO_GRAD
        self.batch_cost.backward()
        yield Phase.BACKWARD
        sgd((w, b), self.lr)
        yield Phase.UPDATE

    def set_hyper(self, lr: float, reduction: str, zero_grad: bool) -> None:
        self.lr = lr
        self.loss = MyMSE(reduction)
        self.zero_grad = zero_grad

    def leaves(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The trainable tensors themselves (for checkpoints)."""
        return self.w, self.b

    def parameters(self) -> tuple[torch.Tensor, torch.Tensor]:
        """(w, b) as 1-D views: (p,) and (1,)."""
        return self.w.view(-1), self.b

    def gradients(self) -> tuple[torch.Tensor | None, torch.Tensor | None]:
        """(∂L/∂w of shape (p,), ∂L/∂b of shape (1,)); None before the first backward."""
        gw = self.w.grad
        return (None if gw is None else gw.view(-1)), self.b.grad

    def predict(self, X: torch.Tensor) -> torch.Tensor:
        return linreg(X, self.w, self.b)

    def optimizer_state(self) -> None:
        """``sgd`` keeps no state: its learning rate comes back with a checkpoint's settings."""
        return None

    def load_optimizer_state(self, state: dict) -> None:
        raise ValueError("plain SGD from scratch keeps no optimizer state")
