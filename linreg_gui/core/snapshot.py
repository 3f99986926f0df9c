"""Immutable views of the trainer (plain floats and read-only numpy copies) that may cross threads."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def frozen_array(values) -> np.ndarray:
    """A read-only numpy copy, so no receiver can change what another one sees."""
    array = np.array(values, copy=True)
    array.flags.writeable = False
    return array


@dataclass(frozen=True)
class StepHistory:
    """The steps completed since the last drain, one row per step.

    ``params`` holds w_1..w_p then b after each update; ``grads`` the gradients that update used
    (what ``.grad`` held: with zero_grad off, the sum of every minibatch gradient since the start);
    ``grads_fresh`` the gradient of that step's minibatch alone, what zero_grad would have left.
    ``epoch_ends`` pairs the step that closed an epoch with the full-data loss after it.
    """

    steps: np.ndarray  # (k,) int64, 1-based step numbers
    epochs: np.ndarray  # (k,) 1-based epoch of each step
    batches: np.ndarray  # (k,) 1-based batch index within that epoch
    batch_loss: np.ndarray  # (k,)
    params: np.ndarray  # (k, p + 1)
    grads: np.ndarray  # (k, p + 1)
    epoch_ends: np.ndarray  # (m, 2): step, full-data loss
    grads_fresh: np.ndarray | None = None  # (k, p + 1); None: the same as ``grads`` (zero_grad was on)

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def grad_norm(self) -> np.ndarray:
        """‖gradient‖ the update of each step used, (k,)."""
        return _row_norms(self.grads)

    @property
    def grad_fresh_norm(self) -> np.ndarray:
        """‖gradient‖ of each step's minibatch alone, (k,): where ``grad_norm`` would be with zero_grad."""
        return _row_norms(self.grads if self.grads_fresh is None else self.grads_fresh)


def _row_norms(rows: np.ndarray) -> np.ndarray:
    """Euclidean norm of each row; a diverging gradient (|g| ~ 1e300) gives inf, quietly."""
    with np.errstate(over="ignore"):
        return np.sqrt((rows**2).sum(axis=1))


@dataclass(frozen=True)
class CompareView:
    """The other implementation, trained in lockstep beside the shown one (compare mode)."""

    impl: str
    history: StepHistory  # its steps since the previous snapshot
    max_dw: float  # largest |Δw_j| between the two after any step so far
    max_db: float


@dataclass(frozen=True)
class Snapshot:
    """What the window shows at one moment. ``generation`` changes on every reset, so a receiver can
    drop a snapshot that belongs to a run it has already discarded."""

    generation: int
    impl: str
    step: int  # updates done since the start of the run
    epoch: int  # 1-based epoch of the latest batch (0 before the first step)
    batch: int  # 1-based index of the latest batch within its epoch (0 before the first step)
    num_batches: int  # batches in that epoch, ⌈n / B⌉
    epochs_done: int
    phase: str | None  # phase just run when stepping phase by phase ("update" ends a step), else None
    w: np.ndarray  # (p,)
    b: float
    grad_w: np.ndarray  # (p,), NaN before the first backward
    grad_b: float
    batch_loss: float  # NaN before the first loss
    full_loss: float  # full-data mean squared error at the current parameters
    w_sq_error: float  # Σ (w - true w)², the note's "mse of parameter estimation"
    b_sq_error: float
    w_sq_error_lstsq: float  # the same against the least-squares solution
    b_sq_error_lstsq: float
    batch_indices: np.ndarray  # (B,) indices of the latest batch into the data set
    batch_x: np.ndarray  # (B, p)
    batch_y: np.ndarray  # (B,)
    diverged_at: int | None  # step at which loss or parameters became non-finite
    history: StepHistory  # steps since the previous snapshot
    full_grad_w: np.ndarray | None = None  # (p,) gradient of the full-data mean loss, for the landscape
    full_grad_b: float = math.nan
    compare: CompareView | None = None  # set in compare mode
    live: bool = False  # sent while a run goes on (more follow soon); False after a step, a pause, a reset


@dataclass(frozen=True)
class DataView:
    """What the data panel draws of a data set: a fixed display subsample (large n stays fast) and
    the reference fits. Sent once per data set, not per step."""

    generation: int
    n: int
    p: int
    x: np.ndarray  # (m, p) display subsample of the features, m ≤ DISPLAY_POINTS
    y: np.ndarray  # (m,)
    feature_means: np.ndarray  # (p,) over the whole data set
    true_w: np.ndarray  # (p,)
    true_b: float
    lstsq_w: np.ndarray  # (p,)
    lstsq_b: float
    # The full-data mean loss is the quadratic θᵀGθ - 2θᵀc + ȳ² in θ = (w, b): with these the loss
    # landscape is drawn without another pass over the data.
    gram: np.ndarray | None = None  # G = AᵀA / n with A = [X, 1], (p+1, p+1)
    moment: np.ndarray | None = None  # c = Aᵀy / n, (p+1,)
    y_sq_mean: float = math.nan  # yᵀy / n
    hessian_max_eig: float = math.nan  # λ_max of the mean loss's Hessian 2G: gradient descent needs lr < 2/λ_max
