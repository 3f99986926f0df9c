"""The training process: a plain loop (no Qt) that trains in slices and handles commands between them.

It owns the trainer (``core.session``) and answers with immutable snapshots. Between slices of
~10 ms it polls its command pipe (``Connection.poll`` works the same on every platform; idle, it
waits there); answers leave from a thread of their own (``Outbox``), so a window that reads slowly
never holds the training up. Every command that shapes the run is echoed as an ``Applied`` journal
entry, with the position it took effect at: the window keeps the journal and a new process rebuilds
the run from it should this one die.
"""

from __future__ import annotations

import io
import math
import queue
import signal
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection

import torch

from .backlog import Restart, reduce_backlog
from .core.data import display_view, generate
from .core.experiment import write_atomically
from .core.model_file import load_model, save_model
from .core.phases import PHASES
from .core.session import Session
from .core.source import step_source
from .gc_policy import YoungCollector, refreeze_on_new_run
from .pacing import FramePacer
from .protocol import (
    LOG_EXPORTED,
    MODEL_LOADED,
    MODEL_SAVED,
    STILL_LOADING,
    Answer,
    Applied,
    Command,
    DataReady,
    Diverged,
    ExportLog,
    Failed,
    FileDone,
    FileFailed,
    FrameShown,
    LoadModel,
    LoadParameters,
    Pause,
    Ping,
    Pong,
    Position,
    Recovered,
    Regenerate,
    Reset,
    Run,
    RunEpoch,
    RunState,
    RunStateChanged,
    RunSteps,
    SaveModel,
    SetCompare,
    SetConfig,
    SetSpeed,
    Shutdown,
    SnapshotReady,
    SourceReady,
    Start,
    StepBack,
    StepBatch,
    StepPhase,
    encode,
    receive,
)

SLICE_S = 0.010
SLICE_STEPS = 1 << 30  # at full speed a slice ends by time, at the end of an epoch or at a target step
DISPLAY_POINTS = 20_000
BATCH_ROWS_SHOWN = 1_000
PHASE_SPEED = 2.0  # at this speed or slower, running shows each phase of a step


class TrainingServer:
    """Carries out commands and runs slices of training; ``post`` sends each answer to the window."""

    def __init__(self, post: Callable[[Answer], None]) -> None:
        self._post = post
        self._session: Session | None = None
        self._start: Start | None = None  # how the current run began (data, settings, implementation, compare)
        self._generation = 0
        self._state = RunState.IDLE
        self._speed = 0.0
        self._full_loss = math.nan
        self._last_emit = 0.0
        self._run_start = (0.0, 0)  # (time.perf_counter(), step) when the current run started
        self._next_tick: float | None = None  # when the next slice is due; None: idle
        self._target_step: int | None = None
        self._pacer = FramePacer()
        self._refreeze = refreeze_on_new_run()

    # ----- the loop's view ------------------------------------------------------------------------
    def seconds_to_next_slice(self) -> float | None:
        """None when idle: nothing to do until a command comes."""
        if self._next_tick is None:
            return None
        return max(0.0, self._next_tick - time.perf_counter())

    def run_slice_if_due(self) -> None:
        if self._next_tick is not None and time.perf_counter() >= self._next_tick:
            self._next_tick = time.perf_counter() + self._tick_interval()
            self._guarded(self._run_slice)

    # ----- commands ----------------------------------------------------------------------------
    def begin(self, start: Start) -> None:
        """The first data set and run, or the run of ``start.journal`` rebuilt up to ``start.target``."""
        self._guarded(lambda: self._begin(start))

    def handle(self, command: Command | Restart) -> None:
        match command:
            case Restart():
                self._guarded(lambda: self._restart(command))
            case Regenerate(data, train, impl):
                self._guarded(lambda: self._new_run(Start(data, train, impl, self._compare()), new_data=True))
            case Reset(train, impl):
                self._guarded(lambda: self._new_run(Start(self._start.data, train, impl, self._compare())))
            case SetCompare(enabled, train, impl):
                self._guarded(lambda: self._new_run(Start(self._start.data, train, impl, enabled)))
            case SetConfig(train):
                self._guarded(lambda: self._set_config(train))
            case SetSpeed(speed):
                self._speed = speed
                if self._state != RunState.IDLE:
                    self._next_tick = time.perf_counter() + self._tick_interval()
            case StepBatch():
                self._guarded(lambda: self._manual(lambda: self._session.step_batch()))
            case StepPhase():
                self._guarded(lambda: self._manual(lambda: self._session.step_phase()))
            case StepBack():
                self._guarded(lambda: self._manual(self._step_back, allow_diverged=True))
            case Run():
                self._start_running(RunState.RUNNING)
            case RunEpoch():
                self._start_running(RunState.EPOCH)
            case RunSteps(count):
                if self._session is not None:
                    self._target_step = self._session.trainer.step + count
                    self._start_running(RunState.RUNNING)
            case Pause():
                if self._state != RunState.IDLE:
                    self._stop()
            case FrameShown(ui_cpu_s):
                self._pacer.shown(ui_cpu_s, running=self._state != RunState.IDLE)
            case SaveModel(path):
                self._file_action(lambda: self._save(path), MODEL_SAVED, path)
            case LoadModel(path):
                self._file_action(lambda: self._load(path), MODEL_LOADED, path)
            case ExportLog(path):
                self._file_action(
                    lambda: self._export(path), LOG_EXPORTED, path, lambda: {"steps": f"{len(self._session.log):,}"}
                )
            case Ping(token):
                self._post(Pong(token))
            case Shutdown():
                self._stop_quietly()
            case _:
                raise TypeError(f"not a command: {command!r}")

    def handle_backlog(self, commands: list[Command]) -> bool:
        """The commands that waited, less those a later one supersedes (``backlog``); False once told to
        shut down."""
        for command in reduce_backlog(commands):
            self.handle(command)
            if isinstance(command, Shutdown):
                return False
        return True

    # ----- runs and their journal --------------------------------------------------------------
    def _begin(self, start: Start) -> None:
        if not start.journal and start.target is None:
            self._new_run(start)
            return
        post, self._post = self._post, lambda _answer: None  # the window has seen all this already
        try:
            self._new_run(start)
            for entry in start.journal:
                self._advance(entry.position)
                self._apply(entry.command)
            if start.target is not None:
                self._advance(start.target)
            self._session.snapshot(self._generation, math.nan, 0)  # the steps replayed: logged, not shown again
        finally:
            self._post = post
        self._generation = start.generation  # the same run: the window keeps its history
        self._emit(full=True)
        self._post(Recovered(self._session.trainer.step))

    def _compare(self) -> bool:
        return self._start is not None and self._start.compare

    def _new_run(self, start: Start, new_data: bool = False) -> None:
        """A new run: with data drawn anew if ``new_data`` or ``start.data`` differs, else on the same
        data from the initial parameters."""
        self._stop_quietly()
        new_data = new_data or self._session is None or start.data != self._start.data
        self._start = start
        if new_data:
            data = generate(start.data)
            self._session = Session(data, start.train, start.impl, start.compare)
        else:
            self._session.reset(start.train, start.impl, start.compare)
        self._generation += 1
        self._post(Applied((0, 0), Start(start.data, start.train, start.impl, start.compare)))
        if new_data:
            self._post(DataReady(display_view(self._session.data, self._generation, DISPLAY_POINTS)))
        self._post(SourceReady(start.impl, step_source(start.impl)))
        self._emit(full=True)

    def _restart(self, restart: Restart) -> None:
        data = self._start.data if restart.data is None else restart.data
        compare = self._compare() if restart.compare is None else restart.compare
        self._new_run(Start(data, restart.train, restart.impl, compare), new_data=restart.data is not None)

    def _apply(self, command: Start | SetConfig | StepBack | LoadParameters) -> None:
        """A journal entry, replayed in a new process."""
        match command:
            case Start():
                self._new_run(command)
            case SetConfig(train):
                self._session.set_config(train)
            case StepBack():
                self._session.step_back()
            case LoadParameters(w, b):
                self._session.load_parameters(torch.from_numpy(w.copy()), b)

    def _position(self) -> Position:
        trainer = self._session.trainer
        return trainer.step, (PHASES.index(trainer.phase) + 1 if trainer.in_step else 0)

    def _advance(self, position: Position) -> None:
        """Train on to ``position`` (the steps a journal says were taken), or until divergence."""
        session, trainer = self._session, self._session.trainer
        step = position[0]
        while trainer.in_step and trainer.step < step and session.diverged_at is None:
            session.step_batch()
        while trainer.step < step and session.diverged_at is None:
            session.run_batches(step - trainer.step, math.inf)
        while self._position() < position and session.step_phase() is not None:
            pass

    def _set_config(self, train) -> None:
        if self._session is not None and train != self._session.trainer.config:
            self._session.set_config(train)
            self._post(Applied(self._position(), SetConfig(train)))

    def _step_back(self) -> None:
        position = self._position()
        if self._session.step_back():
            self._post(Applied(position, StepBack()))

    # ----- files (the tensors are here, so torch.save/load happen here) --------------------------
    def _save(self, path: str) -> None:
        w, b = self._session.trainer.model.parameters()
        save_model(path, w, b.item())

    def _load(self, path: str) -> None:
        w, b = load_model(path, self._session.data.p)
        self._stop_quietly()
        position = self._position()
        self._session.load_parameters(w, b)
        self._post(Applied(position, LoadParameters(w.numpy().copy(), b)))
        self._generation += 1
        self._emit(full=True)

    def _export(self, path: str) -> None:
        self._emit(full=False)  # drain the steps not yet logged
        buffer = io.StringIO()
        self._session.log.write_csv(buffer)
        write_atomically(path, buffer.getvalue().encode("utf-8"))

    def _file_action(
        self, action: Callable[[], None], done: str, path: str, fields: Callable[[], dict[str, str]] = dict
    ) -> None:
        """File errors and refused files are expected: report them plainly, change nothing.

        ``fields`` gives the values of ``done``'s fields (besides ``path``) once ``action`` succeeded.
        """
        if self._session is None:
            self._post(FileFailed(STILL_LOADING, {}))
            return
        try:
            action()
        except (OSError, ValueError) as error:
            self._post(FileFailed(str(error) if isinstance(error, ValueError) else path_error(error), None))
            return
        self._post(FileDone(done, {"path": path, **fields()}))

    # ----- running -----------------------------------------------------------------------------
    def _guarded(self, action: Callable[[], object]) -> None:
        """Run a command; an unexpected error pauses training and is reported, never raised."""
        try:
            action()
        except Exception as error:  # anything the trainer raises must reach the user, not end the process
            traceback.print_exc()
            if self._state != RunState.IDLE:
                self._set_state(RunState.IDLE)
                self._next_tick = None
            self._post(Failed(f"{type(error).__name__}: {error}"))

    def _manual(self, action: Callable[[], object], allow_diverged: bool = False) -> None:
        if self._session is None or self._state != RunState.IDLE:
            return
        if self._session.diverged_at is not None and not allow_diverged:
            return
        action()
        self._emit(full=True)
        self._report_divergence()

    def _start_running(self, state: str) -> None:
        if self._session is None or self._session.diverged_at is not None:
            return
        self._set_state(state)
        self._last_emit = time.perf_counter()
        self._run_start = (self._last_emit, self._session.trainer.step)
        self._next_tick = self._last_emit + self._tick_interval()

    def _stop(self) -> None:
        self._target_step = self._next_tick = None
        self._emit(full=True)  # the final snapshot first: when "idle" arrives, the window is up to date
        self._set_state(RunState.IDLE)

    def _stop_quietly(self) -> None:
        self._target_step = self._next_tick = None
        if self._state != RunState.IDLE:
            self._set_state(RunState.IDLE)

    def _set_state(self, state: str) -> None:
        self._state = state
        self._post(RunStateChanged(state))

    def _phase_mode(self) -> bool:
        return 0 < self._speed <= PHASE_SPEED

    def _tick_interval(self) -> float:
        if self._speed <= 0:
            return 0.0
        return max(0.001, 1 / (self._speed * (len(PHASES) if self._phase_mode() else 1)))

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
        else:
            pace = self._pacer.pace(self._speed)
            if time.perf_counter() - self._last_emit >= pace and not self._ends_within(pace):
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

    def _report_divergence(self) -> None:
        if self._session.diverged_at is not None:
            self._post(Diverged(self._session.diverged_at))

    def _emit(self, full: bool) -> None:
        """Send a snapshot. ``full`` measures the full-data loss now (manual actions, pauses);
        otherwise the latest epoch-end value is shown, so running never pays for a data pass."""
        if full:
            self._full_loss = self._session.trainer.full_loss()
        snapshot = self._session.snapshot(self._generation, self._full_loss, BATCH_ROWS_SHOWN, live=not full)
        if len(snapshot.history.epoch_ends) and not full:
            self._full_loss = float(snapshot.history.epoch_ends[-1, 1])
        self._last_emit = time.perf_counter()
        self._pacer.sent()
        self._post(SnapshotReady(snapshot))
        self._refreeze(snapshot)  # after the post: the window need not wait for it


def path_error(error: OSError) -> str:
    """ "Cannot write /x/y.csv: Permission denied" rather than a bare errno tuple."""
    where = f" {error.filename}" if error.filename else ""
    return f"Cannot write{where}: {error.strerror or error}"


class Outbox:
    """Answers go out from a thread of their own: a snapshot is ~150 kB, and the window reads it only
    as fast as its GUI thread lets its reading thread run; the training goes on meanwhile."""

    def __init__(self, channel: Connection) -> None:
        self._channel = channel
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._write, name="answers", daemon=True)
        self._thread.start()

    def post(self, message: Answer) -> None:
        self._queue.put(encode(message))

    def close(self, timeout_s: float = 1.0) -> None:
        """Deliver what was posted (within ``timeout_s``), then stop."""
        self._queue.put(None)
        self._thread.join(timeout_s)

    def _write(self) -> None:
        while (data := self._queue.get()) is not None:
            try:
                self._channel.send_bytes(data)
            except OSError:  # the window has gone
                return


def read_waiting(commands: Connection) -> list[Command]:
    """Every command waiting in the pipe (at least one: call it when ``poll`` said so)."""
    waiting = [receive(commands)]
    while commands.poll():
        waiting.append(receive(commands))
    return waiting


def serve(commands: Connection, answers: Connection, start: Start) -> None:
    """The training process's loop: slices of training, the commands that came between them, until
    told to shut down or the window has gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the window's to handle: it stops us
    torch.set_num_threads(1)  # the other cores are the window's
    collector = YoungCollector()
    outbox = Outbox(answers)
    server = TrainingServer(outbox.post)
    server.begin(start)
    try:
        while True:
            due = server.seconds_to_next_slice()
            wait = collector.seconds_left() if due is None else min(due, collector.seconds_left())
            if commands.poll(wait):
                if not server.handle_backlog(read_waiting(commands)):
                    break
                continue  # every waiting command before the next slice
            server.run_slice_if_due()
            collector.collect_if_due()
    except (EOFError, OSError):  # the window has gone
        pass
    outbox.close()
