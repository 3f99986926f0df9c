"""The window's middle: the panels of the current scene, large, and any one of them maximised.

A scene is a named layout made for one part of the lesson (keys 1–4): it shows two or three panels in
splitters, so the few things being explained get the room, and puts the rest away. The overview
scene stacks the panels it cannot show side by side into tabs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedLayout,
    QStyle,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .widgets import Retranslating

PANEL_TITLES = {  # in English; shown translated (context "Stage")
    "data": QT_TRANSLATE_NOOP("Stage", "Data"),
    "loss": QT_TRANSLATE_NOOP("Stage", "Loss"),
    "params": QT_TRANSLATE_NOOP("Stage", "Parameters"),
    "grads": QT_TRANSLATE_NOOP("Stage", "Gradients"),
    "landscape": QT_TRANSLATE_NOOP("Stage", "Loss landscape"),
    "code": QT_TRANSLATE_NOOP("Stage", "Code"),
    "numbers": QT_TRANSLATE_NOOP("Stage", "Numbers"),
}
MAXIMISE_TIP = QT_TRANSLATE_NOOP("Stage", "Maximise this panel (double-click its title, or M)")
BACK_TIP = QT_TRANSLATE_NOOP("Stage", "Back to the scene (Esc)")
FRAME_NAMES = {  # objectNames; the last three were the docks' names and stay
    "data": "dataDock",
    "loss": "lossDock",
    "params": "paramsDock",
    "grads": "gradsDock",
    "landscape": "landscapeDock",
    "code": "codeDock",
    "numbers": "readoutDock",
}


@dataclass(frozen=True)
class Split:
    """Panels (or further splits) side by side (``horizontal``) or stacked, sized by ``stretches``."""

    horizontal: bool
    parts: tuple[Layout, ...]
    stretches: tuple[int, ...]


@dataclass(frozen=True)
class Tabs:
    """Panels sharing one place, one shown at a time."""

    keys: tuple[str, ...]


Layout = Union[str, Split, Tabs]  # noqa: UP007 (a forward reference: the | form cannot take strings here)


@dataclass(frozen=True)
class Scene:
    name: str  # in English; shown translated (context "Stage")
    layout: Layout


SCENES: tuple[Scene, ...] = (
    Scene(QT_TRANSLATE_NOOP("Stage", "Data"), Split(True, ("data", "numbers"), (3, 1))),
    Scene(
        QT_TRANSLATE_NOOP("Stage", "One step"),
        Split(True, ("code", Split(False, ("grads", "params"), (1, 1))), (5, 4)),
    ),
    Scene(QT_TRANSLATE_NOOP("Stage", "Loss"), Split(True, ("loss", "landscape"), (1, 1))),
    Scene(
        QT_TRANSLATE_NOOP("Stage", "Everything"),
        Split(
            True,
            (
                Split(False, (Split(True, ("data", "loss"), (1, 1)), Split(True, ("params", "grads"), (1, 1))), (1, 1)),
                Tabs(("numbers", "landscape", "code")),
            ),
            (2, 1),
        ),
    ),
)
DEFAULT_SCENE = 4  # 1-based, as the keys


def scene_keys(layout: Layout) -> list[str]:
    """The panels a layout shows (tabs included), in order."""
    if isinstance(layout, str):
        return [layout]
    if isinstance(layout, Tabs):
        return list(layout.keys)
    return [key for part in layout.parts for key in scene_keys(part)]


class PanelFrame(Retranslating, QFrame):
    """A panel with a title bar: double-click the bar (or press its button) to maximise it, again to go back."""

    maximiseToggled = Signal(str)  # the panel's key

    def __init__(self, key: str, content: QWidget) -> None:
        super().__init__()
        self.key, self.content = key, content
        self.setObjectName(FRAME_NAMES[key])
        self.title = QLabel()
        self.title.setObjectName(f"{key}PanelTitle")
        self.maximise_button = QToolButton()
        self.maximise_button.setObjectName(f"{key}MaximiseButton")
        self.maximise_button.setAutoRaise(True)
        self.maximise_button.clicked.connect(lambda: self.maximiseToggled.emit(self.key))
        self.bar = QWidget()
        self.bar.setObjectName(f"{key}TitleBar")
        bar = QHBoxLayout(self.bar)
        bar.setContentsMargins(4, 0, 0, 0)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.maximise_button)
        self.bar.installEventFilter(self)
        self.title.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bar)
        layout.addWidget(content, 1)
        self.set_maximised(False)

    def retranslate(self) -> None:
        """The title (also the frame's window title, which a tab shows) and the tooltip in the current language."""
        title = QCoreApplication.translate("Stage", PANEL_TITLES[self.key])
        self.title.setText(title)
        self.setWindowTitle(title)
        tip = BACK_TIP if self.maximised else MAXIMISE_TIP
        self.maximise_button.setToolTip(QCoreApplication.translate("Stage", tip))

    def set_maximised(self, maximised: bool) -> None:
        self.maximised = maximised
        self.retranslate()
        pixmap = QStyle.StandardPixmap
        icon = pixmap.SP_TitleBarNormalButton if maximised else pixmap.SP_TitleBarMaxButton
        self.maximise_button.setIcon(self.style().standardIcon(icon))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonDblClick and isinstance(event, QMouseEvent):
            self.maximiseToggled.emit(self.key)
            return True
        return False


class Stage(Retranslating, QWidget):
    """Shows the panels of one scene, or one panel maximised; the panels themselves are built elsewhere."""

    sceneChanged = Signal(int)  # 1-based
    maximisedChanged = Signal(str)  # the maximised panel's key, "" when back to the scene

    def __init__(self, panels: dict[str, QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stage")
        self.frames = {key: PanelFrame(key, panel) for key, panel in panels.items()}
        for frame in self.frames.values():
            frame.maximiseToggled.connect(self.toggle_maximised)
        self._stack = QStackedLayout(self)
        self._tabs: list[QTabWidget] = []
        self.scene = 0
        self.maximised = ""
        self._shown: QWidget | None = None
        self.set_scene(DEFAULT_SCENE)

    # ----- scenes -----------------------------------------------------------------------------
    def set_scene(self, number: int) -> None:
        """Show scene ``number`` (1-based; anything else means the default)."""
        number = number if 1 <= number <= len(SCENES) else DEFAULT_SCENE
        self.scene, self.maximised = number, ""
        self._detach()
        self._show(self._build(SCENES[number - 1].layout))
        self.sceneChanged.emit(number)
        self.maximisedChanged.emit("")

    def visible_keys(self) -> list[str]:
        """The panels on screen now (of tabs, only the current one)."""
        return [key for key, frame in self.frames.items() if frame.isVisibleTo(self)]

    def panel_at(self, global_pos: QPoint) -> str:
        """The key of the panel under ``global_pos`` (the pointer), else of the first one on screen."""
        shown = [frame for frame in self.frames.values() if frame.isVisible()]
        for frame in shown:
            if frame.rect().contains(frame.mapFromGlobal(global_pos)):
                return frame.key
        return shown[0].key if shown else next(iter(self.frames))

    def toggle_maximised(self, key: str) -> None:
        """Maximise panel ``key``; if it already is, go back to the scene."""
        if self.maximised == key:
            self.restore()
            return
        self.maximised = key
        for frame in self.frames.values():
            frame.set_maximised(frame.key == key)
        self._detach()
        self._show(self._hold(self.frames[key]))
        self.maximisedChanged.emit(key)

    def restore(self) -> None:
        """Back from a maximised panel to the scene."""
        if self.maximised:
            self.frames[self.maximised].set_maximised(False)
            self.set_scene(self.scene)

    def retranslate(self) -> None:
        for tabs in self._tabs:
            for index in range(tabs.count()):
                tabs.setTabText(index, tabs.widget(index).windowTitle())

    # ----- building -----------------------------------------------------------------------------
    def _detach(self) -> None:
        """Every panel out of the shown layout (which goes), so the next can take them."""
        for frame in self.frames.values():
            frame.hide()
            frame.setParent(self)
            frame.bar.show()

    def _show(self, widget: QWidget) -> None:
        old = self._shown
        self._stack.addWidget(widget)
        self._stack.setCurrentWidget(widget)
        self._shown = widget
        if old is not None:
            self._stack.removeWidget(old)
            old.deleteLater()
        self._tabs = [tabs for tabs in widget.findChildren(QTabWidget)]
        for key in scene_keys(SCENES[self.scene - 1].layout) if not self.maximised else [self.maximised]:
            self.frames[key].show()
        for tabs in self._tabs:  # a tab shows only its current page
            for index in range(tabs.count()):
                tabs.widget(index).setVisible(index == tabs.currentIndex())
        self.retranslate()

    def _hold(self, frame: PanelFrame) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(frame)
        return holder

    def _build(self, layout: Layout) -> QWidget:
        if isinstance(layout, str):
            return self.frames[layout]
        if isinstance(layout, Tabs):
            tabs = QTabWidget()
            tabs.setObjectName("stageTabs")
            tabs.setDocumentMode(True)
            for key in layout.keys:
                tabs.addTab(self.frames[key], "")
                self.frames[key].bar.hide()  # the tab shows the title; a double-click on it maximises
            tabs.tabBarDoubleClicked.connect(lambda index, t=tabs: self.toggle_maximised(t.widget(index).key))
            return tabs
        splitter = QSplitter(Qt.Orientation.Horizontal if layout.horizontal else Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)  # a panel squeezed to nothing would cut its texts
        for part in layout.parts:
            splitter.addWidget(self._build(part))
        for index, stretch in enumerate(layout.stretches):
            splitter.setStretchFactor(index, stretch)
        splitter.setSizes([stretch * 10_000 for stretch in layout.stretches])
        return splitter
