"""One trainer API over both implementations: step a batch, a phase or an epoch, and observe everything."""

from __future__ import annotations

import math
import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from itertools import chain

import numpy as np
import torch

from .builtin import BuiltinRegression
from .checkpoint import Checkpoint, capture_model, restore_model
from .config import IMPLEMENTATIONS, TrainConfig
from .data import SyntheticData
from .phases import Phase
from .scratch import ScratchRegression
from .snapshot import Snapshot, StepHistory, frozen_array
from .source import whole_step
from .validation import require

IMPLEMENTATION_CLASSES = {"scratch": ScratchRegression, "builtin": BuiltinRegression}
CHECKPOINT_EVERY = 256  # steps between recent checkpoints: Step Back replays at most this many (≈ 15 ms)
DENSE_CHECKPOINTS = 16  # the newest ones are kept at that spacing (the last 4,096 steps) ...
SPARSE_EVERY = 4096  # ... older ones about this many steps apart (and wherever a setting changed)
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


def _flat_view(tensor: torch.Tensor) -> np.ndarray:
    """A 1-D numpy view sharing the tensor's memory (reads the values as they change in place).

    ``copy=False`` raises rather than hand back a copy that would go stale.
    """
    return np.reshape(tensor.detach().numpy(), -1, copy=False)


def epoch_seed(seed: int, epoch: int) -> int:
    """The shuffle seed of one epoch: any epoch's order can be rebuilt without replaying the others."""
    return (seed + epoch * _GOLDEN) % 2**63


class Trainer:
    """Trains one implementation on one data set, batch by batch or phase by phase.

    Hyper-parameters that act per step (lr, reduction, zero_grad) apply from the next step; batch
    size and shuffle from the next epoch. A non-finite loss or parameter stops training at that step
    (``diverged_at``) until :meth:`reset`; nothing is raised.
    """

    def __init__(self, data: SyntheticData, config: TrainConfig | None = None, impl: str = "scratch") -> None:
        require(impl in IMPLEMENTATIONS, "impl", f"must be one of {', '.join(IMPLEMENTATIONS)}")
        self.data = data
        self.config = config or TrainConfig()
        self.impl_name = impl
        self._order_generator = torch.Generator()
        # What every snapshot compares with, ready in numpy (the data set is the trainer's for life).
        self._moments = (data.gram.numpy(), data.moment.numpy())
        self._truth = (np.asarray(data.config.true_w, dtype=np.float64), data.config.true_b)
        self._lstsq = (data.lstsq_w.numpy().astype(np.float64), data.lstsq_b)
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
        # numpy views of the parameters (updated in place, so they stay valid) and of the latest .grad
        # tensors: a step's row is read from them at a tenth of the cost of torch's own reads.
        self._leaves = self.model.leaves()
        self._leaf_arrays = tuple(_flat_view(leaf) for leaf in self._leaves)
        self._grad_w: torch.Tensor | None = None  # the .grad tensors the last step left ...
        self._grad_b: torch.Tensor | None = None
        self._grad_arrays: tuple[np.ndarray, ...] = ()  # ... and numpy views of them, once they persist
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
        # The rows of the steps since the last drain, back to back (see _record for the columns): one C
        # call a step and no object kept per step, and the drain reads them in place. The fresh
        # gradients of the steps whose .grad held more than their minibatch's (zero_grad off) are kept
        # aside with their row: the others' are their gradients.
        self._rows = array("d")
        self._row_width = 2 * self.data.p + 5
        self._fresh_rows: list[tuple[int, list[float]]] = []
        self._epoch_ends: list[tuple[int, float]] = []
        self._checkpoints: list[Checkpoint] = []
        self._checkpoint()

    def load_parameters(self, w: torch.Tensor, b: float) -> None:
        """Start a new run from the given parameters (a loaded model) instead of the initialisation."""
        self.reset()
        with torch.no_grad():
            leaf_w, leaf_b = self.model.leaves()
            leaf_w.copy_(w.reshape(leaf_w.shape))
            leaf_b.fill_(b)
        self._full_loss_at = None
        self._checkpoints = []
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
            self._start_step()
        phase = next(self._step_phases)
        if phase is Phase.ZERO_GRAD or phase is Phase.BACKWARD:
            self._watch_grad(phase)
        if phase is Phase.UPDATE:
            self._step_phases = None
            self._finish_step()
        self.phase = phase
        return phase

    def step_batch(self) -> bool:
        """One minibatch update (or the rest of one begun phase by phase). False if diverged."""
        if self.diverged_at is not None:
            return False
        if self._step_phases is None:
            if self.model.zero_grad:
                return self._whole_steps(1, math.inf, False) == 1
            self._start_step()
        for phase in self._step_phases:
            if phase is Phase.ZERO_GRAD or phase is Phase.BACKWARD:
                self._watch_grad(phase)
        self._step_phases = self.phase = None
        self._finish_step()
        return True

    def run_batches(self, count: int, deadline: float, to_epoch_end: bool = False) -> int:
        """Whole steps until ``count`` are done, ``time.perf_counter()`` passes ``deadline`` or, with
        ``to_epoch_end``, the epoch ends; the number done (fewer if training diverged)."""
        if self._step_phases is None and self.model.zero_grad:
            return self._whole_steps(count, deadline, to_epoch_end)
        return run_batches(self.step_batch, self, count, deadline, to_epoch_end)

    def _whole_steps(self, count: int, deadline: float, to_epoch_end: bool) -> int:
        """Whole steps with nothing to watch between their phases (zero_grad on: ``.grad`` will hold
        each minibatch's gradient alone), the way continuous training runs them: in runs of steps
        between two pieces of bookkeeping (an epoch's end, a checkpoint), which are done once a run,
        not tested at every step (every statement around a 50-110 µs step counts)."""
        model, step, record, clock = self.model, self._whole_step, self._record, time.perf_counter
        self.phase = None  # a step just walked phase by phase is no longer the one shown
        done = 0
        while done < count and self.diverged_at is None:
            if self._batches is None:
                self._start_epoch()
            epoch, first = self.epochs_done + 1, self.batch_in_epoch
            # Never past the epoch's end or the next checkpoint: each is at least one step away.
            to_checkpoint = self._checkpoints[-1].step + CHECKPOINT_EVERY - self.step
            run = min(count - done, self._epoch_batches - first, to_checkpoint)
            k = 0
            for batch in self._batches:
                step(model, batch[-2], batch[-1])
                k += 1
                finite = record(epoch, first + k)
                if k == run or not finite or clock() >= deadline:
                    break
            self._batch = batch
            done += k
            self.step += k
            self.batch_in_epoch += k
            if not finite:
                self.diverged_at = self.step
            ended = self._after_steps()
            if (to_epoch_end and ended) or clock() >= deadline:
                break
        return done

    def run_epoch(self) -> bool:
        """Step to the end of the current epoch (a whole epoch from a boundary). False if diverged."""
        while self.step_batch():
            if self.batch_in_epoch == 0:
                return True
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

    def _start_step(self) -> None:
        batch = self._next_batch()
        self._step_phases = self.model.train_step(batch[-2], batch[-1])

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

    def _finish_step(self) -> None:
        """Count and record the step just completed (its phases are done: ``_step_phases`` is None)."""
        self.step += 1
        self.batch_in_epoch += 1
        if not self._record(self.epochs_done + 1, self.batch_in_epoch):
            self.diverged_at = self.step
        if self._fresh is not None:
            self._fresh_rows.append((len(self._rows) // self._row_width - 1, self._fresh))
            self._fresh = None
        self._after_steps()

    def _after_steps(self) -> bool:
        """The bookkeeping after the steps just recorded: the epoch's end and the next checkpoint.
        True if the epoch has ended."""
        ended = self.batch_in_epoch == self._epoch_batches
        if ended:
            self._batches = None
            self.epochs_done += 1
            self.batch_in_epoch = 0
            self._epoch_ends.append((self.step, self.full_loss()))
        if self.step - self._checkpoints[-1].step >= CHECKPOINT_EVERY:
            self._checkpoint()
        return ended

    def _record(self, epoch: int, batch: int) -> bool:
        """Append the step just done to the rows as plain floats: epoch, batch, batch loss, w, b and
        their gradients (one list and one C call a step: at 50-110 µs a step, every object and call
        made per step counts). False if its loss or parameters are not finite (with lr > 0, a
        non-finite gradient makes the parameters so).

        Read through numpy views where the tensors persist (the parameters, which are updated in
        place, and ``.grad`` while backward keeps adding into the same tensor). A ``.grad`` that is
        new this step (the built-in optimizer's zero_grad sets it to None; a restore clones it) is
        read directly: its weights are (1, p) in the built-in model, (p, 1) from scratch. (Keeping
        the new ones and reading them all at the next snapshot in one torch call measured no faster.)
        """
        grad_w, grad_b = self._leaves[0].grad, self._leaves[1].grad
        if grad_w is self._grad_w and grad_b is self._grad_b:
            if not self._grad_arrays:
                self._grad_arrays = (_flat_view(grad_w), _flat_view(grad_b))
            gw, gb = self._grad_arrays
            grads = [*gw.tolist(), *gb.tolist()]
        else:
            self._grad_w, self._grad_b, self._grad_arrays = grad_w, grad_b, ()
            rows = grad_w.tolist()
            grads = [*(rows[0] if len(rows) == 1 else chain.from_iterable(rows)), *grad_b.tolist()]
        w, b = self._leaf_arrays
        loss, params = self.model.batch_cost.item(), [*w.tolist(), *b.tolist()]
        self._rows.fromlist([epoch, batch, loss, *params, *grads])  # fromlist: extend sizes the array per item
        return math.isfinite(sum(params, loss))

    def _forget_rows(self) -> None:
        self._rows, self._fresh_rows, self._epoch_ends = array("d"), [], []

    # ----- step back -------------------------------------------------------------------------
    def _checkpoint(self) -> None:
        tensors, optimizer_state = capture_model(self.model)
        self._checkpoints.append(
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
        self._thin_checkpoints()

    def _thin_checkpoints(self) -> None:
        """Drop the checkpoint that just left the dense window unless it is a sparse one or the first
        with new settings (replay runs with a checkpoint's settings): a million steps keep ~300, not
        ~16,000, and stepping back further than 4,096 steps replays at most 4,096."""
        index = len(self._checkpoints) - DENSE_CHECKPOINTS - 1
        if index < 1:
            return
        leaving, before = self._checkpoints[index], self._checkpoints[index - 1]
        if leaving.step - before.step < SPARSE_EVERY and leaving.config == before.config:
            del self._checkpoints[index]

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
        while len(self._checkpoints) > 1 and self._checkpoints[-1].step >= max(target, 1):
            self._checkpoints.pop()
        checkpoint = self._checkpoints[-1]
        self._restore(checkpoint)
        while self.step < target:
            self.step_batch()
        self._forget_rows()  # the window truncates its own history
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
        self._forget_rows()
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
        w, b = self._leaf_arrays
        theta = np.concatenate([w, b]).astype(np.float64)
        gram, moment = self._moments
        return 2 * (gram @ theta - moment)

    def parameters(self) -> tuple[np.ndarray, float]:
        w, b = self._leaf_arrays
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
        w, b = self._leaf_arrays
        w_err = float(np.sum((w.astype(np.float64) - np.asarray(reference_w, dtype=np.float64)) ** 2))
        return w_err, (float(b[0]) - reference_b) ** 2

    def drain_history(self) -> StepHistory:
        """Hand over (and forget) the rows of the steps completed since the last drain."""
        p = self.data.p
        table = np.frombuffer(self._rows, dtype=np.float64).reshape(-1, self._row_width)  # see _record for the columns
        first = self.step - len(table) + 1
        ends = np.array(self._epoch_ends, dtype=np.float64).reshape(-1, 2)
        positions = table[:, :2].astype(np.int64)
        fresh = None
        if self._fresh_rows:
            fresh = table[:, p + 4 :].copy()
            for row, values in self._fresh_rows:
                fresh[row] = values
        self._forget_rows()
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

    def snapshot(
        self, generation: int = 0, full_loss: float | None = None, batch_limit: int | None = None, live: bool = False
    ) -> Snapshot:
        """Everything the window shows, copied; drains the step history.

        ``full_loss`` is computed here unless the caller passes one (it costs a pass over the data);
        ``batch_limit`` caps the rows of the batch copied (a full batch of 10⁶ rows is not shown anyway).
        """
        w, b = self.parameters()
        grad_w, grad_b = self.gradients()
        w_err, b_err = self.sq_errors(*self._truth)
        w_err_ls, b_err_ls = self.sq_errors(*self._lstsq)
        idx, X, y = self.current_batch(batch_limit)
        ended = self.batch_in_epoch == 0 and self.step > 0
        full_grad = self.full_gradient()
        return Snapshot(
            generation=generation,
            impl=self.impl_name,
            step=self.step,
            epoch=self.epochs_done + (0 if ended or self.step == 0 else 1),
            batch=self.num_batches if ended else self.batch_in_epoch,
            num_batches=self.num_batches,
            epochs_done=self.epochs_done,
            phase=None if self.phase is None else self.phase.value,
            w=frozen_array(w),
            b=b,
            grad_w=frozen_array(grad_w),
            grad_b=grad_b,
            batch_loss=self.batch_loss(),
            full_loss=self.full_loss() if full_loss is None else full_loss,
            w_sq_error=w_err,
            b_sq_error=b_err,
            w_sq_error_lstsq=w_err_ls,
            b_sq_error_lstsq=b_err_ls,
            batch_indices=frozen_array(idx),
            batch_x=frozen_array(X),
            batch_y=frozen_array(y),
            diverged_at=self.diverged_at,
            history=self.drain_history(),
            full_grad_w=frozen_array(full_grad[:-1]),
            full_grad_b=float(full_grad[-1]),
            live=live,
        )


def run_batches(
    step_batch: Callable[[], bool], trainer: Trainer, count: int, deadline: float, to_epoch_end: bool
) -> int:
    """The loop of continuous training, kept tight (a step of the note's loop takes ≈ 50 µs, and the
    window is held to a few percent of that): ``step_batch`` steps ``trainer`` (and maybe a twin)."""
    done = 0
    clock = time.perf_counter
    while done < count and step_batch():
        done += 1
        if (to_epoch_end and trainer.batch_in_epoch == 0) or clock() >= deadline:
            break
    return done


def parameter_gap(a: Trainer, b: Trainer) -> tuple[float, float]:
    """max_j |w_j(a) - w_j(b)| and |b(a) - b(b)| right now."""
    (w1, b1), (w2, b2) = a.parameters(), b.parameters()
    return float(np.abs(w1 - w2).max()), abs(b1 - b2)


class Lockstep:
    """Both implementations side by side on the same data, initial parameters and batches.

    Tracks the largest |Δw| and |Δb| after any step: the evidence that "from scratch" and
    "built-in" are the same algorithm.
    """

    def __init__(self, data: SyntheticData, config: TrainConfig) -> None:
        self.scratch = Trainer(data, config, "scratch")
        self.builtin = Trainer(data, config, "builtin")
        self.max_dw = 0.0
        self.max_db = 0.0

    def step_batch(self) -> bool:
        """One step of each; False once either has diverged."""
        if not (self.scratch.step_batch() and self.builtin.step_batch()):
            return False
        dw, db = parameter_gap(self.scratch, self.builtin)
        self.max_dw, self.max_db = max(self.max_dw, dw), max(self.max_db, db)
        return True

    def run_epoch(self) -> bool:
        while self.step_batch():
            if self.scratch.batch_in_epoch == 0:
                return True
        return False
