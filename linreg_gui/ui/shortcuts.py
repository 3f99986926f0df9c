"""Every keyboard shortcut of the window, declared once: the keys an action is bound to and the line the
shortcut list (F1) shows for it. Texts are in English, translated where shown."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QKeySequence


@dataclass(frozen=True)
class Shortcut:
    """``keys`` as ``QKeySequence`` reads them; ``shown`` as the list prints them (default: the keys)."""

    keys: tuple[str, ...]
    text: str
    context: str = "ViewMenu"  # the translation context of ``text``
    shown: str = ""

    def sequences(self) -> list[QKeySequence]:
        return [QKeySequence(keys) for keys in self.keys]

    def label(self) -> str:
        return self.shown or ", ".join(self.keys)

    def translated(self) -> str:
        return QCoreApplication.translate(self.context, self.text)


STEP_BATCH = Shortcut(("Space",), QT_TRANSLATE_NOOP("ViewMenu", "Step Batch"))
RUN_EPOCH = Shortcut(("E",), QT_TRANSLATE_NOOP("ViewMenu", "Run Epoch"))
RUN_PAUSE = Shortcut(("R",), QT_TRANSLATE_NOOP("ViewMenu", "Run / Pause"))
STEP_PHASE = Shortcut(("P",), QT_TRANSLATE_NOOP("ViewMenu", "Step Phase"))
STEP_BACK = Shortcut(("Backspace",), QT_TRANSLATE_NOOP("ViewMenu", "Step Back"))
RESET = Shortcut(("Ctrl+R",), QT_TRANSLATE_NOOP("ViewMenu", "Reset"))
SCENES = Shortcut(
    ("1", "2", "3", "4"), QT_TRANSLATE_NOOP("ViewMenu", "Scenes: data, one step, loss, everything"), shown="1 – 4"
)
MAXIMISE = Shortcut(("M",), QT_TRANSLATE_NOOP("ViewMenu", "Maximise the panel under the pointer"))
BACK_TO_SCENE = Shortcut(("Esc",), QT_TRANSLATE_NOOP("ViewMenu", "Back to the scene"))
LECTURE_MODE = Shortcut(("F11",), QT_TRANSLATE_NOOP("_ShortcutOverlay", "Lecture mode"), "_ShortcutOverlay")
SHORTCUT_LIST = Shortcut(("F1", "?"), QT_TRANSLATE_NOOP("_ShortcutOverlay", "This list"), "_ShortcutOverlay")

ALL_SHORTCUTS = (
    STEP_BATCH,
    RUN_EPOCH,
    RUN_PAUSE,
    STEP_PHASE,
    STEP_BACK,
    RESET,
    SCENES,
    MAXIMISE,
    BACK_TO_SCENE,
    LECTURE_MODE,
    SHORTCUT_LIST,
)  # the list's order
