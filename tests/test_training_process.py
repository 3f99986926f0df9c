"""The training process as the window uses it: any start method, a crash that loses nothing, commands
that never wait, and a process without Qt."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QPushButton, QSlider

from linreg_gui import training_process
from linreg_gui.core.config import DataConfig, TrainConfig
from linreg_gui.protocol import (
    FrameShown,
    LoadParameters,
    Ping,
    Reset,
    SetConfig,
    SetSpeed,
    StepBatch,
    decode,
    encode,
    receive,
)
from linreg_gui.training_client import Sender
from linreg_gui.ui.main_window import MainWindow

TIMEOUT = 30_000


def _window(qtbot) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT):
        win.show()
    return win


def _click(qtbot, win: MainWindow, name: str, check=None) -> None:
    with qtbot.waitSignal(win.snapshotShown, timeout=TIMEOUT, check_params_cb=check):
        qtbot.mouseClick(win.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def _settle(qtbot, win: MainWindow, token: int) -> None:
    with qtbot.waitSignal(win.training.pong, timeout=TIMEOUT, check_params_cb=lambda t: t == token):
        win.training.send(Ping(token))


def test_spawned_training_process_trains_pauses_and_resets(qtbot, monkeypatch):
    """``spawn`` is how Windows starts every process (no fork server there): the window works the same."""
    monkeypatch.setattr(training_process, "START_METHOD", "spawn")
    win = _window(qtbot)
    assert win.training.process._popen.method == "spawn"  # the start method that really ran
    _click(qtbot, win, "stepBatchButton", lambda s: s.step == 1)
    qtbot.mouseClick(win.findChild(QPushButton, "runPauseButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.run_state == "running" and win.last_snapshot.step > 50, timeout=TIMEOUT)
    qtbot.mouseClick(win.findChild(QPushButton, "runPauseButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.run_state == "idle", timeout=TIMEOUT)
    assert win.last_snapshot.step > 50
    _click(qtbot, win, "resetButton", lambda s: s.step == 0)
    win.close()
    assert win.training.reader.isFinished()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_a_killed_training_process_is_replaced_by_one_that_resumes_the_same_run(qtbot):
    """Settings changed mid-run, compare mode, a step back: after SIGKILL the window shows the same
    step and parameters, the trainer keeps the settings the controls show, and the next steps are
    those of a run that was never interrupted."""
    from linreg_gui.core.data import generate
    from linreg_gui.core.session import Session

    win = _window(qtbot)
    speed = win.findChild(QSlider, "speedSlider")
    speed.setValue(speed.maximum() - 1)
    _click(qtbot, win, "compareButton", lambda s: s.compare is not None and s.step == 0)
    for step in range(1, 11):
        _click(qtbot, win, "stepBatchButton", lambda s, step=step: s.step == step)
    lr_spin = win.findChild(QAbstractSpinBox, "lrSpin")
    lr_spin.setFocus()
    lr_spin.selectAll()
    qtbot.keyClicks(lr_spin, "0.005")
    qtbot.keyClick(lr_spin, Qt.Key.Key_Return)
    _settle(qtbot, win, 1)
    for step in range(11, 21):
        _click(qtbot, win, "stepBatchButton", lambda s, step=step: s.step == step)
    _click(qtbot, win, "stepBackButton", lambda s: s.step == 19)
    _click(qtbot, win, "stepBatchButton", lambda s: s.step == 20)
    before = win.last_snapshot

    reference = Session(generate(DataConfig()), TrainConfig(), "scratch", compare=True)
    for _ in range(10):
        reference.step_batch()
    reference.set_config(TrainConfig(lr=0.005))
    for _ in range(10):
        reference.step_batch()
    reference.step_back()
    reference.step_batch()

    old = win.training.process
    with qtbot.waitSignal(win.training.recovered, timeout=TIMEOUT) as recovered:
        os.kill(old.pid, signal.SIGKILL)
    assert "step 20" in recovered.args[0] and "exit code -9" in recovered.args[0]
    message = win.findChild(object, "trainingMessage")
    assert message.isVisible() and "recovered" in message.text()
    qtbot.waitUntil(lambda: win.training.process is not old and win.last_snapshot is not before, timeout=TIMEOUT)
    after = win.last_snapshot
    assert after.step == 20 and after.generation == before.generation
    np.testing.assert_allclose(after.w, before.w, atol=1e-6)
    assert abs(after.b - before.b) <= 1e-6
    assert after.compare is not None  # compare mode is still on, as its button shows
    assert win.findChild(QPushButton, "compareButton").isChecked()
    assert win.training.train.lr == lr_spin.value() == 0.005
    assert win.training.speed == win.controls.speed()

    for _ in range(5):
        reference.step_batch()
    _click(qtbot, win, "stepBatchButton", lambda s: s.step == 21)
    for step in range(22, 26):
        _click(qtbot, win, "stepBatchButton", lambda s, step=step: s.step == step)
    w, b = reference.trainer.parameters()
    np.testing.assert_allclose(win.last_snapshot.w, w, atol=1e-6)
    assert abs(win.last_snapshot.b - b) <= 1e-6
    twin_w, _ = reference.twin.parameters()
    np.testing.assert_allclose(win.last_snapshot.compare.history.params[-1, :-1], twin_w, atol=1e-6)
    win.close()


def test_the_training_process_loads_no_qt():
    """The server is a plain loop: importing it (as the fork server and a spawned child do) loads
    neither PySide6 nor its import hook, on any platform."""
    code = (
        "import builtins, sys, linreg_gui.training_server;"
        "print('PySide6' in sys.modules, hasattr(builtins, '__orig_import__'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=os.getcwd())
    assert result.stdout.split() == ["False", "False"]


class _SlowPipe:
    """A pipe end that holds every write until released: a training process too busy to read."""

    def __init__(self) -> None:
        import threading

        self.sent: list = []
        self.release = threading.Event()

    def send_bytes(self, data: bytes) -> None:
        self.release.wait(5)
        self.sent.append(data)


def test_sending_never_waits_and_superseded_commands_coalesce():
    """While the pipe is full, posting returns at once; consecutive settings changes (lr typed digit by
    digit) leave only the last, and nothing is reordered across other commands."""
    sender, pipe = Sender(), _SlowPipe()
    sender.post(StepBatch())  # taken by the writer, which then waits on the pipe
    sender.start(pipe)
    commands = [
        SetConfig(TrainConfig(lr=0.1)),
        SetConfig(TrainConfig(lr=0.2)),
        SetConfig(TrainConfig(lr=0.3)),
        StepBatch(),
        SetConfig(TrainConfig(lr=0.4)),
        SetSpeed(5.0),
        SetSpeed(0.0),
        FrameShown(1.0),
        FrameShown(2.0),
        Reset(TrainConfig(), "scratch"),
    ]
    for command in commands:
        sender.post(command)  # returns while the writer is still stuck
    assert not pipe.sent
    pipe.release.set()
    assert sender.close(5) == []
    received = [decode(data) for data in pipe.sent]
    assert received == [
        StepBatch(),
        SetConfig(TrainConfig(lr=0.3)),
        StepBatch(),
        SetConfig(TrainConfig(lr=0.4)),
        SetSpeed(0.0),
        FrameShown(2.0),
        Reset(TrainConfig(), "scratch"),
    ]


def test_messages_cross_a_pipe_intact():
    import multiprocessing

    ours, theirs = multiprocessing.Pipe(duplex=False)
    theirs.send_bytes(encode(SetConfig(TrainConfig(lr=0.5))))
    assert receive(ours) == SetConfig(TrainConfig(lr=0.5))
    ours.close()
    theirs.close()


@pytest.mark.parametrize("impl", ["scratch", "builtin"])
def test_a_journal_rebuilds_the_run_exactly(impl, tmp_path):
    """The server alone, in this process: a run shaped by settings changes (zero_grad off, a new batch
    size), steps walked phase by phase, a step back and a loaded model, rebuilt from its journal by a
    second server, to the position of the last snapshot and then onwards."""
    from linreg_gui.core.model_file import save_model
    from linreg_gui.protocol import Applied, LoadModel, SnapshotReady, Start, StepBack, StepPhase
    from linreg_gui.training_client import position_of
    from linreg_gui.training_server import TrainingServer

    answers: list = []
    server = TrainingServer(answers.append)
    data = DataConfig(n=300)
    server.begin(Start(data, TrainConfig(batch_size=16), impl))
    path = tmp_path / "model.pt"
    import torch

    save_model(path, torch.tensor([1.5, -2.0]), 3.0)
    commands = [
        *[StepBatch()] * 7,
        SetConfig(TrainConfig(batch_size=32, zero_grad=False, lr=0.01)),
        *[StepBatch()] * 25,
        StepBack(),
        StepPhase(),
        StepPhase(),
        LoadModel(str(path)),
        *[StepBatch()] * 3,
        SetConfig(TrainConfig(batch_size=7, lr=0.02)),
        *[StepBatch()] * 12,
        StepPhase(),
        StepPhase(),
        StepPhase(),
    ]
    for command in commands:
        server.handle(command)
    journal = [a for a in answers if isinstance(a, Applied)]
    begin = journal[-1 - next(i for i, a in enumerate(reversed(journal)) if isinstance(a.command, Start))]
    entries = tuple(journal[journal.index(begin) + 1 :])
    last = next(a.snapshot for a in reversed(answers) if isinstance(a, SnapshotReady))
    assert position_of(last) == (15, 3) and any(isinstance(e.command, LoadParameters) for e in entries)

    rebuilt: list = []
    other = TrainingServer(rebuilt.append)
    b = begin.command
    other.begin(Start(b.data, b.train, b.impl, b.compare, entries, position_of(last), last.generation))
    again = next(a.snapshot for a in rebuilt if isinstance(a, SnapshotReady))
    assert (again.step, again.phase, again.generation) == (last.step, last.phase, last.generation)
    np.testing.assert_array_equal(again.w, last.w)
    np.testing.assert_array_equal(again.grad_w, last.grad_w)
    assert len(again.history) == 0  # the window has those steps already
    for command in (StepPhase(), *[StepBatch()] * 30):
        server.handle(command)
        other.handle(command)
    first = next(a.snapshot for a in reversed(answers) if isinstance(a, SnapshotReady))
    second = next(a.snapshot for a in reversed(rebuilt) if isinstance(a, SnapshotReady))
    assert first.step == second.step == 45
    np.testing.assert_array_equal(first.w, second.w)
    np.testing.assert_array_equal(first.batch_indices, second.batch_indices)
    np.testing.assert_array_equal(first.history.params, second.history.params)


def _last_snapshot(answers: list):
    from linreg_gui.protocol import SnapshotReady

    return next(a.snapshot for a in reversed(answers) if isinstance(a, SnapshotReady))


def _served(commands: list, backlog: bool) -> tuple[list, object]:
    """A server in this process given ``commands`` one by one, or all at once as a backlog."""
    from linreg_gui.protocol import Start
    from linreg_gui.training_server import TrainingServer

    answers: list = []
    server = TrainingServer(answers.append)
    server.begin(Start(DataConfig(n=200), TrainConfig(batch_size=16), "scratch"))
    if backlog:
        assert server.handle_backlog(commands)
    else:
        for command in commands:
            server.handle(command)
    return answers, server


def test_a_backlog_ends_where_its_commands_one_by_one_end():
    """A burst the server finds waiting (Regenerate ×5, presets, compare toggled, then steps) is done as
    its last new run and the steps after it: the same parameters, data, compare mode and settings."""
    from linreg_gui.protocol import Regenerate, Run, SetCompare, StepBack, StepPhase

    train = [TrainConfig(batch_size=b, lr=lr) for b, lr in ((8, 0.1), (16, 0.02), (32, 0.05))]
    burst = [
        *[StepBatch()] * 4,
        Run(),
        *[
            Regenerate(DataConfig(n=100 + 10 * i, true_w=(1.0,) * (1 + i % 3), seed=i), train[i % 3], "scratch")
            for i in range(5)
        ],
        SetConfig(train[0]),
        Reset(train[2], "builtin"),
        SetCompare(True, train[1], "builtin"),
        SetSpeed(5.0),
        StepBatch(),
        StepBatch(),
        StepPhase(),
        StepBack(),
        SetConfig(train[0]),
        StepBatch(),
    ]
    one_by_one, _ = _served(burst, backlog=False)
    at_once, server = _served(burst, backlog=True)
    first, second = _last_snapshot(one_by_one), _last_snapshot(at_once)
    assert (second.step, second.phase) == (first.step, first.phase) == (3, None)
    np.testing.assert_array_equal(second.w, first.w)
    np.testing.assert_array_equal(second.batch_indices, first.batch_indices)
    assert second.compare is not None and first.compare is not None
    assert server._session.data.p == 2 and server._session.data.n == 140 and server._session.trainer.config == train[0]
    snapshots = sum(type(a).__name__ == "SnapshotReady" for a in at_once)
    assert snapshots < sum(type(a).__name__ == "SnapshotReady" for a in one_by_one)


def test_a_backlog_keeps_file_actions_in_place_and_stops_at_shutdown(tmp_path):
    """Steps before a save are saved, even when a Reset follows in the same backlog; nothing after
    Shutdown is done."""
    from linreg_gui.core.model_file import load_model
    from linreg_gui.protocol import SaveModel, Shutdown

    path = tmp_path / "model.pt"
    answers, server = _served([StepBatch(), StepBatch(), SaveModel(str(path)), Reset(TrainConfig(), "scratch")], True)
    w, _b = load_model(path, 2)
    stepped = next(a.snapshot for a in answers if type(a).__name__ == "SnapshotReady" and a.snapshot.step == 2)
    np.testing.assert_array_equal(w.numpy(), stepped.w)
    assert _last_snapshot(answers).step == 0
    assert not server.handle_backlog([StepBatch(), Shutdown(), StepBatch()])
    assert _last_snapshot(answers).step == 1


def test_reduce_backlog_drops_only_what_a_later_command_supersedes():
    from linreg_gui.backlog import Restart, reduce_backlog
    from linreg_gui.protocol import Ping, Regenerate, SetCompare, StepBack

    data = [DataConfig(n=100 * i) for i in range(1, 4)]
    a, b = TrainConfig(lr=0.1), TrainConfig(lr=0.2)
    backlog = [
        StepBatch(),
        SetSpeed(3.0),
        Regenerate(data[0], a, "scratch"),
        FrameShown(1.0),
        SetCompare(True, a, "scratch"),
        Reset(b, "builtin"),
        StepBatch(),
        StepBatch(),
        SetConfig(a),
        SetConfig(b),
        Ping(7),
        StepBatch(),
        Regenerate(data[1], a, "scratch"),
        StepBack(),
        SetSpeed(0.0),
    ]
    assert reduce_backlog(backlog) == [
        SetSpeed(3.0),
        FrameShown(1.0),
        Restart(data[0], b, "builtin", True),
        StepBatch(),
        StepBatch(),
        SetConfig(b),
        Ping(7),
        Regenerate(data[1], a, "scratch"),
        StepBack(),
        SetSpeed(0.0),
    ]
    assert reduce_backlog([Reset(a, "scratch"), Reset(b, "scratch")]) == [Restart(None, b, "scratch", None)]
