"""Self-checks on the real QML scene, offscreen: the QR from the live frame, a frozen loop."""

import io
import logging
from dataclasses import replace

import segno
from PySide6.QtGui import QImage

from kiosk.common.message import Message
from kiosk.ops.health import EXIT_FROZEN, EXIT_MEMORY, Health, MemoryCeiling
from kiosk.ops.watchdog import Notifier
from kiosk.playback.clock import ManualClock
from kiosk.ui.selfcheck import (
    DEFAULT_GRAB_SECONDS,
    QR_TRIES,
    RenderedFrames,
    SelfCheck,
    decode_qr,
    frame_digest,
    frame_source,
)
from tests.helpers import make_scene


class Checked:
    """A SelfCheck on a scene, with a fake clock and the exit codes it asked for."""

    def __init__(self, scene, *, grab=None, memory=None, scene_grab=None) -> None:
        self.scene = scene
        self.clock = ManualClock(1000.0)
        self.exits: list[int] = []
        self.wrong_qr: list[str] = []
        self.health = Health()
        self.check = SelfCheck(
            scene.window,
            scene.attract,
            health=self.health,
            notifier=Notifier(None),
            memory=memory or MemoryCeiling(None),
            grab=grab,
            scene_grab=scene_grab,
            exit_app=self.exits.append,
            clock=self.clock,
            on_wrong_qr=self.wrong_qr.append,
        )

    def sample_every(self, seconds: float, times: int, qtbot) -> None:
        for _ in range(times):
            self.clock.now += seconds
            self.check.sample()
            qtbot.wait(1)


def qr_image(url: str) -> QImage:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=4)
    image = QImage()
    assert image.loadFromData(buffer.getvalue())
    return image.convertToFormat(QImage.Format.Format_RGB32)


def test_the_qr_self_check_decodes_the_live_frame(scene, qtbot) -> None:
    checked = Checked(scene)
    qtbot.wait(100)
    checked.check.request_qr_check()
    checked.check.sample()
    result = checked.health.last_self_check
    slide = scene.attract.playlist.current
    assert result is not None
    assert result.ok, result
    assert result.expected == scene.attract.pack.links[slide.qr].url
    assert checked.exits == []


def test_the_live_qr_is_read_from_its_own_part_of_the_frame(scene, qtbot) -> None:
    """Decoding a whole 1080p frame needed ~7 MB more for a moment: the kiosk's peak (issue 18)."""
    from kiosk.ui.selfcheck import decode_qr, qr_region

    qtbot.wait(100)
    region = qr_region(scene.window)
    assert region is not None
    frame = scene.window.grabWindow()
    assert region.width() * region.height() < frame.width() * frame.height() / 10
    slide = scene.attract.playlist.current
    assert decode_qr(frame.copy(region)) == (scene.attract.pack.links[slide.qr].url,)


def test_a_qr_that_reads_otherwise_fails_after_retries(scene, qtbot, caplog) -> None:
    caplog.set_level(logging.WARNING, "kiosk.ui.selfcheck")
    frames = iter(range(1000))  # a changing frame, so the loop is not judged frozen

    def grab() -> QImage:
        image = qr_image("https://elsewhere.example/")
        image.setPixel(0, 0, next(frames))
        return image

    checked = Checked(scene, grab=grab)
    checked.check.request_qr_check()
    checked.sample_every(5, QR_TRIES - 1, qtbot)
    assert checked.health.last_self_check is None  # maybe mid-crossfade: looks again
    checked.sample_every(5, 1, qtbot)
    result = checked.health.last_self_check
    assert result is not None
    assert not result.ok
    assert result.found == ("https://elsewhere.example/",)
    assert "self-check failed: the QR on screen reads https://elsewhere.example/" in caplog.text
    assert checked.wrong_qr == [result.expected]  # the kiosk drops that code from its QR cache


class CountedFrames(RenderedFrames):
    """The window's own frames, with what each sample read: a region, or None for all of it."""

    def __init__(self, grab) -> None:
        super().__init__(grab)
        self.reads: list[object] = []
        self.done_calls = 0

    def read(self, region):
        self.reads.append(region)
        return super().read(region)

    def done(self) -> None:
        self.done_calls += 1
        super().done()


def test_offscreen_the_frames_are_the_windows_own_grabs(scene, qtbot) -> None:
    """Only X11 with the software renderer reads the screen (tests/e2e/test_screen_frames.py)."""
    qtbot.wait(50)
    assert isinstance(frame_source(scene.window), RenderedFrames)


def test_a_good_qr_is_read_from_its_region_alone_and_the_frame_let_go(scene, qtbot) -> None:
    qtbot.wait(100)
    frames = CountedFrames(scene.window.grabWindow)
    checked = Checked(scene, grab=frames)
    checked.check.request_qr_check()
    checked.check.sample()
    result = checked.health.last_self_check
    assert result is not None
    assert result.ok, result
    assert len(frames.reads) == 1
    assert frames.reads[0] is not None  # never the whole frame
    assert frames.done_calls == 1
    assert frames.read(None).isNull()  # nothing of the frame kept after the sample


def test_the_whole_frame_is_read_only_at_the_last_try(scene, qtbot) -> None:
    """A QR not where the scene says is looked for in the whole frame, a full-size read, once:
    the tries before it (a crossfade, most often) read the QR's region only."""
    counter = iter(range(1000))

    def grab() -> QImage:  # a changing frame without a QR: never frozen, never read
        image = QImage(1280, 720, QImage.Format.Format_RGB32)
        image.fill(next(counter))
        return image

    frames = CountedFrames(grab)
    checked = Checked(scene, grab=frames)
    checked.check.request_qr_check()
    checked.sample_every(5, QR_TRIES - 1, qtbot)
    assert frames.reads
    assert None not in frames.reads
    checked.sample_every(5, 1, qtbot)
    assert frames.reads[-1] is None
    assert frames.reads.count(None) == 1
    result = checked.health.last_self_check
    assert result is not None
    assert not result.ok
    assert result.found == ()


def test_decode_qr_finds_nothing_on_a_blank_frame() -> None:
    blank = QImage(640, 360, QImage.Format.Format_RGB32)
    blank.fill(0)
    assert decode_qr(blank) == ()
    assert decode_qr(QImage()) == ()  # no pixels at all (a read that failed)


def test_a_frozen_frame_source_makes_the_kiosk_exit_for_a_restart(scene, qtbot, caplog) -> None:
    caplog.set_level(logging.ERROR, "kiosk.ui.selfcheck")
    frozen = scene.window.grabWindow()
    checked = Checked(scene, grab=lambda: frozen)
    period = scene.attract.slide_millis() / 1000
    checked.sample_every(period * 0.7, 4, qtbot)  # 2.8 periods: not yet
    assert checked.exits == []
    checked.sample_every(period * 0.7, 2, qtbot)
    assert checked.exits == [EXIT_FROZEN]
    assert "the attract loop is frozen" in caplog.text
    said = checked.health.last_error
    assert said is not None
    assert said.kind == "loopFrozen"  # worded on the staff panel


def test_a_loop_whose_timer_died_is_caught_from_its_real_pixels(scene, qtbot) -> None:
    """The bridge still says 'running' but nothing moves: the pixels tell."""
    from kiosk.render.snapshot import pictures_loading

    # Pictures decode off the GUI thread: one arriving would be the loop's last movement.
    qtbot.waitUntil(lambda: not pictures_loading(scene.window.contentItem()))
    checked = Checked(scene)
    scene.attract._timer.stop()  # the failure: the loop's timer is gone, the flag is not
    checked.sample_every(7, 9, qtbot)
    assert checked.exits == [EXIT_FROZEN]


def test_a_moving_loop_is_never_frozen(scene, qtbot) -> None:
    checked = Checked(scene)
    for _ in range(10):
        scene.attract.advance()
        checked.sample_every(7, 1, qtbot)
    assert checked.exits == []


def test_a_lesson_pauses_the_frozen_loop_judge(scene, qtbot) -> None:
    frozen = scene.window.grabWindow()
    checked = Checked(scene, grab=lambda: frozen)
    scene.attract.stop()  # what touch mode does: a visitor is reading a lesson
    checked.sample_every(7, 20, qtbot)
    assert checked.exits == []


def test_memory_over_the_limit_restarts_only_while_the_loop_plays(scene, qtbot, caplog) -> None:
    caplog.set_level(logging.ERROR, "kiosk.ui.selfcheck")
    checked = Checked(scene, memory=MemoryCeiling(64, lambda: 900.0))
    scene.attract.stop()  # a visitor's lesson: wait for them
    checked.sample_every(5, 3, qtbot)
    assert checked.exits == []
    scene.attract.start()
    checked.sample_every(5, 1, qtbot)
    assert checked.exits == [EXIT_MEMORY]
    assert "900 MB is over memory_limit_mb 64" in caplog.text
    assert checked.health.last_error == Message.of("memoryCeiling", mb=900, limit=64)


def test_the_real_scene_with_animation_is_not_frozen_on_one_slide(qapp, qtbot, default_pack):
    """A one-slide pack still moves: its progress bar differs between samples."""
    one = replace(default_pack, slides=default_pack.slides[:1])
    s = make_scene(qtbot, one, size=(1280, 720), animate=True)
    qtbot.wait(100)  # laid out: the progress bar's animation now spans the track
    s.attract.advance()
    checked = Checked(s)
    digests = set()
    for _ in range(5):
        qtbot.wait(700)
        checked.clock.now += 0.7
        checked.check.sample()
        digests.add(frame_digest(s.window.grabWindow()))
    assert len(digests) == 5
    assert checked.exits == []
    s.attract.stop()
    s.window.close()


def test_no_frame_to_grab_is_never_taken_for_a_frozen_one(scene, qtbot) -> None:
    checked = Checked(scene, grab=QImage)  # a null image, as a window not exposed gives
    checked.sample_every(7, 20, qtbot)
    assert checked.exits == []


def test_a_moving_loop_is_grabbed_rarely(scene, qtbot) -> None:
    """Once two frames differ, the next grab waits grab_seconds: no grab on every slide."""
    checked = Checked(scene)
    for _ in range(12):
        scene.attract.advance()
        checked.sample_every(7, 1, qtbot)  # 84 s of samples, far less than DEFAULT_GRAB_SECONDS
    assert checked.check.grabs == 2  # a baseline and one frame that differs from it
    checked.clock.now += DEFAULT_GRAB_SECONDS
    scene.attract.advance()
    checked.check.sample()
    assert checked.check.grabs == 3
    assert checked.exits == []


class Screen:
    """A screen source (``reads_screen``) that shows one picture until told otherwise."""

    reads_screen = True
    described = "a test screen"

    def __init__(self) -> None:
        self.shows = b"covered"

    def digest(self) -> bytes:
        return self.shows

    def read(self, region) -> QImage:
        return QImage()

    def done(self) -> None:
        pass


class SceneFrames:
    """The scene's own frames, rendered again: moving (a new picture each time) or not."""

    def __init__(self, moving: bool) -> None:
        self.moving = moving
        self.grabs = 0

    def __call__(self) -> QImage:
        self.grabs += 1
        image = QImage(64, 36, QImage.Format.Format_RGB32)
        image.fill(self.grabs if self.moving else 0)
        return image


def test_a_covered_screen_over_a_playing_scene_is_not_a_frozen_loop(scene, qtbot, caplog) -> None:
    """Another window over the kiosk, or the console on another VT: the screen stands still
    while the scene plays on. Restarting would not help, and would take the screen back."""
    caplog.set_level(logging.INFO, "kiosk.ui.selfcheck")
    screen, scene_frames = Screen(), SceneFrames(moving=True)
    checked = Checked(scene, grab=screen, scene_grab=scene_frames)
    period = scene.attract.slide_millis() / 1000
    checked.sample_every(period * 0.7, 20, qtbot)  # 14 periods of a screen that stands still
    assert checked.exits == []
    assert checked.check.covered
    assert caplog.text.count("something covers the kiosk's window") == 1  # said once
    screen.shows = b"the kiosk again"
    checked.sample_every(period * 0.7, 1, qtbot)
    assert not checked.check.covered
    assert "the screen shows the kiosk again" in caplog.text


def test_a_screen_and_a_scene_that_both_stand_still_are_a_frozen_loop(scene, qtbot, caplog) -> None:
    caplog.set_level(logging.ERROR, "kiosk.ui.selfcheck")
    checked = Checked(scene, grab=Screen(), scene_grab=SceneFrames(moving=False))
    period = scene.attract.slide_millis() / 1000
    checked.sample_every(period * 0.7, 12, qtbot)
    assert checked.exits == [EXIT_FROZEN]
    assert "the attract loop is frozen" in caplog.text


def test_a_moving_screen_never_renders_the_scene_again(scene, qtbot) -> None:
    """The scene's 8 MB grab is only for a screen that stands still."""
    counter = iter(range(1000))

    class MovingScreen(Screen):
        def digest(self) -> bytes:
            return next(counter).to_bytes(4, "big")

    scene_frames = SceneFrames(moving=True)
    checked = Checked(scene, grab=MovingScreen(), scene_grab=scene_frames)
    checked.sample_every(DEFAULT_GRAB_SECONDS, 10, qtbot)
    assert checked.check.grabs == 10
    assert scene_frames.grabs == 0


def test_a_loop_that_freezes_after_moving_is_caught_at_the_next_grab(scene, qtbot) -> None:
    frames = iter(range(2))

    def grab() -> QImage:  # two different frames, then the same one for ever
        image = QImage(64, 36, QImage.Format.Format_RGB32)
        image.fill(next(frames, 1))
        return image

    checked = Checked(scene, grab=grab)
    checked.sample_every(7, 2, qtbot)
    assert checked.check.judge.moving
    checked.sample_every(7, 20, qtbot)  # rare grabs: nothing to judge yet
    assert checked.exits == []
    assert checked.check.grabs == 2
    checked.clock.now += DEFAULT_GRAB_SECONDS
    checked.sample_every(7, 3, qtbot)  # suspect: every sample grabs again, until the verdict
    assert checked.exits == [EXIT_FROZEN]


def test_the_first_qr_check_comes_with_the_first_sample(scene, qtbot) -> None:
    checked = Checked(scene)
    qtbot.wait(100)
    checked.check.start()
    checked.check.sample()  # what the sampler's first tick does, seconds after start
    checked.check.stop()
    assert checked.health.last_self_check is not None
