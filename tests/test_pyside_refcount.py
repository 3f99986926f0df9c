"""Guard against PySide6 6.12.0 on Python 3.11, which drops a reference to None on every void Qt
call and aborts the interpreter after about 5,000 of them."""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from PySide6.QtCore import QTimer

ROOT = Path(__file__).resolve().parents[1]


def test_void_qt_calls_keep_none_alive(qapp):
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(5_000):
        timer.setInterval(5)
        timer.stop()
    assert sys.getrefcount(None) >= before - 100


def test_installed_pyside_is_not_the_crashing_release():
    version = next(metadata.version(name) for name in ("PySide6-Essentials", "PySide6") if _installed(name))
    if sys.version_info < (3, 12):
        assert not version.startswith("6.12."), f"PySide6 {version} crashes Python {sys.version_info[:2]}"


def test_the_requirement_excludes_6_12_on_python_3_11():
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pyside = [Requirement(d) for d in dependencies if d.lower().startswith("pyside6")]
    on_311 = [r for r in pyside if r.marker is None or r.marker.evaluate({"python_version": "3.11"})]
    assert on_311 and all(not r.specifier.contains("6.12.0") for r in on_311)
    assert all(r.specifier.contains("6.11.3") for r in on_311)


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True
