"""The training process through its client: commands in, snapshots out, clean shutdown, a crash survived."""

from __future__ import annotations

import math

import pytest

from linreg_gui.core.config import DataConfig, TrainConfig
from linreg_gui.protocol import Pause, Reset, Run, RunEpoch, RunState, StepBatch
from linreg_gui.training_client import TrainingClient


@pytest.fixture
def training(qtbot):
    handle = TrainingClient(DataConfig(), TrainConfig(), "scratch")
    with qtbot.waitSignal(handle.snapshotReady, timeout=10_000):
        handle.start()
    yield handle
    assert handle.stop(2000)


def _snapshot_after(qtbot, training, command, check=None):
    with qtbot.waitSignal(training.snapshotReady, timeout=10_000, check_params_cb=check) as blocker:
        training.send(command)
    return blocker.args[0]


def test_first_snapshot_is_the_untrained_model(qtbot):
    handle = TrainingClient(DataConfig(), TrainConfig(), "scratch")
    views = []
    handle.dataReady.connect(views.append)
    with qtbot.waitSignal(handle.snapshotReady, timeout=10_000) as blocker:
        handle.start()
    (view,), snapshot = views, blocker.args[0]
    assert view.n == 1000 and view.x.shape == (1000, 2)
    assert snapshot.step == 0 and math.isnan(snapshot.batch_loss)
    assert handle.stop(2000)


def test_step_batch_answers_with_one_step(qtbot, training):
    snapshot = _snapshot_after(qtbot, training, StepBatch())
    assert snapshot.step == 1
    assert len(snapshot.history) == 1
    assert snapshot.batch_x.shape == (10, 2)
    assert not snapshot.w.flags.writeable


def test_run_epoch_stops_at_the_epoch_end(qtbot, training):
    with qtbot.waitSignal(training.runStateChanged, timeout=10_000, check_params_cb=lambda s: s == "idle"):
        training.send(RunEpoch())
    snapshot = _snapshot_after(qtbot, training, StepBatch())
    assert snapshot.step == 101 and snapshot.epoch == 2 and snapshot.batch == 1


def test_run_then_pause_stops_training(qtbot, training):
    states = []
    training.runStateChanged.connect(states.append)
    with qtbot.waitSignal(training.snapshotReady, timeout=10_000, check_params_cb=lambda s: s.step > 200):
        training.send(Run())
    with qtbot.waitSignal(training.runStateChanged, timeout=5_000):
        training.send(Pause())
    assert states == [RunState.RUNNING, RunState.IDLE]
    final = _snapshot_after(qtbot, training, StepBatch())
    assert final.step > 200


def test_snapshots_carry_every_step_while_running(qtbot, training):
    seen = []
    training.snapshotReady.connect(lambda s: seen.append(s.history.steps))
    with qtbot.waitSignal(training.runStateChanged, timeout=10_000, check_params_cb=lambda s: s == "idle"):
        training.send(RunEpoch())
    qtbot.waitUntil(lambda: bool(seen) and seen[-1].size > 0 and seen[-1][-1] == 100, timeout=5_000)
    steps = [int(v) for chunk in seen for v in chunk]
    assert steps == list(range(1, 101))
    assert len(seen) < 100  # paced: not one snapshot per step


def test_divergence_is_reported_with_its_step(qtbot):
    handle = TrainingClient(DataConfig(), TrainConfig(lr=10.0), "scratch")
    with qtbot.waitSignal(handle.snapshotReady, timeout=10_000):
        handle.start()
    with qtbot.waitSignal(handle.diverged, timeout=10_000) as blocker:
        handle.send(Run())
    step = blocker.args[0]
    assert isinstance(step, int) and step > 0
    with qtbot.waitSignal(handle.snapshotReady, timeout=10_000) as reset:
        handle.send(Reset(TrainConfig(), "scratch"))
    assert reset.args[0].step == 0 and reset.args[0].diverged_at is None
    assert handle.stop(2000)


def test_an_error_in_a_step_is_reported_not_raised(monkeypatch):
    """The server itself, in this process: the fault is injected where the training process cannot see it."""
    from linreg_gui.core.trainer import Trainer
    from linreg_gui.protocol import Failed, Start
    from linreg_gui.training_server import TrainingServer

    def broken(self):
        raise RuntimeError("injected fault")

    answers = []
    server = TrainingServer(answers.append)
    server.begin(Start(DataConfig(n=100), TrainConfig(batch_size=10), "scratch"))
    monkeypatch.setattr(Trainer, "step_batch", broken)
    server.handle(StepBatch())
    reports = [answer.message for answer in answers if isinstance(answer, Failed)]
    assert len(reports) == 1 and "injected fault" in reports[0]


def test_a_training_process_that_dies_is_reported_and_replaced_by_one_that_resumes(qtbot, training):
    with qtbot.waitSignal(training.snapshotReady, timeout=10_000):
        training.send(StepBatch())
    old, reports = training.process, []
    training.recovered.connect(reports.append)
    with qtbot.waitSignal(training.recovered, timeout=20_000):
        old.kill()
    assert len(reports) == 1 and "stopped unexpectedly (exit code -9)" in reports[0] and "step 1" in reports[0]
    assert training.process is not old and training.process.is_alive() and not old.is_alive()
    with qtbot.waitSignal(training.snapshotReady, timeout=10_000) as blocker:
        training.send(StepBatch())
    assert blocker.args[0].step == 2  # the same run goes on


def test_a_training_process_that_cannot_start_is_reported_once_not_restarted(qtbot, monkeypatch):
    """One that never answered would only fail again: no restart loop."""
    import multiprocessing
    import os

    from linreg_gui import training_client

    started = []

    def failing_start(*_args):
        answers, theirs = multiprocessing.Pipe(duplex=False)
        commands, _ = multiprocessing.Pipe(duplex=False)
        process = multiprocessing.get_context("spawn").Process(target=os._exit, args=(3,))
        process.start()
        theirs.close()  # as if the process had held it and ended
        started.append(process)
        return process, commands, answers

    monkeypatch.setattr(training_client, "start_process", failing_start)
    handle = TrainingClient(DataConfig(n=100), TrainConfig(), "scratch")
    with qtbot.waitSignal(handle.failed, timeout=20_000) as blocker:
        handle.start()
    assert "could not start (exit code 3)" in blocker.args[0]
    qtbot.wait(200)  # absence is the point: no second process
    assert len(started) == 1 and handle.reader.isFinished()
    assert handle.stop(2000)


def test_stop_while_running_ends_the_thread_quickly(qtbot, training):
    with qtbot.waitSignal(training.runStateChanged, timeout=5_000):
        training.send(Run())
    assert training.stop(1000)
    assert training.reader.isFinished()


def test_no_running_frame_when_the_run_is_about_to_stop_by_itself():
    """A frame costs the training its time; one just before the final snapshot shows nothing new."""
    import time

    from linreg_gui.protocol import Start
    from linreg_gui.training_server import TrainingServer

    server = TrainingServer(lambda _answer: None)
    server.begin(Start(DataConfig(n=100), TrainConfig(batch_size=10), "scratch"))
    trainer = server._session.trainer
    trainer.run_batches(4, time.perf_counter() + 60)
    server._run_start = (time.perf_counter() - 0.4, 0)  # 4 steps in 0.4 s: the 6 left take 0.6 s
    server._state = RunState.RUNNING
    assert not server._ends_within(100.0)  # an open-ended run never ends by itself
    server._state = RunState.EPOCH
    assert not server._ends_within(0.5) and server._ends_within(0.7)
    server._state, server._target_step = RunState.RUNNING, 5
    assert server._ends_within(0.2) and not server._ends_within(0.05)


def test_pysides_import_hook_is_off_only_inside_the_block():
    """The training process runs without PySide6's ``__feature__`` import hook (each ``import`` that
    torch runs in a step went through a Python function); elsewhere it stays as PySide6 set it."""
    import builtins

    import PySide6.QtCore  # noqa: F401  (installs the hook, as in both processes)

    from linreg_gui.import_hook import feature_hook_dropped

    original = getattr(builtins, "__orig_import__", None)
    if original is None:
        pytest.skip("this PySide6 installs no __feature__ import hook")
    hooked = builtins.__import__
    assert hooked is not original
    with feature_hook_dropped():
        assert builtins.__import__ is original
        import json

        assert json.loads("[1]") == [1]
    assert builtins.__import__ is hooked
