"""The training core against the lecture note: data, the hand-written pieces, both implementations."""

from __future__ import annotations

import inspect
import io
import itertools
import math
import subprocess
import sys
import time
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from linreg_gui.core.checkpoint import CHECKPOINT_EVERY, DENSE_CHECKPOINTS, SPARSE_EVERY
from linreg_gui.core.config import DataConfig, TrainConfig
from linreg_gui.core.data import generate
from linreg_gui.core.implementation import IMPLEMENTATION_CLASSES
from linreg_gui.core.phases import PHASES
from linreg_gui.core.scratch import MyMSE, linreg, my_data_iter, sgd
from linreg_gui.core.session import Session
from linreg_gui.core.source import step_source, whole_step
from linreg_gui.core.steplog import StepLogWriter
from linreg_gui.core.trainer import Trainer

ROOT = Path(__file__).resolve().parents[1]
NOTE = generate(DataConfig())


# ----- data -----------------------------------------------------------------------------------
def test_defaults_are_the_notes():
    config = DataConfig()
    assert (config.n, config.true_w, config.true_b, config.noise) == (1000, (2.0, -3.4), 4.2, 0.01)
    assert NOTE.features.shape == (1000, 2) and NOTE.labels.shape == (1000, 1)


@pytest.mark.parametrize("p", [1, 2, 10])
def test_shapes_and_seeding(p):
    config = DataConfig(n=50, true_w=tuple(range(1, p + 1)), seed=7)
    a, b, c = generate(config), generate(config), generate(replace(config, seed=8))
    assert a.features.shape == (50, p) and a.labels.shape == (50, 1)
    assert torch.equal(a.features, b.features) and torch.equal(a.labels, b.labels)
    assert not torch.equal(a.features, c.features)


def test_generation_leaves_the_global_rng_alone():
    state = torch.get_rng_state()
    generate(DataConfig(seed=3))
    Trainer(NOTE, TrainConfig()).run(1)
    assert torch.equal(state, torch.get_rng_state())


def test_noise_free_data_is_the_plane_and_least_squares_recovers_it():
    data = generate(DataConfig(n=200, true_w=(1.5, -0.5, 3.0), true_b=-2.0, noise=0.0))
    expected = data.features @ torch.tensor([1.5, -0.5, 3.0]) - 2.0
    torch.testing.assert_close(data.labels.reshape(-1), expected)
    torch.testing.assert_close(data.lstsq_w, torch.tensor([1.5, -0.5, 3.0]), atol=1e-5, rtol=0)
    assert data.lstsq_b == pytest.approx(-2.0, abs=1e-5)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"n": 0}, "n"), ({"n": -5}, "n"), ({"n": 10**6 + 1}, "n"), ({"n": True}, "n"), ({"true_w": ()}, "true_w"),
     ({"true_w": (1.0,) * 11}, "true_w"), ({"true_w": (math.nan,)}, "true_w"), ({"noise": -0.1}, "noise"),
     ({"noise": math.inf}, "noise"), ({"seed": -1}, "seed")],
)  # fmt: skip
def test_invalid_data_settings_name_the_field(kwargs, field):
    with pytest.raises(ValueError, match=f"^{field}:"):
        DataConfig(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"lr": 0}, "lr"), ({"lr": math.nan}, "lr"), ({"lr": "fast"}, "lr"), ({"batch_size": 0}, "batch_size"),
     ({"init": "x"}, "init"), ({"reduction": "none"}, "reduction"), ({"shuffle": "yes"}, "shuffle")],
)  # fmt: skip
def test_invalid_training_settings_name_the_field(kwargs, field):
    with pytest.raises(ValueError, match=f"^{field}:"):
        TrainConfig(**kwargs)


# ----- the hand-written pieces ------------------------------------------------------------------
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_my_mse_matches_nn_mse_loss(reduction):
    generator = torch.Generator().manual_seed(1)
    y_hat, y = torch.randn(13, 1, generator=generator), torch.randn(13, generator=generator)
    torch.testing.assert_close(MyMSE(reduction)(y_hat, y), nn.MSELoss(reduction=reduction)(y_hat, y.reshape(-1, 1)))


def test_iterator_covers_every_index_once_with_a_short_last_batch():
    features, labels = torch.randn(1003, 2), torch.randn(1003, 1)
    batches = list(my_data_iter(10, features, labels, torch.Generator().manual_seed(0)))
    assert len(batches) == 101 and len(batches[-1][0]) == 3
    indices = torch.cat([idx for idx, _, _ in batches])
    assert sorted(indices.tolist()) == list(range(1003))
    idx, X, y = batches[0]
    assert torch.equal(X, features[idx]) and torch.equal(y, labels[idx])
    ordered = torch.cat([idx for idx, _, _ in my_data_iter(10, features, labels, None)])
    assert ordered.tolist() == list(range(1003))


def test_the_iterator_is_spent_after_one_epoch_but_a_dataloader_is_not():
    iterator = my_data_iter(100, NOTE.features, NOTE.labels, torch.Generator())
    assert len(list(iterator)) == 10 and list(iterator) == []
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(NOTE.features, NOTE.labels), batch_size=100)
    assert len(list(loader)) == 10 and len(list(loader)) == 10


def test_sgd_updates_in_place_outside_autograd():
    w = torch.tensor([[1.0], [2.0]], requires_grad=True)
    (w**2).sum().backward()
    sgd((w,), 0.1)
    assert w.is_leaf and w.requires_grad
    torch.testing.assert_close(w.detach(), torch.tensor([[0.8], [1.6]]))
    X = torch.randn(4, 2)
    torch.testing.assert_close(linreg(X, w, torch.tensor([0.5])), X @ w + 0.5)


# ----- training ---------------------------------------------------------------------------------
@pytest.mark.parametrize("impl", ["scratch", "builtin"])
def test_three_epochs_of_the_note_converge(impl):
    trainer = Trainer(NOTE, TrainConfig(), impl)
    assert trainer.run(3)
    assert trainer.full_loss() < 2e-4
    w, b = trainer.parameters()
    assert np.abs(w - np.array([2.0, -3.4])).max() < 0.01 and abs(b - 4.2) < 0.01


CONFIGS = [
    TrainConfig(),
    TrainConfig(init="pytorch-default", seed=5),
    TrainConfig(shuffle=False, batch_size=7),
    TrainConfig(reduction="sum", lr=0.003, batch_size=16),
    TrainConfig(zero_grad=False, lr=0.001),
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"{c.init}-{c.reduction}-B{c.batch_size}-zg{c.zero_grad}")
def test_both_implementations_follow_the_same_trajectory(config):
    # The note's setup must agree to 1e-6 at every step (the bar); float32 rounding differences
    # grow a little faster when gradients accumulate or sum, so the variants get 1e-5.
    tolerance = 1e-6 if config == TrainConfig() else 1e-5
    scratch, builtin = Trainer(NOTE, config, "scratch"), Trainer(NOTE, config, "builtin")
    for _ in range(3 * scratch.num_batches):
        assert scratch.step_batch() and builtin.step_batch()
        (w1, b1), (w2, b2) = scratch.parameters(), builtin.parameters()
        assert np.abs(w1 - w2).max() <= tolerance and abs(b1 - b2) <= tolerance
        assert np.array_equal(scratch.current_batch()[0], builtin.current_batch()[0])
    pair = Session(NOTE, config, "scratch", compare=True)
    assert pair.run_epoch() and pair.max_dw <= tolerance and pair.max_db <= tolerance


def test_same_seeds_give_bit_identical_runs_and_another_seed_another_run():
    def trajectory(seed: int) -> np.ndarray:
        trainer = Trainer(NOTE, TrainConfig(seed=seed), "builtin")
        trainer.run(2)
        return trainer.drain_history().params

    assert np.array_equal(trajectory(0), trajectory(0))
    assert not np.array_equal(trajectory(0), trajectory(1))


@pytest.mark.parametrize("impl", ["scratch", "builtin"])
def test_forgotten_zero_grad_accumulates(impl):
    trainer = Trainer(NOTE, TrainConfig(zero_grad=False), impl)
    trainer.step_batch()
    g1 = np.append(*trainer.gradients())
    w, b = trainer.parameters()
    trainer.step_batch()
    _, X, y = trainer.current_batch()
    w_t = torch.tensor(w, dtype=torch.float32, requires_grad=True)
    b_t = torch.tensor([b], dtype=torch.float32, requires_grad=True)
    ((torch.from_numpy(X) @ w_t + b_t - torch.from_numpy(y)) ** 2).mean().backward()
    g2 = np.append(w_t.grad.numpy(), b_t.grad.numpy())
    np.testing.assert_allclose(np.append(*trainer.gradients()), g1 + g2, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("impl", ["scratch", "builtin"])
def test_fresh_gradient_is_the_accumulated_one_with_zero_grad(impl):
    trainer = Trainer(NOTE, TrainConfig(), impl)
    for _ in range(5):
        trainer.step_batch()
    history = trainer.drain_history()
    assert history.grads_fresh is None  # the same as grads: sent once
    np.testing.assert_array_equal(history.grad_fresh_norm, history.grad_norm)


@pytest.mark.parametrize("impl", ["scratch", "builtin"])
def test_forgotten_zero_grad_shows_the_fresh_gradient_beside_the_sum(impl):
    trainer = Trainer(NOTE, TrainConfig(zero_grad=False, lr=0.001), impl)
    fresh_by_hand = []
    for _ in range(20):
        w, b = trainer.parameters()
        trainer.step_batch()
        _, X, y = trainer.current_batch()
        w_t = torch.tensor(w, requires_grad=True)
        b_t = torch.tensor([b], requires_grad=True)
        ((torch.from_numpy(X) @ w_t + b_t - torch.from_numpy(y)) ** 2).mean().backward()
        fresh_by_hand.append(np.append(w_t.grad.numpy(), b_t.grad.numpy()))
    history = trainer.drain_history()
    # the fresh gradient is this minibatch's own, at the parameters the step started from
    np.testing.assert_allclose(history.grads_fresh, fresh_by_hand, rtol=1e-4, atol=1e-4)
    # .grad after step k is the sum of the fresh gradients of steps 1..k
    np.testing.assert_allclose(history.grads, np.cumsum(history.grads_fresh, axis=0), rtol=1e-4, atol=1e-4)
    assert history.grad_norm[0] == pytest.approx(history.grad_fresh_norm[0])
    assert history.grad_norm[-1] > 5 * history.grad_fresh_norm[-1]  # the sum outgrows each step's own
    assert np.all(np.diff(history.grad_norm[:10]) > 0)


def test_zero_grad_switched_back_on_mid_run_makes_them_equal_again():
    trainer = Trainer(NOTE, TrainConfig(zero_grad=False), "scratch")
    for _ in range(3):
        trainer.step_batch()
    trainer.set_config(TrainConfig(zero_grad=True))
    trainer.step_batch()
    history = trainer.drain_history()
    assert history.grad_norm[2] != pytest.approx(history.grad_fresh_norm[2])
    assert history.grad_norm[3] == pytest.approx(history.grad_fresh_norm[3])


@pytest.mark.parametrize("impl", ["scratch", "builtin"])
def test_phase_by_phase_equals_a_whole_step(impl):
    phased, whole = Trainer(NOTE, TrainConfig(), impl), Trainer(NOTE, TrainConfig(), impl)
    whole.step_batch()
    w0, _ = phased.parameters()
    seen = []
    for phase in PHASES:
        seen.append(phased.step_phase())
        if phase.value == "backward":
            assert np.array_equal(phased.parameters()[0], w0)
            assert np.isfinite(phased.gradients()[0]).all()
    assert seen == list(PHASES)
    assert phased.phase is PHASES[-1] and whole.phase is None  # only a walked step shows its last phase
    assert np.array_equal(phased.parameters()[0], whole.parameters()[0])
    assert np.array_equal(phased.gradients()[0], whole.gradients()[0])


@pytest.mark.parametrize("impl", ["scratch", "builtin"])
def test_whole_steps_record_what_phase_by_phase_steps_record(impl):
    """step_batch runs train_step compiled without its yields: every row must come out the same."""
    config = TrainConfig(batch_size=300)  # 4 batches an epoch, the last one short
    phased, whole = Trainer(NOTE, config, impl), Trainer(NOTE, config, impl)
    for _ in range(9):
        for _ in PHASES:
            phased.step_phase()
        whole.step_batch()
    expected, got = phased.drain_history(), whole.drain_history()
    for field in fields(expected):
        assert np.array_equal(getattr(expected, field.name), getattr(got, field.name)), field.name
    assert np.array_equal(phased.parameters()[0], whole.parameters()[0])
    assert np.array_equal(phased.gradients()[0], whole.gradients()[0])


@pytest.mark.parametrize("impl", ["scratch", "builtin"])
def test_recorded_gradients_are_what_grad_held_after_each_step_even_when_zero_grad_goes_off(impl):
    """A step with zero_grad off adds into the last step's .grad tensors in place (the built-in
    optimizer's zero_grad had made them new each step): each row must hold what they held at its step."""
    trainer = Trainer(NOTE, TrainConfig(batch_size=100), impl)
    seen = []
    for step in range(8):
        if step == 5:
            trainer.set_config(replace(trainer.config, zero_grad=False))
        trainer.step_batch()
        grad_w, grad_b = trainer.gradients()
        seen.append([*grad_w, grad_b])
    history = trainer.drain_history()
    assert np.array_equal(history.grads, np.array(seen))
    assert np.array_equal(history.grads_fresh[:5], history.grads[:5])
    assert not np.array_equal(history.grads_fresh[5:], history.grads[5:])  # the sums differ from the fresh ones


@pytest.mark.parametrize("impl", ["scratch", "builtin"])
def test_whole_step_is_train_step_without_its_yields(impl):
    step, method = whole_step(impl), IMPLEMENTATION_CLASSES[impl].train_step
    assert not inspect.isgeneratorfunction(step) and inspect.isgeneratorfunction(method)
    assert step.__code__.co_filename == method.__code__.co_filename
    assert step.__code__.co_firstlineno == method.__code__.co_firstlineno
    assert set(step.__code__.co_names) == set(method.__code__.co_names) - {"Phase", *(p.name for p in PHASES)}


def test_step_source_comes_from_the_code_that_runs():
    source = step_source("builtin")
    assert any("self.optimizer.step()" in line for line in source.lines)
    update = source.phase_lines[PHASES[-1]]
    assert "optimizer.step()" in source.lines[update[0]]
    assert not any("yield" in line for line in source.lines)


def test_epoch_bookkeeping_and_run_epoch():
    trainer = Trainer(generate(DataConfig(n=95)), TrainConfig(batch_size=10))
    assert trainer.num_batches == 10
    for _ in range(3):
        trainer.step_batch()
    assert trainer.run_epoch() and trainer.step == 10 and trainer.epochs_done == 1
    snapshot = trainer.snapshot()
    assert (snapshot.epoch, snapshot.batch, snapshot.num_batches) == (1, 10, 10)
    assert len(snapshot.batch_indices) == 5  # the short last batch
    assert snapshot.history.epoch_ends.shape == (1, 2)
    with pytest.raises(ValueError):
        snapshot.w[0] = 1.0  # read-only: no receiver can change what another sees


def test_lr_applies_next_step_and_batch_size_next_epoch():
    trainer = Trainer(NOTE, TrainConfig())
    trainer.step_batch()
    trainer.set_config(TrainConfig(lr=0.5, batch_size=50))
    _, b = trainer.parameters()
    trainer.step_batch()
    assert trainer.parameters()[1] == pytest.approx(b - 0.5 * trainer.gradients()[1], rel=1e-5)
    assert len(trainer.current_batch()[0]) == 10
    trainer.run_epoch()
    trainer.step_batch()
    assert len(trainer.current_batch()[0]) == 50


def test_divergence_is_flagged_at_its_step_and_reset_recovers():
    trainer = Trainer(NOTE, TrainConfig(lr=10.0))
    while trainer.step_batch():
        assert trainer.step < 1000
    assert isinstance(trainer.diverged_at, int) and trainer.diverged_at == trainer.step
    snapshot = trainer.snapshot()
    assert snapshot.diverged_at == trainer.step
    trainer.reset(TrainConfig())
    assert trainer.diverged_at is None and trainer.step == 0
    assert np.isfinite(trainer.parameters()[0]).all()


@pytest.mark.parametrize("impl", ["scratch", "builtin"])
def test_step_back_is_exact_and_forward_again_reproduces(impl):
    trainer = Trainer(generate(DataConfig(n=103)), TrainConfig(batch_size=10), impl)
    states = []
    for _ in range(150):
        trainer.step_batch()
        states.append(
            (trainer.parameters()[0].tolist(), trainer.gradients()[0].tolist(), trainer.current_batch()[0].tolist())
        )
    for k in range(149, 0, -1):
        assert trainer.step_back()
        assert trainer.step == k
        got = (trainer.parameters()[0].tolist(), trainer.gradients()[0].tolist(), trainer.current_batch()[0].tolist())
        assert got == states[k - 1]
    assert trainer.step_back() and trainer.step == 0 and not trainer.step_back()
    for _ in range(150):
        trainer.step_batch()
    assert trainer.parameters()[0].tolist() == states[-1][0]


def test_old_checkpoints_thin_out_but_keep_every_settings_change():
    """A long run keeps a bounded number of checkpoints; stepping back across the thinned part is still exact."""
    trainer = Trainer(generate(DataConfig(n=200)), TrainConfig(batch_size=10), "scratch")
    for _ in range(100):
        trainer.step_batch()
    trainer.set_config(TrainConfig(batch_size=10, lr=0.01))
    reference = []
    for _ in range(SPARSE_EVERY + 2000):
        trainer.step_batch()
        reference.append(trainer.parameters()[0].tolist())
    steps = [checkpoint.step for checkpoint in trainer._checkpoints]
    assert 100 in steps  # the lr change stays
    assert max(b - a for a, b in itertools.pairwise(steps)) <= SPARSE_EVERY + CHECKPOINT_EVERY
    assert len(steps) <= DENSE_CHECKPOINTS + 4
    while trainer.step > 2000:  # past the dense window, into the thinned part
        assert trainer.step_back()
    assert trainer.parameters()[0].tolist() == reference[2000 - 100 - 1]


def test_the_core_never_imports_qt():
    code = (
        "import sys, linreg_gui.core.trainer, linreg_gui.core.session, linreg_gui.cli\n"
        "from linreg_gui.core import Trainer, DataConfig, generate\n"
        "Trainer(generate(DataConfig(n=20))).run(1)\n"
        "print([m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph')])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    for path in (ROOT / "linreg_gui" / "core").glob("*.py"):
        assert "PySide6" not in path.read_text() and "pyqtgraph" not in path.read_text(), path.name


def test_the_step_log_stores_half_the_bytes_and_writes_the_same_csv():
    session = Session(generate(DataConfig()), TrainConfig(), "builtin")
    for _ in range(250):  # over two epoch ends
        session.step_batch()
    history = session.snapshot(1, None, 10).history
    direct = io.StringIO()
    StepLogWriter(direct, 2).write(history, "builtin")
    logged = io.StringIO()
    session.log.write_csv(logged)
    assert logged.getvalue() == direct.getvalue()
    ((kept, _impl),) = session.log._chunks
    assert kept.params.nbytes * 2 == history.params.nbytes


@pytest.mark.parametrize("impl", ["scratch", "builtin"])
def test_the_history_rows_are_what_the_tensors_held_after_each_step(impl):
    """The per-step row is read through cached numpy views: it must follow in-place updates, a .grad
    replaced every step (built-in zero_grad), and the cloned .grad a step back restores."""
    trainer = Trainer(generate(DataConfig(n=60)), TrainConfig(batch_size=7), impl)
    expected = []

    def step_and_read() -> None:
        trainer.step_batch()
        w, b = trainer.parameters()
        gw, gb = trainer.gradients()
        expected.append([trainer.batch_loss(), *w, b, *gw, gb])

    for _ in range(20):
        step_and_read()
    trainer.step_back()
    trainer.drain_history()
    expected = expected[:19]
    for _ in range(12):  # across an epoch end (9 batches an epoch), after the restore cloned .grad
        step_and_read()
    history = trainer.drain_history()
    table = np.column_stack([history.batch_loss, history.params, history.grads])
    np.testing.assert_array_equal(table, np.array(expected[19:], dtype=np.float64))
    np.testing.assert_array_equal(history.steps, np.arange(20, 32))
    assert history.epochs.tolist() == [3] * 8 + [4] * 4 and history.batches.tolist()[:2] == [2, 3]


def _walked_phase_by_phase(trainer: Trainer, steps: int) -> None:
    while trainer.step < steps and trainer.step_phase() is not None:
        pass


@pytest.mark.parametrize("impl", ["scratch", "builtin"])
@pytest.mark.parametrize("lr", [0.03, 1e4])
def test_a_continuous_run_records_what_walking_each_phase_records(impl, lr):
    """The continuous loop does its bookkeeping once per run of steps (an epoch's end, a checkpoint);
    the phase-by-phase path does it at every step. Over epochs of uneven length, checkpoints and (with
    lr = 1e4) a divergence, both must leave the same rows, epoch ends, checkpoints and parameters."""
    data, config = generate(DataConfig(n=103)), TrainConfig(lr=lr, batch_size=10)
    continuous, walked = Trainer(data, config, impl), Trainer(data, config, impl)
    done = continuous.run_batches(700, time.perf_counter() + 60)
    _walked_phase_by_phase(walked, done)
    assert continuous.step == walked.step == done and continuous.diverged_at == walked.diverged_at
    assert (done < 700) == (lr > 1)
    if lr < 1:
        assert continuous.epochs_done == 63 and continuous.batch_in_epoch == 7
        assert [c.step for c in continuous._checkpoints] == [0, 256, 512]
    a, b = continuous.drain_history(), walked.drain_history()
    for name in ("steps", "epochs", "batches", "batch_loss", "params", "grads", "grads_fresh", "epoch_ends"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert [c.step for c in continuous._checkpoints] == [c.step for c in walked._checkpoints]
    np.testing.assert_array_equal(continuous.parameters()[0], walked.parameters()[0])
    assert continuous.current_batch()[0].tolist() == walked.current_batch()[0].tolist()


def test_continuous_runs_stop_at_the_count_the_epoch_end_or_the_deadline():
    trainer = Trainer(generate(DataConfig(n=100)), TrainConfig(batch_size=10), "scratch")
    far = time.perf_counter() + 60
    assert trainer.run_batches(3, far) == 3 and trainer.step == 3
    assert trainer.run_batches(100, far, to_epoch_end=True) == 7 and trainer.batch_in_epoch == 0
    assert trainer.run_batches(100, time.perf_counter() - 1) == 1  # a passed deadline still takes one step
    session = Session(trainer.data, TrainConfig(batch_size=10), "builtin", compare=True)
    assert session.run_batches(25, far) == 25 and session.twin.step == 25


def test_the_full_loss_of_an_epoch_end_is_not_computed_twice():
    trainer = Trainer(generate(DataConfig(n=100)), TrainConfig(batch_size=10), "scratch")
    trainer.run_epoch()
    step, epoch_loss = trainer.drain_history().epoch_ends[-1]
    calls = []
    trainer._compute_full_loss = lambda: calls.append(1) or 0.0
    assert step == trainer.step and trainer.full_loss() == epoch_loss and calls == []
    trainer.step_batch()
    assert trainer.full_loss() == 0.0 and calls == [1]  # a new step: computed again
    trainer.load_parameters(torch.tensor([1.0, 1.0]), 0.0)
    trainer.full_loss()
    assert calls == [1, 1]  # new parameters at the same step count
