"""The window's side of the training process: it sends commands, owns what the window asked for, and
emits the process's answers as Qt signals in the GUI thread.

Sending never blocks the GUI thread: commands wait in a queue that a writer thread drains into the
pipe, and a command still waiting is replaced by a later one of the same kind that supersedes it
(three lr changes in a row are one). Nothing is reordered. Answers are read on a thread of their own
and re-emitted here, so every receiver (a test's ``waitSignal`` included) runs in the GUI thread.

The client is the single owner of the wanted state (data and training settings, implementation,
compare mode, speed) and keeps the journal of the run the process reports (``protocol.Applied``):
should the process die, a new one rebuilds the same run up to the last step shown and is then told
the wanted state again.
"""

from __future__ import annotations

import threading
from collections import deque
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QThread, Signal

from .core.config import DataConfig, TrainConfig
from .core.phases import PHASES, Phase
from .protocol import (
    CONTEXT,
    SUPERSEDING,
    Answer,
    Applied,
    Command,
    DataReady,
    Diverged,
    Failed,
    FileDone,
    FileFailed,
    Pong,
    Position,
    Recovered,
    Regenerate,
    Reset,
    RunState,
    RunStateChanged,
    SetCompare,
    SetConfig,
    SetSpeed,
    Shutdown,
    SnapshotReady,
    SourceReady,
    Start,
    encode,
    receive,
)
from .training_process import end_process, start_process

RECOVERED = QT_TRANSLATE_NOOP(
    "TrainingWorker",
    "The training process stopped unexpectedly (exit code {code}). A new one has recovered the run at step {step}.",
)
FAILED_START = QT_TRANSLATE_NOOP("TrainingWorker", "The training process could not start (exit code {code}).")


class Sender:
    """Commands to one process, written by a thread of their own in the order they were posted; a
    waiting command of a ``SUPERSEDING`` kind is replaced by a newer one of the same kind posted
    right after it."""

    def __init__(self) -> None:
        self._queue: deque[Command] = deque()
        self._ready = threading.Condition()
        self._closed = False
        self._thread: threading.Thread | None = None

    def post(self, command: Command) -> None:
        with self._ready:
            if self._closed:
                return
            if self._queue and isinstance(command, SUPERSEDING) and type(self._queue[-1]) is type(command):
                self._queue[-1] = command
            else:
                self._queue.append(command)
            self._ready.notify()

    def start(self, channel: Connection) -> None:
        self._thread = threading.Thread(target=self._write, args=(channel,), name="commands", daemon=True)
        self._thread.start()

    def close(self, timeout_s: float) -> list[Command]:
        """Send what waits (within ``timeout_s``), then stop; returns what could not be sent."""
        with self._ready:
            self._closed = True
            self._ready.notify()
        if self._thread is not None:
            self._thread.join(timeout_s)
        with self._ready:
            unsent, self._queue = list(self._queue), deque()
        return unsent

    def _write(self, channel: Connection) -> None:
        while True:
            with self._ready:
                while not self._queue and not self._closed:
                    self._ready.wait()
                if not self._queue:
                    return
                command = self._queue.popleft()  # out of the queue: nothing can replace it while it is sent
            try:
                channel.send_bytes(encode(command))
            except OSError:  # the process has gone (the reading thread reports it): it stays unsent
                with self._ready:
                    self._queue.appendleft(command)
                return


class AnswerReader(QThread):
    """Reads the process's answers and passes each on (``answered``); None when the process has ended."""

    answered = Signal(object)  # a protocol answer, or None

    def __init__(self) -> None:
        super().__init__()
        self._channel: Connection | None = None

    def read(self, channel: Connection) -> None:
        self._channel = channel
        self.start()

    def run(self) -> None:
        while True:
            try:
                answer = receive(self._channel)
            except (EOFError, OSError):
                break
            self.answered.emit(answer)
        self.answered.emit(None)


def position_of(snapshot) -> Position:
    """(steps, phases run of the step under way) of a snapshot: where the run stands."""
    in_step = snapshot.phase is not None and snapshot.phase != Phase.UPDATE
    return snapshot.step, (PHASES.index(Phase(snapshot.phase)) + 1 if in_step else 0)


class TrainingClient(QObject):
    """GUI-thread handle on the training process: :meth:`send` a ``protocol`` command, connect to the
    answer signals. Commands sent before :meth:`start` wait for it."""

    snapshotReady = Signal(object)  # core.snapshot.Snapshot
    dataReady = Signal(object)  # core.snapshot.DataView
    sourceReady = Signal(str, object)  # implementation, its core.source.StepSource
    runStateChanged = Signal(str)  # RunState value
    diverged = Signal(int)  # step at which the loss or a parameter became non-finite
    failed = Signal(str)  # an unexpected error, already formatted for the user
    recovered = Signal(str)  # the process died and a new one rebuilt the run: what happened, translated
    fileDone = Signal(str)  # a save, load or export finished: what was done, translated
    fileFailed = Signal(str)  # it did not: why
    pong = Signal(int)  # answer to a Ping: every command sent before it has been handled

    def __init__(self, data: DataConfig, train: TrainConfig, impl: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data, self.train, self.impl = data, train, impl
        self.compare = False
        self.speed = 0.0
        self.run_state = RunState.IDLE
        self.reader = AnswerReader()
        self.reader.setObjectName("TrainingAnswerReader")
        self.reader.answered.connect(self._answer, Qt.ConnectionType.QueuedConnection)
        self.process: BaseProcess | None = None
        self._channels: tuple[Connection, Connection] | None = None
        self._sender = Sender()
        self._stopping = False
        self._answered = False  # by the current process (one that never did is not restarted)
        self._begin: Start | None = None  # how the run the process reports began ...
        self._journal: list[Applied] = []  # ... and what shaped it since
        self._position: Position | None = None  # of the last snapshot
        self._generation = 0
        self._exit_code: int | None = None  # of a process that died, until its run is recovered

    def send(self, command: Command) -> None:
        """Queue ``command`` for the process (never waits); the wanted state follows it."""
        match command:
            case Regenerate(data, train, impl):
                self.data, self.train, self.impl = data, train, impl
            case Reset(train, impl):
                self.train, self.impl = train, impl
            case SetCompare(enabled, train, impl):
                self.compare, self.train, self.impl = enabled, train, impl
            case SetConfig(train):
                self.train = train
            case SetSpeed(speed):
                self.speed = speed
        self._sender.post(command)

    def start(self) -> None:
        self._launch(Start(self.data, self.train, self.impl, self.compare))

    def stop(self, timeout_ms: int = 1000) -> bool:
        """Stop training and the process; True if the process and the reading thread ended within
        ``timeout_ms`` (a process that does not is killed)."""
        if self.process is None:
            return True
        self._stopping = True
        self._sender.post(Shutdown())  # the writer delivers it while the process finishes what came before
        ended = end_process(self.process, timeout_ms / 1000)
        self._sender.close(timeout_ms / 1000)  # at once: the process has gone, so has its pipe's reader
        finished = self.reader.wait(timeout_ms)
        self._close_channels()
        return ended and finished

    def _launch(self, start: Start, then: tuple[Command, ...] = ()) -> None:
        """A new process beginning with ``start``, then ``then``, then what waits in the queue."""
        self._stopping = self._answered = False
        waiting = self._sender.close(0)
        self._sender = Sender()
        for command in (*then, *waiting):
            self._sender.post(command)
        self.process, commands, answers = start_process(start)
        self._channels = (commands, answers)
        self._sender.start(commands)
        self.reader.read(answers)

    def _close_channels(self) -> None:
        if self._channels is not None:
            for channel in self._channels:
                channel.close()
            self._channels = None

    def _answer(self, answer: Answer | None) -> None:
        """One answer of the process (None: it has ended), emitted as its signal."""
        if answer is None:
            self._ended()
            return
        self._answered = True
        match answer:
            case SnapshotReady(snapshot):
                self._position, self._generation = position_of(snapshot), snapshot.generation
                self.snapshotReady.emit(snapshot)
            case DataReady(view):
                self.dataReady.emit(view)
            case SourceReady(impl, source):
                self.sourceReady.emit(impl, source)
            case RunStateChanged(state):
                self.run_state = state
                self.runStateChanged.emit(state)
            case Diverged(step):
                self.diverged.emit(step)
            case Failed(message):
                self.failed.emit(message)
            case FileDone(text, fields):
                self.fileDone.emit(QCoreApplication.translate(CONTEXT, text).format(**fields))
            case FileFailed(text, fields):
                if fields is not None:
                    text = QCoreApplication.translate(CONTEXT, text).format(**fields)
                self.fileFailed.emit(text)
            case Pong(token):
                self.pong.emit(token)
            case Applied(_, Start() as begin):
                self._begin, self._journal = begin, []
            case Applied():
                self._journal.append(answer)
            case Recovered(step):
                text = QCoreApplication.translate(CONTEXT, RECOVERED)
                self.recovered.emit(text.format(code=self._exit_code, step=step))

    def _ended(self) -> None:
        """The process ended: as asked, or unexpectedly. A process that had been working is replaced by
        one that rebuilds its run and is told the wanted state again; one that failed to start is
        reported (it would only fail again)."""
        if self._stopping:
            return
        self.process.join(1.0)
        self.reader.wait()
        unsent = self._sender.close(0)
        self._close_channels()
        if self.run_state != RunState.IDLE:
            self.run_state = RunState.IDLE
            self.runStateChanged.emit(RunState.IDLE)
        self._exit_code = self.process.exitcode
        if not self._answered or self._begin is None:
            self.failed.emit(QCoreApplication.translate(CONTEXT, FAILED_START).format(code=self._exit_code))
            return
        begin = self._begin
        start = Start(
            begin.data, begin.train, begin.impl, begin.compare, tuple(self._journal), self._position, self._generation
        )
        self._launch(start, (SetConfig(self.train), SetSpeed(self.speed), *unsent))
