"""File ▸ Export Animation…: a small dialog (what to record, what it covers, size, frame rate, format),
then the recording with a progress dialog that can cancel it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressDialog,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.animation import (
    DEFAULT_FPS,
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    FORMATS,
    MAX_FPS,
    MAX_FRAMES,
    MAX_HEIGHT,
    MAX_WIDTH,
    MIN_SIDE,
    AnimationError,
    AnimationSpec,
    ffmpeg_executable,
)
from ..protocol import Pause, RunState
from .recorder import WHOLE_WINDOW, AnimationRecorder, recording_targets, window_size_for

DEFAULT_STEPS = 150  # 10 s at 15 frames per second


@dataclass(frozen=True)
class AnimationRequest:
    """What the dialog asked for; the file's name comes after it."""

    replay: bool  # the run so far, replayed from its start, instead of the next steps
    steps: int
    target: str  # a name of recording_targets()
    width: int = DEFAULT_WIDTH
    height: int = DEFAULT_HEIGHT
    fps: int = DEFAULT_FPS
    suffix: str = ".gif"


class ExportAnimationDialog(QDialog):
    """Asks what to record. ``targets`` maps each recording target to its name in the current language;
    ``steps_so_far`` is the run's step (0: nothing to replay)."""

    def __init__(self, parent: QWidget, targets: dict[str, str], steps_so_far: int) -> None:
        super().__init__(parent)
        self.setObjectName("exportAnimationDialog")
        self.setWindowTitle(self.tr("Export Animation"))
        self.steps_so_far = steps_so_far
        self.next_radio = QRadioButton(self.tr("The next steps:"))
        self.next_radio.setObjectName("animationNextStepsRadio")
        self.next_radio.setToolTip(
            self.tr("Trains on from here, one step per frame, and records what the window shows")
        )
        self.steps_spin = QSpinBox()
        self.steps_spin.setObjectName("animationStepsSpin")
        self.steps_spin.setRange(1, MAX_FRAMES)
        self.steps_spin.setValue(DEFAULT_STEPS)
        self.replay_radio = QRadioButton(self.tr("The run so far, replayed ({steps} steps)").format(steps=steps_so_far))
        self.replay_radio.setObjectName("animationReplayRadio")
        self.replay_radio.setToolTip(
            self.tr(
                "Replays the run from its start, off screen, with the current settings and seeds: the same "
                "run, if no setting was changed along the way. The window is left as it is."
            )
        )
        self.replay_radio.setEnabled(1 <= steps_so_far <= MAX_FRAMES)
        group = QButtonGroup(self)
        group.addButton(self.next_radio)
        group.addButton(self.replay_radio)
        self.next_radio.setChecked(True)
        next_row = QHBoxLayout()
        next_row.addWidget(self.next_radio)
        next_row.addWidget(self.steps_spin)
        next_row.addStretch(1)

        self.target_combo = QComboBox()
        self.target_combo.setObjectName("animationTargetCombo")
        for name, label in targets.items():
            self.target_combo.addItem(label, name)
        self.width_spin = self._spin("animationWidthSpin", MIN_SIDE, MAX_WIDTH, DEFAULT_WIDTH, " px")
        self.height_spin = self._spin("animationHeightSpin", MIN_SIDE, MAX_HEIGHT, DEFAULT_HEIGHT, " px")
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_spin)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_spin)
        size_row.addStretch(1)
        self.fps_spin = self._spin("animationFpsSpin", 1, MAX_FPS, DEFAULT_FPS, "")
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("animationFormatCombo")
        for suffix, name in FORMATS.items():
            self.format_combo.addItem(f"{name} ({suffix})", suffix)
        self.format_note = QLabel()
        self.format_note.setObjectName("animationFormatNote")
        self.format_note.setWordWrap(True)
        if ffmpeg_executable() is None:
            mp4 = self.format_combo.model().item(list(FORMATS).index(".mp4"))
            mp4.setEnabled(False)
            self.format_note.setText(self.tr("MP4 needs ffmpeg, which was not found on this computer (PATH)."))
        self.summary = QLabel()
        self.summary.setObjectName("animationSummaryLabel")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("Record:"), next_row)
        form.addRow("", self.replay_radio)
        form.addRow(self.tr("Showing:"), self.target_combo)
        form.addRow(self.tr("Size:"), size_row)
        form.addRow(self.tr("Frames per second:"), self.fps_spin)
        form.addRow(self.tr("Format:"), self.format_combo)
        form.addRow("", self.format_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("animationButtons")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record…"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        for spin in (self.steps_spin, self.fps_spin):
            spin.valueChanged.connect(self._show_summary)
        group.buttonToggled.connect(self._show_summary)
        self._show_summary()

    def _spin(self, name: str, low: int, high: int, value: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setSuffix(suffix)
        return spin

    def _steps(self) -> int:
        return self.steps_so_far if self.replay_radio.isChecked() else self.steps_spin.value()

    def _show_summary(self, *_: object) -> None:
        frames = self._steps()
        self.summary.setText(
            self.tr("{frames} frames, one per step: {seconds} s").format(
                frames=frames, seconds=f"{frames / self.fps_spin.value():.1f}"
            )
        )

    def request(self) -> AnimationRequest:
        return AnimationRequest(
            replay=self.replay_radio.isChecked(),
            steps=self._steps(),
            target=self.target_combo.currentData(),
            width=self.width_spin.value(),
            height=self.height_spin.value(),
            fps=self.fps_spin.value(),
            suffix=self.format_combo.currentData(),
        )


class AnimationExport(QObject):
    """Carries out File ▸ Export Animation… for ``window`` (see FileMenu for what a window offers)."""

    def __init__(self, window: QMainWindow, panel_name, ask_save, error) -> None:
        """``panel_name(name)``, ``ask_save(title, filters, suffix)`` and ``error(title, text)`` are the File
        menu's: one wording of panel names, one way to ask for a file, one way to report a failure."""
        super().__init__(window)
        self.window = window
        self._panel_name, self._ask_save, self._error = panel_name, ask_save, error
        self.recorder: AnimationRecorder | None = None
        self.progress: QProgressDialog | None = None
        self.replay_window: QMainWindow | None = None

    def targets(self) -> dict[str, str]:
        return {
            name: self.tr("Whole window") if name == WHOLE_WINDOW else self._panel_name(name)
            for name in recording_targets(self.window)
        }

    def ask(self) -> None:
        """The dialog, then the file, then the recording."""
        if self.window.run_state != RunState.IDLE:
            self.window.training.send(Pause())  # what a lecturer would do first
        step = self.window.last_snapshot.step if self.window.last_snapshot is not None else 0
        dialog = ExportAnimationDialog(self.window, self.targets(), step)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        request = dialog.request()
        dialog.deleteLater()
        if not accepted:
            return
        name = FORMATS[request.suffix]
        path = self._ask_save(self.tr("Export animation"), f"{name} (*{request.suffix})", request.suffix)
        if path:
            self.record(request, path)

    def record(self, request: AnimationRequest, path: str) -> bool:
        """Start recording ``request`` into ``path``; False (and a message) if it cannot start."""
        try:
            spec = AnimationSpec(Path(path), request.width, request.height, request.fps)
            window = self._replay(request, spec) if request.replay else self.window
            self.recorder = AnimationRecorder(window, request.target, spec, request.steps)
            self.recorder.start()
        except AnimationError as error:
            self._close_replay()
            self._error(self.tr("The animation was not exported"), str(error))
            return False
        self.recorder.progressed.connect(self._on_progress)
        self.recorder.encoding.connect(self._on_encoding)
        self.recorder.finished.connect(self._on_finished)
        self.recorder.failed.connect(self._on_failed)
        self.progress = QProgressDialog(self.window)
        self.progress.setObjectName("exportAnimationProgress")
        self.progress.setWindowTitle(self.tr("Export Animation"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoReset(False)
        self.progress.setAutoClose(False)
        self.progress.setRange(0, request.steps)
        self.progress.setValue(0)
        self.progress.setLabelText(self.tr("Recording…"))
        self.progress.setCancelButtonText(self.tr("Cancel"))
        self.progress.canceled.connect(self.cancel)
        self.progress.show()
        return True

    def cancel(self) -> None:
        """Stop the recording; no file is written."""
        if self.recorder is not None:
            self.recorder.cancel()
        self._done()
        self.window.statusBar().showMessage(self.tr("Animation export cancelled"), 8000)

    def _replay(self, request: AnimationRequest, spec: AnimationSpec) -> QMainWindow:
        """A copy of the window (a new one of its class), off screen, that runs the current settings from
        their start."""
        experiment = self.window.current_experiment()
        if experiment is None:
            raise AnimationError(self.tr("a setting is invalid; correct it first"))
        replay = self.replay_window = type(self.window)()
        replay.setObjectName("animationReplayWindow")
        replay.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        replay.apply_experiment(experiment)
        whole = request.target == WHOLE_WINDOW
        replay.resize(*(window_size_for(spec, replay) if whole else self.window.size().toTuple()))
        replay.show()
        return replay

    def _on_progress(self, frames: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setValue(frames)
            self.progress.setLabelText(self.tr("Recording step {frame} of {total}…").format(frame=frames, total=total))

    def _on_encoding(self) -> None:
        if self.progress is not None:
            self.progress.setRange(0, 0)
            self.progress.setLabelText(self.tr("Writing the file…"))

    def _on_finished(self, path: str) -> None:
        frames = self.recorder.frames
        self._done()
        message = self.tr("Animation ({frames} frames) exported to {path}").format(frames=frames, path=path)
        self.window.statusBar().showMessage(message, 15000)

    def _on_failed(self, reason: str) -> None:
        self._done()
        self._error(self.tr("The animation was not exported"), reason)

    def _done(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        if self.recorder is not None:
            self.recorder.deleteLater()
            self.recorder = None
        self._close_replay()

    def _close_replay(self) -> None:
        """Stop the copy without closing it: closing would remember its size as the user's window size."""
        if self.replay_window is not None:
            self.replay_window.training.stop()
            self.replay_window.hide()
            self.replay_window.deleteLater()
            self.replay_window = None
