"""The training process: the worker (``worker.TrainingWorker``) with a Qt event loop of its own, and
the pipe between it and the window.

Messages are pickled with protocol 5, which keeps the snapshots' read-only numpy arrays read-only.
Processes are started by a fork server that has imported torch once: the first trainer of a session
waits for that import (about as long as the window used to), every later one starts in milliseconds.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import queue
import signal
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, QThread, QTimer, Signal

from .core.config import DataConfig, TrainConfig
from .freezing import refreeze_on_new_run
from .import_hook import drop_feature_hook

# What the fork server imports before it forks a trainer (and with it the slow part, torch).
PRELOAD = ("linreg_gui.core.session", "linreg_gui.worker")
COLLECT_EVERY_MS = 1000
ANSWERS = (
    "snapshotReady",
    "dataReady",
    "sourceReady",
    "runStateChanged",
    "diverged",
    "failed",
    "fileDone",
    "fileFailed",
    "pong",
)


def encode(message: object) -> bytes:
    return pickle.dumps(message, protocol=5)


def send(channel: Connection, message: object) -> None:
    channel.send_bytes(encode(message))


def receive(channel: Connection) -> object:
    return pickle.loads(channel.recv_bytes())


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(PRELOAD))
        return context
    return multiprocessing.get_context("spawn")


def start_process(data_config: DataConfig, train_config: TrainConfig, impl: str) -> tuple[BaseProcess, Connection]:
    """A new training process with its first data set; returns it and our end of its pipe."""
    context = _context()
    ours, theirs = context.Pipe()
    process = context.Process(
        target=serve, args=(theirs, data_config, train_config, impl), name="linreg-trainer", daemon=True
    )
    process.start()
    theirs.close()  # the process holds its own copy: ours reads end-of-file when it ends
    return process, ours


def end_process(process: BaseProcess, timeout_s: float) -> bool:
    """Wait for a process asked to stop; kill it if it does not within ``timeout_s``. True if it ended."""
    process.join(timeout_s)
    if process.exitcode is not None:
        return True
    process.kill()
    process.join(1.0)
    return False


class AnswerReader(QThread):
    """Reads the process's answers and passes each on (``answered``); None when the process has ended."""

    answered = Signal(object)  # (signal name, arguments) or None

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


def collect_on_a_timer(parent: QObject) -> None:
    """Python's garbage collection in the training process, on a timer instead of automatic.

    Automatic collections ran every few hundred steps (each step's record is a list) and cost ~4 % of
    the training speed. Instead the young generations are collected once a second, between slices;
    what lives on is frozen at each new run (``freezing``), so a full collection need not scan it.
    """
    gc.disable()
    timer = QTimer(parent, interval=COLLECT_EVERY_MS)
    timer.timeout.connect(lambda: gc.collect(1))
    timer.start()


class Outbox:
    """Answers go out from a thread of their own: a snapshot is ~150 kB, and the window reads it only as
    fast as its GUI thread lets its reading thread run. Written from the training thread, a snapshot
    kept the training waiting ~3 ms; now training goes on meanwhile."""

    def __init__(self, channel: Connection) -> None:
        self._channel = channel
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._write, name="answers", daemon=True)
        self._thread.start()

    def post(self, message: object) -> None:
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


def serve(channel: Connection, data_config: DataConfig, train_config: TrainConfig, impl: str) -> None:
    """The training process: a worker answering the window's commands until told to shut down."""
    import torch

    from .worker import TrainingWorker

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the window's to handle: it stops us
    torch.set_num_threads(1)  # the other cores are the window's
    drop_feature_hook()
    app = QCoreApplication([])
    collect_on_a_timer(app)
    worker = TrainingWorker(data_config, train_config, impl)
    outbox = Outbox(channel)
    for name in ANSWERS:
        getattr(worker, name).connect(lambda *args, name=name: outbox.post((name, args)))
    worker.snapshotReady.connect(refreeze_on_new_run())  # after the post: the window need not wait for it

    def handle_commands() -> None:
        try:
            while channel.poll():
                command, args = receive(channel)
                if command == "shutdown":
                    worker.shutdown()
                    app.quit()
                    return
                getattr(worker, command)(*args)
        except (EOFError, OSError):  # the window has gone
            app.quit()

    notifier = QSocketNotifier(channel.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(handle_commands)
    worker.setup()
    app.exec()
    notifier.setEnabled(False)
    outbox.close()
    channel.close()
    os._exit(0)  # nothing of this process needs tearing down, and torch's teardown takes time
