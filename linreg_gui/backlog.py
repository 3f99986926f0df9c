"""What of a backlog of commands the training process still has to do: the ones a later command makes
pointless are dropped, so a burst of clicks costs what its last click costs.

The training process reads every command waiting in its pipe and does only :func:`reduce_backlog` of
them. A new run (Regenerate, Reset, compare on or off) supersedes the steps, runs, pauses and settings
before it, and several new runs in a row fold into one :class:`Restart` with the same outcome. Commands
whose effect outlives a run (speed, frame pacing) are kept; file actions and pings are barriers, never
reordered or crossed (a save after three steps saves the model after those steps). Steps after the
last new run are all kept: they are what the user asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from .core.config import DataConfig, TrainConfig
from .protocol import (
    SUPERSEDING,
    Command,
    FrameShown,
    Pause,
    Regenerate,
    Reset,
    Run,
    RunEpoch,
    RunSteps,
    SetCompare,
    SetConfig,
    SetSpeed,
    StepBack,
    StepBatch,
    StepPhase,
)

RESTARTS = (Regenerate, Reset, SetCompare)
SUPERSEDED_BY_RESTART = (*RESTARTS, SetConfig, StepBatch, StepPhase, StepBack, Run, RunEpoch, RunSteps, Pause)
OUTLIVING_A_RUN = (SetSpeed, FrameShown)


@dataclass(frozen=True)
class Restart:
    """Several new runs in a row, as one: the data of the last Regenerate among them (None: the data
    stays), the settings and implementation of the last one, compare mode of the last SetCompare (None:
    it stays)."""

    data: DataConfig | None
    train: TrainConfig
    impl: str
    compare: bool | None


def reduce_backlog(commands: list[Command]) -> list[Command | Restart]:
    """``commands`` (in the order sent) without those a later one supersedes; the same outcome."""
    reduced: list[Command | Restart] = []
    stretch: list[Command] = []
    for command in commands:
        if isinstance(command, SUPERSEDED_BY_RESTART + OUTLIVING_A_RUN):
            stretch.append(command)
        else:
            reduced += _reduce_stretch(stretch)
            reduced.append(command)
            stretch = []
    return reduced + _reduce_stretch(stretch)


def _reduce_stretch(commands: list[Command]) -> list[Command | Restart]:
    """A stretch without barriers: from its last new run on, with the new runs before folded into it."""
    last = max((i for i, c in enumerate(commands) if isinstance(c, RESTARTS)), default=None)
    if last is None:
        return _coalesce(commands)
    restarts = [c for c in commands[: last + 1] if isinstance(c, RESTARTS)]
    kept = [c for c in commands[:last] if isinstance(c, OUTLIVING_A_RUN)]
    restart = restarts[0] if len(restarts) == 1 else _fold(restarts)
    return _coalesce([*kept, restart, *commands[last + 1 :]])


def _fold(restarts: list[Regenerate | Reset | SetCompare]) -> Restart:
    data = next((c.data for c in reversed(restarts) if isinstance(c, Regenerate)), None)
    compare = next((c.enabled for c in reversed(restarts) if isinstance(c, SetCompare)), None)
    return Restart(data, restarts[-1].train, restarts[-1].impl, compare)


def _coalesce(commands: list[Command | Restart]) -> list[Command | Restart]:
    """Of a run of the same ``SUPERSEDING`` kind, the last; of the speed changes, the last (nothing
    runs between commands of one backlog, so only the final speed matters)."""
    last_speed = max((i for i, c in enumerate(commands) if isinstance(c, SetSpeed)), default=None)
    kept: list[Command | Restart] = []
    for i, command in enumerate(commands):
        if isinstance(command, SetSpeed) and i != last_speed:
            continue
        if kept and isinstance(command, SUPERSEDING) and type(kept[-1]) is type(command):
            kept[-1] = command
        else:
            kept.append(command)
    return kept
