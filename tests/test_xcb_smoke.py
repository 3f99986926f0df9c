"""The window on a real X server (Xvfb + Qt's xcb platform), not only offscreen: the GUI smoke tests
and the soak run again there. Skipped where Xvfb is not installed (CI installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="Xvfb is not installed (Debian: xvfb)")
def test_window_tests_pass_on_a_real_x_server():
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    command = [
        "xvfb-run", "-a", "-s", "-screen 0 1920x1080x24",
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "tests/test_main_window.py", "tests/test_robustness.py::test_soak_hundred_thousand_steps_with_all_panels",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout
