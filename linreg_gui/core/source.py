"""The training step's source as students see it: read from the code that runs, never a copy."""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from .phases import Phase


@dataclass(frozen=True)
class StepSource:
    """The lines of an implementation's ``train_step`` without its ``yield`` markers, and which
    lines each phase runs (0-based indices into ``lines``). Plain, read-only data (strings, ints and
    the torch-free ``Phase``), so the training process can hand it to the window."""

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
    from .implementation import IMPLEMENTATION_CLASSES  # torch: here, not where the window unpickles a StepSource

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


@cache
def whole_step(impl: str) -> Callable[..., None]:
    """``train_step`` of ``impl`` compiled without its ``yield Phase.X`` lines: the same statements,
    in the same order and with the same globals, as a plain method ``(model, X, y)``.

    Whole steps with nothing to watch between the phases run through it: creating and resuming a
    generator is a noticeable share of a step this small.
    Compiled from the source the window shows, so the code that runs is still the code shown.
    """
    from .implementation import IMPLEMENTATION_CLASSES

    method = IMPLEMENTATION_CLASSES[impl].train_step
    lines, first_line = inspect.getsourcelines(method)
    module = ast.parse(textwrap.dedent("".join(lines)))
    function = module.body[0]
    function.body = [
        statement
        for statement in function.body
        if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Yield))
    ]
    function.returns = None  # not an iterator of phases any more
    ast.increment_lineno(module, first_line - 1)  # tracebacks point at the lines shown
    code = compile(module, inspect.getsourcefile(method), "exec")
    namespace: dict[str, Callable[..., None]] = {}
    exec(code, method.__globals__, namespace)
    step = namespace[function.name]
    if inspect.isgeneratorfunction(step):
        raise TypeError(f"{method.__qualname__}: every yield must be a statement of its own at the top level")
    return step
