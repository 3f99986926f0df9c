"""The training process's frame pacing, without Qt or a process: what the next interval is, and why."""

from __future__ import annotations

import pytest

from linreg_gui.pacing import FRAME_TIMEOUT_S, SLOWEST_FRAME_S, SNAPSHOT_INTERVAL_S, UI_SHARE, FramePacer


def test_set_speeds_get_a_frame_every_step_up_to_the_fastest_rate():
    pacer = FramePacer()
    assert pacer.pace(100.0) == pytest.approx(0.01)  # a step every 10 ms: each one shown
    assert pacer.pace(2.0) == SNAPSHOT_INTERVAL_S  # ticks are further apart than this anyway


def test_a_frame_not_yet_drawn_holds_the_next_back_once_the_window_acknowledges():
    pacer = FramePacer()
    pacer.sent()
    assert pacer.pace(0.0) == SNAPSHOT_INTERVAL_S  # a receiver that never acknowledges is not held back
    pacer.shown(1.0, running=True)
    pacer.sent()
    assert pacer.pace(0.0) == FRAME_TIMEOUT_S
    pacer.shown(1.001, running=True)
    assert pacer.pace(0.0) < FRAME_TIMEOUT_S


def test_costly_frames_come_less_often_within_bounds():
    pacer = FramePacer()
    pacer.shown(0.0, running=True)
    cpu = 0.0
    for _ in range(30):  # frames of 30 ms: the window may spend UI_SHARE of a core on them
        cpu += 0.030
        pacer.sent()
        pacer.shown(cpu, running=True)
    assert pacer.pace(0.0) == pytest.approx(0.030 / UI_SHARE, rel=1e-3)
    for _ in range(30):  # frames of a second: still a frame every SLOWEST_FRAME_S
        cpu += 1.0
        pacer.shown(cpu, running=True)
    assert pacer.pace(0.0) == pytest.approx(SLOWEST_FRAME_S, rel=1e-3)


def test_one_slow_frame_is_no_trend_and_idle_frames_do_not_count():
    pacer = FramePacer()
    pacer.shown(0.0, running=True)
    pacer.shown(0.3, running=True)  # one frame of 300 ms
    assert SNAPSHOT_INTERVAL_S < pacer.pace(0.0) < SLOWEST_FRAME_S
    before = pacer.pace(0.0)
    pacer.shown(10.0, running=False)  # drawn while paused: not a running frame's cost
    assert pacer.pace(0.0) == before
