"""File ▸ Export Animation… and --export-animation: frames from the shown snapshots, deterministic, atomic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QFileDialog, QMessageBox, QPushButton

from linreg_gui.core import animation
from linreg_gui.core.animation import AnimationError, AnimationSpec, AnimationWriter, parse_size
from linreg_gui.ui.export_animation import AnimationRequest, ExportAnimationDialog

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60_000


def frames_of(path: Path) -> tuple[list[bytes], list[int], tuple[int, int]]:
    """Each frame's RGB pixels, its duration in ms, and the size."""
    pixels, durations = [], []
    with Image.open(path) as image:
        for index in range(image.n_frames):
            image.seek(index)
            image.load()
            pixels.append(image.convert("RGB").tobytes())
            durations.append(image.info["duration"])
        return pixels, durations, image.size


def solid_frames(count: int, width: int = 80, height: int = 64) -> list[bytes]:
    """Frames that all differ: a bar moving right over white."""
    frames = []
    for index in range(count):
        pixels = np.full((height, width, 4), 255, np.uint8)
        pixels[10:20, index : index + 5, :3] = (200, 30, 30)
        frames.append(pixels.tobytes())
    return frames


def no_leftovers(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(".")]


# ----- the writer (no Qt) ----------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".gif", ".webp"])
def test_writer_keeps_every_frame_and_the_asked_duration(tmp_path, suffix):
    spec = AnimationSpec(tmp_path / f"run{suffix}", 80, 64, 15)
    writer = AnimationWriter(spec)
    for frame in solid_frames(30):
        writer.add(frame)
    writer.finish()
    assert writer.wait(30) and writer.error is None
    pixels, durations, size = frames_of(spec.path)
    assert (len(pixels), size, sum(durations)) == (30, (80, 64), 2000)  # 30 frames at 15 fps: 2 s
    assert no_leftovers(tmp_path)


def test_gif_frame_times_add_up_in_its_10_ms_steps():
    spec = AnimationSpec(Path("a.gif"), 80, 64, 15)
    assert spec.frame_durations_ms(6, 10) == [70, 60, 70, 70, 60, 70]
    assert sum(spec.frame_durations_ms(300, 10)) == 20_000


def test_a_cancelled_writer_leaves_no_file(tmp_path):
    writer = AnimationWriter(AnimationSpec(tmp_path / "run.gif", 80, 64, 15))
    for frame in solid_frames(3):
        writer.add(frame)
    writer.cancel()
    assert writer.wait(30) and writer.error == "cancelled"
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_only_when_the_new_one_is_complete(tmp_path):
    path = tmp_path / "run.gif"
    path.write_bytes(b"old")
    writer = AnimationWriter(AnimationSpec(path, 80, 64, 15))
    writer.add(solid_frames(1)[0])
    assert path.read_bytes() == b"old"
    writer.finish()
    assert writer.wait(30) and path.read_bytes()[:6] == b"GIF89a" and no_leftovers(tmp_path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: parse_size("1280*720"), "WIDTHxHEIGHT such as 1280x720, not '1280*720'"),
        (lambda tmp: AnimationSpec(tmp / "a.png"), "a.png: the file must end in .gif, .webp or .mp4"),
        (lambda tmp: AnimationSpec(tmp / "a.gif", 10, 10), "the size 10x10 is outside"),
        (lambda tmp: AnimationSpec(tmp / "a.gif", fps=0), "frame rate must be 1 … 60"),
        (lambda tmp: AnimationWriter(AnimationSpec(tmp / "no" / "a.gif")), "cannot write"),
    ],
)
def test_bad_requests_are_refused_in_words(tmp_path, make, message):
    with pytest.raises(AnimationError, match=message.replace("(", r"\(").replace("*", r"\*")):
        make(tmp_path)


def test_mp4_without_ffmpeg_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(animation, "ffmpeg_executable", lambda: None)
    with pytest.raises(AnimationError, match="MP4 needs ffmpeg, which is not installed"):
        AnimationSpec(tmp_path / "a.mp4")


def test_mp4_streams_its_frames_into_ffmpeg(tmp_path, monkeypatch):
    """A stand-in ffmpeg that stores what it is sent: the raw frames, then the file renamed into place."""
    fake = tmp_path / "bin" / "ffmpeg"
    fake.parent.mkdir()
    fake.write_text(
        f"#!{sys.executable}\nimport sys, shutil\nshutil.copyfileobj(sys.stdin.buffer, open(sys.argv[-1], 'wb'))\n"
    )
    fake.chmod(0o755)
    monkeypatch.setattr(animation, "ffmpeg_executable", lambda: str(fake))
    out = tmp_path / "out"
    out.mkdir()
    writer = AnimationWriter(AnimationSpec(out / "run.mp4", 80, 64, 15))
    frames = solid_frames(4)
    for frame in frames:
        writer.add(frame)
    writer.finish()
    assert writer.wait(30) and writer.error is None
    assert (out / "run.mp4").read_bytes() == b"".join(frames) and no_leftovers(out)


# ----- the command line ----------------------------------------------------------------------------------
def export(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "main.py", "--export-animation", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)


def test_two_exports_with_the_same_seeds_are_identical(tmp_path):
    paths = [tmp_path / "first.gif", tmp_path / "second.gif"]
    for path in paths:
        result = export(str(path), "--steps", "12", "--size", "640x360", "--fps", "12")
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"{path}: 12 frames, 640x360, 12 frames per second"
    (first, durations, size), (second, _, _) = frames_of(paths[0]), frames_of(paths[1])
    assert (len(first), size, sum(durations)) == (12, (640, 360), 1000)
    assert first == second
    assert len(set(first)) == 12  # each step changed what the window shows


def test_a_panel_in_chinese(tmp_path):
    path = tmp_path / "loss.webp"
    result = export(str(path), "--steps", "5", "--panel", "loss", "--size", "320x240", "--fps", "5", "--lang", "zh_TW")
    assert result.returncode == 0, result.stderr
    assert "cannot load the translations" not in result.stderr
    pixels, durations, size = frames_of(path)
    assert (len(pixels), size, sum(durations)) == (5, (320, 240), 1000)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["{tmp}/missing/run.gif"],
            "--export-animation: cannot write {tmp}/missing/run.gif: No such file or directory",
        ),
        (["{tmp}/run.gif", "--size", "big"], "--export-animation: the size must be WIDTHxHEIGHT such as 1280x720"),
        (["{tmp}/run.gif", "--steps", "0"], "--export-animation: --steps must be at least 1, not 0"),
        (["{tmp}/run.gif", "--steps", "1", "--panel", "nope"], "--panel: unknown panel 'nope'; choose one of window"),
        (["{tmp}/run.gif", "--fps", "ten"], "argument --fps: invalid int value: 'ten'"),
    ],
)
def test_command_line_errors_are_one_line_with_exit_code_2(tmp_path, args, message):
    result = export(*(arg.format(tmp=tmp_path) for arg in args))
    lines = [line for line in result.stderr.splitlines() if "propagateSizeHints" not in line]
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert lines[0].startswith("linreg-gui: error: " + message.format(tmp=tmp_path))
    assert not list(tmp_path.glob("*.gif")) and no_leftovers(tmp_path)


# ----- the window ----------------------------------------------------------------------------------------
@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(f"{title}: {text}"))
    return shown


def step(qtbot, window, count: int) -> None:
    for _ in range(count):
        with qtbot.waitSignal(window.snapshotShown, timeout=TIMEOUT):
            qtbot.mouseClick(window.findChild(QPushButton, "stepBatchButton"), Qt.MouseButton.LeftButton)


def test_the_dialog_asks_for_steps_panel_size_rate_and_format(qtbot, window, monkeypatch):
    monkeypatch.setattr("linreg_gui.ui.export_animation.ffmpeg_executable", lambda: None)
    dialog = ExportAnimationDialog(window, window.file_menu.animation.targets(), 0)
    qtbot.addWidget(dialog)
    assert not dialog.replay_radio.isEnabled()  # nothing to replay at step 0
    assert dialog.summary.text() == "150 frames, one per step: 10.0 s"
    dialog.steps_spin.clear()
    qtbot.keyClicks(dialog.steps_spin, "45")
    dialog.target_combo.setCurrentIndex(dialog.target_combo.findText("Loss"))
    dialog.fps_spin.setValue(9)
    assert dialog.summary.text() == "45 frames, one per step: 5.0 s"
    mp4 = dialog.format_combo.model().item(2)
    assert mp4.text() == "MP4 (.mp4)" and not mp4.isEnabled() and "ffmpeg" in dialog.format_note.text()
    dialog.format_combo.setCurrentIndex(1)
    assert dialog.request() == AnimationRequest(False, 45, "loss", 1280, 720, 9, ".webp")


def test_export_animation_from_the_file_menu_records_the_next_steps(qtbot, window, tmp_path, monkeypatch, warnings):
    path = tmp_path / "lesson.gif"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(path), ""))

    def fill_in_the_dialog() -> None:
        dialog = window.findChild(ExportAnimationDialog, "exportAnimationDialog")
        dialog.steps_spin.setValue(6)
        dialog.width_spin.setValue(320)
        dialog.height_spin.setValue(180)
        dialog.target_combo.setCurrentIndex(0)
        assert dialog.target_combo.currentText() == "Whole window"
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill_in_the_dialog)
    window.findChild(QAction, "exportAnimationAction").trigger()
    export = window.file_menu.animation
    assert export.progress is not None and export.progress.isVisible()
    qtbot.waitUntil(lambda: path.exists() and export.progress is None, timeout=TIMEOUT)
    pixels, durations, size = frames_of(path)
    assert (len(pixels), size, sum(durations)) == (6, (320, 180), 400)
    assert window.last_snapshot.step == 6  # the window itself trained on
    assert "Animation (6 frames) exported to" in window.statusBar().currentMessage() and not warnings


def test_the_run_so_far_is_replayed_off_screen_and_the_window_stays_put(qtbot, window, tmp_path, warnings):
    window.controls.lr_spin.setValue(0.05)  # a setting of this run, which the replay must use too
    step(qtbot, window, 4)
    ours = (window.last_snapshot.w.tolist(), window.last_snapshot.b)
    path = tmp_path / "replayed.gif"
    export = window.file_menu.animation
    assert export.record(AnimationRequest(True, 4, "parameters", 300, 200, 10), str(path))
    replayed = []
    export.replay_window.snapshotShown.connect(lambda s: replayed.append((s.step, s.w.tolist(), s.b)))
    qtbot.waitUntil(lambda: export.progress is None, timeout=TIMEOUT)
    assert (4, *ours) in replayed and max(step for step, *_ in replayed) == 4
    assert window.last_snapshot.step == 4 and not warnings
    replays = [w for w in QApplication.topLevelWidgets() if w.objectName() == "animationReplayWindow"]
    assert not any(w.isVisible() for w in replays)
    pixels, durations, size = frames_of(path)
    assert (len(pixels), size, sum(durations)) == (4, (300, 200), 400)


def test_cancelling_leaves_no_file(qtbot, window, tmp_path, warnings):
    path = tmp_path / "never.gif"
    export = window.file_menu.animation
    assert export.record(AnimationRequest(False, 500, "loss", 320, 180, 15), str(path))
    recorder = export.recorder
    qtbot.waitUntil(lambda: recorder.frames >= 2, timeout=TIMEOUT)
    export.progress.findChild(QPushButton).click()  # the progress dialog's Cancel
    assert export.progress is None
    assert "cancelled" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: recorder.writer.done.is_set(), timeout=TIMEOUT)
    assert list(tmp_path.iterdir()) == [] and not warnings


def test_an_unwritable_folder_is_a_message_not_a_recording(qtbot, window, tmp_path, warnings):
    export = window.file_menu.animation
    assert not export.record(AnimationRequest(False, 3, "window"), str(tmp_path / "missing" / "a.gif"))
    assert export.progress is None and window.last_snapshot.step == 0
    assert len(warnings) == 1 and warnings[0].startswith("The animation was not exported: cannot write")


def test_targets_offer_the_whole_window_and_every_panel(window):
    combo_names = list(window.file_menu.animation.targets())
    assert combo_names == ["window", *window.figures()]
    assert window.findChild(QComboBox, "animationTargetCombo") is None  # the dialog exists only while asked


def test_recording_a_running_run_pauses_it_first(qtbot, window, tmp_path, warnings):
    qtbot.mouseClick(window.findChild(QPushButton, "runPauseButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.last_snapshot.step > 0 and window.run_state != "idle", timeout=TIMEOUT)
    path = tmp_path / "from-a-run.gif"
    export = window.file_menu.animation
    assert export.record(AnimationRequest(False, 3, "loss", 320, 180, 10), str(path))
    recorded = []
    export.recorder.progressed.connect(lambda frames, total: recorded.append(window.last_snapshot.step))
    qtbot.waitUntil(lambda: export.progress is None, timeout=TIMEOUT)
    assert window.run_state == "idle" and not warnings
    assert recorded == list(range(recorded[0], recorded[0] + 3)) and window.last_snapshot.step == recorded[-1]
    assert sum(frames_of(path)[1]) == 300  # (a GIF stores identical consecutive frames once, with their times added)
