"""The kiosk's own words in the visitor's language: Qt's translation system, swapped at run time.

Buttons, hints and the countdown are written in English in the QML (``qsTr``); ``.ts`` files in
``kiosk/ui/i18n`` hold their translations and are compiled to the ``.qm`` files loaded here
(``make i18n``; both are checked in, and a test fails when either is stale). Awareness text never
comes through here: it is the pack's, already in every language of the pack.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal, Slot
from PySide6.QtQml import QQmlEngine

from kiosk.common import paths

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"  # the language the QML is written in: no translator needed


def qm_file(language: str) -> Path:
    """The compiled translation of the kiosk's words into ``language``."""
    return paths.i18n_dir() / f"kiosk_{language}.qm"


class _Switch(QTranslator):
    """The one translator installed on the application; it asks the chosen language's.

    Installing or removing a translator sends every object a LanguageChange, which makes every
    QML engine still alive retranslate (an engine on its way out warns about its bridges). So one
    translator is installed once, and a language switch only points it elsewhere and retranslates
    our own engine.
    """

    def __init__(self) -> None:
        super().__init__()
        self.current: QTranslator | None = None
        # The newest scene's Translations: there is one application, so one language of the
        # kiosk's words; an older scene (a test's, not yet collected) must not switch it.
        self.owner: weakref.ref[Translations] | None = None

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        # Python cannot return Qt's null string ("not found"), so an untranslated text is
        # answered with its source, the QML's English, as Qt would show it.
        found = self.current.translate(context, source, disambiguation, n) if self.current else ""
        return found or source

    def isEmpty(self) -> bool:
        return False


_switch: _Switch | None = None
_loaded: dict[str, QTranslator | None] = {}


def _installed_switch() -> _Switch:
    global _switch  # one per process, as the application is
    if _switch is None:
        app = QCoreApplication.instance()
        if app is None:  # pragma: no cover - a scene always has an application
            raise RuntimeError("no application to translate")
        _switch = _Switch()
        app.installTranslator(_switch)
    return _switch


def _translator(language: str) -> QTranslator | None:
    """The compiled translation of ``language``, loaded once (None: none ships)."""
    if language not in _loaded:
        translator: QTranslator | None = QTranslator()
        if translator is not None and not translator.load(str(qm_file(language))):
            log.warning("no translation of the kiosk's words into %r; English shown", language)
            translator = None
        _loaded[language] = translator
    return _loaded[language]


class Translations(QObject):
    """The language of the kiosk's own words: switches the translator and re-evaluates ``qsTr``.

    Signals:
        changed: the language switched; what Python words for the screen (the staff messages)
            is worded again by whoever listens.
    """

    changed = Signal()

    def __init__(
        self,
        engine: QQmlEngine,
        language: Callable[[], str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # Weak: the scene owns the engine, and a strong reference from here (kept alive by a
        # signal connection) would keep a closed scene's engine alive.
        self._engine = weakref.ref(engine)
        self._source = language
        self._switch = _installed_switch()
        self._language = SOURCE_LANGUAGE
        stale = self._switch.current is not None  # the QML loaded in an earlier scene's language
        self._switch.current = None
        self._switch.owner = weakref.ref(self)
        # Qt.uiLanguage is the language on screen from the start, not the system's ("en-POSIX"
        # under LANG=C would write the cover's clock "15:05" on an English screen).
        engine.setUiLanguage(SOURCE_LANGUAGE)
        if stale:
            engine.retranslate()

    @property
    def language(self) -> str:
        return self._language

    def use(self, language: str) -> None:
        """Show the kiosk's words in ``language`` (English where no translation ships)."""
        owner = self._switch.owner() if self._switch.owner else None
        if language == self._language or owner is not self:
            return
        self._switch.current = None if language == SOURCE_LANGUAGE else _translator(language)
        self._language = language
        engine = self._engine()
        if engine is not None:
            engine.setUiLanguage(language)  # Qt.uiLanguage: numbers and dates in QML follow
            engine.retranslate()
        self.changed.emit()

    @Slot()
    def follow(self) -> None:
        """Take the language from the scene (connected to the attract bridge's packChanged)."""
        if self._source is not None:
            self.use(self._source())
