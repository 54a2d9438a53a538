"""Which alerts are on screen: pure decisions over parsed alerts, the venue's rules and a moment.

The rules (as python-tuf's trusted set is to its updater: fed data, no I/O):

* only ``status`` Actual, ``scope`` Public, ``msgType`` Alert or Update; a Cancel ends the
  messages its ``references`` name (from the same sender) and is never shown itself; an Update
  ends the ones it names and is then judged as an alert; an ended message never comes back;
* the event is listed (kiosk.yaml ``alerts.events``: an ``eventCode`` value such as CAE, or the
  ``event`` text) and an area code covers one of the venue's (``alerts.areas``);
* shown from ``effective`` (else ``sent``) until ``expires`` (else :data:`DEFAULT_HOURS` after
  ``sent``), never more than :data:`MAX_WINDOW_DAYS` after ``sent``;
* the trusted-clock rule (:class:`kiosk.playback.schedule.ClockJudge` says whether the wall clock
  is believed): while it is believed, the window is read on the wall clock and also turned into
  monotonic deadlines; while it is not, only an alert with such deadlines shows, until them. So
  a clock set wrong never shows an expired alert as live, and an alert first seen under a clock
  not believed waits until it is.

The :class:`Board` is immutable: every decision returns a new one with its verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal, TypeVar

import phonenumbers

from kiosk.alerts.cap import Area, CapAlert, Info, Ref
from kiosk.alerts.reasons import Refusal
from kiosk.content import phones
from kiosk.content.words import clean_name

DEFAULT_HOURS = 12.0  # CAP leaves an alert with no <expires> to each recipient's policy
MAX_WINDOW_DAYS = 7.0  # an alert is never shown longer than this after it was sent
DEFAULT_CALL = "911"
ENDED_KEEP = 1_000  # ended messages remembered (so an old copy in a feed never comes back)
REFUSED_KEEP = 2_000  # refusals remembered (each is logged once)
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})

NoticeKind = Literal["amber", "alert", "message"]
T = TypeVar("T")


@dataclass(frozen=True)
class Rules:
    """What this venue shows: its county codes (six digits) and the events listed."""

    areas: frozenset[str]
    events: tuple[str, ...] = ("CAE",)

    def listed(self, info: Info) -> bool:
        codes = {e.upper() for e in self.events}
        names = {e.casefold() for e in self.events}
        return bool(codes.intersection(info.codes)) or info.event.casefold() in names


@dataclass(frozen=True)
class Moment:
    """Now: the wall clock (aware), the monotonic clock, and whether the wall clock is believed."""

    wall: datetime
    monotonic: float
    trusted: bool


@dataclass(frozen=True)
class Words:
    """An alert's words in one language, cleaned and bounded (:mod:`kiosk.alerts.cap`)."""

    event: str
    headline: str
    description: str
    instruction: str
    sender: str
    area: str


@dataclass(frozen=True)
class Notice:
    """What the screen shows of one alert or venue message, in every language it has.

    Attributes:
        words: (language, words) pairs, the alert's first language first.
        call: the number to call as shown; ``call_is_default``: it is 911 because the alert
            gave none that libphonenumber finds valid.
        photo: the CAP resource's URI (the shell fetches it only from an allowed host), or a
            venue message's member name; "" for none.
        source: where it came from (a feed's address, ``stick``, ``inbox``, ``fleet``).
        entry: its name within the source (a feed forgets what it no longer lists).
    """

    ref: Ref
    kind: NoticeKind
    words: tuple[tuple[str, Words], ...]
    call: str
    call_is_default: bool
    photo: str
    start: datetime
    end: datetime
    source: str
    entry: str
    issued: datetime | None = None

    def words_in(self, language: str) -> tuple[str, Words]:
        """The words in ``language`` when the alert has them, else English, else its first."""
        by_language = dict(self.words)
        for wanted in (language, "en"):
            if wanted in by_language:
                return wanted, by_language[wanted]
        return self.words[0]


@dataclass(frozen=True)
class Held:
    """A notice on the board, with its window as monotonic deadlines once a believed clock
    has seen it, and its photo once fetched (a file the shell wrote)."""

    notice: Notice
    start_mono: float | None = None
    end_mono: float | None = None
    photo_file: str = ""

    def live(self, moment: Moment) -> bool:
        if moment.trusted:
            return self.notice.start <= moment.wall < self.notice.end
        if self.start_mono is None or self.end_mono is None:
            return False
        return self.start_mono <= moment.monotonic < self.end_mono

    def timed(self, moment: Moment) -> Held:
        """With deadlines from ``moment`` (only when its clock is believed)."""
        if not moment.trusted:
            return self
        start = (self.notice.start - moment.wall).total_seconds()
        end = (self.notice.end - moment.wall).total_seconds()
        return replace(self, start_mono=moment.monotonic + start, end_mono=moment.monotonic + end)


Verdict = Refusal | None  # None: accepted (shown when its window holds)


@dataclass(frozen=True)
class Board:
    """The alerts and messages this kiosk knows: held (accepted), ended, refused."""

    held: Mapping[Ref, Held] = field(default_factory=dict)
    ended: Mapping[Ref, str] = field(default_factory=dict)
    refused: Mapping[Ref, Refusal] = field(default_factory=dict)

    # -- what is on screen ---------------------------------------------------------------------

    def showing(self, moment: Moment, hidden: Iterable[Ref] = ()) -> list[Held]:
        """The notices live now, newest first; those staff hid are left out."""
        away = set(hidden)
        live = [h for h in self.held.values() if h.live(moment) and h.notice.ref not in away]
        return sorted(live, key=lambda h: (h.notice.start, h.notice.ref.identifier), reverse=True)

    def state(self, ref: Ref, moment: Moment) -> Verdict:
        """None when ``ref`` shows now, else why not (``kiosk alerts check`` prints it)."""
        held = self.held.get(ref)
        if held is not None:
            if held.live(moment):
                return None
            return _not_live(held, moment)
        if ref in self.ended:
            return Refusal("ended", self.ended[ref])
        return self.refused.get(ref, Refusal("malformed", "never read"))

    # -- decisions -----------------------------------------------------------------------------

    def take_alert(
        self, alert: CapAlert, rules: Rules, moment: Moment, *, source: str, entry: str
    ) -> tuple[Board, Verdict]:
        """Judge one CAP message read from ``source``; see the module's rules."""
        ref = alert.ref
        if ref in self.ended:
            return self._refuse(ref, Refusal("ended", self.ended[ref]))
        refusal = _basic(alert)
        if refusal is not None:
            return self._refuse(ref, refusal)
        if alert.msg_type == "Cancel":
            board, names = self._end(alert, f"cancelled by {alert.identifier}")
            what = ", ".join(names[:5]) if names else "no alert this kiosk holds"
            return board._refuse(ref, Refusal("cancel", f"a Cancel; it ends {what}"))
        board = self
        if alert.msg_type == "Update":
            board, _ = self._end(alert, f"replaced by {alert.identifier}")
        infos = [i for i in alert.infos if rules.listed(i)]
        if not infos:
            return board._refuse(ref, _event_refusal(alert, rules))
        areas = [a for i in infos for a in i.areas]
        if not any(covers(code, venue) for a in areas for code in a.codes for venue in rules.areas):
            return board._refuse(ref, _area_refusal(areas, rules))
        first = infos[0]
        start = first.effective or alert.sent
        end = first.expires or alert.sent + timedelta(hours=DEFAULT_HOURS)
        end = min(end, alert.sent + timedelta(days=MAX_WINDOW_DAYS))
        if end <= start:
            return board._refuse(ref, Refusal("malformed", "it expires before it takes effect"))
        notice = notice_from_cap(alert, infos, rules, start, end, source=source, entry=entry)
        return board.take(notice, moment)

    def take(self, notice: Notice, moment: Moment) -> tuple[Board, Verdict]:
        """Hold ``notice`` (accepted); the verdict says why it is not live now, if it is not."""
        ref = notice.ref
        if ref in self.ended:
            return self._refuse(ref, Refusal("ended", self.ended[ref]))
        if moment.trusted and moment.wall >= notice.end:
            return self._drop(ref)._refuse(ref, _expired(notice.end))
        old = self.held.get(ref)
        if (
            old is not None
            and old.notice.issued
            and notice.issued
            and old.notice.issued > notice.issued
        ):
            return self, _not_live(old, moment) if not old.live(moment) else None
        keep_photo = old.photo_file if old is not None and old.notice.photo == notice.photo else ""
        held = Held(notice, photo_file=keep_photo)
        if old is not None and old.notice == notice:
            held = old
        held = held.timed(moment)
        refused = {k: v for k, v in self.refused.items() if k != ref}
        board = replace(self, held={**self.held, ref: held}, refused=refused)
        return board, None if held.live(moment) else _not_live(held, moment)

    def with_photo(self, ref: Ref, path: str) -> Board:
        held = self.held.get(ref)
        if held is None:
            return self
        return replace(self, held={**self.held, ref: replace(held, photo_file=path)})

    def refresh(self, moment: Moment) -> Board:
        """Deadlines renewed under a believed clock; what expired is dropped (and said why)."""
        if not moment.trusted:
            return self
        held: dict[Ref, Held] = {}
        refused = dict(self.refused)
        for ref, h in self.held.items():
            if moment.wall >= h.notice.end:
                refused[ref] = _expired(h.notice.end)
            else:
                held[ref] = h.timed(moment)
        return replace(self, held=held, refused=_bounded(refused, REFUSED_KEEP))

    def forget_missing(self, source: str, present: Iterable[str]) -> tuple[Board, list[Ref]]:
        """A feed read whole no longer lists these entries: their alerts are over."""
        listed = set(present)
        gone = [
            r
            for r, h in self.held.items()
            if h.notice.source == source and h.notice.entry not in listed
        ]
        if not gone:
            return self, []
        held = {r: h for r, h in self.held.items() if r not in gone}
        refused = {**self.refused, **{r: Refusal("ended", "no longer in its feed") for r in gone}}
        return replace(self, held=held, refused=_bounded(refused, REFUSED_KEEP)), gone

    def refuse(self, ref: Ref, refusal: Refusal) -> Board:
        """Remember a refusal decided elsewhere (an unsigned message, a host not allowed)."""
        return self._refuse(ref, refusal)[0]

    # -- helpers -------------------------------------------------------------------------------

    def _refuse(self, ref: Ref, refusal: Refusal) -> tuple[Board, Verdict]:
        refused = _bounded({**self.refused, ref: refusal}, REFUSED_KEEP)
        return replace(self, refused=refused), refusal

    def _drop(self, ref: Ref) -> Board:
        if ref not in self.held:
            return self
        return replace(self, held={k: v for k, v in self.held.items() if k != ref})

    def _end(self, alert: CapAlert, why: str) -> tuple[Board, list[str]]:
        """End the messages ``alert`` references, when the same sender sent them."""
        sender = alert.sender.casefold()
        ends = [r for r in alert.references if r.sender.casefold() == sender]
        if not ends:
            return self, []
        held = {r: h for r, h in self.held.items() if r not in ends}
        names = [r.identifier for r in ends if r in self.held]
        ended = _bounded({**self.ended, **dict.fromkeys(ends, why)}, ENDED_KEEP)
        return replace(self, held=held, ended=ended), names


def covers(alert_code: str, venue_code: str) -> bool:
    """Whether the alert's county code (SAME ``PSSCCC``) covers the venue's.

    ``SS`` is the state, ``CCC`` the county (000: the whole state) and ``P`` a part of the county
    (0: all of it); ``000000`` is the whole country. An alert for a part of the county covers a
    venue that named only its county (it may be in that part); one for another part does not
    cover a venue that named its own.
    """
    if alert_code == "000000":
        return True
    part, state, county = alert_code[0], alert_code[1:3], alert_code[3:]
    v_part, v_state, v_county = venue_code[0], venue_code[1:3], venue_code[3:]
    if state != v_state:
        return False
    if county == "000":
        return True
    return county == v_county and (part == "0" or v_part == "0" or part == v_part)


def _basic(alert: CapAlert) -> Refusal | None:
    if alert.status != "Actual":
        return Refusal("status", f"{alert.status} (only Actual alerts are shown)")
    if alert.msg_type in ("Ack", "Error"):
        return Refusal("msgType", f"{alert.msg_type} (only Alert, Update and Cancel are read)")
    if alert.scope != "Public":
        return Refusal("scope", f"{alert.scope} (only Public alerts are shown)")
    return None


def _event_refusal(alert: CapAlert, rules: Rules) -> Refusal:
    seen = sorted({c for i in alert.infos for c in i.codes}) or sorted(
        {i.event for i in alert.infos if i.event}
    )
    named = ", ".join(clean_name(s, 40) for s in seen[:3]) or "no event"
    listed = ", ".join(rules.events) or "none"
    return Refusal("event", f"{named} is not listed (kiosk.yaml alerts.events: {listed})")


def _area_refusal(areas: Sequence[Area], rules: Rules) -> Refusal:
    codes = sorted({c for a in areas for c in a.codes})
    named = ", ".join(codes[:5]) + (f" and {len(codes) - 5} more" if len(codes) > 5 else "")
    venue = ", ".join(sorted(rules.areas)) or "none set"
    return Refusal(
        "area",
        f"names {named or 'no county code'}; this kiosk is in {venue} (kiosk.yaml alerts.areas)",
    )


def _expired(end: datetime) -> Refusal:
    return Refusal("expired", f"it ended at {end.isoformat(timespec='minutes')}")


def _not_live(held: Held, moment: Moment) -> Refusal:
    if not moment.trusted and held.start_mono is None:
        return Refusal(
            "clock",
            "the kiosk's clock is not trusted yet; the alert waits until it is",
        )
    if moment.trusted and moment.wall < held.notice.start:
        return Refusal(
            "not-yet", f"it takes effect at {held.notice.start.isoformat(timespec='minutes')}"
        )
    return _expired(held.notice.end)


def _bounded(mapping: Mapping[Ref, T], keep: int) -> dict[Ref, T]:
    """The last ``keep`` items: what was remembered longest is forgotten first."""
    items = list(mapping.items())
    return dict(items[-keep:])


def notice_from_cap(
    alert: CapAlert,
    infos: Sequence[Info],
    rules: Rules,
    start: datetime,
    end: datetime,
    *,
    source: str,
    entry: str,
) -> Notice:
    """The screen's view of an accepted CAP alert: words per language, number, photo."""
    words: dict[str, Words] = {}
    for info in infos:
        if info.language and info.language not in words:
            area = next(
                (
                    a.description
                    for a in info.areas
                    if any(covers(c, v) for c in a.codes for v in rules.areas)
                ),
                "",
            )
            words[info.language] = Words(
                event=info.event,
                headline=info.headline or info.event,
                description=info.description,
                instruction=info.instruction,
                sender=info.sender_name,
                area=area,
            )
    if not words:  # no usable language tag: take the first as English
        info = infos[0]
        words["en"] = Words(info.event, info.headline or info.event, info.description,
                            info.instruction, info.sender_name, "")  # fmt: skip
    ordered = sorted(infos, key=lambda i: i.language != "en")
    texts = [t for i in ordered for t in (i.contact, i.instruction, i.description)]
    call, default = call_number(texts)
    photo = next(
        (r.uri for i in infos for r in i.resources if r.mime_type in PHOTO_TYPES and r.uri), ""
    )
    kind: NoticeKind = "amber" if any("CAE" in i.codes for i in infos) else "alert"
    return Notice(
        ref=alert.ref,
        kind=kind,
        words=tuple(words.items()),
        call=call,
        call_is_default=default,
        photo=photo,
        start=start,
        end=end,
        source=source,
        entry=entry,
        issued=alert.sent,
    )


def call_number(texts: Iterable[str]) -> tuple[str, bool]:
    """The first number in ``texts`` that can be called (libphonenumber's data, as hotline
    numbers are checked), written as a person dials it; else 911 (``True``: the default)."""
    for text in texts:
        for raw in phones.numbers_in_text(text):
            if phones.number_problem(raw, "call") is not None:
                continue
            parsed = phonenumbers.parse(raw, phones.DEFAULT_REGION)
            if parsed.country_code == 1:
                return phonenumbers.format_number(
                    parsed, phonenumbers.PhoneNumberFormat.NATIONAL
                ), False
            return phonenumbers.format_number(
                parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL
            ), False
    return DEFAULT_CALL, True
