"""The stepper: one implementation trained on one data set, batch by batch or phase by phase."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence

import numpy as np
import torch

from .checkpoint import Checkpoint, CheckpointStore, capture_model, restore_model
from .config import IMPLEMENTATIONS, TrainConfig
from .data import SyntheticData
from .implementation import IMPLEMENTATION_CLASSES
from .observation import SnapshotBuilder
from .phases import Phase
from .recorder import StepRecorder
from .snapshot import Snapshot, StepHistory
from .source import whole_step
from .validation import require

_GOLDEN = 0x9E3779B97F4A7C15  # spreads consecutive epoch numbers over the seed space


def initial_parameters(p: int, init: str, seed: int) -> tuple[torch.Tensor, float]:
    """Starting (w, b) for both implementations, so they start from the very same point.

    "note": w ~ N(0, 0.01²), b = 0, as the note does. "pytorch-default": what ``nn.Linear`` draws,
    U(-1/√p, 1/√p) for w and b alike (kaiming-uniform with a = √5). "zero": all zeros.
    """
    generator = torch.Generator().manual_seed(seed)
    if init == "zero":
        return torch.zeros(p), 0.0
    if init == "note":
        return torch.normal(0, 0.01, size=(p,), generator=generator), 0.0
    bound = 1.0 / math.sqrt(p)
    values = torch.empty(p + 1).uniform_(-bound, bound, generator=generator)
    return values[:p], float(values[p])


def epoch_seed(seed: int, epoch: int) -> int:
    """The shuffle seed of one epoch: any epoch's order can be rebuilt without replaying the others."""
    return (seed + epoch * _GOLDEN) % 2**63


class Trainer:
    """Trains one implementation on one data set, batch by batch or phase by phase.

    Hyper-parameters that act per step (lr, reduction, zero_grad) apply from the next step; batch
    size and shuffle from the next epoch. A non-finite loss or parameter stops training at that step
    (``diverged_at``) until :meth:`reset`; nothing is raised. Whole steps all run through one loop
    (:meth:`_steps`); walking a step phase by phase is the other way through a step.
    """

    def __init__(self, data: SyntheticData, config: TrainConfig | None = None, impl: str = "scratch") -> None:
        require(impl in IMPLEMENTATIONS, "impl", f"must be one of {', '.join(IMPLEMENTATIONS)}")
        self.data = data
        self.config = config or TrainConfig()
        self.impl_name = impl
        self._order_generator = torch.Generator()
        self._moments = (data.gram.numpy(), data.moment.numpy())  # for the full gradient, ready in numpy
        self._snapshots = SnapshotBuilder(data)
        self._checkpoints = CheckpointStore()
        self.reset()

    # ----- lifecycle -------------------------------------------------------------------------
    def reset(self, config: TrainConfig | None = None, impl: str | None = None) -> None:
        """Back to the initial parameters of ``config.seed``, before the first batch of epoch 1."""
        if impl is not None:
            require(impl in IMPLEMENTATIONS, "impl", f"must be one of {', '.join(IMPLEMENTATIONS)}")
            self.impl_name = impl
        if config is not None:
            self.config = config
        cfg = self.config
        w0, b0 = initial_parameters(self.data.p, cfg.init, cfg.seed)
        self.model = IMPLEMENTATION_CLASSES[self.impl_name](w0, b0, cfg.lr, cfg.reduction, cfg.zero_grad)
        self._whole_step = whole_step(self.impl_name)  # train_step without its yields (see source.whole_step)
        self._recorder = StepRecorder(self.data.p, self.model.leaves())
        self.step = 0
        self.epochs_done = 0
        self.batch_in_epoch = 0
        self.diverged_at: int | None = None
        self._full_loss_at: tuple[int, float] | None = None  # (step, full-data loss at it)
        self._epoch_batch_size = cfg.batch_size
        self._epoch_shuffle = cfg.shuffle
        self._epoch_batches = 0  # batches in the epoch under way (set when it starts)
        self._batches: Iterator | None = None
        self._step_phases: Iterator[Phase] | None = None
        # The phase just run when stepping phase by phase (UPDATE once that step is complete); None
        # after a whole step, so a display highlights phases only when they are walked one by one.
        self.phase: Phase | None = None
        self._grad_before: torch.Tensor | None = None  # .grad before backward, kept only with zero_grad off
        self._fresh: list[float] | None = None  # the step's own minibatch gradient, if not all of .grad
        self._batch: Sequence[torch.Tensor] | None = None  # the model's batch: X and y last (see _next_batch)
        self._checkpoints.clear()
        self._checkpoint()

    def load_parameters(self, w: torch.Tensor, b: float) -> None:
        """Start a new run from the given parameters (a loaded model) instead of the initialisation."""
        self.reset()
        with torch.no_grad():
            leaf_w, leaf_b = self.model.leaves()
            leaf_w.copy_(w.reshape(leaf_w.shape))
            leaf_b.fill_(b)
        self._full_loss_at = None
        self._checkpoints.clear()
        self._checkpoint()

    def set_config(self, config: TrainConfig) -> None:
        """Apply new settings without a reset: per-step ones now, batch size and shuffle next epoch.

        The initialisation and seed define the run itself and take effect on :meth:`reset`.
        """
        if config == self.config:
            return
        self.config = config
        self.model.set_hyper(config.lr, config.reduction, config.zero_grad)
        if not self.in_step:
            self._checkpoint()  # replaying from an earlier checkpoint would use the old settings

    # ----- stepping --------------------------------------------------------------------------
    @property
    def num_batches(self) -> int:
        """Batches in the current epoch (the next one if between epochs), the last one maybe short."""
        if self._batches is not None:
            return self._epoch_batches
        return math.ceil(self.data.n / self.config.batch_size)

    @property
    def in_step(self) -> bool:
        """True while a step has run some but not all of its phases."""
        return self._step_phases is not None

    def step_phase(self) -> Phase | None:
        """Run the next phase of the current step (starting a step if none is under way).

        Returns the phase just run, or None if training has diverged.
        """
        if self.diverged_at is not None:
            return None
        if self._step_phases is None:
            batch = self._next_batch()
            self._step_phases = self.model.train_step(batch[-2], batch[-1])
        phase = next(self._step_phases)
        if phase is Phase.ZERO_GRAD or phase is Phase.BACKWARD:
            self._watch_grad(phase)
        if phase is Phase.UPDATE:
            self._step_phases = None
            self._complete_walked_step()
        self.phase = phase
        return phase

    def step_batch(self) -> bool:
        """One minibatch update (or the rest of one begun phase by phase). False if diverged."""
        if self.diverged_at is not None:
            return False
        if self._step_phases is None:
            return self._steps(1, math.inf, False) == 1
        for phase in self._step_phases:
            if phase is Phase.ZERO_GRAD or phase is Phase.BACKWARD:
                self._watch_grad(phase)
        self._step_phases = self.phase = None
        self._complete_walked_step()
        return True

    def run_batches(self, count: int, deadline: float, to_epoch_end: bool = False) -> int:
        """Whole steps until ``count`` are done, ``time.perf_counter()`` passes ``deadline`` or, with
        ``to_epoch_end``, the epoch ends; the number done (fewer if training diverged)."""
        done = 0
        if self._step_phases is not None and count > 0:  # the step begun phase by phase first
            done = int(self.step_batch())
            if self.diverged_at is not None or (to_epoch_end and self.batch_in_epoch == 0):
                return done
        return done + self._steps(count - done, deadline, to_epoch_end)

    def _steps(self, count: int, deadline: float, to_epoch_end: bool) -> int:
        """Whole steps, the way continuous training runs them: in runs of steps between two pieces of
        bookkeeping (an epoch's end, a checkpoint), which are done once a run, not tested at every step
        (a step is so small that every statement around it counts). With zero_grad off, each step's own
        minibatch gradient is what backward added to ``.grad``."""
        model, step, record, clock = self.model, self._whole_step, self._recorder.record, time.perf_counter
        watch = not model.zero_grad
        self.phase = None  # a step just walked phase by phase is no longer the one shown
        done = 0
        finite = True
        while done < count and self.diverged_at is None:
            if self._batches is None:
                self._start_epoch()
            epoch, first = self.epochs_done + 1, self.batch_in_epoch
            run = min(count - done, self._epoch_batches - first, self._checkpoints.steps_to_next(self.step))
            k = 0
            for batch in self._batches:
                before = self._grad_vector() if watch else None
                step(model, batch[-2], batch[-1])
                k += 1
                finite = record(epoch, first + k, model.batch_cost)
                if before is not None:
                    self._recorder.record_fresh((self._grad_vector() - before).tolist())
                if k == run or not finite or clock() >= deadline:
                    break
            self._batch = batch
            done += k
            ended = self._count(k, finite)
            if (to_epoch_end and ended) or clock() >= deadline:
                break
        return done

    def run_epoch(self) -> bool:
        """Step to the end of the current epoch (a whole epoch from a boundary). False if diverged."""
        while self.run_batches(1 << 62, math.inf, to_epoch_end=True):
            if self.batch_in_epoch == 0:
                return self.diverged_at is None
        return False

    def run(self, epochs: int) -> bool:
        """Run ``epochs`` epochs; False if training diverged on the way."""
        return all(self.run_epoch() for _ in range(epochs))

    def _next_batch(self) -> Sequence[torch.Tensor]:
        """The next batch as the model's iterator gives it: (indices, X, y) from scratch, [X, y] from
        the DataLoader; X and y come last either way, and ``model.batch_indices`` tells its rows."""
        if self._batches is None:
            self._start_epoch()
        self._batch = next(self._batches)
        return self._batch

    def _watch_grad(self, phase: Phase) -> None:
        """Note what backward adds to ``.grad`` (called after the ZERO_GRAD and BACKWARD phases).

        With zero_grad off, ``.grad`` after backward is the old sum plus this minibatch's gradient
        (backward adds), so the difference to ``.grad`` before it is the fresh gradient that zero_grad
        would have left: shown beside the accumulated one, at the cost of one subtraction.
        """
        if phase is Phase.ZERO_GRAD:
            self._grad_before = None if self.model.zero_grad else self._grad_vector()
        else:
            before, self._grad_before = self._grad_before, None
            self._fresh = None if before is None else (self._grad_vector() - before).tolist()

    def _grad_vector(self) -> torch.Tensor | None:
        """A copy of (∂L/∂w, ∂L/∂b) as one (p + 1,) tensor; None before the first backward."""
        gw, gb = self.model.gradients()
        return None if gw is None or gb is None else torch.cat([gw, gb])

    def _start_epoch(self, batch_size: int | None = None, shuffle: bool | None = None) -> None:
        """Begin epoch ``epochs_done + 1`` with the current settings (or the given ones, on restore)."""
        self._epoch_batch_size = self.config.batch_size if batch_size is None else batch_size
        self._epoch_shuffle = self.config.shuffle if shuffle is None else shuffle
        generator = None
        if self._epoch_shuffle:
            generator = self._order_generator
            generator.manual_seed(epoch_seed(self.config.seed, self.epochs_done))
        self._batches = self.model.batches(self._epoch_batch_size, self.data.features, self.data.labels, generator)
        self._epoch_batches = math.ceil(self.data.n / self._epoch_batch_size)
        self.batch_in_epoch = 0

    def _complete_walked_step(self) -> None:
        """Record the step whose phases were just walked (``_step_phases`` is None again)."""
        finite = self._recorder.record(self.epochs_done + 1, self.batch_in_epoch + 1, self.model.batch_cost)
        if self._fresh is not None:
            self._recorder.record_fresh(self._fresh)
            self._fresh = None
        self._count(1, finite)

    def _count(self, steps: int, finite: bool) -> bool:
        """The bookkeeping after ``steps`` steps just recorded (the last one ``finite`` or not): the
        position, divergence, the epoch's end and the next checkpoint. True if the epoch has ended."""
        self.step += steps
        self.batch_in_epoch += steps
        if not finite:
            self.diverged_at = self.step
        ended = self.batch_in_epoch == self._epoch_batches
        if ended:
            self._batches = None
            self.epochs_done += 1
            self.batch_in_epoch = 0
            self._recorder.end_epoch(self.step, self.full_loss())
        if self._checkpoints.steps_to_next(self.step) <= 0:
            self._checkpoint()
        return ended

    # ----- step back -------------------------------------------------------------------------
    def _checkpoint(self) -> None:
        tensors, optimizer_state = capture_model(self.model)
        self._checkpoints.add(
            Checkpoint(
                step=self.step,
                epochs_done=self.epochs_done,
                batch_in_epoch=self.batch_in_epoch,
                epoch_batch_size=self._epoch_batch_size,
                epoch_shuffle=self._epoch_shuffle,
                config=self.config,
                tensors=tensors,
                optimizer_state=optimizer_state,
            )
        )

    def step_back(self) -> bool:
        """Undo the last step exactly (or the phases run of an unfinished one). False at the start.

        Restores the nearest earlier checkpoint and replays the steps after it with the settings they
        ran with, so parameters, gradients, optimizer state and the position in the batch order are
        all as they were; stepping forward again reproduces the same batches. The current settings
        stay in force from then on.
        """
        target = self.step if self.in_step else self.step - 1
        if target < 0:
            return False
        current = self.config
        checkpoint = self._checkpoints.rewind(target)
        self._restore(checkpoint)
        while self.step < target:
            self.step_batch()
        self._recorder.forget()  # the window truncates its own history
        self.config = current
        self.model.set_hyper(current.lr, current.reduction, current.zero_grad)
        if current != checkpoint.config:
            self._checkpoint()
        return True

    def _restore(self, checkpoint: Checkpoint) -> None:
        restore_model(self.model, checkpoint)
        self.config = checkpoint.config
        self.model.set_hyper(checkpoint.config.lr, checkpoint.config.reduction, checkpoint.config.zero_grad)
        self.step, self.epochs_done = checkpoint.step, checkpoint.epochs_done
        self.diverged_at = self._full_loss_at = None
        self._step_phases, self.phase, self._batch = None, None, None
        self._grad_before = self._fresh = None
        self.model.batch_cost = None
        self._recorder.forget()
        self._batches = None
        self.batch_in_epoch = 0
        if checkpoint.batch_in_epoch:
            self._start_epoch(checkpoint.epoch_batch_size, checkpoint.epoch_shuffle)
            for _ in range(checkpoint.batch_in_epoch):
                next(self._batches)
            self.batch_in_epoch = checkpoint.batch_in_epoch

    # ----- observation -----------------------------------------------------------------------
    def full_loss(self) -> float:
        """Mean squared error over the whole data set at the current parameters (the note's epoch loss).

        Remembered for the current step (parameters change only when a step completes): a run that
        stops at an epoch's end shows the loss the epoch end just computed instead of a second pass.
        """
        if self._full_loss_at is not None and self._full_loss_at[0] == self.step:
            return self._full_loss_at[1]
        loss = self._compute_full_loss()
        self._full_loss_at = (self.step, loss)
        return loss

    def _compute_full_loss(self) -> float:
        with torch.no_grad():
            loss = float(((self.model.predict(self.data.features) - self.data.labels) ** 2).mean())
            if math.isfinite(loss):
                return loss
            # Huge but finite parameters (the step before divergence) overflow float32, not float64:
            # report the true loss, so nothing shows inf while ``diverged_at`` is still None.
            w, b = self.model.parameters()
            residual = self.data.features.double() @ w.double() + b.double() - self.data.labels.double().reshape(-1)
            return float((residual**2).mean())

    def full_gradient(self) -> np.ndarray:
        """∇ of the full-data mean loss at the current (w, b), from the data's moments: 2(Gθ - c)."""
        w, b = self._recorder.leaf_arrays
        theta = np.concatenate([w, b]).astype(np.float64)
        gram, moment = self._moments
        return 2 * (gram @ theta - moment)

    def parameters(self) -> tuple[np.ndarray, float]:
        w, b = self._recorder.leaf_arrays
        return w.copy(), float(b[0])

    def gradients(self) -> tuple[np.ndarray, float]:
        """Current gradients; NaN where autograd has not produced one (yet, or after set-to-None)."""
        gw, gb = self.model.gradients()
        p = self.data.p
        grad_w = np.full(p, np.nan) if gw is None else gw.numpy().astype(np.float64)
        return grad_w, (math.nan if gb is None else float(gb))

    def current_batch(self, limit: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(indices, X, y) of the batch of the step under way or just done (its first ``limit`` rows);
        empty before the first step."""
        if self._batch is None:
            p = self.data.p
            return np.empty(0, np.int64), np.empty((0, p), np.float32), np.empty(0, np.float32)
        idx, X, y = (part[:limit] for part in (self.model.batch_indices(self._batch), *self._batch[-2:]))
        indices = idx.numpy() if isinstance(idx, torch.Tensor) else idx  # the DataLoader's batch sampler gives a list
        return np.array(indices, dtype=np.int64), X.numpy().copy(), y.numpy().reshape(-1).copy()

    def batch_loss(self) -> float:
        cost = self.model.batch_cost
        return math.nan if cost is None else cost.item()

    def sq_errors(self, reference_w: torch.Tensor | np.ndarray, reference_b: float) -> tuple[float, float]:
        """The note's "mse of parameter estimation": Σ (w - w_ref)², (b - b_ref)².

        In float64 (numpy, on the parameters' views: a snapshot takes two of these), so huge but
        finite parameters, the step before divergence, give a finite error rather than float32's inf.
        """
        w, b = self._recorder.leaf_arrays
        w_err = float(np.sum((w.astype(np.float64) - np.asarray(reference_w, dtype=np.float64)) ** 2))
        return w_err, (float(b[0]) - reference_b) ** 2

    def drain_history(self) -> StepHistory:
        """Hand over (and forget) the rows of the steps completed since the last drain."""
        return self._recorder.drain(self.step)

    def snapshot(
        self, generation: int = 0, full_loss: float | None = None, batch_limit: int | None = None, live: bool = False
    ) -> Snapshot:
        """Everything the window shows, copied (see ``observation.SnapshotBuilder``); drains the history."""
        return self._snapshots.build(self, generation, full_loss, batch_limit, live)
