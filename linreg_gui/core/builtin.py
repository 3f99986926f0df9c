"""The note's built-in implementation: TensorDataset + DataLoader, nn.Linear, nn.MSELoss, optim.SGD."""

from __future__ import annotations

from collections.abc import Iterator

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from .phases import Phase


class BuiltinRegression:
    """``nn.Sequential(nn.Linear(p, 1))`` trained by ``torch.optim.SGD``."""

    name = "builtin"

    def __init__(self, w0: torch.Tensor, b0: float, lr: float, reduction: str, zero_grad: bool) -> None:
        p = w0.numel()
        self.net = nn.Sequential(nn.Linear(p, 1))
        with torch.no_grad():
            self.net[0].weight.copy_(w0.reshape(1, p))
            self.net[0].bias.fill_(float(b0))
        self.loss = nn.MSELoss(reduction=reduction)
        self.optimizer = torch.optim.SGD(self.net.parameters(), lr=lr)
        self.zero_grad = zero_grad
        self.batch_cost: torch.Tensor | None = None
        self._loader: DataLoader | None = None
        self._loader_key: tuple | None = None

    def batches(self, batch_size: int, features: torch.Tensor, labels: torch.Tensor, generator: torch.Generator | None):
        """One epoch's batches from a DataLoader that is built once and re-shuffles on every ``iter``.

        It is rebuilt only when the batch size or the shuffle setting change. The dataset carries
        an index column so the window can highlight the batch; X and y are the note's.
        """
        key = (batch_size, generator is not None)
        if key != self._loader_key:
            dataset = TensorDataset(torch.arange(len(features)), features, labels)
            shuffle = generator is not None
            self._loader = DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, generator=generator)
            self._loader_key = key
        return iter(self._loader)

    def train_step(self, X: torch.Tensor, y: torch.Tensor) -> Iterator[Phase]:
        y_hat = self.net(X)
        yield Phase.FORWARD
        self.batch_cost = self.loss(y_hat, y)
        yield Phase.LOSS
        if self.zero_grad:
            self.optimizer.zero_grad()
        yield Phase.ZERO_GRAD
        self.batch_cost.backward()
        yield Phase.BACKWARD
        self.optimizer.step()
        yield Phase.UPDATE

    def set_hyper(self, lr: float, reduction: str, zero_grad: bool) -> None:
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        self.loss = nn.MSELoss(reduction=reduction)
        self.zero_grad = zero_grad

    def leaves(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The trainable tensors themselves (for checkpoints)."""
        return self.net[0].weight, self.net[0].bias

    def parameters(self) -> tuple[torch.Tensor, torch.Tensor]:
        """(w, b) as 1-D views: (p,) and (1,)."""
        return self.net[0].weight.view(-1), self.net[0].bias

    def gradients(self) -> tuple[torch.Tensor | None, torch.Tensor | None]:
        """(∂L/∂w of shape (p,), ∂L/∂b of shape (1,)); None before the first backward or after zero_grad."""
        gw = self.net[0].weight.grad
        return (None if gw is None else gw.view(-1)), self.net[0].bias.grad

    def predict(self, X: torch.Tensor) -> torch.Tensor:
        return self.net(X)
