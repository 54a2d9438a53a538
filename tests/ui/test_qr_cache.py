"""QR codes drawn from kiosk run's cache of module matrices are the codes segno draws, and a
start that finds its codes there never imports segno (nor the ssl chain its writers pull in)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import segno
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from kiosk.content.model import Pack
from kiosk.ui import qr
from kiosk.ui.app import Scene, load_fonts
from kiosk.ui.qr import (
    CACHE_FILE,
    ERROR_LEVEL,
    QUIET_ZONE,
    QrCache,
    QrImageProvider,
    draw_matrix,
    qr_matrix,
    segno_version,
)
from kiosk.ui.selfcheck import decode_qr
from tests.helpers import ManualClock

URLS = [
    "https://humantraffickinghotline.org",
    "https://example.org/learn?lang=es&x=%C3%A9",
    "https://example.org/" + "a" * 180,
]


def render_qr(url: str, min_pixels: int = 0) -> QImage:
    """What segno itself draws: its PNG at the scale and quiet zone the kiosk uses."""
    code = segno.make(url, error=ERROR_LEVEL, micro=False)
    modules = int(code.symbol_size(scale=1, border=QUIET_ZONE)[0])
    scale = max(1, -(-min_pixels // modules)) if min_pixels > 0 else 8
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=QUIET_ZONE, dark="#000000", light="#ffffff")
    image = QImage()
    image.loadFromData(buffer.getvalue(), "PNG")
    return image


def same_pixels(a: QImage, b: QImage) -> bool:
    if a.size() != b.size():
        return False
    return all(a.pixel(x, y) == b.pixel(x, y) for y in range(a.height()) for x in range(a.width()))


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("pixels", [0, 240, 361])
def test_a_code_drawn_from_its_matrix_is_the_code_segno_draws(qapp, url: str, pixels: int) -> None:
    drawn = draw_matrix(qr_matrix(url), pixels)
    rendered = render_qr(url, pixels)
    assert drawn.format() == rendered.format()
    assert same_pixels(drawn, rendered)


def request(provider: QrImageProvider, url: str, pixels: int) -> QImage:
    from kiosk.ui.qr import qr_source

    return provider.requestImage(qr_source(url)[len("image://qr/") :], QSize(), QSize(pixels, 0))


def test_the_cache_keeps_codes_by_url_for_one_segno_version(qapp, tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    version = segno_version()
    assert version is not None
    first = request(QrImageProvider(QrCache(path, version)), URLS[0], 240)
    saved = json.loads(path.read_text())
    assert saved["segno"] == version
    assert list(saved["codes"]) == [URLS[0]]
    again = request(QrImageProvider(QrCache(path, version)), URLS[0], 240)
    assert same_pixels(first, again)
    assert QrCache(path, version).get(URLS[1]) is None  # another URL is another code
    assert QrCache(path, "0.0.0").get(URLS[0]) is None  # another segno: made again


def test_a_damaged_cache_is_an_empty_one(qapp, tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    version = segno_version()
    path.write_text(json.dumps({"format": 1, "segno": version, "codes": {URLS[0]: ["0101"]}}))
    assert QrCache(path, version).get(URLS[0]) is None  # not a QR-sized square
    path.write_text("{")
    assert QrCache(path, version).get(URLS[0]) is None
    image = request(QrImageProvider(QrCache(path, version)), URLS[0], 240)
    assert same_pixels(image, render_qr(URLS[0], 240))


DRAW_FROM_CACHE = """
import sys
from pathlib import Path
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
from kiosk.ui.qr import QrImageProvider, open_cache, qr_source
provider = QrImageProvider(open_cache(Path(sys.argv[1])))
image = provider.requestImage(qr_source(sys.argv[2])[len("image://qr/"):], QSize(), QSize(240, 0))
assert image.width() >= 240
print(" ".join(m for m in ("segno", "ssl", "urllib.request") if m in sys.modules))
"""


def test_a_start_that_finds_its_codes_never_imports_segno(tmp_path: Path) -> None:
    def start() -> str:
        done = subprocess.run(
            [sys.executable, "-c", DRAW_FROM_CACHE, str(tmp_path), URLS[1]],
            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return done.stdout.strip()

    assert start() == "segno ssl urllib.request"  # the first start makes the code
    assert start() == ""


PREPARE_THEN_DRAW = """
import sys, threading
from pathlib import Path
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
from kiosk.ui.qr import QrImageProvider, open_cache, qr_source
provider = QrImageProvider(open_cache(Path(sys.argv[1])))
made = []
worker = threading.Thread(target=lambda: made.append(provider.prepare(sys.argv[2:] * 2)))
worker.start()
worker.join()
for url in sys.argv[2:]:
    image = provider.requestImage(qr_source(url)[len("image://qr/"):], QSize(), QSize(240, 0))
    assert image.width() >= 240
print(made[0], provider.prepare(sys.argv[2:]))
"""


def test_prepared_codes_are_made_off_the_gui_thread_once_and_drawn_from_the_cache(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PREPARE_THEN_DRAW, str(tmp_path), *URLS[:2]],
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.split() == ["2", "0"]  # two made on the thread, none left to make
    assert "not prepared" not in done.stderr
    cached = json.loads((tmp_path / CACHE_FILE).read_text())["codes"]
    assert sorted(cached) == sorted(URLS[:2])


def test_without_a_cache_nothing_is_prepared(qapp) -> None:
    assert QrImageProvider().prepare(URLS) == 0


def test_a_forgotten_code_is_gone_from_the_file_and_encoded_again(qapp, tmp_path: Path) -> None:
    """The self-check found another code on screen: the cache no longer serves it."""
    version = segno_version()
    assert version is not None
    url, other = URLS[0], URLS[1]
    cache = QrCache(tmp_path / CACHE_FILE, version)
    cache.put(url, qr_matrix(url))
    cache.put(other, qr_matrix(other))
    cache.forget(url)
    assert cache.get(url) is None
    reopened = QrCache(tmp_path / CACHE_FILE, version)
    assert reopened.get(url) is None
    assert reopened.get(other) == qr_matrix(other)
    image = request(QrImageProvider(reopened), url, 240)  # segno encodes it again
    assert same_pixels(image, render_qr(url, 240))
    assert QrCache(tmp_path / CACHE_FILE, version).get(url) == qr_matrix(url)  # kept anew


def test_a_wrong_cached_code_is_drawn_afresh_on_screen_once_forgotten(
    qapp, qtbot, tmp_path: Path, default_pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache holding another URL's matrix (a bug, a damaged disk): the self-check's
    ``forget`` makes the next slide that shows the code show the right one, without a restart."""
    # Qt Quick's pixmap cache is per process: a scene an earlier test showed in this process
    # (any order, any test worker) may have left the right code cached under the same source
    # string. Sources no earlier scene used make this scene ask the poisoned provider.
    monkeypatch.setattr(qr, "_forgotten", qr._forgotten + 1_000)
    pack = default_pack
    version = segno_version()
    assert version is not None
    wrong = "https://elsewhere.example/"
    poisoned = QrCache(tmp_path / CACHE_FILE, version)
    for link in pack.links.values():
        poisoned.put(link.url, qr_matrix(wrong))
    load_fonts()  # the kiosk's own fonts, as make_scene: the layout the QR is placed by
    scene = Scene(pack, venue="transit", animate=False, clock=ManualClock(1000.0), home=tmp_path)
    try:
        scene.window.resize(1920, 1080)
        scene.window.show()
        qtbot.waitExposed(scene.window)
        scene.attract.start()

        def on_screen() -> tuple[str, ...]:
            qtbot.wait(50)
            return decode_qr(scene.window.grabWindow())

        assert on_screen() == (wrong,)  # what a poisoned cache draws
        for link in pack.links.values():  # as the self-check would, one failed check each
            scene.qr.forget(link.url)
        scene.attract.advance()  # the slide loaded before the forgetting (the hidden layer)
        scene.attract.advance()  # the first slide loaded since
        shown = pack.links[scene.attract.playlist.current.qr].url
        assert on_screen() == (shown,)
        saved = json.loads((tmp_path / CACHE_FILE).read_text())["codes"]
        assert saved[shown] == list(qr_matrix(shown))  # encoded by segno and kept anew
    finally:
        scene.attract.stop()
        scene.window.close()


def test_the_cache_is_keyed_to_segno_and_the_error_level() -> None:
    from kiosk.common.distinfo import installed_version
    from kiosk.ui.qr import ERROR_LEVEL

    assert segno_version() == f"{installed_version('segno')} {ERROR_LEVEL}"
    assert installed_version("no_such_module_here") is None
