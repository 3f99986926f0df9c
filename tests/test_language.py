"""Two languages: View ▸ Language switches English ↔ Traditional Chinese at runtime, Qt's way."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction, QTextLayout
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMenu, QPushButton, QWidget

from linreg_gui import MainWindow
from linreg_gui.ui.language import (
    CHINESE,
    ENGLISH,
    TRANSLATIONS_DIR,
    LanguageSwitcher,
    chinese_font_family,
    startup_language,
    system_language,
)
from linreg_gui.ui.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
TS = TRANSLATIONS_DIR / "linreg_zh_TW.ts"
QM = TRANSLATIONS_DIR / "linreg_zh_TW.qm"
TIMEOUT = 15_000
# ASCII a Chinese window may show: symbols, code names and key names (the note keeps them in English too)
ALLOWED_ASCII = {
    "w", "b", "n", "p", "x", "y", "lr", "SGD", "MSE", "PyTorch", "zero_grad", "backward", "forward", "mean",
    "sum", "note", "w_true", "b_true", "w_LS", "b_LS", "DataLoader", "nn", "Linear", "MSELoss", "torch", "optim",
    "loss", "update", "L", "_max", "U", "Space", "Backspace", "Ctrl", "E", "R", "P", "X", "max",
    "ScratchRegression", "BuiltinRegression", "train_step",  # the code pane names the method it shows
    "Xw", "M", "Esc",  # the data section's model, and keys
}  # fmt: skip


@pytest.fixture
def window(window):
    """The shared window, back in English afterwards (the language is the application's)."""
    yield window
    LanguageSwitcher.instance().set_language(ENGLISH)


def choose(qtbot, win: MainWindow, language: str) -> None:
    """Pick ``language`` in View ▸ Language and wait for the posted LanguageChange events."""
    name = {ENGLISH: "languageEnglishAction", CHINESE: "languageChineseAction"}[language]
    win.findChild(QAction, name).trigger()
    expected = "Step Batch" if language == ENGLISH else "走一個小批量"
    qtbot.waitUntil(lambda: win.findChild(QPushButton, "stepBatchButton").text() == expected, timeout=TIMEOUT)


def test_switching_changes_buttons_tooltips_menus_panels_and_back(qtbot, window):
    step = window.findChild(QPushButton, "stepBatchButton")
    view_menu = window.findChild(QMenu, "viewMenu")
    assert (step.text(), view_menu.title()) == ("Step Batch", "&View")
    choose(qtbot, window, CHINESE)
    assert window.findChild(QAction, "languageChineseAction").isChecked()
    assert step.toolTip() == "用一個小批量更新一次參數（空白鍵）"
    assert view_menu.title() == "檢視(&V)"
    assert window.findChild(QMenu, "fileMenu").title() == "檔案(&F)"
    assert window.controls.data_group.text().startswith("資料")
    assert window.findChild(QWidget, "readoutDock").windowTitle() == "數值"
    assert window.loss_panel.plot.getPlotItem().titleLabel.text == "損失"
    assert window.loss_panel.plot.getPlotItem().getAxis("bottom").labelText == "步數"
    assert [label.text for _, label in window.loss_panel.legend.items] == ["小批量損失", "全資料損失"]
    assert window.readout.captions["batch_loss"].text() == "小批量損失"
    assert window.batch_table.model().headerData(0, Qt.Orientation.Horizontal) == "索引"
    assert window.windowTitle() == "線性回歸實驗室"
    choose(qtbot, window, ENGLISH)
    assert step.toolTip() == "One minibatch update (Space)"
    assert view_menu.title() == "&View"
    assert window.loss_panel.plot.getPlotItem().titleLabel.text == "Loss"
    assert [label.text for _, label in window.loss_panel.legend.items] == ["batch loss", "full-data loss"]
    assert window.batch_table.model().headerData(0, Qt.Orientation.Horizontal) == "index"


def test_plot_titles_keep_their_lecture_size_across_a_switch(qtbot, window):
    window.view_menu.set_font_scale(200)
    size = window.params_panel.plot.getPlotItem().titleLabel.opts["size"]
    choose(qtbot, window, CHINESE)
    assert window.params_panel.plot.getPlotItem().titleLabel.opts["size"] == size
    window.view_menu.set_font_scale(100)


def test_switching_mid_training_keeps_the_run_and_retranslates_snapshot_texts(qtbot, window):
    for _ in range(3):
        with qtbot.waitSignal(window.snapshotShown, timeout=TIMEOUT):
            qtbot.mouseClick(window.findChild(QPushButton, "stepBatchButton"), Qt.MouseButton.LeftButton)
    before, w_text = window.last_snapshot, window.readout.text("w")
    choose(qtbot, window, CHINESE)
    assert window.last_snapshot is before and window.readout.text("step") == "3"
    assert window.readout.text("w") == w_text  # numbers are not translated
    assert window.readout.text("batch") == "3 / 100"
    assert "第 3 步" in window.status_label.text() and "從零開始" in window.status_label.text()
    with qtbot.waitSignal(window.snapshotShown, timeout=TIMEOUT) as after:
        qtbot.mouseClick(window.findChild(QPushButton, "stepBatchButton"), Qt.MouseButton.LeftButton)
    assert after.args[0].step == 4 and after.args[0].generation == before.generation


def test_a_message_shown_during_the_switch_is_retranslated(qtbot, window):
    window._on_diverged(7)
    box = window._message_box
    assert box.isVisible() and "step 7" in box.text()
    choose(qtbot, window, CHINESE)
    qtbot.waitUntil(lambda: "第 7 步" in box.text(), timeout=TIMEOUT)
    assert box.windowTitle() == "訓練發散"
    box.close()


def test_chinese_window_shows_no_english_words(qtbot, window):
    """Every visible label and button of the window, in Chinese, has no English word left but symbols."""
    choose(qtbot, window, CHINESE)
    texts = [w.text() for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton) if w.isVisible()]
    texts += [w.toolTip() for w in window.findChildren(QAbstractButton)]
    plain = [re.sub(r"<[^>]+>|&\w+;", " ", text.replace("\u2060", "")) for text in texts]  # keys glue letters
    words = {word for text in plain for word in re.findall(r"[A-Za-z_]+", text)}
    assert words - ALLOWED_ASCII == set()


def test_the_choice_is_remembered_and_restore_defaults_forgets_it(qtbot, window):
    choose(qtbot, window, CHINESE)
    assert Settings().value(Settings.LANGUAGE, str, "") == CHINESE
    LanguageSwitcher.instance().set_language(ENGLISH)  # a fresh start of the app
    assert startup_language(None, Settings(), QLocale("en_US")) == CHINESE
    LanguageSwitcher.instance().set_language(startup_language(None, Settings(), QLocale("en_US")))
    other = MainWindow()
    qtbot.addWidget(other)
    assert other.findChild(QPushButton, "stepBatchButton").text() == "走一個小批量"
    assert other.findChild(QAction, "languageChineseAction").isChecked()
    other.close()
    window.restore_defaults()
    assert Settings().value(Settings.LANGUAGE, str, "") == ""
    assert LanguageSwitcher.instance().language == system_language()


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("zh_TW", CHINESE), ("zh_Hant", CHINESE), ("zh_HK", CHINESE), ("zh_CN", ENGLISH), ("en_US", ENGLISH),
     ("ja_JP", ENGLISH)],
)  # fmt: skip
def test_the_first_language_follows_the_system_locale(locale, expected):
    assert system_language(QLocale(locale)) == expected


def test_lang_option_wins_over_the_remembered_choice(qapp):
    settings = Settings()
    settings.set_value(Settings.LANGUAGE, CHINESE)
    try:
        assert startup_language(ENGLISH, settings, QLocale("zh_TW")) == ENGLISH
        assert startup_language(CHINESE, settings, QLocale("en_US")) == CHINESE
    finally:
        settings.clear()


def test_screenshot_in_chinese_from_the_command_line(tmp_path):
    path = tmp_path / "zh.png"
    result = subprocess.run(
        [shutil.which("python") or "python", str(ROOT / "main.py"), "--screenshot", str(path), "--lang", "zh_TW",
         "--size", "1280x800"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert path.stat().st_size > 10_000


def test_chinese_text_is_drawn_with_a_traditional_chinese_font(qtbot, window):
    family = chinese_font_family()
    if family is None:
        pytest.skip("no Traditional-Chinese font installed (sudo apt-get install fonts-noto-cjk)")
    choose(qtbot, window, CHINESE)
    font = QApplication.font()
    assert family in font.families() and "TC" in family
    layout = QTextLayout("學習率 w1", window.findChild(QPushButton, "stepBatchButton").font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    assert family in {run.rawFont().familyName() for run in layout.glyphRuns()}
    choose(qtbot, window, ENGLISH)
    assert family not in QApplication.font().families()


# ----- the translation files ------------------------------------------------------------------------
def test_every_text_is_translated():
    messages = list(ET.parse(TS).getroot().iter("message"))
    assert len(messages) > 200
    unfinished = [m.findtext("source") for m in messages if m.find("translation").get("type") == "unfinished"]
    empty = [m.findtext("source") for m in messages if not (m.findtext("translation") or "").strip()]
    assert unfinished == [] and empty == []
    for message in messages:  # every {placeholder} survives translation, or .format() would fail
        source, translation = message.findtext("source"), message.findtext("translation")
        assert sorted(re.findall(r"\{\w*\}", source)) == sorted(re.findall(r"\{\w*\}", translation)), source


def test_the_ts_holds_every_text_of_the_code(tmp_path):
    """lupdate on the code adds nothing new: no text was added without being translated."""
    lupdate = shutil.which("pyside6-lupdate")
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed")
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    sources = sorted(str(path) for path in (ROOT / "linreg_gui").rglob("*.py"))
    subprocess.run([lupdate, "-silent", "-locations", "none", "-no-obsolete", *sources, "-ts", str(copy)], check=True)
    assert copy.read_text(encoding="utf-8") == TS.read_text(encoding="utf-8")


def test_the_qm_is_compiled_from_the_ts(tmp_path):
    lrelease = shutil.which("pyside6-lrelease")
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed")
    out = tmp_path / QM.name
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(out)], check=True)
    assert out.read_bytes() == QM.read_bytes()


def test_ui_texts_go_through_tr():
    """No string literal is handed straight to setText/setToolTip/setTitle/setWindowTitle/QAction/QLabel."""
    setters = {"setText", "setToolTip", "setTitle", "setWindowTitle", "addMenu", "addAction", "showMessage"}
    constructors = {"QAction", "QLabel", "QPushButton", "QCheckBox", "QGroupBox", "QDockWidget"}
    offenders = []
    for path in sorted((ROOT / "linreg_gui" / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            literal = isinstance(first, ast.JoinedStr) or (
                isinstance(first, ast.Constant) and isinstance(first.value, str)
            )
            if name in setters | constructors and literal and _has_words(first):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def _has_words(node: ast.expr) -> bool:
    """A literal with a word of two letters or more (symbols like "—", "w" or "" are not texts to translate)."""
    parts = [node.value] if isinstance(node, ast.Constant) else [
        v.value for v in node.values if isinstance(v, ast.Constant)
    ]  # fmt: skip
    text = re.sub(r"<[^>]+>|&\w+;|\{[^}]*\}", " ", "".join(parts))
    return bool(re.search(r"[A-Za-z]{2,}", text))
