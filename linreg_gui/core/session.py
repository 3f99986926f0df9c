"""What the window and the CLI train: one trainer, and in compare mode a twin of the other
implementation stepping in lockstep from the same initial parameters over the same batches (the
evidence that "from scratch" and "built-in" are the same algorithm)."""

from __future__ import annotations

import math
import time
from dataclasses import replace

import numpy as np

from .config import IMPLEMENTATIONS, TrainConfig
from .data import SyntheticData
from .phases import Phase
from .snapshot import CompareView, Snapshot
from .steplog import StepLog
from .trainer import Trainer


class Session:
    """Forwards every command to the trainer (and its twin) and tracks the largest gap between them."""

    def __init__(self, data: SyntheticData, config: TrainConfig, impl: str, compare: bool = False) -> None:
        self.data = data
        self.trainer = Trainer(data, config, impl)
        self.twin: Trainer | None = None
        self.log = StepLog(data.p)
        self.reset(config, impl, compare)

    def reset(self, config: TrainConfig, impl: str, compare: bool | None = None) -> None:
        if compare is None:
            compare = self.twin is not None
        self.trainer.reset(config, impl)
        other = next(name for name in IMPLEMENTATIONS if name != impl)
        self.twin = Trainer(self.data, config, other) if compare else None
        self.max_dw = self.max_db = 0.0
        self.log.clear()

    @property
    def diverged_at(self) -> int | None:
        return self.trainer.diverged_at

    def set_config(self, config: TrainConfig) -> None:
        self.trainer.set_config(config)
        if self.twin is not None:
            self.twin.set_config(config)

    def step_batch(self) -> bool:
        stepped = self.trainer.step_batch()
        if self.twin is not None and stepped:
            self.twin.step_batch()
            self._track_gap()
        return stepped

    def run_batches(self, count: int, deadline: float, to_epoch_end: bool = False) -> int:
        """Continuous training: see :meth:`Trainer.run_batches` (the twin keeps in step)."""
        if self.twin is None:
            return self.trainer.run_batches(count, deadline, to_epoch_end)
        done = 0
        while done < count and self.step_batch():
            done += 1
            if (to_epoch_end and self.trainer.batch_in_epoch == 0) or time.perf_counter() >= deadline:
                break
        return done

    def run_epoch(self) -> bool:
        """Step to the end of the current epoch (a whole epoch from a boundary). False if diverged."""
        while self.step_batch():
            if self.trainer.batch_in_epoch == 0:
                return True
        return False

    def step_phase(self) -> Phase | None:
        phase = self.trainer.step_phase()
        if self.twin is not None and phase is not None:
            self.twin.step_phase()
            self._track_gap()
        return phase

    def step_back(self) -> bool:
        back = self.trainer.step_back()
        if self.twin is not None and back:
            self.twin.step_back()
        self.log.truncate(self.trainer.step)
        return back

    def load_parameters(self, w, b: float) -> None:
        """Continue from a loaded model: a new run (and a new log) starting at those parameters."""
        self.trainer.load_parameters(w, b)
        if self.twin is not None:
            self.twin.load_parameters(w, b)
        self.max_dw = self.max_db = 0.0
        self.log.clear()

    def _track_gap(self) -> None:
        dw, db = parameter_gap(self.trainer, self.twin)
        if math.isfinite(dw + db):
            self.max_dw, self.max_db = max(self.max_dw, dw), max(self.max_db, db)

    def snapshot(
        self, generation: int, full_loss: float | None, batch_limit: int | None, live: bool = False
    ) -> Snapshot:
        snapshot = self.trainer.snapshot(generation, full_loss, batch_limit, live)
        self.log.append(snapshot.history, snapshot.impl)
        if self.twin is None:
            return snapshot
        view = CompareView(self.twin.impl_name, self.twin.drain_history(), self.max_dw, self.max_db)
        return replace(snapshot, compare=view)


def parameter_gap(a: Trainer, b: Trainer) -> tuple[float, float]:
    """max_j |w_j(a) - w_j(b)| and |b(a) - b(b)| right now."""
    (w1, b1), (w2, b2) = a.parameters(), b.parameters()
    return float(np.abs(w1 - w2).max()), abs(b1 - b2)
