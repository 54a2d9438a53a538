"""One poll of a kiosk's alert sources: the shell around :mod:`kiosk.alerts.decide`.

What it reads, in order: the feeds (kiosk.yaml ``alerts.feeds``, when due), and the linked
alerts their entries name; venue messages (``.kmsg``) dropped in ``inbox/`` or on a stick, and
those in the home's message store; then the photos of what it holds. Every decision is the
board's; this module fetches, reads, copies, logs, and keeps what it fetched so an entry's alert
is fetched once.

* A feed that is down, slow, oversized or unreadable changes nothing: the board keeps what it
  held from that feed, which still ends at its own expiry. A feed read whole forgets the alerts
  of entries it no longer lists.
* A ``.kmsg`` is read once per (path, size, time); a good one is copied into
  ``KIOSK_HOME/alerts/messages/<sha256>.kmsg`` (so pulling the stick changes nothing; one in
  the drop folder is taken from it, a stick is never written) and is verified again from there
  at every poll (an untrusted key takes its messages off).
* Every refusal is logged once per message and reason; an unsigned or untrusted message, or a
  host not allowed, also to the security log.

On disk, in ``KIOSK_HOME/alerts/``: ``messages/`` (accepted venue messages), ``photos/`` (the
PNGs of :mod:`kiosk.alerts.photo`, removed with their alert) and ``hidden.json`` (what staff hid).
"""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from kiosk.alerts import cap, message
from kiosk.alerts.cap import CapAlert, Ref
from kiosk.alerts.decide import Board, Moment, Notice, Rules, Words
from kiosk.alerts.fetch import Patience, fetch, hosts_of, shown
from kiosk.alerts.reasons import Refusal, Refused
from kiosk.content import files
from kiosk.content.records import SECURITY, read_json, write_json_atomic
from kiosk.content.words import clean_name, log_quote
from kiosk.intake.ed25519 import PublicKey
from kiosk.intake.signing import trusted_keys

log = logging.getLogger("kiosk.alerts")

ALERTS_DIR = "alerts"
MESSAGES = "messages"
PHOTOS = "photos"
HIDDEN_FILE = "hidden.json"
HIDDEN_KEEP = 200
LINKS_PER_POLL = 25  # linked alerts fetched in one poll; the rest at the next
LINKS_KEEP = 500  # linked alerts remembered (a CAP message never changes once sent)
FILES_KEEP = 2_000  # message files remembered by path, size and time
MESSAGES_KEEP = 50  # venue messages held in the store
MESSAGES_SOURCE = "venue messages"
PHOTO_ACCEPT = "image/jpeg, image/png, image/gif, image/webp"
SECURITY_KINDS = frozenset({"unsigned", "untrusted", "host", "unsafe"})

Fetcher = Callable[..., bytes]
PATIENCE = Patience()


@dataclass(frozen=True)
class FeedState:
    """How a feed answered last: ``ok``, or why not (for the staff panel and the logs)."""

    url: str
    ok: bool
    reason: str
    at: datetime


@dataclass(frozen=True)
class Report:
    """What one poll leaves: the new board and each feed's last answer."""

    board: Board
    feeds: tuple[FeedState, ...]


class Sources:
    """A kiosk's alert sources and what was read of them; used by one thread at a time.

    Args:
        feeds: kiosk.yaml ``alerts.feeds`` (checked by the settings: https or loopback http).
        rules: the venue's areas and events.
        home: KIOSK_HOME (None: no venue messages, no photos, nothing written; the CLI's check).
        watch: the media globs (kiosk.yaml ``watch``) where a stick's ``.kmsg`` is looked for.
        patience, fetcher: how fetches are made (tests give a server on 127.0.0.1).
    """

    def __init__(
        self,
        feeds: Sequence[str],
        rules: Rules,
        *,
        home: Path | None,
        watch: Sequence[str] = (),
        patience: Patience = PATIENCE,
        fetcher: Fetcher = fetch,
        extra_hosts: Iterable[str] = (),
    ) -> None:
        self.feeds = tuple(feeds)
        self.rules = rules
        self.home = home
        self.watch = tuple(watch)
        self.allowed = hosts_of(self.feeds) | frozenset(extra_hosts)
        self._patience = patience
        self._fetch = fetcher
        self._links: OrderedDict[str, CapAlert | Refusal] = OrderedDict()
        self._files: OrderedDict[tuple[str, int, int], str] = OrderedDict()
        self._photo_refused: set[str] = set()
        self.states: dict[str, FeedState] = {}

    # -- one poll -----------------------------------------------------------------------------

    def poll(self, board: Board, moment: Moment, *, feeds: bool = True) -> Report:
        """Read what is due and return the new board (never raises for a source's fault)."""
        before = board.refresh(moment)
        board = before
        if feeds:
            for url in self.feeds:
                board = self.read_feed(board, url, moment)
        if self.home is not None:
            board = self._read_messages(board, moment, self.home)
            board = self._photos(board, self.home)
        say_changes(before, board)
        return Report(board, tuple(self.states[u] for u in self.feeds if u in self.states))

    def read_feed(self, board: Board, url: str, moment: Moment) -> Board:
        """One feed (or one CAP document); down or broken, it changes nothing."""
        try:
            raw = self._fetch(
                url, allowed=self.allowed, limit=cap.MAX_FEED_BYTES, patience=self._patience
            )
            _, entries = cap.parse(raw, label=url)
        except Refused as exc:
            self._state(url, moment, exc.refusal)
            return board
        self._state(url, moment, None)
        return self.read_entries(board, url, entries, moment)[0]

    def read_entries(
        self, board: Board, source: str, entries: Sequence[cap.Entry], moment: Moment
    ) -> tuple[Board, list[Ref]]:
        """Judge a feed's entries (fetching linked alerts), oldest first; forget what it dropped.

        Returns:
            The new board and the messages judged, in the order judged (refused entries first).
        """
        alerts: list[tuple[CapAlert, str]] = []
        judged: list[Ref] = []
        budget = LINKS_PER_POLL
        for entry in entries:
            found: CapAlert | Refusal | None = entry.alert or entry.refusal
            if found is None and entry.link:
                link = urljoin(source, entry.link)
                found = self._links.get(link)
                if found is None and budget > 0:
                    budget -= 1
                    found = self._linked(link)
            if isinstance(found, CapAlert):
                alerts.append((found, entry.entry))
            elif isinstance(found, Refusal):  # "unreadable" is fetched again next poll
                ref = Ref(shown(source), entry.entry)
                board = board.refuse(ref, found)
                judged.append(ref)
        for alert, name in sorted(alerts, key=lambda pair: pair[0].sent):
            board, _ = board.take_alert(alert, self.rules, moment, source=source, entry=name)
            judged.append(alert.ref)
        board, _ = board.forget_missing(source, [e.entry for e in entries])
        return board, judged

    def _linked(self, link: str) -> CapAlert | Refusal:
        """The alert an entry links to; a fetch that failed is not kept (tried again)."""
        try:
            raw = self._fetch(
                link, allowed=self.allowed, limit=cap.MAX_DOCUMENT_BYTES, patience=self._patience
            )
            found: CapAlert | Refusal = cap.parse_alert(raw)
        except Refused as exc:
            if exc.refusal.kind == "unreadable":
                return exc.refusal
            found = exc.refusal
        self._links[link] = found
        while len(self._links) > LINKS_KEEP:
            self._links.popitem(last=False)
        return found

    def _state(self, url: str, moment: Moment, refusal: Refusal | None) -> None:
        old = self.states.get(url)
        # The reason without the feed's own address: the panel shows it beside the address.
        reason = str(refusal).replace(f"{shown(url)} ", "") if refusal else ""
        state = FeedState(shown(url), refusal is None, reason, moment.wall)
        self.states[url] = state
        if refusal is not None and (old is None or old.ok or old.reason != state.reason):
            extra = SECURITY if refusal.kind in SECURITY_KINDS else None
            log.warning(
                "alert feed %s not read (nothing changes): %s", log_quote(url), refusal, extra=extra
            )
        elif refusal is None and old is not None and not old.ok:
            log.info("alert feed %s answers again", log_quote(url))

    # -- venue messages ------------------------------------------------------------------------

    def _read_messages(self, board: Board, moment: Moment, home: Path) -> Board:
        store = home / ALERTS_DIR / MESSAGES
        keys = {k.key_id: k.key for k in trusted_keys(home / "keys").values()}
        for path, origin in files.find_dropped(home, self.watch, message.SUFFIX, limit=50):
            self._intake(path, origin, store, keys)
        # The newest issue of each message (then the larger digest, so two issues of the same
        # second always pick the same one); the store keeps nothing else.
        newest: dict[Ref, tuple[message.VenueMessage, Path]] = {}
        for path in sorted(store.glob("*" + message.SUFFIX))[:MESSAGES_KEEP]:
            try:
                with files.open_plain_file(path) as fh:
                    venue = message.read(fh, path.name, keys)
            except OSError:
                continue
            except Refused as exc:  # its key is no longer trusted, or it was damaged on disk
                log.warning(
                    "venue message %s taken off: %s", path.name, exc.refusal, extra=SECURITY
                )
                path.unlink(missing_ok=True)
                continue
            ref = notice_from_message(venue).ref
            other = newest.get(ref)
            if other is not None and (other[0].issued, other[0].digest) > (
                venue.issued,
                venue.digest,
            ):
                path.unlink(missing_ok=True)  # a newer issue of the same message replaced it
                continue
            if other is not None:
                other[1].unlink(missing_ok=True)
            newest[ref] = (venue, path)
        present = []
        for ref, (venue, path) in newest.items():
            board, verdict = board.take(notice_from_message(venue), moment)
            held = board.held.get(ref)
            if held is None or held.notice.entry != venue.digest:
                if verdict is not None and verdict.kind in ("expired", "ended"):
                    path.unlink(missing_ok=True)  # over: the store keeps what may still show
                continue
            present.append(venue.digest)
            if not held.photo_file and venue.photo_bytes:
                board = self._message_photo(board, ref, venue.photo_bytes, home)
        board, _ = board.forget_missing(MESSAGES_SOURCE, present)
        return board

    def _intake(self, path: Path, origin: str, store: Path, keys: Mapping[str, PublicKey]) -> None:
        """Copy a dropped ``.kmsg`` into the store once it verifies; say what became of it.

        It is read once from one descriptor opened without following links, bounded, written
        into the home, and verified from that copy (the stick may change or go meanwhile).
        """
        try:
            info = path.lstat()
        except OSError:
            return
        key = (str(path), info.st_size, info.st_mtime_ns)
        if key in self._files:
            return
        where = "USB stick" if origin == "media" else "drop folder"
        tmp = store / f".incoming-{os.getpid()}.part"
        try:
            with files.open_plain_file(path) as fh:
                raw = fh.read(message.MAX_MESSAGE_BYTES + 1)
            if len(raw) > message.MAX_MESSAGE_BYTES:
                limit = f"{message.MAX_MESSAGE_BYTES:,}"
                raise Refused(Refusal("oversized", f"over {limit} bytes"))
            store.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(raw)
            with files.open_plain_file(tmp) as fh:
                venue = message.read(fh, path.name, keys)
            tmp.replace(store / f"{venue.digest}{message.SUFFIX}")
        except Refused as exc:
            self._remember(key, str(exc.refusal))
            log.warning(
                "venue message %s (%s) refused: %s",
                log_quote(path.name), where, exc.refusal, extra=SECURITY,
            )  # fmt: skip
            return
        except OSError as exc:  # a stick pulled, a full disk: tried again at the next poll
            log.warning(
                "venue message %s (%s) could not be read: %s",
                log_quote(path.name), where, clean_name(exc.strerror or str(exc), 160),
            )  # fmt: skip
            return
        finally:
            tmp.unlink(missing_ok=True)
        self._remember(key, "accepted")
        if origin == "inbox":  # the kiosk's own drop folder: taken in (a stick is left as it is)
            path.unlink(missing_ok=True)
        log.warning(
            "venue message %s (%s) accepted: %s, signed by key %s",
            log_quote(path.name), where, log_quote(venue.id), venue.signer, extra=SECURITY,
        )  # fmt: skip

    def _remember(self, key: tuple[str, int, int], outcome: str) -> None:
        self._files[key] = outcome
        while len(self._files) > FILES_KEEP:
            self._files.popitem(last=False)

    def _message_photo(self, board: Board, ref: Ref, raw: bytes, home: Path) -> Board:
        from kiosk.alerts import photo  # Pillow: not on kiosk run's start path

        try:
            saved = photo.prepare(raw, home / ALERTS_DIR / PHOTOS)
        except (Refused, OSError) as exc:
            log.warning("venue message %s: photo not shown: %s", log_quote(ref.identifier), exc)
            return board
        return board.with_photo(ref, str(saved))

    # -- photos --------------------------------------------------------------------------------

    def _photos(self, board: Board, home: Path) -> Board:
        """Fetch and prepare the photo of each held CAP alert that has one; forget the rest."""
        folder = home / ALERTS_DIR / PHOTOS
        wanted = [
            (ref, held.notice.photo)
            for ref, held in board.held.items()
            if held.notice.photo
            and not held.photo_file
            and held.notice.kind != "message"
            and held.notice.photo not in self._photo_refused
        ]
        if wanted:
            board = self._fetch_photos(board, wanted, folder)
        kept = {Path(h.photo_file).name for h in board.held.values() if h.photo_file}
        try:
            for old in folder.glob("*.png"):
                if old.name not in kept:
                    old.unlink(missing_ok=True)
        except OSError:
            pass
        return board

    def _fetch_photos(self, board: Board, wanted: list[tuple[Ref, str]], folder: Path) -> Board:
        # Pillow only when there is a photo to prepare: a poll with none (every few seconds,
        # whether or not alert feeds are set) never loads it (~2 MB of RSS for the process).
        from kiosk.alerts import photo

        for ref, uri in wanted:
            try:
                raw = self._fetch(
                    uri,
                    allowed=self.allowed,
                    limit=photo.MAX_PHOTO_BYTES,
                    patience=self._patience,
                    accept=PHOTO_ACCEPT,
                )
                board = board.with_photo(ref, str(photo.prepare(raw, folder)))
            except Refused as exc:
                if exc.refusal.kind != "unreadable":
                    self._photo_refused.add(uri)
                extra = SECURITY if exc.refusal.kind in SECURITY_KINDS else None
                log.warning(
                    "alert %s: photo not shown: %s",
                    log_quote(ref.identifier),
                    exc.refusal,
                    extra=extra,
                )
            except OSError as exc:
                log.warning(
                    "alert %s: photo not kept: %s", log_quote(ref.identifier), exc.strerror or exc
                )
        return board


def notice_from_message(venue: message.VenueMessage) -> Notice:
    """What the screen shows of a venue message (its words are its publisher's, checked)."""
    from kiosk.alerts.decide import DEFAULT_CALL, call_number

    call, default = call_number([venue.call]) if venue.call else (DEFAULT_CALL, True)
    if venue.call and default and venue.call.strip() == DEFAULT_CALL:
        default = False  # the publisher asked for 911 itself
    words = tuple(
        (
            code,
            Words(event="", headline=h, description=d, instruction=i, sender=venue.sender, area=""),
        )
        for code, (h, d, i) in venue.texts
    )
    return Notice(
        ref=Ref(f"key {venue.signer}", venue.id),
        kind="message",
        words=words,
        call=call,
        call_is_default=default,
        photo=venue.photo,
        start=venue.start,
        end=venue.end,
        source=MESSAGES_SOURCE,
        entry=venue.digest,
        issued=venue.issued,
    )


def say_changes(before: Board, after: Board) -> None:
    """Log what a poll changed: accepted, ended, and each new refusal once."""
    for ref, held in after.held.items():
        if ref not in before.held:
            notice = held.notice
            start = notice.start.isoformat(timespec="minutes")
            end = notice.end.isoformat(timespec="minutes")
            log.warning(
                "alert accepted: %s from %s (%s), %s to %s",
                log_quote(ref.identifier), log_quote(notice.source), notice.kind, start, end,
            )  # fmt: skip
    for ref in before.held:
        if ref not in after.held:
            why = after.ended.get(ref) or str(after.refused.get(ref, "forgotten"))
            log.warning("alert ended: %s (%s)", log_quote(ref.identifier), why)
    for ref, refusal in after.refused.items():
        if before.refused.get(ref) != refusal and ref not in before.held:
            extra = SECURITY if refusal.kind in SECURITY_KINDS else None
            log.info("alert refused: %s: %s", log_quote(ref.identifier), refusal, extra=extra)


# -- what staff hid ----------------------------------------------------------------------------


def read_hidden(home: Path) -> list[Ref]:
    """The alerts staff hid (kept across restarts: a feed would bring them back)."""
    data = read_json(home / ALERTS_DIR / HIDDEN_FILE, limit=200_000)
    rows = data if isinstance(data, list) else []
    return [
        Ref(str(r["sender"]), str(r["identifier"]))
        for r in rows[-HIDDEN_KEEP:]
        if isinstance(r, dict)
        and isinstance(r.get("sender"), str)
        and isinstance(r.get("identifier"), str)
    ]


def write_hidden(home: Path, refs: Sequence[Ref]) -> None:
    """Keep the hidden alerts (at most :data:`HIDDEN_KEEP`, the latest)."""
    rows: list[dict[str, Any]] = [
        {"sender": r.sender, "identifier": r.identifier} for r in refs[-HIDDEN_KEEP:]
    ]
    (home / ALERTS_DIR).mkdir(parents=True, exist_ok=True)
    write_json_atomic(home / ALERTS_DIR / HIDDEN_FILE, rows)
