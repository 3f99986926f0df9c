"""What the window trains: one trainer, and in compare mode a twin of the other implementation
stepping in lockstep from the same initial parameters over the same batches."""

from __future__ import annotations

import math
from dataclasses import replace

from .config import IMPLEMENTATIONS, TrainConfig
from .data import SyntheticData
from .phases import Phase
from .snapshot import CompareView, Snapshot
from .steplog import StepLog
from .trainer import Trainer, parameter_gap, run_batches


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
        return run_batches(self.step_batch, self.trainer, count, deadline, to_epoch_end)

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
