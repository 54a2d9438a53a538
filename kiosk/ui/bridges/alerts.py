"""Alerts on screen: the takeover's words for ``AlertScreen.qml`` and the staff panel's rows.

:class:`AlertsBridge` holds the :class:`~kiosk.alerts.decide.Board` the poller hands it (on the
GUI thread) and decides, from the session and the clock, what QML shows:

* on the attract loop, while an alert is live, the alert screen covers the loop
  (:meth:`AttractBridge.cover`: the loop stands still, counts nothing, and plays on after);
  outside opening hours the closed screen stays and the alert waits;
  alerts take turns with the loop's languages every :data:`TURN_MS`, each alert in every
  language before the next;
* in touch mode, an alert the visitor has not seen takes over at their next step (a new
  screen, card, question, page or answer), never in the middle of a tap; Continue goes back
  to the lesson and Exit leaves at once. Seen means shown to this visitor: on the loop they
  tapped, or over a step. A new visitor starts with none seen;
* staff may hide an alert (kept in ``alerts/hidden.json``, logged) and show it again.

Every word it hands QML was cleaned and bounded by :mod:`kiosk.alerts` before it got here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.alerts.cap import Ref
from kiosk.alerts.decide import Board, Held, Moment
from kiosk.alerts.fetch import host_of
from kiosk.alerts.poll import FeedState, Report, read_hidden, write_hidden
from kiosk.common.digest import sha256
from kiosk.content.records import SECURITY
from kiosk.content.words import log_quote
from kiosk.playback.session import Screen, SessionState
from kiosk.ui.bridges.attract import AttractBridge
from kiosk.ui.bridges.session import SessionBridge

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger("kiosk.alerts")

TURN_MS = 15_000  # one alert in one language; a passer-by reads its headline and number in it
CHECK_MS = 30_000  # windows are judged again this often (an alert ends on time, to the minute)


def _place(state: SessionState) -> tuple[object, ...]:
    """Where a visitor is: a change here is a step (a countdown's tick is none)."""
    return (state.screen, state.lesson, state.card, state.question, state.answer, state.part)


def ref_key(ref: Ref) -> str:
    """A short, stable name for ``ref`` that QML hands back (never shown)."""
    return sha256(f"{ref.sender}\n{ref.identifier}".encode()).hexdigest()[:16]


@QmlElement
@QmlUncreatable("the alerts bridge hands it to QML")
class AlertRows(QAbstractListModel):  # type: ignore[operator]  # stub: QmlUncreatable lacks __call__
    """Rows for the staff panel's alerts section; the roles are given at construction.

    Alerts: ``key``, ``headline``, ``kind`` (amber, alert, message), ``source`` (a feed's host;
    "" for a venue message), ``untilMs``, ``live`` (on screen now), ``hidden``. Feeds: ``url``,
    ``ok``, ``reason``, ``atMs``.
    """

    def __init__(self, roles: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._roles = {Qt.ItemDataRole.UserRole + 1 + i: name for i, name in enumerate(roles)}
        self._rows: list[dict[str, Any]] = []

    def show(self, rows: list[dict[str, Any]]) -> None:
        if rows == self._rows:
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    @property
    def rows(self) -> list[dict[str, Any]]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        name = self._roles.get(role)
        return self._rows[index.row()].get(name) if name is not None else None

    def roleNames(self) -> dict[int, QByteArray]:
        return {role: QByteArray(name.encode()) for role, name in self._roles.items()}


@QmlElement
@QmlUncreatable("the scene hands it to Main.qml as a required property")
class AlertsBridge(QObject):  # type: ignore[operator]  # stub: QmlUncreatable lacks __call__
    """What the alert screen shows, and the staff panel's alerts.

    Signals:
        changed: anything below changed (the alert, its turn, the language, the rows).

    Properties:
        showing: the alert screen is up (over the loop, or over touch mode).
        overTouch: it is up over a visitor's lesson (Continue and Exit show).
        count, position: how many alerts take turns, and which one shows (0-based).
        kind: ``amber`` (CAE), ``alert`` (another listed event) or ``message`` (a venue's).
        eventText, headline, description, instruction, senderName: the alert's words in the language
            on screen when it has them (else English, else its first); ``fallbackName`` is the
            code of the language shown instead ("" when it is the screen's).
        callNumber: the number to call as a person dials it; ``callIsDefault``: it is 911
            because the alert gave none that can be called.
        photo: the prepared PNG's URL, or "".
        untilMs: when the alert ends (ms since the epoch); ``untilToday``: on today's date.
        alerts, feeds: :class:`AlertRows` for the staff panel.
    """

    changed = Signal()

    def __init__(
        self,
        attract: AttractBridge,
        session: SessionBridge,
        *,
        home: Path | None = None,
        clock_trusted: Callable[[], bool] = lambda: True,
        closed: Callable[[], bool] = lambda: False,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
        turn_ms: int = TURN_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._attract = attract
        self._session = session
        self._home = home
        # Public so that the scene can hand in the schedule's verdict, and tests their clocks.
        self.clock_trusted = clock_trusted
        self.closed = closed  # outside opening hours the closed screen stays, alerts wait
        self.wall = wall
        self.monotonic = monotonic
        self._board = Board()
        self._feeds: tuple[FeedState, ...] = ()
        self._hidden: list[Ref] = read_hidden(home) if home is not None else []
        self._live: list[Held] = []
        self._index = 0
        self._seen: set[Ref] = set()
        self._over_touch = False
        self._place = _place(session.state)
        self.alert_rows = AlertRows(
            ("key", "headline", "kind", "source", "untilMs", "live", "hidden"), self
        )
        self.feed_rows = AlertRows(("url", "ok", "reason", "atMs"), self)
        self._turn = QTimer(self)
        self._turn.setInterval(turn_ms)
        self._turn.timeout.connect(self.next_turn)
        self._check = QTimer(self)
        self._check.setInterval(CHECK_MS)
        self._check.timeout.connect(self.update)
        session.changed.connect(self._session_changed)
        attract.packChanged.connect(self._language_changed)

    # -- input ----------------------------------------------------------------------------------

    def start(self) -> None:
        """Judge the windows every :data:`CHECK_MS` (an alert ends on time without a poll)."""
        self._check.start()

    def stop(self) -> None:
        self._check.stop()
        self._turn.stop()

    @property
    def board(self) -> Board:
        return self._board

    def moment(self) -> Moment:
        """Now, with the schedule's verdict on the wall clock (the trusted-clock rule)."""
        return Moment(self.wall(), self.monotonic(), self.clock_trusted())

    def use_report(self, report: Report) -> None:
        """A poll's outcome, on the GUI thread."""
        self._feeds = report.feeds
        self.use_board(report.board)

    def use_board(self, board: Board) -> None:
        self._board = board
        self.update()

    def preview(self, board: Board) -> None:
        """Show example alerts (the snapshot), whatever staff hid in this home (not written)."""
        self._hidden = []
        self.use_board(board)

    @Slot()
    def update(self) -> None:
        """Decide what shows now: the live alerts, whether they cover the loop, the turns."""
        moment = self.moment()
        self._board = self._board.refresh(moment)
        current = self._live[self._index].notice.ref if self._live else None
        self._live = self._board.showing(moment, self._hidden)
        refs = [h.notice.ref for h in self._live]
        self._index = refs.index(current) if current in refs else 0
        if not self._live:
            self._over_touch = False
        on_loop = self._session.state.screen == Screen.ATTRACT
        # Covered while any alert is live, in touch mode too: a visitor's session that ends
        # under an alert must not start the loop (and count a slide) for an instant.
        self._attract.cover(bool(self._live))
        languages = len(self._attract.languages) if on_loop else 1
        turns = self._get_showing() and (len(self._live) > 1 or languages > 1)
        if turns and not self._turn.isActive():
            self._turn.start()
        elif not turns:
            self._turn.stop()
        self._fill_rows(moment)
        self.changed.emit()

    @Slot()
    def next_turn(self) -> None:
        """The next turn: on the loop, the next language, and after the last the next alert;
        over a lesson, the next alert (the visitor chose their language)."""
        if not self._live:
            return
        if self._session.state.screen == Screen.ATTRACT:
            self._attract.turn_language()
            if self._attract.current_language() != self._attract.languages[0]:
                self.changed.emit()
                return
        self._index = (self._index + 1) % len(self._live)
        self.changed.emit()

    def _session_changed(self) -> None:
        state = self._session.state
        place = _place(state)
        if place == self._place:
            return
        before, self._place = self._place[0], place
        if state.screen in (Screen.ATTRACT, Screen.COVER):
            self._seen.clear()  # the next visitor has seen nothing yet
            self._over_touch = False
        elif before == Screen.ATTRACT:
            self._seen.update(h.notice.ref for h in self._live)  # they saw it on the loop
        else:
            unseen = [i for i, h in enumerate(self._live) if h.notice.ref not in self._seen]
            if unseen:
                self._over_touch = True
                self._index = unseen[0]
                log.info("alert shown over a lesson at the visitor's step")
        self.update()

    def _language_changed(self) -> None:
        self._fill_rows(self.moment())
        self.changed.emit()

    @Slot(int)
    def showAlert(self, index: int) -> None:
        """Show alert ``index`` now (the snapshot's screens; turns go on from it)."""
        if 0 <= index < len(self._live):
            self._index = index
            self.changed.emit()

    # -- QML actions ---------------------------------------------------------------------------

    @Slot()
    def dismiss(self) -> None:
        """Continue: back to the lesson; the alerts shown stay seen for this visitor."""
        self._seen.update(h.notice.ref for h in self._live)
        self._over_touch = False
        self.update()

    @Slot(str, str)
    def press(self, action: str, key: str) -> None:
        """Staff: ``hide`` an alert from the screen, or ``show`` it again (both logged)."""
        ref = next((r for r in self._board.held if ref_key(r) == key), None)
        if ref is None:
            return
        if action == "hide" and ref not in self._hidden:
            self._hidden.append(ref)
            log.warning("alert hidden by staff: %s", log_quote(ref.identifier), extra=SECURITY)
        elif action == "show" and ref in self._hidden:
            self._hidden.remove(ref)
            log.warning("alert shown again by staff: %s", log_quote(ref.identifier), extra=SECURITY)
        else:
            return
        if self._home is not None:
            try:
                write_hidden(self._home, self._hidden)
            except OSError as exc:  # it stays hidden until the kiosk restarts
                log.error("could not keep the hidden alerts: %s", exc.strerror or exc)
        self.update()

    # -- what QML reads ------------------------------------------------------------------------

    def _fill_rows(self, moment: Moment) -> None:
        language = self._attract.current_language()
        live = {h.notice.ref for h in self._live}
        held = sorted(self._board.held.values(), key=lambda h: h.notice.start, reverse=True)
        self.alert_rows.show(
            [
                {
                    "key": ref_key(h.notice.ref),
                    "headline": h.notice.words_in(language)[1].headline,
                    "kind": h.notice.kind,
                    "source": "" if h.notice.kind == "message" else host_of(h.notice.source),
                    "untilMs": h.notice.end.timestamp() * 1000,
                    "live": h.notice.ref in live,
                    "hidden": h.notice.ref in self._hidden,
                }
                for h in held
                if h.live(moment) or h.notice.ref in self._hidden
            ]
        )
        self.feed_rows.show(
            [
                {"url": f.url, "ok": f.ok, "reason": f.reason, "atMs": f.at.timestamp() * 1000}
                for f in self._feeds
            ]
        )

    def _held(self) -> Held | None:
        return self._live[self._index] if self._live else None

    def _words(self) -> tuple[str, Any]:
        held = self._held()
        if held is None:
            return "", None
        return held.notice.words_in(self._attract.current_language())

    def _get_showing(self) -> bool:
        on_loop = self._session.state.screen == Screen.ATTRACT and not self.closed()
        return bool(self._live) and (self._over_touch or on_loop)

    def _get_over_touch(self) -> bool:
        return self._over_touch and bool(self._live)

    def _get_count(self) -> int:
        return len(self._live)

    def _get_position(self) -> int:
        return self._index

    def _get_kind(self) -> str:
        held = self._held()
        return held.notice.kind if held is not None else ""

    def _get_event(self) -> str:
        words = self._words()[1]
        if words is None:
            return ""
        return " \u00b7 ".join(part for part in (words.event, words.area) if part)

    def _get_headline(self) -> str:
        words = self._words()[1]
        return words.headline if words is not None else ""

    def _get_description(self) -> str:
        words = self._words()[1]
        return words.description if words is not None else ""

    def _get_instruction(self) -> str:
        words = self._words()[1]
        return words.instruction if words is not None else ""

    def _get_sender(self) -> str:
        words = self._words()[1]
        return words.sender if words is not None else ""

    def _get_fallback(self) -> str:
        shown = self._words()[0]
        return shown if shown and shown != self._attract.current_language() else ""

    def _get_call(self) -> str:
        held = self._held()
        return held.notice.call if held is not None else "911"

    def _get_call_default(self) -> bool:
        held = self._held()
        return held.notice.call_is_default if held is not None else True

    def _get_photo(self) -> str:
        held = self._held()
        if held is None or not held.photo_file:
            return ""
        return str(QUrl.fromLocalFile(held.photo_file).toString())

    def _get_until(self) -> float:
        held = self._held()
        return held.notice.end.timestamp() * 1000 if held is not None else 0.0

    def _get_until_today(self) -> bool:
        held = self._held()
        if held is None:
            return True
        return held.notice.end.astimezone().date() == self.wall().astimezone().date()

    def _get_alert_rows(self) -> AlertRows:
        return self.alert_rows

    def _get_feed_rows(self) -> AlertRows:
        return self.feed_rows

    showing = Property(bool, _get_showing, notify=changed, final=True)
    overTouch = Property(bool, _get_over_touch, notify=changed, final=True)
    count = Property(int, _get_count, notify=changed, final=True)
    position = Property(int, _get_position, notify=changed, final=True)
    kind = Property(str, _get_kind, notify=changed, final=True)
    eventText = Property(str, _get_event, notify=changed, final=True)
    headline = Property(str, _get_headline, notify=changed, final=True)
    description = Property(str, _get_description, notify=changed, final=True)
    instruction = Property(str, _get_instruction, notify=changed, final=True)
    senderName = Property(str, _get_sender, notify=changed, final=True)
    fallbackName = Property(str, _get_fallback, notify=changed, final=True)
    callNumber = Property(str, _get_call, notify=changed, final=True)
    callIsDefault = Property(bool, _get_call_default, notify=changed, final=True)
    photo = Property(str, _get_photo, notify=changed, final=True)
    untilMs = Property(float, _get_until, notify=changed, final=True)
    untilToday = Property(bool, _get_until_today, notify=changed, final=True)
    alerts = Property(AlertRows, _get_alert_rows, notify=changed, final=True)
    feeds = Property(AlertRows, _get_feed_rows, notify=changed, final=True)
