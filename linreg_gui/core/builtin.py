"""The note's built-in implementation: TensorDataset + DataLoader, nn.Linear, nn.MSELoss, optim.SGD."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import torch
from torch import nn
from torch.utils.data import BatchSampler, DataLoader, RandomSampler, SequentialSampler, TensorDataset

from .phases import Phase


class BuiltinRegression:
    """``nn.Sequential(nn.Linear(p, 1))`` trained by ``torch.optim.SGD``."""

    name = "builtin"

    def __init__(self, w0: torch.Tensor, b0: float, lr: float, reduction: str, zero_grad: bool) -> None:
        p = w0.numel()
        self.net = nn.Sequential(nn.Linear(p, 1))
        self.linear = self.net[0]  # indexing a Sequential costs microseconds, and this is read every step
        with torch.no_grad():
            self.linear.weight.copy_(w0.reshape(1, p))
            self.linear.bias.fill_(float(b0))
        self.loss = nn.MSELoss(reduction=reduction)
        self.optimizer = torch.optim.SGD(self.net.parameters(), lr=lr)
        self.zero_grad = zero_grad
        self.batch_cost: torch.Tensor | None = None
        self._loader: DataLoader | None = None
        self._sampler: _RecordingBatchSampler | None = None
        self._loader_key: tuple | None = None

    def batches(self, batch_size: int, features: torch.Tensor, labels: torch.Tensor, generator: torch.Generator | None):
        """One epoch's [X, y] batches from a DataLoader that is built once and re-shuffles on every ``iter``.

        It is rebuilt only when the batch size or the shuffle setting change. It is the note's
        ``DataLoader(TensorDataset(features, labels), batch_size, shuffle=True)``, with the sampler
        and batch sampler that ``shuffle=True`` builds spelled out, so that the batch sampler can say
        which rows it handed out (the window highlights them: ``batch_indices``) without collating
        an index column.
        """
        key = (batch_size, generator is not None)
        if key != self._loader_key:
            dataset = TensorDataset(features, labels)
            sampler = (
                RandomSampler(dataset, generator=generator) if generator is not None else SequentialSampler(dataset)
            )
            self._sampler = _RecordingBatchSampler(sampler, batch_size, drop_last=False)
            self._loader = DataLoader(dataset, batch_sampler=self._sampler, generator=generator)
            self._loader_key = key
        return iter(self._loader)

    def batch_indices(self, batch: list[torch.Tensor]) -> list[int] | tuple[()]:
        """The rows of ``batch``, the last one the loader gave (it fetches one batch at a time)."""
        return self._sampler.last

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
        return self.linear.weight, self.linear.bias

    def parameters(self) -> tuple[torch.Tensor, torch.Tensor]:
        """(w, b) as 1-D views: (p,) and (1,)."""
        return self.linear.weight.view(-1), self.linear.bias

    def gradients(self) -> tuple[torch.Tensor | None, torch.Tensor | None]:
        """(∂L/∂w of shape (p,), ∂L/∂b of shape (1,)); None before the first backward or after zero_grad."""
        gw = self.linear.weight.grad
        return (None if gw is None else gw.view(-1)), self.linear.bias.grad

    def predict(self, X: torch.Tensor) -> torch.Tensor:
        return self.net(X)

    def optimizer_state(self) -> dict | None:
        """A copy of ``torch.optim.SGD``'s state, or None while it holds none (plain SGD never does)."""
        return copy.deepcopy(self.optimizer.state_dict()) if self.optimizer.state else None

    def load_optimizer_state(self, state: dict) -> None:
        self.optimizer.load_state_dict(copy.deepcopy(state))


class _RecordingBatchSampler(BatchSampler):
    """The batch sampler a DataLoader builds for itself, remembering the last batch of indices it gave."""

    last: list[int] | tuple[()] = ()

    def __iter__(self) -> Iterator[list[int]]:
        for batch in super().__iter__():
            self.last = batch
            yield batch
