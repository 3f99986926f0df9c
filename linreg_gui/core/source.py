"""The training step's source as students see it: read from the code that runs, never a copy."""

from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass
from functools import cache

from .phases import Phase


@dataclass(frozen=True)
class StepSource:
    """The lines of an implementation's ``train_step`` without its ``yield`` markers, and which
    lines each phase runs (0-based indices into ``lines``)."""

    lines: tuple[str, ...]
    phase_lines: dict[Phase, tuple[int, ...]]


@cache
def step_source(impl: str) -> StepSource:
    """Split ``train_step`` of ``impl`` at its ``yield Phase.X`` lines: what precedes a yield is that phase."""
    from .trainer import IMPLEMENTATION_CLASSES

    code = textwrap.dedent(inspect.getsource(IMPLEMENTATION_CLASSES[impl].train_step))
    lines: list[str] = []
    phase_lines: dict[Phase, tuple[int, ...]] = {}
    pending: list[int] = []
    for raw in code.splitlines():
        stripped = raw.strip()
        if stripped.startswith("yield Phase."):
            phase_lines[Phase[stripped.removeprefix("yield Phase.")]] = tuple(pending)
            pending = []
            continue
        if stripped and not stripped.startswith(("def ", '"""')) and not raw.startswith("@"):
            pending.append(len(lines))
        lines.append(raw)
    return StepSource(tuple(lines), phase_lines)
