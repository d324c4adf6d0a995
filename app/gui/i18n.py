"""中文 / English through Qt's translation system. Sources are English; the Chinese
catalogue is resources/translations/zhangfang_zh_CN.ts, compiled to .qm (make translations)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.platform.resources import TRANSLATIONS

log = logging.getLogger(__name__)
LANGUAGES = ("system", "zh_CN", "en")


def resolve(language: str | None) -> str:
    """ "zh_CN" or "en" for a setting ("system" follows the system's language)."""
    if language in ("zh_CN", "en"):
        return language
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def install(app: QCoreApplication, language: str | None) -> QTranslator | None:
    """Load the catalogue for ``language``; English needs none. Keep the result alive (Qt's
    own catalogue, for the buttons of standard dialogs, is a child of it)."""
    chosen = resolve(language)
    if chosen == "en":
        return None
    translator = QTranslator(app)
    qt_own = QTranslator(translator)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(f"qtbase_{chosen}", qt_folder):
        app.installTranslator(qt_own)
    else:
        log.info(
            "no Qt catalogue for %s in %s; standard buttons stay in English", chosen, qt_folder
        )
    qm = TRANSLATIONS / f"zhangfang_{chosen}.qm"
    if not translator.load(str(qm)):
        log.warning("no compiled translation at %s (run `make translations`); using English", qm)
        return None
    app.installTranslator(translator)
    return translator
