"""Every message between the window and its training process, declared once as a frozen dataclass.

The window's side (``training_client``) sends commands and receives answers; the training process
(``training_server``) does the reverse. Both dispatch with ``match`` on the message's type, and only
this module is shared between them. No Qt and no torch here: both processes import it first.
Messages are pickled with protocol 5, which keeps the snapshots' read-only numpy arrays read-only.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from .core.config import DataConfig, TrainConfig

if TYPE_CHECKING:
    import numpy as np

    from .core.snapshot import DataView, Snapshot
    from .core.source import StepSource


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for translation in ``context``; the window translates it when it shows it."""
    return text


CONTEXT = "TrainingWorker"  # the translation context of the texts below (spelled out for lupdate)


class RunState:
    IDLE = "idle"
    RUNNING = "running"
    EPOCH = "epoch"  # running to the end of the current epoch


# ----- commands: window -> training process ------------------------------------------------------
@dataclass(frozen=True)
class Regenerate:
    """A new data set; training restarts from its initial parameters."""

    data: DataConfig
    train: TrainConfig
    impl: str


@dataclass(frozen=True)
class Reset:
    """Same data, back to the initial parameters and batch order of ``train.seed``."""

    train: TrainConfig
    impl: str


@dataclass(frozen=True)
class SetCompare:
    """Compare mode trains both implementations side by side; switching it restarts the run."""

    enabled: bool
    train: TrainConfig
    impl: str


@dataclass(frozen=True)
class SetConfig:
    """New settings without a reset: per-step ones from the next step, batch size and shuffle next epoch."""

    train: TrainConfig


@dataclass(frozen=True)
class SetSpeed:
    steps_per_second: float  # 0: as fast as possible


@dataclass(frozen=True)
class StepBatch:
    pass


@dataclass(frozen=True)
class StepPhase:
    pass


@dataclass(frozen=True)
class StepBack:
    """Undo one step exactly; allowed after divergence too (that is how one backs out of it)."""


@dataclass(frozen=True)
class Run:
    pass


@dataclass(frozen=True)
class RunEpoch:
    pass


@dataclass(frozen=True)
class RunSteps:
    """Run ``count`` more steps at the chosen speed (``--screenshot --steps N``, the benchmark)."""

    count: int


@dataclass(frozen=True)
class Pause:
    pass


@dataclass(frozen=True)
class FrameShown:
    """The window drew the last snapshot; ``ui_cpu_s`` is its GUI thread's CPU time so far."""

    ui_cpu_s: float


@dataclass(frozen=True)
class SaveModel:
    path: str


@dataclass(frozen=True)
class LoadModel:
    path: str


@dataclass(frozen=True)
class ExportLog:
    path: str


@dataclass(frozen=True)
class Ping:
    """A barrier: commands are handled in order, so the pong follows all their answers."""

    token: int


@dataclass(frozen=True)
class Shutdown:
    pass


# ----- what a run is made of: enough to rebuild it in a new process ----------------------------
@dataclass(frozen=True)
class LoadParameters:
    """A loaded model's parameters: a new run starts from them (journalled in place of ``LoadModel``)."""

    w: np.ndarray
    b: float


Position = tuple[int, int]  # (completed steps, phases run of the step under way)


@dataclass(frozen=True)
class Applied:
    """The training process carried out ``command`` at ``position``: one entry of the run's journal.

    A run is deterministic from its seeds, so how it began and then each settings change, step back
    or loaded model, each at the position it took effect, rebuild it exactly."""

    position: Position
    command: Start | SetConfig | StepBack | LoadParameters  # a Start begins a new run (and journal)


@dataclass(frozen=True)
class Start:
    """How a training process begins: a data set and a run, or a run rebuilt from its journal.

    ``journal`` replays (in order, each at its position) and training then continues to ``target``;
    ``generation`` is that of the run being rebuilt (0 for a fresh start)."""

    data: DataConfig
    train: TrainConfig
    impl: str
    compare: bool = False
    journal: tuple[Applied, ...] = ()
    target: Position | None = None
    generation: int = 0


# ----- answers: training process -> window ----------------------------------------------------
@dataclass(frozen=True)
class SnapshotReady:
    snapshot: Snapshot


@dataclass(frozen=True)
class DataReady:
    view: DataView


@dataclass(frozen=True)
class SourceReady:
    """The training step of the implementation now shown, read where torch is loaded."""

    impl: str
    source: StepSource


@dataclass(frozen=True)
class RunStateChanged:
    state: str  # a RunState value


@dataclass(frozen=True)
class Diverged:
    step: int  # where the loss or a parameter became non-finite


@dataclass(frozen=True)
class Failed:
    message: str  # an unexpected error, already formatted for the user


@dataclass(frozen=True)
class FileDone:
    """A save, load or export finished: an English text (in ``CONTEXT``) and the fields to fill in."""

    text: str
    fields: dict[str, str]


@dataclass(frozen=True)
class FileFailed:
    """It did not: why, naming the file or the field. ``fields`` None: ``text`` is shown as it is."""

    text: str
    fields: dict[str, str] | None


@dataclass(frozen=True)
class Pong:
    token: int


@dataclass(frozen=True)
class Recovered:
    """A training process started from a journal has rebuilt the run up to ``step``."""

    step: int


Command = (
    Regenerate | Reset | SetCompare | SetConfig | SetSpeed | StepBatch | StepPhase | StepBack | Run | RunEpoch
    | RunSteps | Pause | FrameShown | SaveModel | LoadModel | ExportLog | Ping | Shutdown
)  # fmt: skip
Answer = (
    SnapshotReady | DataReady | SourceReady | RunStateChanged | Diverged | Failed | FileDone | FileFailed | Pong
    | Applied | Recovered
)  # fmt: skip

# Commands a later one of the same type makes pointless when both are still waiting to be sent.
SUPERSEDING = (SetConfig, SetSpeed, FrameShown)

MODEL_SAVED = QT_TRANSLATE_NOOP("TrainingWorker", "Model saved to {path}")
MODEL_LOADED = QT_TRANSLATE_NOOP("TrainingWorker", "Model loaded from {path}: training continues from its parameters")
LOG_EXPORTED = QT_TRANSLATE_NOOP("TrainingWorker", "Training log ({steps} steps) exported to {path}")
STILL_LOADING = QT_TRANSLATE_NOOP("TrainingWorker", "The trainer is still loading; try again in a moment.")


def encode(message: Command | Answer) -> bytes:
    return pickle.dumps(message, protocol=5)


def decode(data: bytes) -> Command | Answer:
    return pickle.loads(data)


def receive(channel: Connection) -> Command | Answer:
    return decode(channel.recv_bytes())
