"""Animated files from rendered frames: GIF and WebP through Pillow, MP4 through an ffmpeg executable.

No Qt here: frames arrive as raw RGBX bytes, and an ``AnimationWriter`` encodes them on a thread of its
own, so the window keeps drawing while a recording runs. The file appears only when it is complete
(a temporary file beside it, then a rename); a cancelled or failed recording leaves nothing behind.
"""

from __future__ import annotations

import io
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from .experiment import NEW_FILE_MODE, write_atomically

FORMATS = {".gif": "GIF", ".webp": "WebP", ".mp4": "MP4"}
DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_FPS = 1280, 720, 15
MIN_SIDE, MAX_WIDTH, MAX_HEIGHT = 64, 3840, 2160
MAX_FPS = 60
MAX_FRAMES = 3000  # GIF and WebP frames are held in memory until the file is written
BYTES_PER_PIXEL = 4  # RGBX: one byte of each row is padding, so rows are never padded


class AnimationError(ValueError):
    """A request that cannot be recorded, said in one line for the user."""


def parse_size(text: str) -> tuple[int, int]:
    """``"1280x720"`` → (1280, 720)."""
    width, sep, height = text.lower().partition("x")
    try:
        if not sep:
            raise ValueError
        return int(width), int(height)
    except ValueError:
        raise AnimationError(f"the size must be WIDTHxHEIGHT such as 1280x720, not {text!r}") from None


def ffmpeg_executable() -> str | None:
    """The ffmpeg on PATH, which MP4 needs; None if there is none."""
    return shutil.which("ffmpeg")


@dataclass(frozen=True)
class AnimationSpec:
    """What to write: the file (its suffix picks the format), the frame size and the frame rate."""

    path: Path
    width: int = DEFAULT_WIDTH
    height: int = DEFAULT_HEIGHT
    fps: int = DEFAULT_FPS

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))
        if self.path.suffix.lower() not in FORMATS:
            raise AnimationError(f"{self.path.name}: the file must end in .gif, .webp or .mp4")
        if not (MIN_SIDE <= self.width <= MAX_WIDTH and MIN_SIDE <= self.height <= MAX_HEIGHT):
            raise AnimationError(
                f"the size {self.width}x{self.height} is outside {MIN_SIDE}x{MIN_SIDE} … {MAX_WIDTH}x{MAX_HEIGHT}"
            )
        if not 1 <= self.fps <= MAX_FPS:
            raise AnimationError(f"the frame rate must be 1 … {MAX_FPS} frames per second, not {self.fps}")
        if self.format == "MP4":
            if self.width % 2 or self.height % 2:
                raise AnimationError(f"an MP4's width and height must be even, not {self.width}x{self.height}")
            if ffmpeg_executable() is None:
                raise AnimationError("MP4 needs ffmpeg, which is not installed (not on PATH); choose .gif or .webp")

    @property
    def format(self) -> str:
        return FORMATS[self.path.suffix.lower()]

    def frame_durations_ms(self, frames: int, step_ms: int) -> list[int]:
        """Each frame's display time in multiples of ``step_ms`` (GIF counts in 10 ms), chosen so the first k
        frames always last k / fps seconds to the nearest step: 15 fps is 60, 70, 70, 60, 70, 70, … ms."""
        ends = [round((i + 1) * 1000 / self.fps / step_ms) * step_ms for i in range(frames)]
        return [end - start for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def check_writable(path: Path) -> None:
    """Fail now, not after the recording, if nothing can be written where ``path`` goes."""
    try:
        handle, probe = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise AnimationError(f"cannot write {path}: {error.strerror or error}") from None
    os.close(handle)
    os.unlink(probe)


_END, _CANCEL = "end", "cancel"


class AnimationWriter:
    """Encodes frames on its own thread: ``add`` each frame (RGBX bytes of the spec's size), then ``finish``
    or ``cancel``; ``done`` is set when the file is written or given up, ``error`` then says why not."""

    def __init__(self, spec: AnimationSpec) -> None:
        check_writable(spec.path)
        self.spec = spec
        self.frames_added = 0
        self.error: str | None = None
        self.done = threading.Event()
        self._queue: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="animation-writer", daemon=True)
        self._thread.start()

    def add(self, rgbx: bytes) -> None:
        expected = self.spec.width * self.spec.height * BYTES_PER_PIXEL
        if len(rgbx) != expected:
            raise ValueError(f"a frame has {len(rgbx)} bytes, not {expected}")
        self.frames_added += 1
        self._queue.put(rgbx)

    def finish(self) -> None:
        """Write the file once the frames added so far are encoded (returns at once)."""
        self._queue.put(_END)

    def cancel(self) -> None:
        """Drop the recording; nothing is written (returns at once)."""
        self._queue.put(_CANCEL)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until done (the command line; the window polls ``done`` instead)."""
        return self.done.wait(timeout)

    def _run(self) -> None:
        sink: _PillowSink | _Mp4Sink | None = None
        try:
            sink = _Mp4Sink(self.spec) if self.spec.format == "MP4" else _PillowSink(self.spec)
            while True:
                item = self._queue.get()
                if item == _CANCEL:
                    sink.discard()
                    self.error = "cancelled"
                    return
                if item == _END:
                    sink.close()
                    return
                sink.add(item)
        except Exception as error:  # reported to the user as the reason the file was not written
            if sink is not None:
                sink.discard()
            self.error = f"cannot write {self.spec.path}: {getattr(error, 'strerror', None) or error}"
        finally:
            self.done.set()


class _PillowSink:
    """GIF: every frame mapped onto the first frame's 256-colour palette (unchanged pixels keep their index,
    so each frame stores only what changed). WebP: the frames as they are."""

    def __init__(self, spec: AnimationSpec) -> None:
        self.spec = spec
        self.frames: list = []
        self._palette = None

    def add(self, rgbx: bytes) -> None:
        from PIL import Image

        if len(self.frames) >= MAX_FRAMES:
            raise AnimationError(f"more than {MAX_FRAMES} frames")
        size = (self.spec.width, self.spec.height)
        frame = Image.frombytes("RGB", size, rgbx, "raw", "RGBX")
        if self.spec.format == "GIF":
            if self._palette is None:
                self._palette = frame.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
            frame = frame.quantize(palette=self._palette, dither=Image.Dither.NONE)
        self.frames.append(frame)

    def close(self) -> None:
        if not self.frames:
            raise AnimationError("no frames were recorded")
        first, *rest = self.frames
        buffer = io.BytesIO()
        if self.spec.format == "GIF":
            durations = self.spec.frame_durations_ms(len(self.frames), 10)
            first.save(buffer, "GIF", save_all=True, append_images=rest, duration=durations, loop=0, optimize=True)
        else:
            durations = self.spec.frame_durations_ms(len(self.frames), 1)
            first.save(buffer, "WEBP", save_all=True, append_images=rest, duration=durations, loop=0, quality=90)
        self.frames = []
        write_atomically(self.spec.path, buffer.getvalue())

    def discard(self) -> None:
        self.frames = []


class _Mp4Sink:
    """Frames stream into ffmpeg (H.264, yuv420p: what slides and browsers play), which writes a temporary
    file beside the target; it is renamed when ffmpeg has finished."""

    def __init__(self, spec: AnimationSpec) -> None:
        self.spec = spec
        handle, name = tempfile.mkstemp(dir=spec.path.parent, prefix=f".{spec.path.name}.", suffix=".tmp")
        os.close(handle)
        self.temporary = Path(name)
        command = [
            ffmpeg_executable() or "ffmpeg", "-y", "-loglevel", "error",
            "-f", "rawvideo", "-pix_fmt", "rgb0", "-s", f"{spec.width}x{spec.height}", "-r", str(spec.fps), "-i", "-",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", str(self.temporary),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)

    def add(self, rgbx: bytes) -> None:
        self.process.stdin.write(rgbx)

    def close(self) -> None:
        stderr = self.process.communicate()[1].decode("utf-8", "replace").strip()
        if self.process.returncode != 0:
            self.temporary.unlink(missing_ok=True)
            raise AnimationError(f"ffmpeg failed: {stderr.splitlines()[-1] if stderr else self.process.returncode}")
        os.chmod(self.temporary, NEW_FILE_MODE)
        os.replace(self.temporary, self.spec.path)

    def discard(self) -> None:
        self.process.kill()
        self.process.communicate()
        self.temporary.unlink(missing_ok=True)
