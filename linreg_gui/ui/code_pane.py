"""The training step's source as it runs: the lines of the current phase are highlighted.

Import-light: the source itself (``core.source.step_source``, which imports the trainer and torch)
is read by the caller and handed over with ``set_source``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics, QTextCursor, QTextFormat
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from ..core.phases import Phase
from ..core.snapshot import DataView, Snapshot
from .panels.theme import Theme
from .widgets import Retranslating

if TYPE_CHECKING:
    from ..core.source import StepSource

CODE_PT = 14
CAPTION_PT = 14
HIGHLIGHT = QColor("#fff2a8")  # light yellow, full width
HIGHLIGHT_TEXT = QColor("#000000")  # dark on the yellow in either theme (the dark theme's text is white)
HINT_LINES, HINT_COLUMNS = 11, 76  # the longer train_step (from scratch: 10 lines) and a spare, its signature unwrapped

PHASE_WORDS = {  # in English; shown translated (context "CodePane")
    Phase.FORWARD: QT_TRANSLATE_NOOP("CodePane", "forward: the model predicts ŷ = Xw + b for the minibatch"),
    Phase.LOSS: QT_TRANSLATE_NOOP("CodePane", "loss: the squared error of ŷ against y on the minibatch"),
    Phase.ZERO_GRAD: QT_TRANSLATE_NOOP("CodePane", "zero_grad: clear what the last step left in w.grad and b.grad"),
    Phase.BACKWARD: QT_TRANSLATE_NOOP("CodePane", "backward: autograd fills w.grad and b.grad"),
    Phase.UPDATE: QT_TRANSLATE_NOOP("CodePane", "update: step against the gradient, θ ← θ − lr · grad"),
}
IDLE_TEXT = QT_TRANSLATE_NOOP("CodePane", "between steps")


class CodePane(Retranslating, QWidget):
    """Read-only ``train_step`` source with a caption, and the current phase's lines highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codePane")
        self.source: StepSource | None = None
        self.phase: Phase | None = None
        self._highlighted: tuple[int, ...] = ()

        self.caption = QLabel("")
        self.caption.setObjectName("codeCaption")
        self.caption.setWordWrap(True)  # a long method name must not set the dock's minimum width
        caption_font = QFont()
        caption_font.setPointSize(CAPTION_PT)
        caption_font.setBold(True)
        self.caption.setFont(caption_font)

        self.view = QPlainTextEdit()
        self.view.setObjectName("codeView")
        self.view.setReadOnly(True)
        # A long line wraps (indented by its own spaces) rather than hiding its end behind a scroll bar:
        # on a 1280×720 projector a whole line of the step must be readable.
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        code_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        code_font.setPointSize(CODE_PT)
        code_font.setStyleHint(QFont.StyleHint.Monospace)
        self.view.setFont(code_font)

        self.phase_label = QLabel()
        self.phase_label.setObjectName("phaseLabel")
        phase_font = QFont()
        phase_font.setPointSize(CAPTION_PT)
        self.phase_label.setFont(phase_font)
        self.phase_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.phase_label)
        self.retranslate()

    def retranslate(self) -> None:
        """The phase caption in the current language; the source and the caller's caption stay as they are."""
        text = IDLE_TEXT if self.phase is None else PHASE_WORDS[self.phase]
        self.phase_label.setText(QCoreApplication.translate("CodePane", text))

    def sizeHint(self) -> QSize:
        """Room for the whole training step without scrolling, at the current fonts."""
        code = QFontMetrics(self.view.font())
        frame = 2 * self.view.frameWidth() + 2 * round(self.view.document().documentMargin())
        width = code.horizontalAdvance("x") * HINT_COLUMNS + frame + 8
        height = code.lineSpacing() * HINT_LINES + frame
        for label in (self.caption, self.phase_label):  # their text comes later: measure their font
            height += QFontMetrics(label.font()).lineSpacing() + 4
        return QSize(width, height + 8)

    @property
    def highlighted_lines(self) -> tuple[int, ...]:
        """0-based indices into ``source.lines`` of the highlighted lines."""
        return self._highlighted

    def set_source(self, source: StepSource, caption: str) -> None:
        """Show ``source.lines`` under ``caption`` (e.g. "From scratch: ScratchRegression.train_step")."""
        self.source = source
        self.caption.setText(caption)
        self.view.setPlainText("\n".join(source.lines))
        self.highlight(self.phase)

    def new_data(self, view: DataView) -> None:
        """Nothing: the code depends on the implementation, not the data (see ``set_source``)."""

    def new_run(self, keep_previous: bool) -> None:
        """Nothing: the next snapshot's phase moves the highlight."""

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Highlight the lines of the phase the snapshot ran."""
        self.highlight(snapshot.phase)

    def restyle(self, theme: Theme) -> None:
        """Nothing: the code keeps its own light colours on every theme."""

    def highlight(self, phase: str | None) -> None:
        """Highlight the lines ``phase`` ran ("forward", "loss", "zero_grad", "backward", "update"); None clears."""
        try:
            self.phase = None if phase is None else Phase(phase)
        except ValueError:
            self.phase = None
        self.retranslate()
        lines = () if self.source is None or self.phase is None else self.source.phase_lines.get(self.phase, ())
        document = self.view.document()
        selections = []
        for line in lines:
            block = document.findBlockByNumber(line)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(HIGHLIGHT)
            selection.format.setForeground(HIGHLIGHT_TEXT)
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor  # the whole line, over every row it wraps into
            selections.append(selection)
        self.view.setExtraSelections(selections)
        self._highlighted = tuple(line for line in lines if document.findBlockByNumber(line).isValid())
        if self._highlighted:  # keep the highlighted lines in sight in a short pane
            self.view.setTextCursor(QTextCursor(document.findBlockByNumber(self._highlighted[-1])))
            self.view.ensureCursorVisible()
            self.view.setTextCursor(QTextCursor(document.findBlockByNumber(self._highlighted[0])))
            self.view.ensureCursorVisible()
