"""The per-step training log as CSV: one format for the CLI's ``--log-csv`` and the window's export."""

from __future__ import annotations

import csv
import math
from dataclasses import replace
from typing import TextIO

import numpy as np

from .snapshot import StepHistory


def csv_columns(p: int) -> list[str]:
    weights = [f"w{j}" for j in range(1, p + 1)]
    return [
        "step",
        "epoch",
        "batch",
        "batch_loss",
        "full_loss",
        *weights,
        "b",
        *(f"grad_{name}" for name in weights),
        "grad_b",
        "impl",
    ]


class StepLogWriter:
    """Appends drained :class:`StepHistory` chunks to an open text file, header first."""

    def __init__(self, stream: TextIO, p: int) -> None:
        self._writer = csv.writer(stream)
        self._writer.writerow(csv_columns(p))

    def write(self, history: StepHistory, impl: str) -> None:
        full = {int(step): float(loss) for step, loss in history.epoch_ends}
        for k, step in enumerate(history.steps):
            full_loss = full.get(int(step), math.nan)
            self._writer.writerow(
                [
                    int(step),
                    int(history.epochs[k]),
                    int(history.batches[k]),
                    repr(float(history.batch_loss[k])),
                    "" if math.isnan(full_loss) else repr(full_loss),
                    *(repr(float(v)) for v in history.params[k]),
                    *(repr(float(v)) for v in history.grads[k]),
                    impl,
                ]
            )


class StepLog:
    """Every step of the current run, kept for export: the drained chunks as they came, with the
    implementation that ran them (a switch mid-lecture starts a new run, but the log says which)."""

    def __init__(self, p: int) -> None:
        self.p = p
        self._chunks: list[tuple[StepHistory, str]] = []

    def __len__(self) -> int:
        return sum(len(history) for history, _ in self._chunks)

    def append(self, history: StepHistory, impl: str) -> None:
        if len(history) or len(history.epoch_ends):
            self._chunks.append((_compact(history), impl))

    def clear(self) -> None:
        self._chunks = []

    def truncate(self, step: int) -> None:
        """Forget the steps after ``step`` (Step Back)."""
        kept = []
        for history, impl in self._chunks:
            keep = history.steps <= step
            if keep.all():
                kept.append((history, impl))
            elif keep.any():
                ends = history.epoch_ends[history.epoch_ends[:, 0] <= step]
                kept.append((_slice(history, keep, ends), impl))
        self._chunks = kept

    def write_csv(self, stream: TextIO) -> None:
        writer = StepLogWriter(stream, self.p)
        for history, impl in self._chunks:
            writer.write(history, impl)


def _compact(history: StepHistory) -> StepHistory:
    """The log's copy, half the size: the trainer's values are float32 tensors to begin with, so float32
    storage loses nothing (the CSV shows the same digits), and the CSV has no column for ``grads_fresh``."""
    return replace(
        history,
        epochs=history.epochs.astype(np.int32),
        batches=history.batches.astype(np.int32),
        batch_loss=history.batch_loss.astype(np.float32),
        params=history.params.astype(np.float32),
        grads=history.grads.astype(np.float32),
        grads_fresh=None,
    )


def _slice(history: StepHistory, rows, epoch_ends) -> StepHistory:
    return StepHistory(
        steps=history.steps[rows],
        epochs=history.epochs[rows],
        batches=history.batches[rows],
        batch_loss=history.batch_loss[rows],
        params=history.params[rows],
        grads=history.grads[rows],
        epoch_ends=epoch_ends,
        grads_fresh=None if history.grads_fresh is None else history.grads_fresh[rows],
    )
