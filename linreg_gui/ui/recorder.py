"""Records an animation of a window: one frame per training step, drawn from the snapshot the window shows.

The recorder steps the run one batch at a time (Step Batch) and, once the window has drawn the step's
snapshot, renders the chosen part of the window into a frame and hands its bytes to an
``AnimationWriter``, which encodes on its own thread. A run recorded from the same settings and seeds
therefore gives the same frames, however fast the machine is.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPalette
from PySide6.QtWidgets import QMainWindow, QWidget

from ..core.animation import MAX_FRAMES, AnimationError, AnimationSpec, AnimationWriter
from ..protocol import Pause, RunState, StepBatch

WHOLE_WINDOW = "window"
POLL_MS = 50  # while the writer finishes the file


def recording_targets(window: QMainWindow) -> dict[str, QWidget]:
    """What a recording can cover, by name: the whole window or one of its panels (File ▸ Export Panel's).
    Another choice, such as the current scene, is one more entry here."""
    return {WHOLE_WINDOW: window, **window.figures()}


def window_size_for(spec: AnimationSpec, window: QMainWindow) -> tuple[int, int]:
    """The size to lay a recorded window out at: the frame's, enlarged to the window's default width if
    narrower (the frame then shows the window as it opens, scaled down, rather than a cramped one)."""
    factor = max(1.0, window.sizeHint().width() / spec.width)
    return round(spec.width * factor), round(spec.height * factor)


def render_frame(widget: QWidget, width: int, height: int) -> bytes:
    """``widget`` drawn into a ``width`` × ``height`` RGBX image: scaled to fit (drawn at that scale, so text and
    lines stay sharp) and centred on the window colour."""
    image = QImage(width, height, QImage.Format.Format_RGBX8888)
    image.fill(widget.palette().color(QPalette.ColorRole.Window))
    scale = min(width / max(widget.width(), 1), height / max(widget.height(), 1))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.translate((width - widget.width() * scale) / 2, (height - widget.height() * scale) / 2)
    painter.scale(scale, scale)
    QWidget.render(widget, painter, QPoint(0, 0))  # a PlotWidget is a QGraphicsView: the widget's own render
    painter.end()
    return bytes(image.constBits())


class AnimationRecorder(QObject):
    """Records ``steps`` steps of ``window``'s run, a frame of ``target`` after each, into ``spec``'s file.

    ``start()`` raises AnimationError if the file cannot be written. Then ``progressed`` reports each
    frame; ``finished(path)`` or ``failed(reason)`` ends it (``cancel()`` ends it without either). A run
    that diverges ends the recording at the step it diverged, which is kept.
    """

    progressed = Signal(int, int)  # frames recorded, frames asked for
    encoding = Signal()  # every frame is recorded; the file is being written
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, window: QMainWindow, target: str, spec: AnimationSpec, steps: int) -> None:
        super().__init__(window)
        targets = recording_targets(window)
        if target not in targets:
            raise AnimationError(f"unknown panel {target!r}; choose one of {', '.join(targets)}")
        if not 1 <= steps <= MAX_FRAMES:
            raise AnimationError(f"the number of steps must be 1 … {MAX_FRAMES}, not {steps}")
        self.window, self.widget, self.spec, self.steps = window, targets[target], spec, steps
        self.frames = 0
        self.writer: AnimationWriter | None = None
        self._after_step: int | None = None  # the step the last Step Batch started from; None: not begun
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check_written)

    def start(self) -> None:
        snapshot = self.window.last_snapshot
        if snapshot is not None and snapshot.diverged_at is not None:
            raise AnimationError(f"the run diverged at step {snapshot.diverged_at}: press Reset first")
        self.writer = AnimationWriter(self.spec)
        self.window.snapshotShown.connect(self._on_snapshot)
        self.window.training.runStateChanged.connect(self._begin_when_ready)
        if self.window.run_state != RunState.IDLE:
            self.window.training.send(Pause())
        self._begin_when_ready()

    def cancel(self) -> None:
        """Stop recording and drop the frames; no file is written."""
        self._disconnect()
        self._poll.stop()
        if self.writer is not None:
            self.writer.cancel()

    def _begin_when_ready(self, *_: object) -> None:
        """The first step waits for the run's first snapshot and for a run in progress to pause."""
        if (
            self._after_step is None
            and self.window.last_snapshot is not None
            and self.window.run_state == RunState.IDLE
        ):
            self._step()

    def _step(self) -> None:
        self._after_step = self.window.last_snapshot.step
        self.window.training.send(StepBatch())

    def _on_snapshot(self, snapshot) -> None:
        if self._after_step is None:
            self._begin_when_ready()
        elif not snapshot.live and snapshot.step > self._after_step:
            self._after_step = snapshot.step  # waits for this frame's render below
            QTimer.singleShot(0, self, lambda: self._record(snapshot.diverged_at is not None))

    def _record(self, last: bool) -> None:
        """Render the frame once the events the snapshot posted (layouts) have run."""
        if self.writer is None or self.writer.done.is_set() or self.frames >= self.steps:
            return
        QCoreApplication.sendPostedEvents()  # layouts a new text asked for, so the frame never depends on timing
        self.writer.add(render_frame(self.widget, self.spec.width, self.spec.height))
        self.frames += 1
        self.progressed.emit(self.frames, self.steps)
        if last or self.frames >= self.steps:
            self._disconnect()
            self.encoding.emit()
            self.writer.finish()
            self._poll.start()
        else:
            self._step()

    def _check_written(self) -> None:
        if not self.writer.done.is_set():
            return
        self._poll.stop()
        if self.writer.error is None:
            self.finished.emit(str(self.spec.path))
        else:
            self.failed.emit(self.writer.error)

    def _disconnect(self) -> None:
        for signal, slot in (
            (self.window.snapshotShown, self._on_snapshot),
            (self.window.training.runStateChanged, self._begin_when_ready),
        ):
            with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
                signal.disconnect(slot)
