"""Bridges the Qt-free trainer to the window: a worker QObject in a training process of its own,
and the window's handle on it, whose QThread reads what the process answers.

Why a process: Python runs one thread at a time (the GIL), and PySide6 keeps it while Qt paints, so
a training thread beside the window lost every millisecond the window drew. In its own process the
trainer has a core to itself; the window draws on another (``worker_process`` runs the worker).

Commands travel as messages; results come back as immutable snapshots. Continuous training runs in
slices on a zero-interval QTimer in the worker (never a blocking loop, so pause and lr changes are
handled between slices), and snapshots are paced to at most ~30 per second: each carries every step
since the previous one, so the loss curve misses nothing.

While running, at most one snapshot is on its way: the window acknowledges each one it has drawn
(``frameShown``), so a slow window never builds a queue. At full speed the pace also follows what a
frame costs the window: it is held to about ``UI_SHARE`` of a core (frames come less often when they
cost more), and what the trainer spends on snapshots stays small.
"""

from __future__ import annotations

import math
import time
import traceback
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal, Slot

from .core.config import DataConfig, TrainConfig
from .core.phases import PHASES
from .worker_process import AnswerReader, end_process, send, start_process

if TYPE_CHECKING:  # torch loads in the training process, never in the window's
    from .core.session import Session

SNAPSHOT_INTERVAL_S = 1 / 30
SLOWEST_FRAME_S = 0.5  # at full speed, a frame at least twice a second however costly it is
FRAME_TIMEOUT_S = 1.0
# At full speed, the fraction of a core the window may spend drawing: a frame of ~10 ms (the note's
# two features) comes about 12 times a second, one of ~30 ms (ten features, compare mode) 5 times.
# Each frame also costs the training ~1 ms, directly (build, pickle) and through the window's work
# on the other core: at ~18 frames a second the built-in loop ran ~1.5-2 % slower than at ~12.
UI_SHARE = 0.15
SLICE_S = 0.010
SLICE_STEPS = 1 << 30  # at full speed a slice ends by time, at the end of an epoch or at a target step
DISPLAY_POINTS = 20_000
BATCH_ROWS_SHOWN = 1_000
MAX_SPEED = 0.0  # steps per second; 0 means as fast as possible
PHASE_SPEED = 2.0  # at this speed or slower, running shows each phase of a step


CONTEXT = "TrainingWorker"  # the translation context of the worker's texts (spelled out for lupdate)


UNEXPECTED_END = QT_TRANSLATE_NOOP(
    "TrainingWorker", "The training process stopped unexpectedly (exit code {code}). A new one has started over."
)
FAILED_START = QT_TRANSLATE_NOOP("TrainingWorker", "The training process could not start (exit code {code}).")


class RunState:
    IDLE = "idle"
    RUNNING = "running"
    EPOCH = "epoch"  # running to the end of the current epoch


class TrainingWorker(QObject):
    """Owns the trainer; lives in the training process (``worker_process.serve`` runs it)."""

    snapshotReady = Signal(object)  # core.snapshot.Snapshot
    dataReady = Signal(object)  # core.snapshot.DataView
    sourceReady = Signal(str, object)  # implementation, its core.source.StepSource (read from the running code)
    runStateChanged = Signal(str)  # RunState value
    diverged = Signal(int)  # step at which the loss or a parameter became non-finite
    failed = Signal(str)  # an unexpected error, already formatted for the user
    # A save, load or export finished: what was done, for the status bar (an English text to translate,
    # and the fields to fill in: the window translates, so a language switch reaches these too).
    fileDone = Signal(str, object)
    fileFailed = Signal(str, object)  # it did not: why, naming the file or the field (fields None: as is)
    pong = Signal(int)  # answer to ping: every command sent before it has been handled

    def __init__(self, data_config: DataConfig, train_config: TrainConfig, impl: str = "scratch") -> None:
        super().__init__()
        self._data_config = data_config
        self._train_config = train_config
        self._impl = impl
        self._session: Session | None = None
        self._compare = False
        self._timer: QTimer | None = None
        self._generation = 0
        self._state = RunState.IDLE
        self._speed = MAX_SPEED
        self._full_loss = math.nan
        self._last_emit = 0.0
        self._run_start = (0.0, 0)  # (time.perf_counter(), step) when the current run started
        self._frame_pending = False  # a snapshot is on its way to the window and not yet drawn
        self._frame_interval = SNAPSHOT_INTERVAL_S
        self._ui_cpu: float | None = None  # the window's thread CPU time at its last acknowledgement
        self._target_step: int | None = None

    # ----- lifecycle ----------------------------------------------------------------------------
    @Slot()
    def setup(self) -> None:
        """Create the timer and the first data set, in the training process."""
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._guarded(self._build_data)

    @Slot()
    def shutdown(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._state = RunState.IDLE

    # ----- commands ----------------------------------------------------------------------------
    @Slot(object, object, str)
    def regenerate(self, data_config: DataConfig, train_config: TrainConfig, impl: str) -> None:
        """New data set; training restarts from its initial parameters."""
        self._data_config, self._train_config, self._impl = data_config, train_config, impl
        self._guarded(self._build_data)

    @Slot(object, str)
    def reset(self, train_config: TrainConfig, impl: str) -> None:
        """Same data, training back to the initial parameters and batch order of ``train_config.seed``."""
        self._train_config, self._impl = train_config, impl
        self._guarded(self._restart)

    @Slot(object)
    def setConfig(self, train_config: TrainConfig) -> None:
        self._train_config = train_config
        if self._session is not None:
            self._guarded(lambda: self._session.set_config(train_config))

    @Slot(bool, object, str)
    def setCompare(self, enabled: bool, train_config: TrainConfig, impl: str) -> None:
        """Compare mode trains both implementations side by side; switching it restarts the run."""
        self._compare = enabled
        self.reset(train_config, impl)

    @Slot(float)
    def setSpeed(self, steps_per_second: float) -> None:
        self._speed = steps_per_second
        if self._timer is not None and self._state != RunState.IDLE:
            self._timer.start(self._tick_interval_ms())

    @Slot()
    def stepBatch(self) -> None:
        self._guarded(lambda: self._manual(self._session.step_batch))

    @Slot()
    def stepPhase(self) -> None:
        self._guarded(lambda: self._manual(self._session.step_phase))

    @Slot()
    def stepBack(self) -> None:
        """Undo one step exactly; allowed after divergence too (that is how one backs out of it)."""
        self._guarded(lambda: self._manual(self._session.step_back, allow_diverged=True))

    @Slot()
    def runEpoch(self) -> None:
        self._start(RunState.EPOCH)

    @Slot()
    def run(self) -> None:
        self._start(RunState.RUNNING)

    @Slot(int)
    def runSteps(self, count: int) -> None:
        """Run ``count`` more steps at the chosen speed (used by ``--screenshot --steps N``)."""
        if self._session is not None:
            self._target_step = self._session.trainer.step + count
            self._start(RunState.RUNNING)

    @Slot()
    def pause(self) -> None:
        if self._state != RunState.IDLE:
            self._stop()

    @Slot(float)
    def frameShown(self, ui_cpu_s: float) -> None:
        """The window drew the last snapshot; ``ui_cpu_s`` is its thread's CPU time so far."""
        self._frame_pending = False
        if self._ui_cpu is not None and self._state != RunState.IDLE:
            frame_cost = ui_cpu_s - self._ui_cpu
            wanted = min(max(frame_cost / UI_SHARE, SNAPSHOT_INTERVAL_S), SLOWEST_FRAME_S)
            self._frame_interval += 0.5 * (wanted - self._frame_interval)  # smoothed: one slow frame is no trend
        self._ui_cpu = ui_cpu_s

    @Slot(int)
    def ping(self, token: int) -> None:
        """A barrier: commands are handled in order, so the pong follows all their answers."""
        self.pong.emit(token)

    # ----- files (the worker owns the tensors, so torch.save/load happen here) ---------------------
    @Slot(str)
    def saveModel(self, path: str) -> None:
        from .core.model_file import save_model

        w, b = self._session.trainer.model.parameters()
        self._file_action(
            lambda: save_model(path, w, b.item()), QT_TRANSLATE_NOOP("TrainingWorker", "Model saved to {path}"), path
        )

    @Slot(str)
    def loadModel(self, path: str) -> None:
        from .core.model_file import load_model

        def load() -> None:
            w, b = load_model(path, self._session.data.p)
            self._stop_quietly()
            self._session.load_parameters(w, b)
            self._generation += 1
            self._emit(full=True)

        done = QT_TRANSLATE_NOOP("TrainingWorker", "Model loaded from {path}: training continues from its parameters")
        self._file_action(load, done, path)

    @Slot(str)
    def exportLog(self, path: str) -> None:
        import io

        from .core.experiment import write_atomically

        def export() -> None:
            self._emit(full=False)  # drain the steps not yet logged
            buffer = io.StringIO()
            self._session.log.write_csv(buffer)
            write_atomically(path, buffer.getvalue().encode("utf-8"))

        done = QT_TRANSLATE_NOOP("TrainingWorker", "Training log ({steps} steps) exported to {path}")
        self._file_action(export, done, path, lambda: {"steps": f"{len(self._session.log):,}"})

    def _file_action(
        self, action: Callable[[], None], done: str, path: str, fields: Callable[[], dict[str, str]] = dict
    ) -> None:
        """File errors and refused files are expected: report them plainly, change nothing.

        ``fields`` gives the values of ``done``'s fields (besides ``path``) once ``action`` succeeded.
        """
        if self._session is None:
            self.fileFailed.emit(
                QT_TRANSLATE_NOOP("TrainingWorker", "The trainer is still loading; try again in a moment."), {}
            )
            return
        try:
            action()
        except (OSError, ValueError) as error:
            self.fileFailed.emit(str(error) if isinstance(error, ValueError) else path_error(error), None)
            return
        self.fileDone.emit(done, {"path": path, **fields()})

    # ----- internals ---------------------------------------------------------------------------
    def _guarded(self, action) -> None:
        """Run a command; an unexpected error pauses training and is reported, never raised into Qt."""
        try:
            action()
        except Exception as error:  # anything the trainer raises must reach the user, not end the process
            traceback.print_exc()
            if self._state != RunState.IDLE:
                self._set_state(RunState.IDLE)
                self._timer.stop()
            self.failed.emit(f"{type(error).__name__}: {error}")

    def _build_data(self) -> None:
        from .core.data import display_view, generate
        from .core.session import Session

        self._stop_quietly()
        data = generate(self._data_config)
        self._session = Session(data, self._train_config, self._impl, self._compare)
        self._generation += 1
        self.dataReady.emit(display_view(data, self._generation, DISPLAY_POINTS))
        self._emit_source()
        self._emit(full=True)

    def _restart(self) -> None:
        self._stop_quietly()
        self._session.reset(self._train_config, self._impl, self._compare)
        self._generation += 1
        self._emit_source()
        self._emit(full=True)

    def _emit_source(self) -> None:
        """The training step of the implementation now shown; read here, where torch is loaded."""
        from .core.source import step_source

        self.sourceReady.emit(self._impl, step_source(self._impl))

    def _manual(self, action, allow_diverged: bool = False) -> None:
        if self._session is None or self._state != RunState.IDLE:
            return
        if self._session.diverged_at is not None and not allow_diverged:
            return
        action()
        self._emit(full=True)
        self._report_divergence()

    def _start(self, state: str) -> None:
        if self._session is None or self._session.diverged_at is not None:
            return
        self._set_state(state)
        self._last_emit = time.perf_counter()
        self._run_start = (self._last_emit, self._session.trainer.step)
        self._timer.start(self._tick_interval_ms())

    def _stop(self) -> None:
        self._target_step = None
        self._timer.stop()
        self._emit(full=True)  # the final snapshot first: when "idle" arrives, the window is up to date
        self._set_state(RunState.IDLE)

    def _stop_quietly(self) -> None:
        self._target_step = None
        if self._timer is not None:
            self._timer.stop()
        if self._state != RunState.IDLE:
            self._set_state(RunState.IDLE)

    def _set_state(self, state: str) -> None:
        self._state = state
        self.runStateChanged.emit(state)

    def _phase_mode(self) -> bool:
        return 0 < self._speed <= PHASE_SPEED

    def _tick_interval_ms(self) -> int:
        if self._speed <= 0:
            return 0
        return max(1, round(1000 / (self._speed * (len(PHASES) if self._phase_mode() else 1))))

    @Slot()
    def _tick(self) -> None:
        self._guarded(self._run_slice)

    def _run_slice(self) -> None:
        """A slice of steps: ~10 ms' worth at full speed, else one step or, when slow, one phase."""
        session, trainer = self._session, self._session.trainer
        if self._phase_mode():
            if session.step_phase() is not None and trainer.in_step:
                self._emit(full=False)
                return
            stepped = trainer.diverged_at is None
        else:
            count = 1 if self._speed > 0 else SLICE_STEPS
            if self._target_step is not None:
                count = min(count, self._target_step - trainer.step)
            stepped = session.run_batches(count, time.perf_counter() + SLICE_S, self._state == RunState.EPOCH) > 0
        if trainer.diverged_at is not None:
            self._stop()
            self._report_divergence()
        elif stepped and (
            (self._state == RunState.EPOCH and trainer.batch_in_epoch == 0) or trainer.step == self._target_step
        ):
            self._stop()
        elif time.perf_counter() - self._last_emit >= self._pace() and not self._ends_within(self._pace()):
            self._emit(full=False)

    def _ends_within(self, seconds: float) -> bool:
        """True if the run will stop by itself (epoch end, target step) within ``seconds`` at its pace so
        far: its final snapshot comes soon, and a frame now would only slow the run down."""
        trainer = self._session.trainer
        if self._state == RunState.EPOCH:
            remaining = trainer.num_batches - trainer.batch_in_epoch
        elif self._target_step is not None:
            remaining = self._target_step - trainer.step
        else:
            return False
        started, first_step = self._run_start
        done, elapsed = trainer.step - first_step, time.perf_counter() - started
        return done > 0 and remaining * elapsed / done < seconds

    def _pace(self) -> float:
        """Seconds between running snapshots: every step when slow, adapted to the window at full speed.

        A window that acknowledges frames gets the next one only after drawing the last (a lost
        acknowledgement costs at most ``FRAME_TIMEOUT_S``); a receiver that never does is not held back.
        """
        if self._frame_pending and self._ui_cpu is not None:
            return FRAME_TIMEOUT_S
        if self._speed > 0:
            return min(1 / self._speed, SNAPSHOT_INTERVAL_S)
        return self._frame_interval

    def _report_divergence(self) -> None:
        if self._session.diverged_at is not None:
            self.diverged.emit(self._session.diverged_at)

    def _emit(self, full: bool) -> None:
        """Send a snapshot. ``full`` measures the full-data loss now (manual actions, pauses);
        otherwise the latest epoch-end value is shown, so running never pays for a data pass."""
        if full:
            self._full_loss = self._session.trainer.full_loss()
        snapshot = self._session.snapshot(self._generation, self._full_loss, BATCH_ROWS_SHOWN, live=not full)
        if len(snapshot.history.epoch_ends) and not full:
            self._full_loss = float(snapshot.history.epoch_ends[-1, 1])
        self._last_emit = time.perf_counter()
        self._frame_pending = True
        self.snapshotReady.emit(snapshot)


def path_error(error: OSError) -> str:
    """ "Cannot write /x/y.csv: Permission denied" rather than a bare errno tuple."""
    where = f" {error.filename}" if error.filename else ""
    return f"Cannot write{where}: {error.strerror or error}"


class TrainingThread(QObject):
    """GUI-thread handle on the training process: starts it, sends it the commands its request signals
    carry, and re-emits its answers here, in the GUI thread, so every receiver (a test's
    ``waitSignal`` included) runs there, whatever kind of callable it connected.

    ``thread`` reads the process's answers; it ends when the process does. Commands sent before
    :meth:`start` wait for it. Should the process die, ``failed`` says so and a new one starts over
    with the last data set, settings and implementation asked for.
    """

    snapshotReady = Signal(object)
    dataReady = Signal(object)
    sourceReady = Signal(str, object)
    runStateChanged = Signal(str)
    diverged = Signal(int)
    failed = Signal(str)
    fileDone = Signal(str)
    fileFailed = Signal(str)
    pong = Signal(int)

    frameShown = Signal(float)
    regenerateRequested = Signal(object, object, str)
    resetRequested = Signal(object, str)
    configChanged = Signal(object)
    speedChanged = Signal(float)
    stepBatchRequested = Signal()
    stepPhaseRequested = Signal()
    stepBackRequested = Signal()
    compareRequested = Signal(bool, object, str)
    saveModelRequested = Signal(str)
    loadModelRequested = Signal(str)
    exportLogRequested = Signal(str)
    pingRequested = Signal(int)
    runEpochRequested = Signal()
    runRequested = Signal()
    runStepsRequested = Signal(int)
    pauseRequested = Signal()

    def __init__(self, data_config: DataConfig, train_config: TrainConfig, impl: str, parent: QObject | None = None):
        super().__init__(parent)
        self._start_args = (data_config, train_config, impl)
        self.thread = AnswerReader()
        self.thread.setObjectName("TrainingThread")
        self.thread.answered.connect(self._answer, Qt.ConnectionType.QueuedConnection)
        self.process = None  # a multiprocessing.Process once started
        self._channel = None  # our end of the pipe to it
        self._waiting: list[tuple[str, tuple]] = []  # commands sent before start
        self._stopping = False
        self._answered = False  # by the current process (one that never did is not restarted)
        for signal, command in (
            (self.regenerateRequested, "regenerate"),
            (self.resetRequested, "reset"),
            (self.configChanged, "setConfig"),
            (self.speedChanged, "setSpeed"),
            (self.stepBatchRequested, "stepBatch"),
            (self.stepPhaseRequested, "stepPhase"),
            (self.stepBackRequested, "stepBack"),
            (self.compareRequested, "setCompare"),
            (self.saveModelRequested, "saveModel"),
            (self.loadModelRequested, "loadModel"),
            (self.exportLogRequested, "exportLog"),
            (self.pingRequested, "ping"),
            (self.frameShown, "frameShown"),
            (self.runEpochRequested, "runEpoch"),
            (self.runRequested, "run"),
            (self.runStepsRequested, "runSteps"),
            (self.pauseRequested, "pause"),
        ):
            signal.connect(partial(self._send, command))

    def start(self) -> None:
        self._stopping = self._answered = False
        self.process, self._channel = start_process(*self._start_args)
        self.thread.read(self._channel)
        waiting, self._waiting = self._waiting, []
        for command, args in waiting:
            self._send(command, *args)

    def stop(self, timeout_ms: int = 1000) -> bool:
        """Stop training and the process; True if the process and the reading thread ended within
        ``timeout_ms`` (a process that does not is killed)."""
        if self.process is None:
            return True
        self._stopping = True
        self._send("shutdown")
        ended = end_process(self.process, timeout_ms / 1000)
        finished = self.thread.wait(timeout_ms)
        self._channel.close()
        return ended and finished

    def _send(self, command: str, *args: object) -> None:
        if self._channel is None:
            self._waiting.append((command, args))
            return
        if command == "regenerate":  # a restarted process begins with the data and settings last asked for
            self._start_args = args
        elif command == "reset":
            self._start_args = (self._start_args[0], *args)
        with suppress(OSError):  # the process has gone: the reading thread reports it
            send(self._channel, (command, args))

    def _answer(self, answer: tuple[str, tuple] | None) -> None:
        """One answer of the process (None: it has ended), emitted as the signal of the same name."""
        if answer is None:
            self._ended()
            return
        self._answered = True
        name, args = answer
        if name in ("fileDone", "fileFailed"):
            text, fields = args
            if fields is not None:
                text = QCoreApplication.translate(CONTEXT, text).format(**fields)
            args = (text,)
        getattr(self, name).emit(*args)

    def _ended(self) -> None:
        """The process ended: as asked, or unexpectedly, which is reported and, if it had been
        working, mended by a new one (one that failed to start would only fail again)."""
        if self._stopping:
            return
        self.process.join(1.0)
        self.thread.wait()
        self._channel.close()
        restart = self._answered
        self.runStateChanged.emit(RunState.IDLE)
        text = UNEXPECTED_END if restart else FAILED_START
        self.failed.emit(QCoreApplication.translate(CONTEXT, text).format(code=self.process.exitcode))
        if restart:
            self.start()
