"""The per-step training log as CSV: one format for the CLI's ``--log-csv`` and the window's export."""

from __future__ import annotations

import csv
import math
from typing import TextIO

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
        full = {int(step): loss for step, loss in history.epoch_ends}
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
