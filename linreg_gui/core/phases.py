"""The five phases of one training step, in the order both implementations run them."""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    FORWARD = "forward"
    LOSS = "loss"
    ZERO_GRAD = "zero_grad"
    BACKWARD = "backward"
    UPDATE = "update"


PHASES: tuple[Phase, ...] = tuple(Phase)
