"""The training step's source as students see it: read from the code that runs, never a copy."""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from .phases import Phase


@dataclass(frozen=True)
class StepSource:
    """The lines of an implementation's ``train_step`` without its ``yield`` markers, and which
    lines each phase runs (0-based indices into ``lines``). Plain, read-only data (strings, ints and
    the torch-free ``Phase``), so the worker can hand it to the window across threads."""

    lines: tuple[str, ...]
    phase_lines: Mapping[Phase, tuple[int, ...]]
    name: str = ""  # qualified name of the method shown, e.g. "ScratchRegression.train_step"

    def __reduce__(self):
        """Pickled as plain data (the training process sends it): a mapping proxy cannot be pickled."""
        return _step_source, (self.lines, dict(self.phase_lines), self.name)


def _step_source(lines: tuple[str, ...], phase_lines: dict[Phase, tuple[int, ...]], name: str) -> StepSource:
    return StepSource(lines, MappingProxyType(phase_lines), name)


@cache
def step_source(impl: str) -> StepSource:
    """Split ``train_step`` of ``impl`` at its ``yield Phase.X`` lines: what precedes a yield is that phase."""
    from .trainer import IMPLEMENTATION_CLASSES

    method = IMPLEMENTATION_CLASSES[impl].train_step
    code = textwrap.dedent(inspect.getsource(method))
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
    return StepSource(tuple(lines), MappingProxyType(phase_lines), method.__qualname__)
