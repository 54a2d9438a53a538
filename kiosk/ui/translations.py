"""The kiosk's own words in the visitor's language: Qt's translation system, swapped at run time.

Buttons, hints and the countdown are written in English in the QML (``qsTr``); ``.ts`` files in
``kiosk/ui/i18n`` hold their translations and are compiled to the ``.qm`` files loaded here
(``make i18n``; both are checked in, and a test fails when either is stale). Awareness text never
comes through here: it is the pack's, already in every language of the pack.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTranslator
from PySide6.QtQml import QQmlEngine

from kiosk import paths

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"  # the language the QML is written in: no translator needed


def qm_file(language: str) -> Path:
    """The compiled translation of the kiosk's words into ``language``."""
    return paths.i18n_dir() / f"kiosk_{language}.qm"


class Translations(QObject):
    """Installs the translator of one language at a time and re-evaluates every ``qsTr``."""

    def __init__(self, engine: QQmlEngine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._translator: QTranslator | None = None
        self._language = SOURCE_LANGUAGE

    @property
    def language(self) -> str:
        return self._language

    def use(self, language: str) -> None:
        """Show the kiosk's words in ``language`` (English where no translation ships)."""
        if language == self._language:
            return
        app = QCoreApplication.instance()
        if app is None:  # pragma: no cover - the scene always has an application
            return
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if language != SOURCE_LANGUAGE:
            translator = QTranslator(self)
            if translator.load(str(qm_file(language))):
                app.installTranslator(translator)
                self._translator = translator
            else:
                log.warning("no translation of the kiosk's words into %r; English shown", language)
        self._language = language
        self._engine.retranslate()
