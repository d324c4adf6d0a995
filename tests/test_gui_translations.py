"""中文 / English: every user-visible string is in the catalogue, translated, and loads."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from app.gui import i18n
from app.platform.resources import TRANSLATIONS

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = TRANSLATIONS / "zhangfang_zh_CN.ts"


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def test_every_string_in_the_sources_is_in_the_catalogue_and_translated(tmp_path):
    copy = tmp_path / "check.ts"
    shutil.copy(CATALOGUE, copy)
    sources = sorted(str(p) for p in (ROOT / "app" / "gui").glob("*.py"))
    subprocess.run(
        [_tool("pyside6-lupdate"), *sources, "-ts", str(copy)], check=True, capture_output=True
    )
    untranslated = [
        m.find("source").text
        for m in ET.parse(copy).getroot().iter("message")
        if m.find("translation").get("type") in ("unfinished",) or not m.find("translation").text
    ]
    assert untranslated == [], "run `make translations` and translate these in the .ts"


def test_the_compiled_catalogue_translates_the_screens(qtbot, tmp_path):
    qm = tmp_path / "zh.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), str(CATALOGUE), "-qm", str(qm)], check=True, capture_output=True
    )
    translator = QTranslator()
    assert translator.load(str(qm))
    app = QCoreApplication.instance()
    app.installTranslator(translator)
    try:
        from app.gui import labels

        assert QCoreApplication.translate("MainWindow", "Inbox") == "收件箱"
        assert labels.state("captured") == "待审核" and labels.field("total") == "价税合计"
    finally:
        app.removeTranslator(translator)
    assert labels.state("captured") == "To review"


def test_language_setting_chooses_the_catalogue():
    assert i18n.resolve("zh_CN") == "zh_CN" and i18n.resolve("en") == "en"
    assert i18n.resolve("system") in ("zh_CN", "en")


def test_chinese_also_translates_qt_standard_buttons(qtbot):
    app = QCoreApplication.instance()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    translator = i18n.install(app, "zh_CN")
    assert translator is not None, "the compiled catalogue is missing: run `make translations`"
    qt_own = translator.findChildren(QTranslator)
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert QCoreApplication.translate("MainWindow", "Inbox") == "收件箱"
    finally:
        for each in [translator, *qt_own]:
            app.removeTranslator(each)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
