"""The record of every step a trainer takes: one row of plain floats per step, handed over in bulk.

A step of the note's loop is small, so what recording adds per step is kept to one list and one C
call: the rows go back to back into one ``array``, and the drain reads them in place.
"""

from __future__ import annotations

import math
from array import array
from itertools import chain

import numpy as np
import torch

from .snapshot import StepHistory, frozen_array


def flat_view(tensor: torch.Tensor) -> np.ndarray:
    """A 1-D numpy view sharing the tensor's memory (reads the values as they change in place).

    ``copy=False`` raises rather than hand back a copy that would go stale.
    """
    return np.reshape(tensor.detach().numpy(), -1, copy=False)


class StepRecorder:
    """Rows of epoch, batch, batch loss, w, b and their gradients, read from the model's tensors.

    The parameters are read through numpy views (they are updated in place), and so is ``.grad``
    while backward keeps adding into the same tensor; a ``.grad`` that is new this step (the built-in
    optimizer's zero_grad sets it to None; a restore clones it) is read directly. The fresh gradients
    of steps whose ``.grad`` held more than their minibatch's (zero_grad off) are kept aside with
    their row: the others' are their gradients.
    """

    def __init__(self, p: int, leaves: tuple[torch.Tensor, torch.Tensor]) -> None:
        self._p = p
        self._width = 2 * p + 5
        self._leaves = leaves
        self._leaf_arrays = tuple(flat_view(leaf) for leaf in leaves)
        self._grad_w: torch.Tensor | None = None  # the .grad tensors the last step left ...
        self._grad_b: torch.Tensor | None = None
        self._grad_arrays: tuple[np.ndarray, ...] = ()  # ... and numpy views of them, once they persist
        self.forget()

    @property
    def leaf_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """numpy views of (w, b), valid for the model's life."""
        return self._leaf_arrays

    def forget(self) -> None:
        self._rows = array("d")
        self._fresh_rows: list[tuple[int, list[float]]] = []
        self._epoch_ends: list[tuple[int, float]] = []

    def record(self, epoch: int, batch: int, batch_loss: torch.Tensor) -> bool:
        """Append the step just done; False if its loss or parameters are not finite (with lr > 0, a
        non-finite gradient makes the parameters so)."""
        grad_w, grad_b = self._leaves[0].grad, self._leaves[1].grad
        if grad_w is self._grad_w and grad_b is self._grad_b:
            if not self._grad_arrays:
                self._grad_arrays = (flat_view(grad_w), flat_view(grad_b))
            gw, gb = self._grad_arrays
            grads = [*gw.tolist(), *gb.tolist()]
        else:  # weights are (1, p) in the built-in model, (p, 1) from scratch
            self._grad_w, self._grad_b, self._grad_arrays = grad_w, grad_b, ()
            rows = grad_w.tolist()
            grads = [*(rows[0] if len(rows) == 1 else chain.from_iterable(rows)), *grad_b.tolist()]
        w, b = self._leaf_arrays
        loss, params = batch_loss.item(), [*w.tolist(), *b.tolist()]
        self._rows.fromlist([epoch, batch, loss, *params, *grads])  # fromlist: extend sizes the array per item
        return math.isfinite(sum(params, loss))

    def record_fresh(self, gradient: list[float]) -> None:
        """The last row's own minibatch gradient, where ``.grad`` held more than it."""
        self._fresh_rows.append((len(self._rows) // self._width - 1, gradient))

    def end_epoch(self, step: int, full_loss: float) -> None:
        self._epoch_ends.append((step, full_loss))

    def drain(self, last_step: int) -> StepHistory:
        """Hand over (and forget) the rows recorded since the last drain, the last one ``last_step``."""
        p = self._p
        table = np.frombuffer(self._rows, dtype=np.float64).reshape(-1, self._width)
        first = last_step - len(table) + 1
        ends = np.array(self._epoch_ends, dtype=np.float64).reshape(-1, 2)
        positions = table[:, :2].astype(np.int64)
        fresh = None
        if self._fresh_rows:
            fresh = table[:, p + 4 :].copy()
            for row, values in self._fresh_rows:
                fresh[row] = values
        self.forget()
        return StepHistory(
            steps=frozen_array(np.arange(first, first + len(table), dtype=np.int64)),
            epochs=frozen_array(positions[:, 0]),
            batches=frozen_array(positions[:, 1]),
            batch_loss=frozen_array(table[:, 2]),
            params=frozen_array(table[:, 3 : p + 4]),
            grads=frozen_array(table[:, p + 4 :]),
            epoch_ends=frozen_array(ends),
            grads_fresh=None if fresh is None else frozen_array(fresh),
        )
