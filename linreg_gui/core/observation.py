"""What the window shows of a trainer: an immutable snapshot, copied out of its tensors."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .data import SyntheticData
from .snapshot import Snapshot, frozen_array

if TYPE_CHECKING:
    from .trainer import Trainer


class SnapshotBuilder:
    """Builds a trainer's snapshots; holds the references every snapshot compares with, in numpy."""

    def __init__(self, data: SyntheticData) -> None:
        self._truth = (np.asarray(data.config.true_w, dtype=np.float64), data.config.true_b)
        self._lstsq = (data.lstsq_w.numpy().astype(np.float64), data.lstsq_b)

    def build(
        self, trainer: Trainer, generation: int, full_loss: float | None, batch_limit: int | None, live: bool
    ) -> Snapshot:
        """Everything the window shows, copied; drains the trainer's step history.

        ``full_loss`` is computed here unless the caller passes one (it costs a pass over the data);
        ``batch_limit`` caps the rows of the batch copied (a full batch of 10⁶ rows is not shown anyway).
        """
        w, b = trainer.parameters()
        grad_w, grad_b = trainer.gradients()
        w_err, b_err = trainer.sq_errors(*self._truth)
        w_err_ls, b_err_ls = trainer.sq_errors(*self._lstsq)
        idx, X, y = trainer.current_batch(batch_limit)
        ended = trainer.batch_in_epoch == 0 and trainer.step > 0
        full_grad = trainer.full_gradient()
        return Snapshot(
            generation=generation,
            impl=trainer.impl_name,
            step=trainer.step,
            epoch=trainer.epochs_done + (0 if ended or trainer.step == 0 else 1),
            batch=trainer.num_batches if ended else trainer.batch_in_epoch,
            num_batches=trainer.num_batches,
            epochs_done=trainer.epochs_done,
            phase=None if trainer.phase is None else trainer.phase.value,
            w=frozen_array(w),
            b=b,
            grad_w=frozen_array(grad_w),
            grad_b=grad_b,
            batch_loss=trainer.batch_loss(),
            full_loss=trainer.full_loss() if full_loss is None else full_loss,
            w_sq_error=w_err,
            b_sq_error=b_err,
            w_sq_error_lstsq=w_err_ls,
            b_sq_error_lstsq=b_err_ls,
            batch_indices=frozen_array(idx),
            batch_x=frozen_array(X),
            batch_y=frozen_array(y),
            diverged_at=trainer.diverged_at,
            history=trainer.drain_history(),
            full_grad_w=frozen_array(full_grad[:-1]),
            full_grad_b=float(full_grad[-1]),
            live=live,
        )
