"""``linreg-gui --install-desktop`` / ``--uninstall-desktop``: the app in the Linux menu, for this user.

The packaged ``linreg-gui.desktop`` goes to ``$XDG_DATA_HOME/applications`` (default
``~/.local/share/applications``) with an ``Exec`` line that starts this very installation, and the icon
to the hicolor theme under ``$XDG_DATA_HOME/icons``, as the freedesktop specifications ask. Windows and
macOS have no such menu: there the commands say so and change nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .resources import resource

APP_ID = "linreg-gui"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
EXIT_UNSUPPORTED = 2


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or not absolute (the spec's rule)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def launch_command() -> str:
    """The ``Exec`` command: the ``linreg-gui`` script beside this interpreter (pip, pipx, a venv), else the
    checkout's ``main.py`` run by this interpreter, else this interpreter with ``-m linreg_gui``."""
    script = Path(sys.executable).with_name(APP_ID)
    if script.is_file():
        return _exec_quote(str(script))
    checkout = Path(__file__).resolve().parents[1] / "main.py"
    if checkout.is_file():
        return f"{_exec_quote(sys.executable)} {_exec_quote(str(checkout))}"
    return f"{_exec_quote(sys.executable)} -m linreg_gui"


def _exec_quote(argument: str) -> str:
    """Quote one Exec argument as the Desktop Entry spec wants (double quotes; \\, ", `, $ escaped)."""
    if not any(c in argument for c in " \t\n\"'\\><~|&;$*?#()`"):
        return argument
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return f'"{escaped}"'


def desktop_text(command: str) -> str:
    """The packaged desktop entry with its ``Exec`` line starting ``command``."""
    lines = resource(f"{APP_ID}.desktop").read_text(encoding="utf-8").splitlines()
    return "\n".join(f"Exec={command} %f" if line.startswith("Exec=") else line for line in lines) + "\n"


def installed_files(home: Path) -> list[Path]:
    """Every file ``install`` writes under ``home`` (an XDG data folder)."""
    icons = home / "icons" / "hicolor"
    return [
        home / "applications" / f"{APP_ID}.desktop",
        icons / "scalable" / "apps" / f"{APP_ID}.svg",
        *(icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png" for size in ICON_SIZES),
    ]


def install(home: Path | None = None) -> list[Path]:
    """Write the desktop entry and the icons under ``home`` (default ``data_home()``); returns the files."""
    home = home or data_home()
    entry, svg, *pngs = installed_files(home)
    _write(entry, desktop_text(launch_command()).encode("utf-8"))
    _write(svg, resource("icons", f"{APP_ID}.svg").read_bytes())
    for size, png in zip(ICON_SIZES, pngs, strict=True):
        _write(png, resource("icons", f"{APP_ID}-{size}.png").read_bytes())
    return [entry, svg, *pngs]


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what ``install`` wrote; returns the files that were there."""
    removed = []
    for path in installed_files(home or data_home()):
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def _write(path: Path, data: bytes) -> None:
    """Through a temporary file and a rename, so a menu never reads half an entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def main(action: str) -> int:
    """``action`` is "install" or "uninstall"; prints what happened, returns the exit code."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        print(
            f"linreg-gui: error: --{action}-desktop is for Linux desktops (freedesktop menus); on Windows and "
            "macOS, start the app with `linreg-gui` or make a shortcut to it",
            file=sys.stderr,
        )
        return EXIT_UNSUPPORTED
    try:
        files = install() if action == "install" else uninstall()
    except OSError as error:
        print(f"linreg-gui: error: cannot {action} the desktop entry: {error}", file=sys.stderr)
        return EXIT_UNSUPPORTED
    if action == "install":
        print(f"Linear Regression Lab added to the applications menu: {files[0]} (starts {launch_command()})")
    else:
        print(f"removed {len(files)} file(s)" + (f": {files[0]} and the icons" if files else ""))
    return 0
