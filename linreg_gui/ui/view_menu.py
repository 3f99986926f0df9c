"""Lecture mode and the View menu: scenes, maximised panels, full screen, font scale, themes, thick
lines, keyboard shortcuts.

In lecture mode the text scales with the window (up to ``LECTURE_SCALE`` on a 1920×1080 screen) and is
never smaller than ``LECTURE_MIN_PX``: on a smaller projector the scenes show fewer things, not smaller
ones. Scaling walks the widgets and plots once per change and remembers each one's base size, so any
scale can be applied on top of any other without drift.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QCursor, QFontInfo, QPalette, QPen
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from .panels import style
from .panels.theme import LIGHT, THEMES, Theme
from .settings import Settings
from .shortcuts import ALL_SHORTCUTS, BACK_TO_SCENE, LECTURE_MODE, MAXIMISE, SHORTCUT_LIST
from .shortcuts import SCENES as SCENE_KEYS
from .stage import SCENES, Stage
from .widgets import Retranslating

FONT_SCALES = (100, 125, 150, 200, 250)
LECTURE_SCALE = 150
LECTURE_SCREEN = (1920, 1080)  # where lecture mode's text is LECTURE_SCALE; a smaller window scales it down
LECTURE_MIN_PX = 16
SCALE_STEP = 5  # percent: the fitted scale moves in steps, so a small resize does not re-font the window
LECTURE_LINE_FACTOR = 1.8
_BASE = "lrlBase"  # the property that remembers a widget's or item's unscaled size


class ViewMenu(QObject):
    """Builds the View menu of ``window``; applies and remembers view settings."""

    fontsChanged = Signal()  # the window's text has a new size: sizes that depend on it are measured again

    def __init__(self, window: QMainWindow, settings: Settings) -> None:
        super().__init__(window)
        self.window, self.settings = window, settings
        self.scale, self.theme, self.lecture = 100, LIGHT, False
        self.applied = 0.0  # the scale in effect (percent): ``scale``, or in lecture mode fitted to the window
        self._floor = 0  # the smallest text in effect (px)
        self._setup_was_open = True
        self.menu = menu = window.menuBar().addMenu("")
        menu.setObjectName("viewMenu")
        self._add_scene_actions(window.stage)
        menu.addSeparator()
        self.lecture_action = QAction(window)
        self.lecture_action.setObjectName("lectureModeAction")
        self.lecture_action.setCheckable(True)
        self.lecture_action.setShortcuts(LECTURE_MODE.sequences())
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
        overlay.setShortcuts(SHORTCUT_LIST.sequences())
        overlay.triggered.connect(self.toggle_overlay)
        self.overlay = _ShortcutOverlay(window)
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
        self.scene_menu.setTitle(self.tr("S&cene"))
        for action, scene in zip(self.scene_group.actions(), SCENES, strict=True):
            action.setText(QCoreApplication.translate("Stage", scene.name))
        self.maximise_action.setText(self.tr("&Maximise Panel Under the Pointer"))
        self.restore_action.setText(self.tr("&Back to the Scene"))

    def _add_scene_actions(self, stage: Stage) -> None:
        """View ▸ Scene (keys 1–4), maximise (M) and back (Esc). Typing a digit or M into a spin box
        stays typing: a focused editor takes the key before the window's shortcuts see it."""
        self.scene_menu = self.menu.addMenu("")
        self.scene_menu.setObjectName("sceneMenu")
        self.scene_group = QActionGroup(self)
        for number, keys in enumerate(SCENE_KEYS.sequences(), start=1):
            action = self.scene_menu.addAction("")
            action.setObjectName(f"scene{number}Action")
            action.setCheckable(True)
            action.setData(number)
            action.setShortcut(keys)
            self.scene_group.addAction(action)
        self.scene_group.triggered.connect(lambda action: stage.set_scene(action.data()))
        stage.sceneChanged.connect(lambda number: self.scene_group.actions()[number - 1].setChecked(True))
        self.scene_group.actions()[stage.scene - 1].setChecked(True)
        self.maximise_action = self.menu.addAction("")
        self.maximise_action.setObjectName("maximisePanelAction")
        self.maximise_action.setShortcuts(MAXIMISE.sequences())
        self.maximise_action.triggered.connect(lambda: stage.toggle_maximised(stage.panel_at(QCursor.pos())))
        self.restore_action = self.menu.addAction("")
        self.restore_action.setObjectName("restoreSceneAction")
        self.restore_action.setShortcuts(BACK_TO_SCENE.sequences())
        self.restore_action.setEnabled(False)
        self.restore_action.triggered.connect(stage.restore)
        stage.maximisedChanged.connect(lambda key: self.restore_action.setEnabled(bool(key)))

    # ----- view settings ------------------------------------------------------------------------
    def set_lecture_mode(self, on: bool, full_screen: bool = True) -> None:
        """Full screen (unless ``full_screen`` is False: a screenshot keeps its size), text scaled to the
        window and at least ``LECTURE_MIN_PX``, thicker lines, the set-up panel closed (the Set-up
        button opens it); off restores the window, the sizes and the panel."""
        if on != self.lecture:  # the set-up panel makes way in lecture mode, and comes back after it
            setup = self.window.controls_dock
            if on:
                self._setup_was_open = setup.isVisibleTo(self.window)
            setup.setVisible(not on and self._setup_was_open)
        self.lecture = on
        with QSignalBlocker(self.lecture_action):
            self.lecture_action.setChecked(on)
        if on and full_screen:
            self.window.showFullScreen()
        elif not on and self.window.isFullScreen():
            self.window.showNormal()
        self._apply_scale()
        self.settings.set_value(Settings.LECTURE, on)

    def set_font_scale(self, scale: int) -> None:
        """The Font Scale menu's choice (remembered); lecture mode never goes below it."""
        self.scale = scale if scale in FONT_SCALES else 100
        for action in self.scale_group.actions():
            action.setChecked(action.data() == self.scale)
        self._apply_scale()
        if not self.lecture:
            self.settings.set_value(Settings.FONT_SCALE, self.scale)

    def fit_to_window(self) -> None:
        """In lecture mode, scale the text to the window's new size (the window calls this on a resize)."""
        if self.lecture:
            self._apply_scale()

    def lecture_scale(self) -> int:
        """Lecture mode's scale for the window's size: ``LECTURE_SCALE`` at 1920×1080 and larger,
        down to 100 % at 1280×720, never below the chosen font scale."""
        share = min(self.window.width() / LECTURE_SCREEN[0], self.window.height() / LECTURE_SCREEN[1])
        fitted = round(LECTURE_SCALE * share / SCALE_STEP) * SCALE_STEP
        return max(self.scale, min(LECTURE_SCALE, max(100, fitted)))

    def _apply_scale(self) -> None:
        scale = self.lecture_scale() if self.lecture else self.scale
        floor = LECTURE_MIN_PX if self.lecture else 0
        if (scale, floor) == (self.applied, self._floor):
            return
        widgets = [self.window, *self.window.findChildren(QWidget)]
        for widget in widgets:  # before any font changes: a child inherits its parent's new font at once
            _remember_base(widget, (self.applied or 100) / 100)
        self.applied, self._floor = scale, floor
        for widget in widgets:
            _scale_font(widget, scale / 100, floor)
        self.restyle_plots()
        self.fontsChanged.emit()

    def set_theme(self, name: str) -> None:
        """The theme named ``name`` (a key of ``THEMES``; the light one if unknown), remembered."""
        self.theme = theme = THEMES.get(name, LIGHT)
        for action in self.theme_group.actions():
            action.setChecked(action.data() == theme.name)
        palette = QPalette()
        if theme.alternate is not None:
            for role, color in (
                (QPalette.ColorRole.Window, theme.window),
                (QPalette.ColorRole.Base, theme.background),
                (QPalette.ColorRole.AlternateBase, theme.alternate),
                (QPalette.ColorRole.Button, theme.alternate),
                (QPalette.ColorRole.WindowText, theme.text),
                (QPalette.ColorRole.Text, theme.text),
                (QPalette.ColorRole.ButtonText, theme.text),
            ):
                palette.setColor(role, QColor(color))
        self.window.setPalette(palette)
        self.window.restyle(theme)
        self.restyle_plots()
        self.settings.set_value(Settings.THEME, theme.name)

    def restyle_plots(self) -> None:
        """Apply scale and theme to every plot (again after panels create curves for new data)."""
        line_factor = LECTURE_LINE_FACTOR if self.lecture else 1.0
        for plot in self.window.findChildren(pg.PlotWidget):
            _restyle_plot(plot, self.applied / 100, line_factor, self.theme)

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
        rows = "".join(
            f"<tr><td><b>{shortcut.label()}</b></td><td>&nbsp;&nbsp;{shortcut.translated()}</td></tr>"
            for shortcut in ALL_SHORTCUTS
        )
        title = self.tr("Keyboard shortcuts")
        self.setText(f"<h2>{title}</h2><table>{rows}</table>")
        self.adjustSize()

    def mousePressEvent(self, event) -> None:
        self.hide()


def _remember_base(widget: QWidget, applied: float) -> None:
    """Record ``widget``'s unscaled size once; an inherited font already carries the ``applied`` factor."""
    if widget.property(_BASE) is None:
        size = widget.font().pointSizeF()
        inherited = not widget.testAttribute(Qt.WidgetAttribute.WA_SetFont)
        widget.setProperty(_BASE, size / applied if inherited and size > 0 else size)


def _scale_font(widget: QWidget, factor: float, floor_px: int = 0) -> None:
    """``widget``'s own base size (see ``_remember_base``) times ``factor``, and at least ``floor_px`` pixels high."""
    base = widget.property(_BASE)
    if base is not None and base > 0:
        font = widget.font()
        font.setPointSizeF(base * factor)
        if floor_px and QFontInfo(font).pixelSize() < floor_px:
            font.setPixelSize(floor_px)
        widget.setFont(font)


def _restyle_plot(plot: pg.PlotWidget, factor: float, line_factor: float, theme: Theme) -> None:
    """Fonts, colours and line widths of one plot for the current scale and theme.

    Only what differs is set: each setter makes pyqtgraph lay out and repaint its item again, and a
    plot restyled for nothing (new data, a theme switch for its fonts) would be repainted for nothing.
    """
    item = plot.getPlotItem()
    foreground = QColor(theme.foreground)
    if plot.backgroundBrush().color() != pg.mkColor(theme.background):
        plot.setBackground(theme.background)
    tick_font = style.font(round(style.TICK_PT * factor))
    label_style = {"font-size": f"{style.LABEL_PT * factor:.0f}pt", "color": theme.foreground}
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        if axis.pen().color() != foreground or axis.pen().widthF() != 1.5:
            axis.setPen(pg.mkPen(theme.foreground, width=1.5))
        if axis.textPen().color() != foreground:
            axis.setTextPen(theme.foreground)
        if axis.style["tickFont"] != tick_font:
            axis.setTickFont(tick_font)
        if axis.labelStyle != label_style:
            axis.setLabel(axis.labelText, **label_style)
    legend = getattr(item, "legend", None)
    for _sample, label in legend.items if legend is not None else ():
        if label.opts.get("color") != theme.foreground:
            label.setText(label.text, color=theme.foreground)
    if legend is not None and legend.brush().style() != Qt.BrushStyle.NoBrush:  # a boxed legend over the plot
        box = QColor(theme.background)
        box.setAlpha(215)
        if legend.brush().color() != box:
            legend.setBrush(box)
    title = {"size": f"{style.TITLE_PT * factor:.0f}pt", "color": theme.foreground, "bold": True}
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
