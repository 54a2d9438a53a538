"""QR codes generated at run time with segno and served to QML as ``image://qr/<url-encoded>``.

The code is drawn at a whole number of pixels per module with a white quiet zone, so QML can show it
with ``smooth: false`` and it stays crisp at any size.

``kiosk run`` keeps the codes' module matrices in ``KIOSK_HOME/qr-cache.json``, keyed by the
exact URL text, segno's version and the error level, and draws a known code from there without
importing segno: segno's writers import ``xml.sax.saxutils``, which imports ``urllib.request``,
``http.client`` and ``ssl`` (~45 ms and ~9 MB resident before the first frame, for modules the
kiosk never uses). The matrix is all a QR code is; the same text at the same error level from
the same encoder is the same code, so a cached one is never stale: another URL is another key,
another segno version or error level empties the cache. A damaged file is an empty cache.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider

from kiosk.common.distinfo import installed_version
from kiosk.content import records
from kiosk.content.words import log_quote

log = logging.getLogger(__name__)

QUIET_ZONE = 4  # modules; the QR standard's minimum
ERROR_LEVEL = "m"
CACHE_FILE = "qr-cache.json"
CACHE_KEEP = 32  # packs name a handful of links
_CACHE_FORMAT = 1

Matrix = tuple[str, ...]  # one string of "0"/"1" per row, dark = "1", no quiet zone


_forgotten = 0  # codes forgotten in this process: a new source string makes QML ask again


def qr_source(url: str) -> str:
    """The QML image source for a QR code of ``url``.

    After :meth:`QrImageProvider.forget` the string changes (``image://qr/<n>/<url>``): an
    Image whose source string stays the same never asks its provider again.
    """
    encoded = quote(url, safe="")  # "/" encoded too, so the first "/" ends the count
    return f"image://qr/{_forgotten}/{encoded}" if _forgotten else f"image://qr/{encoded}"


def _scale(modules: int, min_pixels: int) -> int:
    return max(1, -(-min_pixels // modules)) if min_pixels > 0 else 8


def qr_matrix(url: str) -> Matrix:
    """The module matrix segno makes for ``url`` (error level M), without the quiet zone."""
    import segno

    code = segno.make(url, error=ERROR_LEVEL, micro=False)
    return tuple("".join("1" if m else "0" for m in row) for row in code.matrix)


def draw_matrix(matrix: Matrix, min_pixels: int = 0) -> QImage:
    """A QR code image at least ``min_pixels`` wide from its module matrix, as segno's PNG
    draws it: black on white, the quiet zone around, a whole number of pixels per module."""
    modules = len(matrix) + 2 * QUIET_ZONE
    scale = _scale(modules, min_pixels)
    image = QImage(modules * scale, modules * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    black = QColor("#000000")
    for y, row in enumerate(matrix):
        for run in re.finditer("1+", row):  # one rectangle per run of dark modules
            x = run.start() + QUIET_ZONE
            width = run.end() - run.start()
            painter.fillRect(x * scale, (y + QUIET_ZONE) * scale, width * scale, scale, black)
    painter.end()
    # One bit a pixel, as segno's PNG loads (a 1000 px code: 125 KB, not 4 MB).
    return image.convertToFormat(QImage.Format.Format_Mono, Qt.ImageConversionFlag.ThresholdDither)


def segno_version() -> str | None:
    """segno's installed version and the error level: what decides a code's matrix."""
    version = installed_version("segno")
    return f"{version} {ERROR_LEVEL}" if version is not None else None


class QrCache:
    """Module matrices by URL text for one segno version, kept in a JSON file."""

    def __init__(self, path: Path, version: str | None) -> None:
        self.path = path
        self.version = version
        self._codes: dict[str, Matrix] = {}
        self._lock = threading.Lock()  # QML may ask for images from its loader thread
        if version is not None:
            self._codes = _read_codes(path, version)

    def get(self, url: str) -> Matrix | None:
        with self._lock:
            return self._codes.get(url)

    def put(self, url: str, matrix: Matrix) -> None:
        """Keep ``matrix`` for ``url`` and save the file (a failure is logged, nothing more)."""
        if self.version is None:
            return
        with self._lock:
            self._codes.pop(url, None)
            self._codes[url] = matrix
            while len(self._codes) > CACHE_KEEP:
                del self._codes[next(iter(self._codes))]
            data = self._data()
        self._save(data)

    def forget(self, url: str) -> None:
        """Drop ``url``'s code (the self-check found another on screen): encode it afresh."""
        with self._lock:
            if self._codes.pop(url, None) is None:
                return
            data = self._data()
        log.warning("QR cache: forgot the code for %s; it is encoded again at the next start", url)
        self._save(data)

    def _data(self) -> dict[str, Any]:
        return {
            "format": _CACHE_FORMAT,
            "segno": self.version,
            "codes": {k: list(v) for k, v in self._codes.items()},
        }

    def _save(self, data: dict[str, Any]) -> None:
        try:
            records.write_json_atomic(self.path, data)
        except OSError as exc:
            log.warning("cannot save %s: %s", self.path.name, exc.strerror or exc)


def _read_codes(path: Path, version: str) -> dict[str, Matrix]:
    data: Any = records.read_json(path, limit=1_000_000)
    if not isinstance(data, dict) or data.get("format") != _CACHE_FORMAT:
        return {}
    if data.get("segno") != version or not isinstance(data.get("codes"), dict):
        return {}
    codes: dict[str, Matrix] = {}
    for url, rows in data["codes"].items():
        if _is_matrix(rows):
            codes[url] = tuple(rows)
    return codes


def _is_matrix(rows: Any) -> bool:
    """A square of "0"/"1" rows of a QR size (21, 25, … 177 modules)."""
    if not isinstance(rows, list) or not 21 <= len(rows) <= 177 or (len(rows) - 21) % 4:
        return False
    return all(isinstance(r, str) and len(r) == len(rows) and not r.strip("01") for r in rows)


def open_cache(home: Path) -> QrCache:
    """``kiosk run``'s cache in ``home``."""
    return QrCache(home / CACHE_FILE, segno_version())


class QrImageProvider(QQuickImageProvider):
    """Serves ``image://qr/<url-encoded text>``; with a :class:`QrCache`, known codes are drawn
    from their matrices and new ones are added to it.

    ``kiosk run`` fills the cache off the GUI thread (:meth:`prepare`): for the live pack after
    the first frame, and for a newly installed pack on the pack watcher's thread before it goes
    live. So segno (and the ``urllib``/``ssl`` chain its writers import) is imported on the GUI
    thread only for a code nothing prepared: the very first start on an empty ``KIOSK_HOME``,
    before its first frame.
    """

    def __init__(self, cache: QrCache | None = None) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._images: dict[tuple[str, int], QImage] = {}
        self._images_lock = threading.Lock()  # forget() comes from the GUI thread
        self._cache = cache

    def requestImage(self, id: str, size: QSize, requestedSize: QSize) -> QImage:
        url = unquote(id.split("/", 1)[-1])  # see qr_source
        wanted = max(requestedSize.width(), requestedSize.height(), 0)
        key = (url, wanted)
        with self._images_lock:
            image = self._images.get(key)
        if image is None:
            image = self._make(url, wanted)
            with self._images_lock:
                if len(self._images) > 32:  # packs name a handful of links; keep memory flat
                    self._images.clear()
                self._images[key] = image
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image

    def prepare(self, urls: Iterable[str]) -> int:
        """Make the matrices of ``urls`` the cache does not know yet; how many were made.

        Thread-safe, and meant for a worker thread (it may import segno). Without a cache
        (tests, an author's preview) nothing is kept, so nothing is made.
        """
        if self._cache is None:
            return 0
        made = 0
        for url in dict.fromkeys(urls):
            if self._cache.get(url) is None:
                self._cache.put(url, qr_matrix(url))
                made += 1
        return made

    def forget(self, url: str) -> None:
        """Encode ``url``'s code afresh the next time QML asks for it (the self-check read
        another code on screen): drop its images and its cached matrix. QML asks again at the
        next slide it loads, whose QR source string (:func:`qr_source`) is now another."""
        global _forgotten
        with self._images_lock:
            for key in [k for k in self._images if k[0] == url]:
                del self._images[key]
            _forgotten += 1
        if self._cache is not None:
            self._cache.forget(url)

    def _make(self, url: str, wanted: int) -> QImage:
        matrix = self._cache.get(url) if self._cache is not None else None
        if matrix is None:
            if self._cache is not None:  # see the class docstring: should be rare
                log.info("QR code for %s made as it was asked for (not prepared)", log_quote(url))
            matrix = qr_matrix(url)
            if self._cache is not None:
                self._cache.put(url, matrix)
        return draw_matrix(matrix, wanted)
