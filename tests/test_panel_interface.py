"""The panels' declared interface: every panel the window holds implements ``Panel``, and the window
drives them all through one loop (a panel added to the list needs no new call)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton

from linreg_gui.core.snapshot import DataView, Snapshot
from linreg_gui.ui.panels import Panel
from linreg_gui.ui.panels.theme import DARK, LIGHT, Theme
from linreg_gui.ui.shortcuts import ALL_SHORTCUTS

TIMEOUT = 15_000


class FakePanel:
    """Records what the window tells it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def new_data(self, view: DataView) -> None:
        self.calls.append(("new_data", view))

    def new_run(self, keep_previous: bool) -> None:
        self.calls.append(("new_run", keep_previous))

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self.calls.append(("show_snapshot", snapshot))

    def retranslate(self) -> None:
        self.calls.append(("retranslate", None))

    def restyle(self, theme: Theme) -> None:
        self.calls.append(("restyle", theme))


def test_every_panel_of_the_window_implements_the_interface(window):
    assert len(window.panels) == 9
    missing = [type(panel).__name__ for panel in window.panels if not isinstance(panel, Panel)]
    assert missing == []
    assert isinstance(FakePanel(), Panel)


def test_the_window_drives_a_new_panel_through_the_loop(qtbot, window):
    fake = FakePanel()
    window.panels.append(fake)
    with qtbot.waitSignal(window.snapshotShown, timeout=TIMEOUT):
        qtbot.mouseClick(window.findChild(QPushButton, "regenerateButton"), Qt.MouseButton.LeftButton)
    names = [name for name, _ in fake.calls]
    assert names[:3] == ["new_data", "new_run", "show_snapshot"]
    assert fake.calls[0][1] is window.data_view and fake.calls[1][1] is True
    assert fake.calls[2][1] is window.last_snapshot
    window.findChild(QAction, "darkThemeAction").trigger()
    assert fake.calls[-1] == ("restyle", DARK)
    window.findChild(QAction, "lightThemeAction").trigger()
    assert fake.calls[-1] == ("restyle", LIGHT)


def test_no_module_reaches_into_the_controls_widgets():
    """The window and the other modules use the controls' signals and setters, never their widgets."""
    package = Path(__file__).resolve().parents[1] / "linreg_gui"
    widget = re.compile(r"controls\.\w+_(button|spin|spins|check|combo|slider|group|form|label|note|insight|caption)\b")
    reaching = [
        f"{path.relative_to(package)}: {match.group(0)}"
        for path in package.rglob("*.py")
        if path.name != "controls.py"
        for match in widget.finditer(path.read_text(encoding="utf-8"))
    ]
    assert reaching == []


def test_every_declared_shortcut_is_bound_once_in_the_window(window):
    bound = [sequence.toString() for action in window.findChildren(QAction) for sequence in action.shortcuts()]
    declared = [sequence.toString() for shortcut in ALL_SHORTCUTS for sequence in shortcut.sequences()]
    assert sorted(key for key in bound if key in declared) == sorted(declared)
