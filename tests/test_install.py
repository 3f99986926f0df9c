"""Installed like an app: packaged resources, the icon, the desktop entry, --version, the wheel."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from linreg_gui import __version__, desktop_entry
from linreg_gui.desktop_entry import ICON_SIZES, data_home, desktop_text, install, installed_files, uninstall

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 300
RESOURCES_INIT = "linreg_gui/resources/__init__.py"


def test_version_from_the_command_line_and_python_m():
    for command in ([sys.executable, "-m", "linreg_gui", "--version"], [sys.executable, "main.py", "--version"]):
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT)
        assert (result.returncode, result.stdout.strip()) == (0, f"linreg-gui {__version__}")


def test_install_desktop_writes_a_valid_entry_and_the_icons(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    assert data_home() == tmp_path
    assert desktop_entry.main("install") == 0
    entry = tmp_path / "applications" / "linreg-gui.desktop"
    assert str(entry) in capsys.readouterr().out
    assert all(path.is_file() for path in installed_files(tmp_path))
    assert (tmp_path / "icons/hicolor/48x48/apps/linreg-gui.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = entry.read_text(encoding="utf-8")
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    script = str(Path(sys.executable).with_name("linreg-gui"))  # an installed copy starts its script
    assert exec_line.endswith(" %f") and (sys.executable in exec_line or script in exec_line)
    assert "Icon=linreg-gui" in text.splitlines()
    validator = shutil.which("desktop-file-validate")
    if validator is not None:
        result = subprocess.run([validator, str(entry)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    assert desktop_entry.main("uninstall") == 0
    assert not any(path.exists() for path in installed_files(tmp_path))


def test_reinstalling_replaces_and_uninstalling_twice_is_harmless(tmp_path):
    first = install(tmp_path)
    assert install(tmp_path) == first and len(first) == 2 + len(ICON_SIZES)
    assert len(uninstall(tmp_path)) == len(first) and uninstall(tmp_path) == []


def test_exec_line_quotes_paths_with_spaces():
    assert "Exec=/usr/bin/linreg-gui %f" in desktop_text("/usr/bin/linreg-gui")
    assert desktop_entry._exec_quote('/home/a b/$x"') == '"/home/a b/\\$x\\""'


def test_relative_xdg_data_home_is_ignored(monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", "relative/dir")
    assert data_home() == Path.home() / ".local" / "share"


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_desktop_entry_elsewhere_says_what_to_do_instead(platform, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", platform)
    assert desktop_entry.main("install") == 2
    error = capsys.readouterr().err
    assert error.startswith("linreg-gui: error: --install-desktop is for Linux") and error.count("\n") == 1
    assert not any(tmp_path.iterdir())


def test_every_window_and_dialog_shows_the_app_icon(qapp):
    from PySide6.QtWidgets import QDialog

    from linreg_gui.ui.app_icon import apply_identity

    apply_identity(qapp)
    sizes = {size.width() for size in qapp.windowIcon().availableSizes()}
    assert sizes == set(ICON_SIZES)
    dialog = QDialog()
    assert dialog.windowIcon().cacheKey() == qapp.windowIcon().cacheKey()
    assert qapp.desktopFileName() == "linreg-gui"


def test_windows_taskbar_id_is_set_only_on_windows(monkeypatch):
    from linreg_gui.ui import app_icon

    calls = []
    shell32 = type("Shell32", (), {"SetCurrentProcessExplicitAppUserModelID": staticmethod(calls.append)})
    monkeypatch.setattr(ctypes, "windll", type("WinDLL", (), {"shell32": shell32}), raising=False)
    assert app_icon.set_windows_app_id("linux") is False and calls == []
    assert app_icon.set_windows_app_id("win32") is True
    assert calls == [app_icon.WINDOWS_APP_USER_MODEL_ID]


# ----- the wheel ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the project so the checkout gets no build/ or egg-info folder.

    pip builds it in an isolated environment with the setuptools pyproject.toml asks for, as
    ``pip install .`` and ``pipx install`` do."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "linreg_gui", source / "linreg_gui", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
    assert result.returncode == 0, result.stderr
    (path,) = out.glob("linreg_gui-*.whl")
    return path


def test_the_wheel_holds_the_translations_the_icon_and_the_licence(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "linreg_gui/resources/translations/linreg_zh_TW.qm" in names
    assert "linreg_gui/resources/icons/linreg-gui.svg" in names
    assert {f"linreg_gui/resources/icons/linreg-gui-{size}.png" for size in ICON_SIZES} <= names
    assert "linreg_gui/resources/linreg-gui.desktop" in names
    assert f"linreg_gui-{__version__}.dist-info/licenses/LICENSE" in names
    assert "linreg_gui/__main__.py" in names
    assert not any(name.endswith((".ts", ".sh")) or "__pycache__" in name for name in names)
    assert not any(
        name.startswith("linreg_gui/resources/") and name.endswith(".py") for name in names - {RESOURCES_INIT}
    )
    metadata = zipfile.ZipFile(wheel).read(f"linreg_gui-{__version__}.dist-info/METADATA").decode()
    assert "Requires-Dist: pyqtgraph<0.15,>=0.13.7" in metadata
    assert "Requires-Dist: torch<2.14,>=2.2" in metadata and "Requires-Dist: Pillow<14,>=10.1" in metadata


@pytest.mark.slow
def test_the_installed_wheel_runs_from_anywhere_in_chinese(wheel, tmp_path):
    """A fresh virtual environment outside the checkout: the wheel without dependencies, which the new
    environment borrows from the running one (a .pth file) instead of downloading them."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    python = bin_dir / ("python.exe" if sys.platform == "win32" else "python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    import sysconfig

    Path(site, "borrowed.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    install_cmd = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)]
    result = subprocess.run(install_cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    assert result.returncode == 0, result.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = str(bin_dir / ("linreg-gui.exe" if sys.platform == "win32" else "linreg-gui"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [script, *args], capture_output=True, text=True, timeout=TIMEOUT_S, cwd=elsewhere, env=env
        )

    located = subprocess.run(
        [str(python), "-c", "import linreg_gui; print(linreg_gui.__file__)"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=elsewhere,
        env=env,
    )
    assert Path(located.stdout.strip()).is_relative_to(env_dir)
    headless = run("--headless", "--epochs", "1")
    assert headless.returncode == 0 and headless.stdout.startswith("epoch 1, loss "), headless.stderr
    shot = elsewhere / "shot.png"
    chinese = run("--screenshot", str(shot), "--lang", "zh_TW", "--size", "1280x720")
    assert chinese.returncode == 0, chinese.stderr
    assert "cannot load the translations" not in chinese.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
