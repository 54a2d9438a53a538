"""The kiosk application: window, engine, bridges.

Start-up order:
    1. Logging, the run lock, then :func:`kiosk.ui.start.open_screen`, before this module is
       imported: glibc's mmap threshold fixed (``kiosk.platform.malloc``);
       ``native.guard_native_deaths`` (fatal signals traced, Qt's messages logged, no display
       is exit 3: Qt itself would abort); the OpenGL probe (``kiosk.platform.renderer``: a
       child forked before Qt starts asks the driver its name while the kiosk goes on);
       ``QGuiApplication``; and the start frame, the last start's first frame, on the screen
       when it still fits this start (``kiosk.ops.startframe``).
    2. An excepthook that logs (never shows) unexpected exceptions; from here on SIGTERM and
       SIGINT end the event loop with 0 (``kiosk.platform.stopsignals``).
    3. The app's own fonts from ``assets/fonts``.
    4. ``kiosk.yaml``, then the pack: ``--pack``, else the live installed one, else the bundled one.
       A broken pack never leaves the screen blank: the bundled default is the last resort. The
       crash-loop guard (``kiosk.ops.crashguard``) counts the last start if it did not end well
       and may set the live pack aside; the start is recorded before the window shows.
    5. The renderer (``kiosk.ops.renderer``: ``kiosk.yaml``'s ``renderer`` over the probe's
       answer), then bridges, the QR image provider, the QML module ``Kiosk`` (exit 3 if it
       fails to load).
    6. The window: full screen on the whole screen geometry (a bare X server has no window manager
       to do it), frameless, on top and locked down (``kiosk.platform.lockdown``: no key chord or
       close request leaves it, the idle pointer hides); or windowed with ``--windowed``,
       where Ctrl+Shift+Q quits.
    7. Timers (loop, schedule at minute boundaries and burn-in drift, ``--exit-after``), then
       the event loop.
    8. At the first frame the start frame's window goes (the scene covers it); when none was
       shown, this first frame is grabbed and kept for the next start (on a worker).
       Then (``_Later``): the live pack's QR codes made on a worker, metrics,
       impact counts (``kiosk.ui.impact``), the pack watcher, the alert feeds, fleet sync and the
       ``kiosk.yaml`` reloader. Nothing on the first screen needs them, so neither they nor
       their modules come before it.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtQml import QQmlApplicationEngine, QQmlError
from PySide6.QtQuick import QQuickWindow

from kiosk.common import paths
from kiosk.common.problems import PackError
from kiosk.config import KioskConfig, ScheduleSettings
from kiosk.content.model import Pack
from kiosk.content.schemapass import read_passes, write_passes
from kiosk.launch import (
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_SCREEN,
    RunOptions,
    ShowOptions,
    choose_guarded_pack,
    choose_pack,
    home_config,
)
from kiosk.ops import restarts, startframe
from kiosk.ops.crashguard import CrashGuard
from kiosk.ops.health import Health
from kiosk.ops.renderer import Choice, decide
from kiosk.ops.renderer import write_record as write_renderer_record
from kiosk.ops.stats import Tally
from kiosk.platform import renderer
from kiosk.platform.guard_shell import GuardShell
from kiosk.platform.lockdown import lock_down
from kiosk.platform.probe import probe_from_env
from kiosk.platform.stopsignals import StopOnSignal
from kiosk.platform.worker import Worker
from kiosk.playback.playlist import SlideSeconds
from kiosk.playback.session import Screen
from kiosk.ui.alive import stay_alive
from kiosk.ui.bridges.access import AccessBridge, Speaker, system_speaker
from kiosk.ui.bridges.alerts import AlertsBridge
from kiosk.ui.bridges.attract import AttractBridge
from kiosk.ui.bridges.schedule import ClosedInputFilter, ScheduleBridge
from kiosk.ui.bridges.session import InputFilter, SessionBridge
from kiosk.ui.bridges.staff_layer import StaffFilter, StaffLayer
from kiosk.ui.qr import QrImageProvider, open_cache
from kiosk.ui.start import (
    OpenedScreen,
    StartFrame,
    forget_start_frame,
    keep_start_frame,
    open_screen,
)
from kiosk.ui.translations import Translations

log = logging.getLogger(__name__)

FONT_FAMILY = "Atkinson Hyperlegible"


def load_fonts() -> None:
    """Register the bundled fonts and make them the default; kiosk PCs may have no others."""
    for font in sorted((paths.assets_dir() / "fonts").glob("*.woff2")):
        if QFontDatabase.addApplicationFont(str(font)) < 0:
            log.warning("could not load font %s", font.name)
    QGuiApplication.setFont(QFont(FONT_FAMILY))


def install_excepthook(strict: bool) -> None:
    """Log an exception from a slot or timer; under tests and ``--exit-after`` also exit non-zero.

    Qt keeps running after a Python exception in a callback, so without this a test would hang.
    """

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        app = QGuiApplication.instance()
        if strict and app is not None:
            app.exit(70)

    sys.excepthook = hook


def create_engine(
    bridges: dict[str, QObject], *, animate: bool = True, qr: QrImageProvider | None = None
) -> QQmlApplicationEngine:
    """Load the ``Kiosk`` QML module with the bridges as the window's required properties."""
    engine = QQmlApplicationEngine()
    for bridge in bridges.values():
        bridge.setParent(engine)  # outlive the QML that binds to them; go when the engine goes
    engine.addImageProvider("qr", qr or QrImageProvider())
    engine.addImportPath(str(paths.qml_dir()))
    assets = QUrl.fromLocalFile(str(paths.assets_dir())).toString()
    engine.setInitialProperties({**bridges, "animate": animate, "assetsUrl": assets})
    engine.warnings.connect(_log_qml_warnings)
    engine.loadFromModule("Kiosk", "Main")
    return engine


def _log_qml_warnings(warnings: list[QQmlError]) -> None:
    for warning in warnings:
        log.warning("QML: %s", warning.toString())


class Scene:
    """The running scene (engine, window, bridges), built alike for run, snapshot and tests."""

    def __init__(
        self,
        pack: Pack,
        *,
        venue: str | None,
        language: str | None = None,
        slide_seconds: SlideSeconds | None = None,
        idle_seconds: int | None = None,
        venue_name: str = "",
        animate: bool = True,
        clock: Callable[[], float] = time.monotonic,
        home: Path | None = None,
        config: KioskConfig | None = None,
        schedule: ScheduleSettings | None = None,
        speaker: Speaker | None = None,
        languages: tuple[str, ...] = (),
        together: bool = False,
        start_speaker: Callable[[], Speaker | None] | None = None,
        counts: Tally | None = None,
        health: Health | None = None,
    ) -> None:
        # ``health``: the running kiosk's self-checks (kiosk.ops.health), for the staff panel.
        # ``counts``: the impact counts (kiosk.ops.stats), one tally for every bridge that counts.
        self.attract = AttractBridge(
            pack,
            venue,
            language,
            slide_seconds,
            languages=languages,
            together=together,
            counts=counts,
        )
        self.session = SessionBridge(self.attract, idle_seconds, venue_name, clock, counts=counts)
        self.schedule = ScheduleBridge(self.attract, self.session, schedule)
        config = config or KioskConfig()
        # Without a home (tests, an author's preview) no PIN is set: the panel cannot open.
        self.staff = StaffLayer(
            self.attract, self.session, home=home, config=config, health=health, clock=clock
        )
        self.access = AccessBridge(
            self.attract, self.session, speaker, start_speaker=start_speaker, counts=counts
        )
        # AMBER Alerts and venue messages over the loop; windows judged by the schedule's clock
        # (through the bridge, not this scene: a scene held by its own bridge would be freed
        # late, by the cyclic collector, in no particular order).
        schedule_bridge = self.schedule
        self.alerts = AlertsBridge(
            self.attract,
            self.session,
            home=home,
            clock_trusted=lambda: schedule_bridge.status.clock_trusted,
            closed=lambda: schedule_bridge.is_closed,
        )
        self.schedule.closedChanged.connect(self.alerts.update)
        # Known QR codes drawn without importing segno (kiosk.ui.qr); the self-check makes the
        # provider forget a code it finds wrong on screen, so it is encoded again.
        self.qr = QrImageProvider(open_cache(home) if home is not None else None)
        self.engine = create_engine(
            {
                "attract": self.attract,
                "session": self.session,
                "schedule": self.schedule,
                "staff": self.staff,
                "access": self.access,
                "alerts": self.alerts,
            },
            animate=animate,
            qr=self.qr,
        )
        window = root_window(self.engine)
        if window is None:
            raise ScreenError("QML failed to load")
        self.window = window
        # The kiosk's own words follow the language on screen (the slide's, or the visitor's).
        self.translations = Translations(self.engine, self.attract.current_language)
        self.translations.follow()
        self.attract.packChanged.connect(self.translations.follow)
        self.translations.changed.connect(self.staff.retranslate)  # Python words staff messages
        self.input_filter = InputFilter(self.session, self.engine)
        window.installEventFilter(self.input_filter)
        # Installed last, so it sees every event first: while closed, no touch reaches the session.
        self.closed_filter = ClosedInputFilter(self.schedule, self.engine)
        window.installEventFilter(self.closed_filter)
        # Asked before both: the gesture's taps and the chord never reach the show, and staff
        # can open the panel while the kiosk is closed; while it is open both filters stand by.
        self.staff_filter = StaffFilter(
            self.staff,
            (self.input_filter, self.closed_filter),
            chord=config.staff_chord,
            clock=clock,
        )
        window.installEventFilter(self.staff_filter)

    def qr_codes_for(self, pack: Pack) -> int:
        """Make ``pack``'s QR codes the cache lacks (on a worker thread); how many were made."""
        return self.qr.prepare(link.url for link in pack.links.values())

    def close(self) -> None:
        """End the scene now, in order: its filters off the window, the window closed, then the
        engine deleted, which deletes the QML first and the bridges it binds to after. Left to
        the garbage collector (tests build many scenes in one process), a scene was taken apart
        in any order: a filter met a half-gone bridge, QML read a bridge already deleted."""
        if not shiboken6.isValid(self.engine):
            return  # closed already
        self.attract.stop()
        self.staff.stop()
        for event_filter in (self.staff_filter, self.closed_filter, self.input_filter):
            self.window.removeEventFilter(event_filter)
        self.window.close()
        shiboken6.delete(self.engine)

    @classmethod
    def from_options(
        cls,
        pack: Pack,
        options: ShowOptions,
        config: KioskConfig,
        *,
        slide_seconds: SlideSeconds | None = None,
        animate: bool = True,
        clock: Callable[[], float] = time.monotonic,
        home: Path | None = None,
        speaker: Speaker | None = None,
        start_speaker: Callable[[], Speaker | None] | None = None,
        counts: Tally | None = None,
        health: Health | None = None,
    ) -> Scene:
        """The scene for the options' venue and language over ``kiosk.yaml``'s."""
        return cls(
            pack,
            venue=options.venue or config.venue,
            language=options.language,
            slide_seconds=slide_seconds,
            idle_seconds=config.idle_seconds,
            venue_name=config.venue_name,
            animate=animate,
            clock=clock,
            home=home,
            config=config,
            schedule=config.schedule,
            speaker=speaker,
            start_speaker=start_speaker,
            languages=config.languages,
            together=config.language_layout == "together",
            counts=counts,
            health=health,
        )


class ScreenError(Exception):
    """The screen could not start (QML failed to load, no display)."""


def root_window(engine: QQmlApplicationEngine) -> QQuickWindow | None:
    roots = engine.rootObjects()
    window = roots[0] if roots else None
    return window if isinstance(window, QQuickWindow) else None


def run_kiosk(options: RunOptions, screen: OpenedScreen | None = None) -> int:
    """``kiosk run``: show the kiosk until quit. ``screen``: what :func:`kiosk.ui.start.open_screen`
    started before this module was imported (the start frame may be on the screen already)."""
    strict = options.strict or options.exit_after is not None
    install_excepthook(strict)
    if screen is None:
        opened = open_screen(options)
        if isinstance(opened, int):
            return opened
        screen = opened
    app = screen.app
    # From here on SIGTERM/SIGINT end the loop with 0: a restart is no crash
    # (kiosk.platform.stopsignals).
    stop = StopOnSignal(parent=app)
    try:
        return _run(app, options, screen.probe, screen.start_frame)
    finally:
        screen.start_frame.dismiss()
        stop.close()


def _run(
    app: QGuiApplication,
    options: RunOptions,
    probe: renderer.GlProbe | None,
    start_frame: StartFrame,
) -> int:
    """:func:`run_kiosk` once the application exists (``probe``: the OpenGL probe, if any)."""
    load_fonts()

    # What passed the schema at an earlier start is not checked by it again (schemapass).
    passes = read_passes(paths.kiosk_home(options.home))
    home, config = home_config(options.home, strict=False, keep_last_good=True, passes=passes)
    guard, guarded = None, None
    try:
        if options.pack is None:  # the crash-loop guard may set the live pack aside
            guard = CrashGuard(home, config.crash_guard)
            guarded = choose_guarded_pack(home, config, guard, passes=passes)
            pack, origin = guarded.pack, guarded.origin
        else:
            pack, origin = choose_pack(options.pack, home, config)
        write_passes(home, passes)
    except PackError as exc:
        for problem in exc.problems:
            log.error("pack problem: %s", problem)
        if options.pack is not None:
            return EXIT_REFUSED  # an author asked for this folder: say why it cannot be shown
        raise
    log.info("showing %s (%s)", origin, pack.title.get(pack.languages[0]))
    choice = choose_renderer(config.renderer, probe)
    # Impact counts (kiosk.ops.stats): by hour, no person; an author's --pack is not counted.
    counts = Tally() if options.pack is None else None
    health = Health()  # the self-checks write it, the staff panel and the metrics read it
    try:
        scene = Scene.from_options(
            pack,
            options,
            config,
            slide_seconds=options.slide_seconds,
            home=home,
            # Not before the first frame: see kiosk.ui.bridges.access.
            start_speaker=lambda: system_speaker(app),
            counts=counts,
            health=health,
        )
    except ScreenError as exc:
        log.error("the screen could not start: %s", exc)
        return EXIT_SCREEN
    window, attract = scene.window, scene.attract
    guard_shell = None
    if guard is not None and guarded is not None:
        guard_shell = GuardShell(
            guard, guarded, attract.packChanged, lambda: attract.pack, scene.engine
        )
        if guarded.reason:
            restarts.note(home, "fallback")  # kiosk_crash_loop_fallback_starts_total

    if start_frame.window is not None:
        start_frame.window.lower()  # under the scene's window, whatever a window manager does
    show_window(window, windowed=options.windowed, size=options.size)
    # The start frame (kiosk.ui.start): a kept one goes once this window's first frame covers
    # it (or after 10 s, should no frame come); when none fitted this start, or it was of
    # something else than this start shows, this start's first frame is kept for the next one.
    window.frameSwapped.connect(start_frame.dismiss, Qt.ConnectionType.SingleShotConnection)
    QTimer.singleShot(LATER_AT_THE_LATEST_MS, start_frame.dismiss)
    fallback = guarded is not None and bool(guarded.reason)
    shows = startframe.what_shows(origin, pack.id, pack.version)
    keep = functools.partial(_keep_start_frame, scene, start_frame, fallback, shows)
    window.frameSwapped.connect(
        functools.partial(QTimer.singleShot, 0, keep), Qt.ConnectionType.SingleShotConnection
    )
    window.frameSwapped.connect(
        _log_first_frame(window, home, choice), Qt.ConnectionType.SingleShotConnection
    )
    _alive = stay_alive(
        scene, config, health, home=home
    )  # heartbeat + self-checks, until exec() returns
    if guarded is not None:  # why the live pack was set aside, if it was
        scene.staff.panel_bridge.guard = guarded.said
    app.aboutToQuit.connect(scene.staff.stop)
    _probe = probe_from_env(window, attract.slideChanged)  # make bench only ($KIOSK_FRAME_PROBE)
    if options.windowed:
        # Development only: full screen, no key on a keyboard leaves the kiosk.
        quit_shortcut = QShortcut(QKeySequence("Ctrl+Shift+Q"), window)
        quit_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        quit_shortcut.activated.connect(app.quit)
    else:
        lock_down(window, parent=scene.engine)
        # Belt and braces: should the window ever close after all, that is no request to quit.
        app.setQuitOnLastWindowClosed(False)
    attract.start()
    scene.schedule.start()  # opening hours, slides of the hour, burn-in drift
    # Metrics, impact counts, the pack watcher, fleet sync and the kiosk.yaml reloader start
    # after the first frame: nothing on the first screen needs them, and their modules (and the
    # install path under the watcher) are imported then, not before the visitor sees anything.
    later = _Later(app, scene, options, config, home, health, counts)
    window.frameSwapped.connect(later.start, Qt.ConnectionType.SingleShotConnection)
    QTimer.singleShot(LATER_AT_THE_LATEST_MS, later.start)  # a window that never draws
    if options.exit_after is not None:
        # exit(), not quit(): Qt 6's quit() first asks every window to close, and the locked
        # full-screen window refuses, which cancels the quit.
        QTimer.singleShot(int(options.exit_after * 1000), lambda: app.exit(EXIT_OK))
    code = app.exec()
    if guard_shell is not None:
        guard_shell.stopped(code)
    restarts.note_exit(home, code)  # a frozen screen or the memory ceiling: counted for metrics
    del later, scene
    return code if code else EXIT_OK


def _prepare_codes(app: QGuiApplication, scene: Scene) -> None:
    """The live pack's QR codes not yet in the cache, made off the GUI thread (kiosk.ui.qr)."""
    codes = Worker("qr-codes", parent=scene.engine)
    app.aboutToQuit.connect(codes.stop)

    def made(count: int) -> None:
        codes.stop()  # its one job is done: the thread ends
        if count:
            log.info("QR codes made for %d link(s) of the live pack", count)

    def failed(exc: Exception) -> None:
        codes.stop()
        log.warning("could not make the live pack's QR codes ahead (made when shown): %s", exc)

    codes.run(lambda: scene.qr_codes_for(scene.attract.pack), made, failed)


def _keep_start_frame(scene: Scene, frame: StartFrame, fallback: bool, shows: str) -> None:
    """Keep this start's first frame for the next start (kiosk.ui.start), when
    :func:`kiosk.ops.startframe.may_keep` allows it."""
    if not shiboken6.isValid(scene.engine):
        return  # the scene ended before its first frame was kept
    if not startframe.may_keep(
        fallback=fallback,
        alert=bool(scene.alerts.showing),
        attract=scene.session.state.screen == Screen.ATTRACT,
        staff=scene.staff.is_open,
    ):
        if fallback:
            forget_start_frame(frame.home)
        return
    rule = None
    if scene.schedule.status.clock_trusted:
        schedule = scene.schedule.current_schedule
        rule = startframe.schedule_rule(
            schedule.is_open,
            has_hours=bool(schedule.hours),
            playlists=[slot.applies for slot in schedule.playlists],
            dated=any(s.from_date or s.until_date for s in scene.attract.pack.slides),
        )
    writer = Worker("start-frame", parent=scene.engine)
    app = QGuiApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(writer.stop)
    writer.finished.connect(writer.stop)  # one job: the thread ends with it
    keep_start_frame(scene.window.grabWindow, frame, shows, rule, writer.run)


# The work after the first frame starts then, or this long after the window was shown if no frame
# comes (a window never exposed): the pack watcher must run whatever the screen does.
LATER_AT_THE_LATEST_MS = 10_000


@dataclass
class _Later:
    """What ``kiosk run`` starts once its first frame is on screen (see :func:`_run`)."""

    app: QGuiApplication
    scene: Scene
    options: RunOptions
    config: KioskConfig
    home: Path
    health: Health
    counts: Tally | None
    started: bool = False
    kept: list[object] = field(default_factory=list)  # what lives as long as the loop runs

    def start(self) -> None:
        if self.started:
            return
        self.started = True
        from kiosk.platform.watcher import PackWatcher
        from kiosk.ui.alert_poll import start_alerts
        from kiosk.ui.config_reload import ConfigReloader
        from kiosk.ui.impact import ImpactRecorder

        app, scene, options, config, home = (
            self.app,
            self.scene,
            self.options,
            self.config,
            self.home,
        )
        attract = scene.attract
        _prepare_codes(app, scene)
        # kiosk.yaml `metrics`: /metrics and/or a textfile, from threads fed by the GUI thread.
        # Without it, neither the feed's module nor the metrics model is ever imported.
        if config.metrics is not None:
            from kiosk.ui.metrics_feed import start_metrics

            self.kept.append(
                start_metrics(
                    home,
                    config.metrics,
                    attract,
                    scene.schedule,
                    self.health,
                    author_pack=options.pack is not None,
                    parent=scene.engine,
                )
            )
        if self.counts is not None:
            recorder = ImpactRecorder(self.counts, home, parent=scene.engine)
            recorder.start()
            app.aboutToQuit.connect(recorder.stop)  # the rest of the hour, written at exit
            scene.staff.panel_bridge.impact = recorder  # the staff panel's chart
        watcher = None
        # An author's --pack folder is shown as it is; installed packs are watched.
        if options.pack is None:
            watcher = PackWatcher(
                home,
                attract.replace_pack,
                watch=config.watch,
                verify=config.verify,
                link_hosts=config.link_hosts,
                hotline_numbers=config.hotline_numbers,
                interval_ms=round(options.poll_seconds * 1000),
                prepare=scene.qr_codes_for,  # a new pack's QR codes, on the watcher's thread
                parent=scene.engine,
            )
            watcher.result.connect(scene.staff.show_notice)  # the staff notice in the corner
            watcher.start()
            app.aboutToQuit.connect(watcher.stop)
            alerts = start_alerts(scene.alerts, home, config, parent=scene.engine)  # kiosk.yaml
            app.aboutToQuit.connect(alerts.stop)
            if config.sync is not None:  # fleet: install from a TUF repository
                from kiosk.ui.sync_timer import SyncTimer  # nothing of the fleet without it

                syncer = SyncTimer(home, config, config.sync, parent=scene.engine)
                if syncer.start():
                    app.aboutToQuit.connect(syncer.stop)
        # An edited kiosk.yaml applies at the next slide (what a start alone reads is logged).
        reloader = ConfigReloader(
            home / "kiosk.yaml",
            config,
            attract=attract,
            session=scene.session,
            schedule=scene.schedule,
            watcher=watcher,
            venue_option=options.venue,
            staff=scene.staff,
            interval_ms=round(options.poll_seconds * 1000),
            parent=scene.engine,
        )
        reloader.start()
        app.aboutToQuit.connect(reloader.stop)


def show_window(window: QQuickWindow, *, windowed: bool, size: tuple[int, int] | None) -> None:
    """Full screen by default, on the screen's whole geometry (no window manager may be there)."""
    if windowed:
        width, height = size or (1280, 720)
        window.resize(width, height)
        window.show()
        return
    window.setFlag(Qt.WindowType.FramelessWindowHint, True)
    # Above anything that might open on the same screen (a desktop's notification, a dialog).
    window.setFlag(Qt.WindowType.WindowStaysOnTopHint, True)
    geometry = window.screen().geometry()
    window.setGeometry(geometry)
    window.showFullScreen()
    window.setGeometry(geometry)
    log.info("full screen at %dx%d", geometry.width(), geometry.height())


def choose_renderer(setting: str, probe: renderer.GlProbe | None) -> Choice:
    """Decide and apply the renderer (before the first window): ``kiosk.yaml``'s ``renderer``
    over what the OpenGL probe found (kiosk.ops.renderer)."""
    found = None
    if probe is not None:
        if setting == "auto":
            found = probe.result()
        else:
            probe.cancel()
    choice = decide(setting, os.environ, found)
    renderer.apply(choice)
    log.info("%s", choice.describe())
    if os.environ.get(renderer.RENDER_LOOP, "") == "threaded":
        log.warning(
            "QSG_RENDER_LOOP=threaded: a Qt message from the render thread during a self-check "
            "grab can freeze the kiosk (docs/performance.md); unset it to use the basic loop"
        )
    return choice


def _log_first_frame(window: QQuickWindow, home: Path, choice: Choice) -> object:
    def first_frame() -> None:
        running = renderer.running_renderer(window)
        log.info("first frame %dx%d, drawn by %s", window.width(), window.height(), running)
        try:
            write_renderer_record(home, choice, running)  # for `kiosk status`
        except OSError as exc:
            log.warning("cannot keep the renderer in %s: %s", home, exc.strerror or exc)

    return first_frame
