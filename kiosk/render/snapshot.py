"""``kiosk snapshot``: render every screen offscreen to PNG, with a contact sheet and an index.

Authors review packs with it, and it is how we look at our own work. Each screen lists the
``objectName`` of every text item that is elided or does not fit; the command exits 1 if any does.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QRect, QRectF, QTimer
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk.common.message import Message
from kiosk.content.model import Pack
from kiosk.intake.install import InstallResult
from kiosk.intake.trust import PackRef
from kiosk.launch import (
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_SCREEN,
    SnapshotOptions,
    choose_pack,
    home_config,
)
from kiosk.ops.health import Health
from kiosk.ops.staff_panel import Row
from kiosk.ops.status import grouped
from kiosk.playback.clock import ManualClock
from kiosk.playback.session import MAX_PARTS, SessionState
from kiosk.render import wcag
from kiosk.render.alert_samples import alert_screens
from kiosk.ui.app import Scene, ScreenError, load_fonts
from kiosk.ui.bridges.staff_panel import PanelBridge
from kiosk.ui.pictures import LIMIT_MILLIS
from kiosk.ui.scene import all_items, is_text, visible_items

log = logging.getLogger(__name__)


@dataclass
class Shot:
    """One rendered screen, as written to ``index.json``."""

    id: str
    kind: str
    venue: list[str]
    file: str
    overflow: list[str] = field(default_factory=list)
    lesson: str | None = None
    contrast: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind}
        if self.lesson is not None:
            out["lesson"] = self.lesson
        out.update(venue=self.venue, file=self.file, overflow=self.overflow)
        out.update(contrast=self.contrast, targets=self.targets)
        return out

    @property
    def failed(self) -> bool:
        """Text that does not fit, lacks contrast, or a touch target that is too small."""
        return bool(self.overflow or self.contrast or self.targets)


def settle(window: QQuickWindow, rounds: int = 3) -> None:
    """Let bindings, image loads and a render pass finish.

    Pack pictures decode on Qt's reader thread (``PackPicture``): the screen is grabbed only once
    none is still loading, which takes at most the pictures' time limit (a late one is given up).
    """
    deadline = time.monotonic() + (LIMIT_MILLIS + 1_000) / 1000
    for _ in range(rounds):
        _spin(15)
    while pictures_loading(window.contentItem()) and time.monotonic() < deadline:
        _spin(15)
    _spin(15)  # the render pass that shows the pictures just decoded


def _spin(millis: int) -> None:
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    loop = QEventLoop()
    QTimer.singleShot(millis, loop.quit)
    loop.exec()


def pictures_loading(item: QQuickItem) -> bool:
    """Whether any pack picture under ``item`` is still decoding (``PackPicture.decoding``)."""
    return any(child.property("decoding") is True for child in all_items(item))


def overflowing_texts(item: QQuickItem, window_size: tuple[float, float]) -> list[str]:
    """``objectName`` of every visible text item under ``item`` that does not fit."""
    return [
        found.objectName() or found.metaObject().className()
        for found in overflowing_items(item, window_size)
    ]


def overflowing_items(item: QQuickItem, window_size: tuple[float, float]) -> list[QQuickItem]:
    """Every visible text item under ``item`` that does not fit, or that a person sees cut.

    A text does not fit when it is elided or spills out of its own box. It is cut when its
    painted rectangle is not wholly inside the window and inside every clipping ancestor (a
    scroll area, a page): a line sliced by an edge, or words hidden behind one (answers
    scrolled below a question are not seen by a person who does not know to scroll).
    """
    found: list[QQuickItem] = []
    for child in visible_items(item):
        if is_text(child) and child.property("text"):
            content_w = float(child.property("contentWidth"))
            content_h = float(child.property("contentHeight"))
            spills = content_h > child.height() + 1 or content_w > child.width() + 1
            if bool(child.property("truncated")) or spills or is_cut(child, window_size):
                found.append(child)
    return found


def is_cut(text: QQuickItem, window_size: tuple[float, float]) -> bool:
    """Whether what ``text`` paints is not wholly on screen, as a person would see it.

    The painted rectangle (``boundingRect``: the laid-out lines where the alignment puts them)
    is cut by the window and by every ancestor that clips. A line cut through by an edge is
    always reported. A text wholly hidden is reported too, unless it lies in a scroll area
    that tells a person there is more: an interactive Flickable whose ``scrollCue`` property
    names an item that is showing (words or a large control; the thin bar that hid the
    answers of a question once is not one).
    """
    painted = text.mapRectToScene(text.boundingRect())
    if painted.width() <= 0 or painted.height() <= 0:
        return False
    seen = painted.intersected(QRectF(0, 0, *window_size))
    reachable = False
    node = text.parentItem()
    while node is not None:
        if node.clip():
            seen = seen.intersected(node.mapRectToScene(QRectF(0, 0, node.width(), node.height())))
        reachable = reachable or _shows_more(node)
        node = node.parentItem()
    if seen.isEmpty():
        return not reachable
    return seen.width() < painted.width() - 1 or seen.height() < painted.height() - 1


def _shows_more(item: QQuickItem) -> bool:
    """An interactive scroll area with a showing cue that there is more (see :func:`is_cut`)."""
    if item.metaObject().indexOfProperty("scrollCue") < 0 or not item.property("interactive"):
        return False
    cue = item.property("scrollCue")
    return isinstance(cue, QQuickItem) and cue.isVisible() and cue.opacity() > 0


class SilentSpeaker:
    """A speech engine that says nothing: snapshots show the read-aloud button with it."""

    def say(self, text: str, language: str, finished: Callable[[], None]) -> None:
        log.debug("would read aloud (%s): %s", language, text)

    def stop(self) -> None:
        pass


class Snapshotter:
    """Drives one offscreen window through every screen and saves each as PNG."""

    def __init__(self, window: QQuickWindow, out: Path) -> None:
        self.window = window
        self.out = out
        self.screens: list[Shot] = []

    def grab(self, screen: Shot) -> None:
        settle(self.window)
        image = self.window.grabWindow()
        image.save(str(self.out / screen.file))
        size = (float(self.window.width()), float(self.window.height()))
        screen.overflow = sorted(set(overflowing_texts(self.window.contentItem(), size)))
        if screen.overflow:
            log.warning("%s: text does not fit: %s", screen.id, ", ".join(screen.overflow))
        # WCAG: contrast from the rendered pixels, touch targets from the items' geometry, on
        # the layer on top (an overlay dims what is under it on purpose).
        scale = min(size) / 1080
        layer = wcag.top_layer(self.window.contentItem())
        screen.contrast = [str(p) for p in wcag.contrast_problems(image, layer, scale)]
        screen.targets = wcag.small_targets(layer, scale)
        if screen.contrast:
            log.warning("%s: contrast below WCAG AA: %s", screen.id, "; ".join(screen.contrast))
        if screen.targets:
            log.warning("%s: touch targets under 96 px: %s", screen.id, ", ".join(screen.targets))
        self.screens.append(screen)


def remove_previous(out: Path) -> None:
    """Delete what an earlier snapshot wrote here (listed in its index), and nothing else."""
    index = out / "index.json"
    try:
        screens = json.loads(index.read_text(encoding="utf-8")).get("screens", [])
    except (OSError, ValueError, AttributeError):
        return
    names = {str(s.get("file", "")) for s in screens if isinstance(s, dict)}
    for name in names | {"contact-sheet.png", "index.json"}:
        if name and "/" not in name and name.endswith((".png", ".json")):
            (out / name).unlink(missing_ok=True)


def lesson_screens(
    scene: Scene, shots: Snapshotter, clock: ManualClock, *, accessible: bool = False
) -> None:
    """Menu, every card, every question (unanswered, right, wrong), end, countdown, quick exit.

    With ``accessible`` each session turns accessibility mode on first, as a visitor would.
    """
    session = scene.session
    lessons = session.session.lessons
    if not lessons:
        return

    def begin() -> None:
        session.touch()
        if accessible and not scene.access.access.on:
            scene.access.toggle()

    def start(lesson_index: int) -> None:
        session.done()
        begin()
        session.openLesson(lesson_index)

    def forward() -> None:
        """To the next card or question, past any pages of this one."""
        where = _place(session.state)
        for _ in range(MAX_PARTS + 1):  # an unanswered question never moves on
            session.next()
            if _place(session.state) != where:
                return

    def pages(shot: Shot) -> None:
        """``shot``, then every further page of it (accessibility mode pages long words)."""
        shots.grab(shot)
        base, _, file_ext = shot.file.rpartition(".")
        while session.state.part < session.state.parts - 1:
            session.next()
            page = session.state.part + 1
            shots.grab(
                Shot(
                    f"{shot.id}-page-{page}",
                    shot.kind,
                    shot.venue,
                    f"{base}-page-{page}.{file_ext}",
                    lesson=shot.lesson,
                )
            )

    begin()
    pages(Shot("menu", "lesson-menu", ["any"], "lesson-menu.png"))  # large text pages the menu too
    for li, lesson in enumerate(lessons):
        venue = list(lesson.venues)
        base = f"lesson-{lesson.id}"

        def screen(
            suffix: str,
            kind: str,
            lesson_id: str = lesson.id,
            venues: list[str] = venue,
            base: str = base,
        ) -> Shot:
            return Shot(
                f"{lesson_id}/{suffix}", kind, venues, f"{base}-{suffix}.png", lesson=lesson_id
            )

        start(li)
        for ci in range(len(lesson.cards)):
            pages(screen(f"card-{ci + 1}", "lesson-card"))
            forward()
        for qi, question in enumerate(lesson.questions):
            pages(screen(f"question-{qi + 1}", "lesson-question"))
            wrong = next(i for i, c in enumerate(question.choices) if not c.correct)
            for kind, choice in (("right", question.correct_index), ("wrong", wrong)):
                start(li)
                for _ in range(len(lesson.cards)):
                    forward()
                for earlier in lesson.questions[:qi]:
                    session.answer(earlier.correct_index)
                    forward()
                session.answer(choice)
                pages(screen(f"question-{qi + 1}-{kind}", f"lesson-question-{kind}"))
            forward()
        shots.grab(screen("end", "lesson-end"))
    # The idle countdown over the first card, then the quick-exit cover.
    start(0)
    clock.advance(session.session.idle_seconds + 3)  # slower in accessibility mode
    session.tick()
    shots.grab(Shot("idle-countdown", "idle-countdown", ["any"], "idle-countdown.png"))
    session.touch()
    session.quickExit()
    shots.grab(Shot("quick-exit", "quick-exit", ["any"], "quick-exit.png"))
    session.done()


def _place(state: SessionState) -> tuple[object, ...]:
    """Where a session is, apart from the page: its screen, lesson, card and question."""
    return (state.screen, state.lesson, state.card, state.question, state.answer is None)


def busy_panel(pack: Pack) -> dict[str, Any]:
    """Example rows of a kiosk in use: packs installed (so Roll back shows), keys trusted, packs
    and a key found on a stick. Shown over the home's own state, never written into it."""
    stick, coalition = Message.of("whereStick"), "state-coalition"

    def key(name: str) -> Row:
        fingerprint = hashlib.sha256(name.encode()).hexdigest()
        said = Message.of(
            "trustedKey",
            name=name,
            added="2026-11-02 09:14 UTC",
            fingerprint=grouped(fingerprint),
        )
        return Row(said, fingerprint[:16], name, fingerprint=fingerprint)

    def pack_row(version: str, *, live: bool = False, bundled: bool = False) -> Row:
        ref = f"{pack.id if bundled else coalition} {version}"
        kind = ("packRowBundled" if bundled else "packRow") + ("Live" if live else "")
        return Row(Message.of(kind, pack=ref), ref, flag=live, bundled=bundled)

    def found(name: str, state: Message) -> Row:
        said = Message.of("found", name=name, where=stick, state=state)
        return Row(said, f"/media/stick/{name}", name)

    untrusted = Message.of("untrustedKey", keyId=hashlib.sha256(b"acme").hexdigest()[:16])
    county = hashlib.sha256(b"county-transit").hexdigest()
    stick_key = Row(
        Message.of("stickKey", name="county-transit", where=stick),
        "/media/stick/county-transit.pub",
        "county-transit",
        fingerprint=county,
    )
    return {
        "packs": (
            pack_row(pack.version, bundled=True),
            pack_row("2026.10.2"),
            pack_row("2026.11.1", live=True),
        ),
        "canRollback": True,
        "keys": (key(coalition), key("acme-awareness")),
        "found": (
            found(f"{coalition}-2026.11.1.kpack", Message.of("foundUnchanged")),
            found("posters.kpack", Message.of("foundRefused", reason=Message.of("notAPack"))),
            found("acme-2026.12.0.kpack", Message.of("foundRefused", reason=untrusted)),
            found(f"{coalition}-2026.12.0.kpack", Message.of("foundNew")),
        ),
        "stickKeys": (stick_key,),
    }


def staff_screens(scene: Scene, shots: Snapshotter) -> None:
    """The staff keypad (with a PIN set, without, locked), the staff panel (as it starts, busy,
    with a warning and a button awaiting its second tap), the trust dialog, the corner notice."""
    staff = scene.staff
    keypad, panel = staff.keypad_bridge, staff.panel_bridge
    pack = scene.attract.pack
    any_venue = ["any"]
    staff.open_pin()
    keypad.preview(digits=4)
    shots.grab(Shot("staff/pin", "staff-pin", any_venue, "staff-pin.png"))
    keypad.preview(digits=0, has_pin=False)
    shots.grab(Shot("staff/no-pin", "staff-pin", any_venue, "staff-no-pin.png"))
    # The longest wait the lockout imposes, counting down.
    keypad.preview(digits=2, locked_for=287)
    shots.grab(Shot("staff/pin-locked", "staff-pin", any_venue, "staff-pin-locked.png"))
    staff.cancel()
    panel.kiosk_health = Health()  # as a kiosk that just started
    staff.open_panel()
    _loaded(panel)
    shots.grab(Shot("staff/panel", "staff-panel", any_venue, "staff-panel.png"))
    rows = busy_panel(pack)
    panel.show_rows(**rows)
    shots.grab(Shot("staff/panel-found", "staff-panel", any_venue, "staff-panel-found.png"))
    panel.ask_trust(rows["stickKeys"][0].key)
    shots.grab(Shot("staff/trust", "staff-panel", any_venue, "staff-trust.png"))
    panel.cancel_trust()
    # A revoked signer's warning, and Exit to desktop after its first tap ("Confirm: …").
    revoked = Message.of("revoked", pack="state-coalition 2026.11.1", keyId=rows["keys"][0].key)
    panel.show_rows(revoked=revoked)
    panel.press("exit", "")
    shots.grab(Shot("staff/confirm", "staff-panel", any_venue, "staff-confirm.png"))
    staff.cancel()
    scene.attract.showSlide(0)
    ref = PackRef(pack.id, pack.version)
    title = pack.title.get(scene.attract.current_language(), pack.id)
    staff.show_notice(InstallResult("installed", f"/media/stick/{pack.id}.kpack", ref), title)
    shots.grab(Shot("staff/notice-installed", "staff-notice", any_venue, "staff-notice.png"))
    refused = InstallResult("refused", "/media/stick/other-pack.kpack")
    staff.show_notice(refused, "")
    shots.grab(Shot("staff/notice-refused", "staff-notice", any_venue, "staff-notice-refused.png"))
    # The longest words a notice says: a stick pulled mid-copy (checked for overflow like all).
    pulled = InstallResult(
        "refused", f"/media/stick/{pack.id}.kpack", transient=True, cause="source"
    )
    staff.show_notice(pulled, "")
    shots.grab(Shot("staff/notice-pulled", "staff-notice", any_venue, "staff-notice-pulled.png"))
    staff.notice_bridge.hide()


def _loaded(panel: PanelBridge, seconds: float = 10.0) -> None:
    """Wait until the panel has looked at the drop folder and the sticks (a worker does)."""
    deadline = time.monotonic() + seconds
    while panel.loading and time.monotonic() < deadline:
        _spin(15)


def closed_screen(scene: Scene, shots: Snapshotter) -> None:
    """Outside opening hours (the last screen: it stops the loop), opening again at 06:00."""
    tomorrow = datetime.now().replace(hour=6, minute=0, second=0, microsecond=0)
    scene.schedule.show_closed(tomorrow + timedelta(days=1))
    shots.grab(Shot("closed", "closed", ["any"], "closed.png"))


def contact_sheet(out: Path, screens: list[Shot], columns: int = 4) -> None:
    """All screens as labelled thumbnails on one PNG."""
    if not screens:
        return
    first = QImage(str(out / screens[0].file))
    thumb_w = 480
    thumb_h = max(1, round(first.height() * thumb_w / max(1, first.width())))
    label_h, pad = 36, 16
    rows = -(-len(screens) // columns)
    sheet = QImage(
        columns * (thumb_w + pad) + pad,
        rows * (thumb_h + label_h + pad) + pad,
        QImage.Format.Format_RGB32,
    )
    sheet.fill(QColor("#20242a"))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setFont(QFont("Atkinson Hyperlegible", 14))
    for i, screen in enumerate(screens):
        x = pad + (i % columns) * (thumb_w + pad)
        y = pad + (i // columns) * (thumb_h + label_h + pad)
        image = QImage(str(out / screen.file))
        painter.drawImage(QRect(x, y, thumb_w, thumb_h), image)
        painter.setPen(QColor("#ff6b6b") if screen.failed else QColor("#e8e8e8"))
        note = f"{screen.id} ({screen.kind})" + ("  OVERFLOW" if screen.overflow else "")
        note += ("  CONTRAST" if screen.contrast else "") + ("  TARGET" if screen.targets else "")
        painter.drawText(QRect(x, y + thumb_h + 4, thumb_w, label_h - 4), 0, note)
    painter.end()
    sheet.save(str(out / "contact-sheet.png"))


def snapshot(options: SnapshotOptions) -> int:
    """``kiosk snapshot --out DIR``: every screen of the pack to PNG."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never opens a window, even with a display
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    load_fonts()
    home, config = home_config(options.home, strict=False)
    # What a snapshot shows is the pack's and the kiosk's, never a stick that happens to be
    # plugged into the author's machine: the staff panel's examples are the snapshot's own.
    config = replace(config, watch=())
    pack, origin = choose_pack(options.pack, home, config)
    log.info("rendering %s", origin)
    clock = ManualClock()
    try:
        # A kiosk with a speech engine shows the read-aloud button; snapshots draw it so.
        speaker = SilentSpeaker() if options.accessible else None
        scene = Scene.from_options(
            pack, options, config, animate=False, clock=clock, home=home, speaker=speaker
        )
    except ScreenError as exc:
        log.error("%s", exc)
        return EXIT_SCREEN
    window, attract = scene.window, scene.attract
    width, height = options.size
    window.resize(width, height)
    window.show()
    out = options.out
    try:
        out.mkdir(parents=True, exist_ok=True)
        remove_previous(out)
    except OSError as exc:
        log.error("cannot write to %s: %s", out, exc.strerror)
        return EXIT_REFUSED

    shots = Snapshotter(window, out)
    # Accessibility mode is a touch-mode setting that ends with the session, so the attract
    # loop never shows it: --accessible renders touch mode only.
    for i, slide in enumerate([] if options.accessible else attract.playlist.slides):
        attract.showSlide(i)
        shots.grab(Shot(slide.id, "slide", list(slide.venues), f"slide-{slide.id}.png"))
    attract.showSlide(0)
    lesson_screens(scene, shots, clock, accessible=options.accessible)
    if not options.accessible:  # accessibility mode is the visitor's, in touch mode only
        alert_screens(scene, lambda id_, file: shots.grab(Shot(id_, "alert", ["any"], file)))
        staff_screens(scene, shots)
        closed_screen(scene, shots)
    index = {
        "pack": {"id": pack.id, "version": pack.version},
        "size": [width, height],
        "language": attract.current_language(),
        "accessible": options.accessible,
        "screens": [s.to_json() for s in shots.screens],
    }
    (out / "index.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    contact_sheet(out, shots.screens)
    overflowing = [s for s in shots.screens if s.overflow]
    low = [s for s in shots.screens if s.contrast]
    small = [s for s in shots.screens if s.targets]
    print(
        f"{len(shots.screens)} screens in {out}"
        + (f", {len(overflowing)} overflow" if overflowing else "")
        + (f", {len(low)} low contrast" if low else "")
        + (f", {len(small)} small targets" if small else "")
    )
    window.close()
    del scene
    app.processEvents()
    return EXIT_REFUSED if overflowing or low or small else EXIT_OK
