"""The attract loop for QML: which slide is on screen, the pack's hotline strip and links.

QML reads plain values (strings, numbers, lists of dicts), never domain objects, so the pages stay
presentation only; logic stays in :mod:`kiosk.playback`. The bridge is a registered QML type of the
``Kiosk`` module (uncreatable: Python hands it in), so ``qmllint`` checks every use of it.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.content.model import Hotline, HotlineGroup, Localized, Pack, Slide
from kiosk.ops.stats import Tally
from kiosk.playback.languages import attract_languages, rotation_language
from kiosk.playback.playlist import Playlist, SlideSeconds
from kiosk.ui.pictures import file_url
from kiosk.ui.qr import qr_source

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1


def fallback_name(pack: Pack, language: str, *texts: Localized) -> str:
    """The pack's first language (its code) when a text lacks ``language``, else "".

    A code, not a name: the tag names the language in the language on screen ("Solo en inglés",
    not "Solo en English"), which only its translation knows (FallbackTag.qml).
    """
    missing = any(not text.has(language) for text in texts)
    return pack.languages[0] if missing else ""


def slide_data(
    pack: Pack, slide: Slide, language: str, second: str | None = None
) -> dict[str, Any]:
    """What a slide page shows, as plain values (``second``: a language shown beneath)."""
    link = pack.links[slide.qr]
    return {
        "second": {
            "headline": slide.headline.get(second, pack.languages[0]),
            "body": slide.body.get(second, pack.languages[0]),
        }
        if second
        else {},
        "id": slide.id,
        # What the screen compares to know whether it already shows this: a new pack may reuse ids,
        # and a one-slide loop in two languages still changes.
        "key": f"{pack.id}@{pack.version}/{slide.id}/{language}",
        "language": language,
        "fallbackName": fallback_name(pack, language, slide.headline, slide.body),
        "headline": slide.headline.get(language),
        "body": slide.body.get(language),
        "image": file_url(pack.asset(slide.image)) if slide.image else "",
        "qrSource": qr_source(link.url),
        "qrDisplay": link.display,
        "qrAddress": address_lines(link.display),
        "qrLabel": link.label.get(language),
        "qrFallbackName": fallback_name(pack, language, link.label),
        "seconds": slide.seconds,
    }


ADDRESS_LINE = 36  # characters of an address per line under the QR (about 500 px at 32 px)


def address_lines(display: str, per_line: int = ADDRESS_LINE) -> str:
    """A link's address as written under its QR: whole, broken after a ``/`` when long.

    Qt would break a long address at a hyphen, where a reader takes the ``-`` for hyphenation
    and types the address without it; after a ``/`` nothing is lost. An address with no ``/``
    where one is needed is left for Qt to wrap.
    """
    lines = []
    rest = display
    while len(rest) > per_line:
        cut = rest.rfind("/", 0, per_line) + 1
        if cut <= 0:
            break
        lines.append(rest[:cut])
        rest = rest[cut:]
    return "\n".join([*lines, rest])


def hotline_data(hotline: Hotline, language: str, first: str = "") -> dict[str, str]:
    """One cell of the hotline strip. ``number`` is shown when the display is a vanity form.

    ``display`` is in ``language`` ("Envíe HELP al 233733"), or the same in every language.
    ``fallbackName`` is ``first`` (the pack's first language, its code) when the label or the
    display lacks ``language`` (a pack with ``fallback: true``); "" otherwise or when ``first``
    is not given.
    """
    display = hotline.display.get(language, first or "en")
    shown_digits = "".join(ch for ch in display if ch.isdigit())
    number = hotline.number or ""
    dialled = "".join(ch for ch in number if ch.isdigit())
    missing = not (hotline.label.has(language) and hotline.display.has(language))
    return {
        "kind": hotline.kind,
        "label": hotline.label.get(language),
        "fallbackName": first if first and missing else "",
        "display": display,
        "number": number if dialled and not shown_digits.endswith(dialled) else "",
    }


SHORT_NUMBER = 4  # digits at most of a short number (911, 711, a short code): a narrow column


def group_data(group: HotlineGroup, language: str, first: str = "") -> dict[str, Any]:
    """One group of the attract strip: a heading, the main number large, the others small.

    The heading is the organisation's name, or the label of a hotline that stands alone;
    ``fallbackName`` marks a heading or a display not written in ``language`` (see
    :func:`hotline_data`); ``short`` marks a short number that stands alone (911), which the
    hotline block's grid gives a narrow column.
    """
    main, *others = [hotline_data(h, language, first) for h in group.hotlines]
    if group.organisation:
        heading = group.organisation.name.get(language)
        missing = not group.organisation.name.has(language) or any(
            not h.display.has(language) for h in group.hotlines
        )
        fallback = first if first and missing else ""
    else:
        heading, fallback = main["label"], main["fallbackName"]
    # A short number that stands alone (911) takes a narrow column of the strip's grid.
    dialled = "".join(ch for ch in group.hotlines[0].number or "" if ch.isdigit())
    short = group.organisation is None and not others and 0 < len(dialled) <= SHORT_NUMBER
    return {
        "heading": heading,
        "fallbackName": fallback,
        "main": main,
        "others": others,
        "short": short,
    }


def publisher_data(pack: Pack, language: str) -> dict[str, str]:
    """Who speaks: the publisher's name and logo URL (empty when the pack names none)."""
    publisher = pack.publisher
    if publisher is None:
        return {"name": "", "logo": ""}
    logo = file_url(pack.asset(publisher.logo)) if publisher.logo else ""
    return {"name": publisher.name.get(language), "logo": logo}


@QmlElement
@QmlUncreatable("the scene hands it to Main.qml as a required property")
class AttractBridge(QObject):  # type: ignore[operator]  # stub: QmlUncreatable lacks __call__
    """The attract loop: which slide is on screen, the pack's strip and links.

    Signals:
        slideChanged: the slide on screen (and the one after it) changed.
        packChanged: a new pack is live (title, hotlines, language).
        runningChanged: the loop was paused (touch mode) or resumed.
        coveredChanged: an alert took the screen over, or yielded it.

    Properties:
        slide, upcoming: dicts from :func:`slide_data` (upcoming is preloaded by the screen).
        slideCount: slides in the loop.
        slideMillis: how long the current slide stays, for the progress bar.
        hotlines: list of dicts from :func:`hotline_data`.
        hotlineGroups: the hotline block's groups (the strip, touch mode, the closed screen),
            dicts from :func:`group_data`.
        publisher: dict from :func:`publisher_data`.
        training: the QR of the pack's training link (qrSource, qrDisplay, qrAddress: the
            display broken into lines by :func:`address_lines`, qrLabel).
        packTitle, running.
        covered: an alert takes over the screen (:meth:`cover`): the loop stands still under it.
        language: the language on screen: the visitor's choice in touch mode, else the one of
        the slide on screen (the loop rotates through ``languages``, one slide each).
    """

    slideChanged = Signal()
    packChanged = Signal()
    runningChanged = Signal()
    coveredChanged = Signal()

    def __init__(
        self,
        pack: Pack,
        venue: str | None,
        language: str | None = None,
        seconds_override: SlideSeconds | None = None,
        parent: QObject | None = None,
        *,
        languages: tuple[str, ...] = (),
        together: bool = False,
        counts: Tally | None = None,
    ) -> None:
        """``counts``: where slides shown are counted (None: not counted, e.g. a snapshot)."""
        super().__init__(parent)
        self._counts = counts
        self._venue = venue
        self._venue_languages = languages
        self._languages: tuple[str, ...] = ()
        self._shown = 0  # slides shown since start: the rotation's position
        self._visitor: str | None = None
        # Both languages on each slide (kiosk.yaml language_layout: together) instead of turns.
        self._together = together
        self._second: str | None = None
        self._seconds_override = seconds_override
        self._language = ""
        self._pending: Pack | None = None
        self._language_option = language  # --language, kept over settings changes
        self._pending_settings: tuple[str | None, tuple[str, ...], bool] | None = None
        self._pending_slides: tuple[Slide, ...] | None = None
        self._running = False
        self._covered = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.advance)
        self._set_pack(pack, language)

    def _set_pack(self, pack: Pack, language: str | None) -> None:
        self._pack = pack
        # --language picks one language for the loop; else the venue's (or the pack's) rotate.
        if language in pack.languages:
            self._languages = (language,)
        else:
            self._languages = attract_languages(self._venue_languages, pack.languages)
        self._second = None
        if self._together and len(self._languages) > 1:
            self._languages, self._second = self._languages[:1], self._languages[1]
        self._language = rotation_language(self._languages, self._shown)
        if self._visitor not in (None, *pack.languages):
            self._visitor = None
        self._playlist = Playlist.for_pack(pack, self._venue, self._seconds_override)
        self._pending_slides = None
        self._time_slide()
        self.packChanged.emit()
        self.slideChanged.emit()

    @property
    def pack(self) -> Pack:
        return self._pack

    @property
    def venue(self) -> str | None:
        """The kiosk's venue (None: not set); it chooses the slides and the lessons."""
        return self._venue

    @property
    def playlist(self) -> Playlist:
        return self._playlist

    @property
    def pending_pack(self) -> Pack | None:
        """The pack that goes live at the next slide boundary, if one is waiting."""
        return self._pending

    def replace_pack(self, pack: Pack) -> None:
        """Swap to ``pack`` at the next slide boundary (never mid-slide, never mid-lesson)."""
        self._pending = pack
        log.info("pack %s %s will go live at the next slide", pack.id, pack.version)

    def use_settings(
        self, venue: str | None, languages: tuple[str, ...], *, together: bool
    ) -> None:
        """Edited ``kiosk.yaml``: the venue and languages change at the next slide boundary."""
        self._pending_settings = (venue, languages, together)

    def set_slides(self, slides: tuple[Slide, ...], *, now: bool = False) -> None:
        """Play ``slides`` of the current pack (the schedule's choice) from the next boundary.

        Args:
            slides: the new sequence; empty or unchanged is nothing to do.
            now: switch at once (at start, before anything is on screen).
        """
        if not slides or slides == self._playlist.slides:
            self._pending_slides = None
            return
        if now:
            self._playlist = Playlist(slides, 0, self._seconds_override)
            self._time_slide()
            self.slideChanged.emit()
        else:
            self._pending_slides = slides

    # -- loop control -------------------------------------------------------------------------

    def start(self) -> None:
        """Start (or resume) the loop from the current slide."""
        self._running = True
        if not self._covered:
            self._timer.start(self.slide_millis())
        self.runningChanged.emit()
        self.slideChanged.emit()  # restarts the progress bar
        self._count_shown()  # on screen again (after a session, the staff panel, closed hours)

    def stop(self) -> None:
        """Pause the loop (touch mode)."""
        self._running = False
        self._timer.stop()
        self.runningChanged.emit()

    def cover(self, covered: bool) -> None:
        """An alert takes the screen over (True) or yields it (False).

        While covered the loop stands still and counts no slide (none is seen), yet ``start``
        and ``stop`` still say whether it should play: a session, the schedule and the staff
        panel start and stop it as before, and it plays on, from its slide, once uncovered.
        """
        if covered == self._covered:
            return
        self._covered = covered
        if covered:
            self._timer.stop()
        elif self._running:
            self._timer.start(self.slide_millis())
            self.slideChanged.emit()  # restarts the progress bar
        self.coveredChanged.emit()
        self._count_shown()

    @Slot()
    def advance(self) -> None:
        """Show the next slide; a pending pack goes live here, at the boundary."""
        if self._pending is not None or self._pending_settings is not None:
            language = self._fixed_language()
            if self._pending_settings is not None:
                venue, self._venue_languages, self._together = self._pending_settings
                self._venue, self._pending_settings = venue, None
                language = self._language_option
            pack = self._pending if self._pending is not None else self._pack
            swapped, self._pending = self._pending is not None, None
            self._shown += 1
            self._set_pack(pack, language)
            if swapped:
                log.info("pack %s %s is live", pack.id, pack.version)
        elif self._pending_slides is not None:
            slides, self._pending_slides = self._pending_slides, None
            self._playlist = Playlist(slides, 0, self._seconds_override)
            self._time_slide()
            self.slideChanged.emit()
        else:
            self._playlist.advance()
            self._time_slide()
            self._next_language()
            self.slideChanged.emit()
        log.debug("slide %s", self._playlist.current.id)
        if self._running and not self._covered:
            self._timer.start(self.slide_millis())
            self._count_shown()

    def _count_shown(self) -> None:
        """Count the slide now on screen, by slide and language, and its QR (none while an
        alert covers the loop: no slide is seen)."""
        if self._counts is None or self._covered or not self._running:
            return
        slide = self._playlist.current
        # The loop's own language: a session that just ended starts the loop a moment before
        # its visitor's language is dropped (kiosk.ui.bridges.session), and the loop never runs
        # under a visitor's choice.
        self._counts.add("slide_shown", f"{slide.id}/{self._language}")
        # Every slide carries a QR today: the training link's, or the one the slide names.
        if slide.qr in self._pack.links:
            self._counts.add("qr_slide_shown", slide.id)

    @Slot(int)
    def showSlide(self, index: int) -> None:
        """Jump to slide ``index`` (snapshots, tests)."""
        self._playlist.position = index % len(self._playlist.slides)
        self._time_slide()
        self.slideChanged.emit()

    def slide_millis(self) -> int:
        """How long the slide on screen stays (drawn once per slide, so bar and timer agree)."""
        return self._slide_millis

    def _time_slide(self) -> None:
        self._slide_millis = round(self._playlist.seconds(self._playlist.current) * 1000)

    # -- what QML reads -----------------------------------------------------------------------

    def _slide(self) -> dict[str, Any]:
        second = None if self._visitor else self._second
        return slide_data(self._pack, self._playlist.current, self.current_language(), second)

    def _upcoming(self) -> dict[str, Any]:
        upcoming = rotation_language(self._languages, self._shown + 1)
        second = None if self._visitor else self._second
        return slide_data(self._pack, self._playlist.upcoming, self._visitor or upcoming, second)

    def _training(self) -> dict[str, str]:
        link = self._pack.links["training"]
        return {
            "qrSource": qr_source(link.url),
            "qrDisplay": link.display,
            "qrAddress": address_lines(link.display),
            "qrLabel": link.label.get(self.current_language()),
        }

    def _hotlines(self) -> list[dict[str, str]]:
        first = self._pack.languages[0]
        return [hotline_data(h, self.current_language(), first) for h in self._pack.hotlines]

    def _hotline_groups(self) -> list[dict[str, Any]]:
        first = self._pack.languages[0]
        return [group_data(g, self.current_language(), first) for g in self._pack.hotline_groups()]

    def _publisher(self) -> dict[str, str]:
        return publisher_data(self._pack, self.current_language())

    def _title(self) -> str:
        return self._pack.title.get(self.current_language())

    def _count(self) -> int:
        return len(self._playlist.slides)

    def _millis(self) -> int:
        return self.slide_millis()

    def _get_covered(self) -> bool:
        return self._covered

    def _get_running(self) -> bool:
        return self._running

    def current_language(self) -> str:
        """The language on screen: the visitor's choice, else the slide's (see ``languages``)."""
        return self._visitor or self._language

    # -- languages ------------------------------------------------------------------------------

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the loop rotates through, one slide each (the first is the default)."""
        return self._languages

    def _fixed_language(self) -> str | None:
        return self._languages[0] if len(self._languages) == 1 else None

    def fix_language(self, language: str) -> None:
        """Show the loop in ``language`` alone from now on, on the slide it is on (``kiosk
        preview``'s language key; a language the pack lacks is ignored)."""
        if language not in self._pack.languages:
            log.warning("language %r is not in the pack; ignored", language)
            return
        self._language_option = language  # kept over a new pack or settings, as --language is
        self._languages, self._second = (language,), None
        if language != self._language:
            self._language = language
            if self._visitor is None:
                self.packChanged.emit()
                self.slideChanged.emit()

    def turn_language(self) -> None:
        """The next language of the rotation, with no slide change (the closed screen's turns)."""
        self._next_language()

    def _next_language(self) -> None:
        self._shown += 1
        language = rotation_language(self._languages, self._shown)
        if language != self._language:
            self._language = language
            if self._visitor is None:
                self.packChanged.emit()  # the strip's labels and the title follow the slide

    def set_visitor_language(self, language: str | None) -> None:
        """Show everything in ``language`` (touch mode), or back to the loop's rotation (None)."""
        if language is not None and language not in self._pack.languages:
            log.warning("language %r is not in the pack; ignored", language)
            return
        if language != self._visitor:
            before = self.current_language()
            self._visitor = language
            if self.current_language() != before:
                self.packChanged.emit()
                self.slideChanged.emit()

    slide = Property(dict, _slide, notify=slideChanged, final=True)
    upcoming = Property(dict, _upcoming, notify=slideChanged, final=True)
    slideCount = Property(int, _count, notify=slideChanged, final=True)
    slideMillis = Property(int, _millis, notify=slideChanged, final=True)
    hotlines = Property(list, _hotlines, notify=packChanged, final=True)
    hotlineGroups = Property(list, _hotline_groups, notify=packChanged, final=True)
    publisher = Property(dict, _publisher, notify=packChanged, final=True)
    training = Property(dict, _training, notify=packChanged, final=True)
    packTitle = Property(str, _title, notify=packChanged, final=True)
    language = Property(str, current_language, notify=packChanged, final=True)
    running = Property(bool, _get_running, notify=runningChanged, final=True)
    covered = Property(bool, _get_covered, notify=coveredChanged, final=True)
