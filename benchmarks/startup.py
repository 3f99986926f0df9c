"""B3: how long a lecturer waits for the window, against merely importing its heavy libraries.

Both are measured in fresh processes from the same clock: the parent's ``time.time()`` just before
the spawn, so interpreter start-up counts in both. The two kinds of run alternate, so a busy moment
on the shared machine hits both alike; medians are compared.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
IMPORT_ONLY = "import sys, time\nimport torch, PySide6.QtWidgets, pyqtgraph\nprint(time.time() - float(sys.argv[1]))"


@dataclass(frozen=True)
class Startup:
    first_paint_s: list[float]
    import_s: list[float]

    @property
    def ratio(self) -> float:
        return statistics.median(self.first_paint_s) / statistics.median(self.import_s)


def _timed_child(args: list[str], settings_dir: str) -> float:
    """Spawn ``python ARGS START SETTINGS_DIR``; the child prints seconds since START as its last line."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.time()
    done = subprocess.run(
        [sys.executable, *args, repr(start), settings_dir],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=HERE.parent,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def measure_startup(runs: int, settings_dir: str) -> Startup:
    """``runs`` alternating pairs: first paint of the window, then the bare imports."""
    first_paint, imports = [], []
    for _ in range(runs):
        first_paint.append(_timed_child([str(HERE / "first_paint.py")], settings_dir))
        imports.append(_timed_child(["-c", IMPORT_ONLY], settings_dir))
    return Startup(first_paint, imports)
