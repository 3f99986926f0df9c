"""The trainer at the ends of every range: no exception, and never a non-finite number unflagged.

Every combination of n ∈ {1, 2, 10⁶}, p ∈ {1, 10}, batch ∈ {1, n, n + 5}, σ = 0, lr ∈ {1e-6, 10, 1e4}
with mean reduction, plus sum reduction over the whole data set (batch n), for both implementations.
Each case steps a few batches (or until divergence) and checks every number of every snapshot: it is
finite, or the trainer has set ``diverged_at``. Core only, no Qt.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest

from linreg_gui.core.config import IMPLEMENTATIONS, DataConfig, TrainConfig
from linreg_gui.core.data import SyntheticData, generate
from linreg_gui.core.snapshot import Snapshot
from linreg_gui.core.trainer import Trainer

BIG_N = 10**6
LRS = (1e-6, 10.0, 1e4)
SMALL_STEPS = 12  # enough for lr = 1e4 to diverge, and to wrap several epochs when n ≤ 2
BIG_STEPS = 1  # n = 10⁶: generate, one step, full loss


@functools.cache
def _data(n: int, p: int) -> SyntheticData:
    """One data set per (n, p), noise-free; true w alternates 2, -3.4 like the note's."""
    true_w = tuple(2.0 if j % 2 == 0 else -3.4 for j in range(p))
    return generate(DataConfig(n=n, true_w=true_w, true_b=4.2, noise=0.0, seed=1))


def _batch_sizes(n: int) -> dict[str, int]:
    return {"1": 1, "n": n, "n+5": n + 5}


def _cases():
    for n in (1, 2, BIG_N):
        for p in (1, 10):
            for batch_name, batch in _batch_sizes(n).items():
                for lr in LRS:
                    yield n, p, batch_name, batch, lr, "mean"
            for lr in LRS:
                yield n, p, "n", n, lr, "sum"


def _marks(n: int, batch: int, impl: str) -> list[pytest.MarkDecorator]:
    """The DataLoader collates a 10⁶-row batch one row at a time: ≈15 s a step, so those are slow."""
    return [pytest.mark.slow] if impl == "builtin" and n == BIG_N and batch >= n else []


CASES = [
    pytest.param(
        n,
        p,
        batch,
        lr,
        reduction,
        impl,
        id=f"n={n}-p={p}-B={batch_name}-lr={lr:g}-{reduction}-{impl}",
        marks=_marks(n, batch, impl),
    )
    for n, p, batch_name, batch, lr, reduction in _cases()
    for impl in IMPLEMENTATIONS
]


def _numbers(snapshot: Snapshot) -> dict[str, np.ndarray]:
    """Every floating-point number a snapshot carries, by name."""
    history = snapshot.history
    scalars = {
        "b": snapshot.b,
        "grad_b": snapshot.grad_b,
        "batch_loss": snapshot.batch_loss,
        "full_loss": snapshot.full_loss,
        "w_sq_error": snapshot.w_sq_error,
        "b_sq_error": snapshot.b_sq_error,
        "w_sq_error_lstsq": snapshot.w_sq_error_lstsq,
        "b_sq_error_lstsq": snapshot.b_sq_error_lstsq,
        "full_grad_b": snapshot.full_grad_b,
    }
    arrays = {
        "w": snapshot.w,
        "grad_w": snapshot.grad_w,
        "full_grad_w": snapshot.full_grad_w,
        "batch_x": snapshot.batch_x,
        "batch_y": snapshot.batch_y,
        "history.batch_loss": history.batch_loss,
        "history.params": history.params,
        "history.grads": history.grads,
        "history.epoch_ends": history.epoch_ends,
    }
    return {**{k: np.asarray([v], dtype=np.float64) for k, v in scalars.items()}, **arrays}


def _check(snapshot: Snapshot, trainer: Trainer) -> None:
    """Finite everywhere, or the divergence flag is up (an int step ≥ 1 that has happened)."""
    if snapshot.diverged_at is not None:
        assert isinstance(snapshot.diverged_at, int)
        assert 1 <= snapshot.diverged_at <= trainer.step
        return
    bad = [name for name, values in _numbers(snapshot).items() if not np.isfinite(values).all()]
    assert not bad, f"non-finite {bad} at step {trainer.step} without diverged_at"


@pytest.mark.parametrize(("n", "p", "batch", "lr", "reduction", "impl"), CASES)
def test_range_ends(n: int, p: int, batch: int, lr: float, reduction: str, impl: str) -> None:
    data = _data(n, p)
    config = TrainConfig(lr=lr, batch_size=batch, reduction=reduction, epochs=1)
    trainer = Trainer(data, config, impl)
    assert trainer.num_batches == math.ceil(n / batch)
    before = trainer.snapshot(batch_limit=100)
    assert before.diverged_at is None
    assert np.isfinite(before.w).all() and math.isfinite(before.b) and math.isfinite(before.full_loss)
    for _ in range(BIG_STEPS if n == BIG_N else SMALL_STEPS):
        stepped = trainer.step_batch()
        _check(trainer.snapshot(batch_limit=100), trainer)
        if not stepped or trainer.diverged_at is not None:
            break
    # A diverged trainer refuses to step and keeps its flag.
    if trainer.diverged_at is not None:
        flagged = trainer.diverged_at
        assert trainer.step_batch() is False
        assert trainer.step_phase() is None
        assert trainer.diverged_at == flagged
        _check(trainer.snapshot(batch_limit=100), trainer)


def test_large_lr_diverges_and_is_flagged() -> None:
    """lr = 1e4 on the note's problem must blow up, so the flag is really exercised above."""
    for impl in IMPLEMENTATIONS:
        trainer = Trainer(_data(2, 10), TrainConfig(lr=1e4, batch_size=1), impl)
        for _ in range(50):
            if not trainer.step_batch():
                break
        assert trainer.diverged_at is not None and trainer.diverged_at >= 1, impl


@pytest.mark.parametrize("impl", IMPLEMENTATIONS)
@pytest.mark.parametrize(("n", "p"), [(1, 1), (2, 10), (50, 3)])
def test_step_back_after_divergence_returns_to_finite_parameters(n: int, p: int, impl: str) -> None:
    trainer = Trainer(_data(n, p), TrainConfig(lr=1e4, batch_size=1), impl)
    finite_params: list[tuple[np.ndarray, float]] = [trainer.parameters()]
    while trainer.step_batch():
        if trainer.diverged_at is not None:
            break
        finite_params.append(trainer.parameters())
        assert trainer.step < 200, "lr = 1e4 should diverge long before this"
    diverged_at = trainer.diverged_at
    assert diverged_at is not None and diverged_at == trainer.step
    w, b = trainer.parameters()
    assert not (np.isfinite(w).all() and math.isfinite(b) and math.isfinite(trainer.batch_loss()))

    assert trainer.step_back() is True
    assert trainer.diverged_at is None
    assert trainer.step == diverged_at - 1
    w, b = trainer.parameters()
    assert np.isfinite(w).all() and math.isfinite(b)
    expected_w, expected_b = finite_params[diverged_at - 1]
    np.testing.assert_array_equal(w, expected_w)
    assert b == expected_b
    _check(trainer.snapshot(), trainer)
    # Back to the start works too, and training can go on from there.
    while trainer.step_back():
        pass
    assert trainer.step == 0 and trainer.diverged_at is None
    np.testing.assert_array_equal(trainer.parameters()[0], finite_params[0][0])
    assert trainer.step_batch() is True


@pytest.mark.parametrize("impl", IMPLEMENTATIONS)
@pytest.mark.parametrize("n", [1, 2, 7, 100])
def test_batch_larger_than_n_is_one_batch(n: int, impl: str) -> None:
    trainer = Trainer(_data(n, 2), TrainConfig(batch_size=n + 5, lr=0.03), impl)
    assert trainer.num_batches == 1
    assert trainer.step_batch() is True
    assert trainer.num_batches == 1
    assert trainer.epochs_done == 1 and trainer.batch_in_epoch == 0  # one step closed the epoch
    idx, X, y = trainer.current_batch()
    assert sorted(idx.tolist()) == list(range(n)) and X.shape == (n, 2) and y.shape == (n,)
    snapshot = trainer.snapshot()
    assert snapshot.num_batches == 1 and snapshot.batch == 1 and snapshot.epoch == 1
    assert trainer.run_epoch() is True and trainer.epochs_done == 2 and trainer.step == 2


@pytest.mark.parametrize("impl", IMPLEMENTATIONS)
def test_sum_reduction_full_batch_equals_n_times_mean(impl: str) -> None:
    """With batch n, sum reduction is mean reduction with an n-times larger step (lr·n)."""
    data = _data(2, 10)
    summed = Trainer(data, TrainConfig(lr=1e-3, batch_size=2, reduction="sum", shuffle=False), impl)
    meaned = Trainer(data, TrainConfig(lr=2e-3, batch_size=2, reduction="mean", shuffle=False), impl)
    for _ in range(3):
        summed.step_batch()
        meaned.step_batch()
    np.testing.assert_allclose(summed.parameters()[0], meaned.parameters()[0], rtol=1e-5, atol=1e-6)
    assert summed.parameters()[1] == pytest.approx(meaned.parameters()[1], rel=1e-5, abs=1e-6)
