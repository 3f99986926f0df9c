"""Two languages, English (the source texts) and Traditional Chinese, switched at runtime.

Qt's own mechanism: a QTranslator with the packaged ``translations/linreg_zh_TW.qm`` is installed on the
application (or removed for English), Qt sends every window a ``LanguageChange`` event, and each
widget's ``changeEvent`` calls its ``retranslate()``. Nothing is rebuilt, so training goes on.
"""

from __future__ import annotations

import logging
from importlib import resources
from importlib.resources.abc import Traversable

from PySide6.QtCore import QLocale, QObject, QTranslator, Signal
from PySide6.QtGui import QAction, QActionGroup, QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from ..resources import resource
from .settings import Settings

log = logging.getLogger("linreg_gui")

ENGLISH, CHINESE = "en", "zh_TW"
LANGUAGES = (ENGLISH, CHINESE)
# Each language is named in itself, so a lecturer who cannot read the current one still finds theirs.
LANGUAGE_NAMES = {ENGLISH: "English", CHINESE: "繁體中文"}
ACTION_NAMES = {ENGLISH: "languageEnglishAction", CHINESE: "languageChineseAction"}
TRANSLATIONS_DIR = resource("translations")
# Traditional-Chinese fonts, best first. Qt's automatic fallback may pick a Japanese or Simplified
# Chinese font, whose shapes of shared characters (e.g. 骨, 直) differ from what Taiwan reads.
TC_FONTS = ("Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TC", "Microsoft JhengHei", "PingFang TC")
_TRADITIONAL_TERRITORIES = (QLocale.Country.Taiwan, QLocale.Country.HongKong, QLocale.Country.Macao)


def qm_path(language: str) -> Traversable:
    return TRANSLATIONS_DIR / f"linreg_{language}.qm"


def system_language(locale: QLocale | None = None) -> str:
    """Chinese for a Traditional-Chinese locale (zh_TW, zh_Hant, zh_HK, zh_MO), else English."""
    locale = QLocale.system() if locale is None else locale
    if locale.language() != QLocale.Language.Chinese:
        return ENGLISH
    traditional = locale.script() == QLocale.Script.TraditionalHanScript
    return CHINESE if traditional or locale.territory() in _TRADITIONAL_TERRITORIES else ENGLISH


def startup_language(requested: str | None, settings: Settings, locale: QLocale | None = None) -> str:
    """The first language: ``--lang`` if given, else the one the user chose last, else the system's."""
    if requested in LANGUAGES:
        return requested
    remembered = settings.value(Settings.LANGUAGE, str, "")
    return remembered if remembered in LANGUAGES else system_language(locale)


def chinese_font_family() -> str | None:
    """The first installed Traditional-Chinese family of ``TC_FONTS``, or None."""
    families = QFontDatabase.families()
    for wanted in TC_FONTS:
        for family in families:
            if family == wanted or family.startswith(wanted + " "):  # "Noto Sans CJK TC" before "… TC Black"
                return family
    return None


def _has_cjk(family: str) -> bool:
    cjk = {
        QFontDatabase.WritingSystem.SimplifiedChinese,
        QFontDatabase.WritingSystem.TraditionalChinese,
        QFontDatabase.WritingSystem.Japanese,
        QFontDatabase.WritingSystem.Korean,
    }
    return bool(cjk.intersection(QFontDatabase.writingSystems(family)))


class LanguageSwitcher(QObject):
    """The application's language: one per QApplication (``instance()``), shared by every window.

    It owns the installed QTranslator and adds a Traditional-Chinese family to the application font
    while Chinese is shown; sizes are left alone, so the View menu's font scale (set per widget, which
    inherits the families) keeps working on top of it.
    """

    languageChanged = Signal(str)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("languageSwitcher")
        self.app = app
        self.language = ENGLISH
        self.base_font = QFont(app.font())
        self._translator: QTranslator | None = None

    @classmethod
    def instance(cls) -> LanguageSwitcher:
        app = QApplication.instance()
        switcher = app.findChild(LanguageSwitcher, "languageSwitcher")
        return switcher if switcher is not None else cls(app)

    def set_language(self, language: str) -> bool:
        """Install ``language``'s translations (English: none); False if its .qm file cannot be loaded."""
        if language not in LANGUAGES:
            return False
        if language == self.language:
            return True
        translator = None
        if language != ENGLISH:
            translator = QTranslator(self)
            with resources.as_file(qm_path(language)) as path:
                loaded = translator.load(str(path))
            if not loaded:
                log.warning("cannot load the translations %s", qm_path(language))
                translator.deleteLater()
                return False
        if self._translator is not None:
            self.app.removeTranslator(self._translator)
            self._translator.deleteLater()
        self._translator = translator
        if translator is not None:
            self.app.installTranslator(translator)
        self.language = language
        self._apply_font()
        self.languageChanged.emit(language)
        return True

    def _apply_font(self) -> None:
        """Chinese: the Traditional-Chinese family joins the font's families. Behind a Latin system font,
        so letters and numbers keep their look and size (the lecture-mode readout still fits) and only
        the Chinese characters come from it; in front of a system font that has CJK glyphs of its own."""
        font = QFont(self.base_font)
        family = chinese_font_family() if self.language == CHINESE else None
        if family is not None:
            system = QFontInfo(self.base_font).family()  # the real family behind an alias like "Sans Serif"
            font.setFamilies([family, system] if _has_cjk(system) else [system, family])
        if font != self.app.font():  # every widget lays itself out again on a new application font
            self.app.setFont(font)


class LanguageMenu(QObject):
    """View ▸ Language: one checkable action per language; a choice is applied at once and remembered."""

    def __init__(self, window: QMainWindow, menu: QMenu, settings: Settings) -> None:
        super().__init__(window)
        self.settings = settings
        self.switcher = LanguageSwitcher.instance()
        self.menu = menu.addMenu("")
        self.menu.setObjectName("languageMenu")
        self.group = QActionGroup(self)
        self.actions: dict[str, QAction] = {}
        for language in LANGUAGES:
            action = self.menu.addAction(LANGUAGE_NAMES[language])
            action.setObjectName(ACTION_NAMES[language])
            action.setCheckable(True)
            action.setData(language)
            self.group.addAction(action)
            self.actions[language] = action
        self.group.triggered.connect(lambda action: self.choose(action.data()))
        self.switcher.languageChanged.connect(self._show_current)
        self._show_current(self.switcher.language)
        self.retranslate()

    def choose(self, language: str) -> None:
        """The user's choice: switch now and remember it for the next start."""
        if self.switcher.set_language(language):
            self.settings.set_value(Settings.LANGUAGE, language)
        self._show_current(self.switcher.language)

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Language"))

    def _show_current(self, language: str) -> None:
        self.actions[language].setChecked(True)
