"""Lecture mode and the View menu: full screen, font scale, themes, thick lines, keyboard shortcuts.

Scaling walks the widgets and plots once per change and remembers each one's base size, so any
scale can be applied on top of any other without drift.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QKeySequence, QPalette, QPen
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from .panels import style
from .settings import Settings
from .widgets import Retranslating

FONT_SCALES = (100, 125, 150, 200, 250)
LECTURE_SCALE = 150
LECTURE_LINE_FACTOR = 1.8
THEMES = {
    "light": {"background": style.BACKGROUND, "foreground": style.FOREGROUND, "window": "#f0f0f0", "text": "#000000"},
    "dark": {"background": "#000000", "foreground": "#ffffff", "window": "#101010", "text": "#ffffff"},
}
SHORTCUTS = (  # texts in English, translated where shown (context "ViewMenu")
    ("Space", QT_TRANSLATE_NOOP("ViewMenu", "Step Batch"), "stepBatchButton"),
    ("E", QT_TRANSLATE_NOOP("ViewMenu", "Run Epoch"), "runEpochButton"),
    ("R", QT_TRANSLATE_NOOP("ViewMenu", "Run / Pause"), "runPauseButton"),
    ("P", QT_TRANSLATE_NOOP("ViewMenu", "Step Phase"), "stepPhaseButton"),
    ("Backspace", QT_TRANSLATE_NOOP("ViewMenu", "Step Back"), "stepBackButton"),
    ("Ctrl+R", QT_TRANSLATE_NOOP("ViewMenu", "Reset"), "resetButton"),
)
_BASE = "lrlBase"  # the property that remembers a widget's or item's unscaled size


class ViewMenu(QObject):
    """Builds the View menu and the run shortcuts of ``window``; applies and remembers view settings."""

    def __init__(self, window: QMainWindow, settings: Settings) -> None:
        super().__init__(window)
        self.window, self.settings = window, settings
        self.scale, self.theme, self.lecture = 100, "light", False
        self.menu = menu = window.menuBar().addMenu("")
        menu.setObjectName("viewMenu")
        self.lecture_action = QAction(window)
        self.lecture_action.setObjectName("lectureModeAction")
        self.lecture_action.setCheckable(True)
        self.lecture_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.lecture_action.toggled.connect(self.set_lecture_mode)
        menu.addAction(self.lecture_action)
        self.scale_menu = scale_menu = menu.addMenu("")
        self.scale_group = QActionGroup(self)
        for scale in FONT_SCALES:
            action = scale_menu.addAction(f"{scale} %")
            action.setObjectName(f"fontScale{scale}Action")
            action.setCheckable(True)
            action.setData(scale)
            self.scale_group.addAction(action)
        self.scale_group.triggered.connect(lambda action: self.set_font_scale(action.data()))
        self.theme_menu = theme_menu = menu.addMenu("")
        self.theme_group = QActionGroup(self)
        for name in THEMES:
            action = theme_menu.addAction("")
            action.setObjectName(f"{name}ThemeAction")
            action.setCheckable(True)
            action.setData(name)
            self.theme_group.addAction(action)
        self.theme_group.triggered.connect(lambda action: self.set_theme(action.data()))
        menu.addSeparator()
        self.overlay_action = overlay = menu.addAction("")
        overlay.setObjectName("shortcutsAction")
        overlay.setShortcuts([QKeySequence(Qt.Key.Key_F1), QKeySequence("?")])
        overlay.triggered.connect(self.toggle_overlay)
        self.overlay = _ShortcutOverlay(window)
        self._add_run_shortcuts()
        self.set_font_scale(settings.font_scale())
        self.set_theme(settings.value(Settings.THEME, str, "light"))
        self.retranslate()

    def retranslate(self) -> None:
        """Menu texts in the current language (the window calls this on a language change)."""
        self.menu.setTitle(self.tr("&View"))
        self.lecture_action.setText(self.tr("&Lecture Mode (full screen, large text)"))
        self.scale_menu.setTitle(self.tr("Font &Scale"))
        self.theme_menu.setTitle(self.tr("&Theme"))
        themes = {"light": self.tr("&Light"), "dark": self.tr("High-contrast &dark")}
        for action in self.theme_group.actions():
            action.setText(themes[action.data()])
        self.overlay_action.setText(self.tr("&Keyboard Shortcuts"))

    def _add_run_shortcuts(self) -> None:
        for keys, text, button_name in SHORTCUTS:
            button = self.window.findChild(QWidget, button_name)
            action = QAction(QCoreApplication.translate("ViewMenu", text), self.window)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, b=button: b.isEnabled() and b.click())
            self.window.addAction(action)

    # ----- view settings ------------------------------------------------------------------------
    def set_lecture_mode(self, on: bool) -> None:
        """Full screen, text at least 150 % and thicker lines; off restores the window and sizes."""
        self.lecture = on
        with QSignalBlocker(self.lecture_action):
            self.lecture_action.setChecked(on)
        if on:
            self.window.showFullScreen()
        elif self.window.isFullScreen():
            self.window.showNormal()
        self.set_font_scale(max(self.scale, LECTURE_SCALE) if on else self.settings.font_scale())
        self.settings.set_value(Settings.LECTURE, on)

    def set_font_scale(self, scale: int) -> None:
        self.scale = scale if scale in FONT_SCALES else 100
        for action in self.scale_group.actions():
            action.setChecked(action.data() == self.scale)
        factor = self.scale / 100
        for widget in [self.window, *self.window.findChildren(QWidget)]:
            _scale_font(widget, factor)
        self.restyle_plots()
        if not self.lecture:
            self.settings.set_value(Settings.FONT_SCALE, self.scale)

    def set_theme(self, name: str) -> None:
        self.theme = name if name in THEMES else "light"
        colors = THEMES[self.theme]
        for action in self.theme_group.actions():
            action.setChecked(action.data() == self.theme)
        palette = QPalette()
        if self.theme == "dark":
            for role, color in (
                (QPalette.ColorRole.Window, colors["window"]),
                (QPalette.ColorRole.Base, colors["background"]),
                (QPalette.ColorRole.AlternateBase, "#202020"),
                (QPalette.ColorRole.Button, "#202020"),
                (QPalette.ColorRole.WindowText, colors["text"]),
                (QPalette.ColorRole.Text, colors["text"]),
                (QPalette.ColorRole.ButtonText, colors["text"]),
            ):
                palette.setColor(role, QColor(color))
        self.window.setPalette(palette)
        style.FOREGROUND = colors["foreground"]  # labels a panel sets later (a new feature) follow the theme
        self.restyle_plots()
        self.settings.set_value(Settings.THEME, self.theme)

    def restyle_plots(self) -> None:
        """Apply scale and theme to every plot (again after panels create curves for new data)."""
        line_factor = LECTURE_LINE_FACTOR if self.lecture else 1.0
        for plot in self.window.findChildren(pg.PlotWidget):
            _restyle_plot(plot, self.scale / 100, line_factor, THEMES[self.theme])

    def toggle_overlay(self) -> None:
        self.overlay.setVisible(not self.overlay.isVisible())
        if self.overlay.isVisible():
            self.overlay.raise_()
            self.overlay.move(
                (self.window.width() - self.overlay.width()) // 2, (self.window.height() - self.overlay.height()) // 3
            )


class _ShortcutOverlay(Retranslating, QLabel):
    """The shortcut list over the window (F1 or ?); a click or F1 again hides it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutOverlay")
        self.setStyleSheet(
            "QLabel { background: rgba(20, 20, 20, 230); color: white; padding: 24px; border-radius: 12px;"
            " font-size: 20pt; }"
        )
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        """The key list in the current language (keys themselves stay as printed on the keyboard)."""
        entries = [(keys, QCoreApplication.translate("ViewMenu", text)) for keys, text, _ in SHORTCUTS]
        entries += [("F11", self.tr("Lecture mode")), ("F1, ?", self.tr("This list"))]
        rows = "".join(f"<tr><td><b>{keys}</b></td><td>&nbsp;&nbsp;{text}</td></tr>" for keys, text in entries)
        title = self.tr("Keyboard shortcuts")
        self.setText(f"<h2>{title}</h2><table>{rows}</table>")
        self.adjustSize()

    def mousePressEvent(self, event) -> None:
        self.hide()


def _scale_font(widget: QWidget, factor: float) -> None:
    base = widget.property(_BASE)
    if base is None:
        base = widget.font().pointSizeF()
        widget.setProperty(_BASE, base)
    if base > 0:
        font = widget.font()
        font.setPointSizeF(base * factor)
        widget.setFont(font)


def _restyle_plot(plot: pg.PlotWidget, factor: float, line_factor: float, colors: dict[str, str]) -> None:
    """Fonts, colours and line widths of one plot for the current scale and theme.

    Only what differs is set: each setter makes pyqtgraph lay out and repaint its item again, and a
    plot restyled for nothing (new data, a theme switch for its fonts) would be repainted for nothing.
    """
    item = plot.getPlotItem()
    foreground = QColor(colors["foreground"])
    if plot.backgroundBrush().color() != pg.mkColor(colors["background"]):
        plot.setBackground(colors["background"])
    tick_font = style.font(round(style.TICK_PT * factor))
    label_style = {"font-size": f"{style.LABEL_PT * factor:.0f}pt", "color": colors["foreground"]}
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        if axis.pen().color() != foreground or axis.pen().widthF() != 1.5:
            axis.setPen(pg.mkPen(colors["foreground"], width=1.5))
        if axis.textPen().color() != foreground:
            axis.setTextPen(colors["foreground"])
        if axis.style["tickFont"] != tick_font:
            axis.setTickFont(tick_font)
        if axis.labelStyle != label_style:
            axis.setLabel(axis.labelText, **label_style)
    legend = getattr(item, "legend", None)
    for _sample, label in legend.items if legend is not None else ():
        if label.opts.get("color") != colors["foreground"]:
            label.setText(label.text, color=colors["foreground"])
    if legend is not None and legend.brush().style() != Qt.BrushStyle.NoBrush:  # a boxed legend over the plot
        box = QColor(colors["background"])
        box.setAlpha(215)
        if legend.brush().color() != box:
            legend.setBrush(box)
    title = {"size": f"{style.TITLE_PT * factor:.0f}pt", "color": colors["foreground"], "bold": True}
    if any(item.titleLabel.opts.get(key) != value for key, value in title.items()):
        item.setTitle(item.titleLabel.text, **title)
    for curve in item.listDataItems():
        pen = curve.opts.get("pen") if isinstance(curve, pg.PlotDataItem) else None
        if pen is None:
            continue
        pen = pg.mkPen(pen)
        base = curve.property(_BASE) if curve.property(_BASE) is not None else pen.widthF()
        curve.setProperty(_BASE, base)
        wanted = QPen(pen)
        wanted.setWidthF(base * line_factor)
        if pen.color().lightness() < 80 or pen.color().lightness() > 200:  # b's near-black curve, on any theme
            wanted.setColor(foreground)
        if wanted != pen:
            curve.setPen(wanted)
