"""QR codes generated at run time with segno and served to QML as ``image://qr/<url-encoded>``.

The code is drawn at a whole number of pixels per module with a white quiet zone, so QML can show it
with ``smooth: false`` and it stays crisp at any size.
"""

from __future__ import annotations

import io
from urllib.parse import quote, unquote

import segno
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

QUIET_ZONE = 4  # modules; the QR standard's minimum


def qr_source(url: str) -> str:
    """The QML image source for a QR code of ``url``."""
    return "image://qr/" + quote(url, safe="")


def render_qr(url: str, min_pixels: int = 0) -> QImage:
    """A QR code of ``url`` as an image at least ``min_pixels`` wide (error level M)."""
    code = segno.make(url, error="m", micro=False)
    modules = code.symbol_size(scale=1, border=QUIET_ZONE)[0]
    scale = max(1, -(-min_pixels // modules)) if min_pixels > 0 else 8
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=QUIET_ZONE, dark="#000000", light="#ffffff")
    image = QImage()
    image.loadFromData(buffer.getvalue(), "PNG")
    return image


class QrImageProvider(QQuickImageProvider):
    """Serves ``image://qr/<url-encoded text>``."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._cache: dict[tuple[str, int], QImage] = {}

    def requestImage(self, id: str, size: QSize, requestedSize: QSize) -> QImage:
        url = unquote(id)
        wanted = max(requestedSize.width(), requestedSize.height(), 0)
        key = (url, wanted)
        if key not in self._cache:
            if len(self._cache) > 32:  # packs name a handful of links; keep memory flat
                self._cache.clear()
            self._cache[key] = render_qr(url, wanted)
        image = self._cache[key]
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
