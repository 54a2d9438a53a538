"""WCAG checks on a rendered screen: text contrast from its pixels, touch target sizes from its
items. ``kiosk snapshot`` runs both on every screen and lists what fails in ``index.json``.

Contrast is measured, not assumed: for each visible text item the grabbed frame is sampled
inside the item's rectangle; the most common colour there is the background and the
colour that contrasts most with it (among colours common enough to be glyph cores rather than
antialiasing) is the text. Text counts as *large* (3:1) from :data:`LARGE_PX` pixels at 1080p,
body text needs 4.5:1 (WCAG 2.2 SC 1.4.3). Every kiosk text is far above WCAG's own 24 px
"large" threshold, which is meant for a screen at arm's length; ours is read from metres away,
so only headlines and hotline numbers get the lower bar.

A touch target is any visible item with an enabled ``TapHandler`` or ``MouseArea``; at 1080p
scale it must be at least :data:`TARGET_PX` on both sides: 22 mm on the glass of a 55" 1080p
screen, since touch errors on standing kiosks rise below 20 mm.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QObject, QRectF
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickItem

from kiosk.ui.scene import is_text, visible_items

BODY = 4.5
LARGE = 3.0
LARGE_PX = 64  # font pixel size at 1080p from which text is "large" (headlines, hotlines)
TARGET_PX = 96
# A colour must cover this share of a text's box (or 4 samples) to count as the glyphs' colour.
GLYPH_SHARE = 0.002
SAMPLE_STEP = 3


@dataclass(frozen=True)
class ContrastProblem:
    """A text whose rendered contrast is below what it needs."""

    name: str
    ratio: float
    needed: float

    def __str__(self) -> str:
        return f"{self.name}: {self.ratio:.2f}:1 (needs {self.needed}:1)"


@cache
def luminance(rgb: int) -> float:
    """WCAG 2 relative luminance of a 0xRRGGBB colour."""
    linear = []
    for shift in (16, 8, 0):
        c = ((rgb >> shift) & 0xFF) / 255
        linear.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: int, b: int) -> float:
    """WCAG contrast ratio of two 0xRRGGBB colours (1 … 21)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def measured_contrast(image: QImage, rect: QRectF) -> float | None:
    """Contrast between the glyphs and the background inside ``rect`` of ``image``, or None
    when the box holds a single colour (nothing drawn there)."""
    box = rect.toAlignedRect().intersected(image.rect())
    if box.isEmpty():
        return None
    part = image.copy(box).convertToFormat(QImage.Format.Format_RGB32)
    pixels = array("I")
    pixels.frombytes(bytes(part.constBits()))
    # Every third pixel of every third row: glyph stems at the kiosk's sizes (32 px and up at
    # 1080p, bold or regular) are wider than 3 px, and this keeps the check fast.
    width = part.bytesPerLine() // 4
    counts: Counter[int] = Counter()
    for row in range(0, part.height(), SAMPLE_STEP):
        counts.update(pixels[row * width : row * width + part.width() : SAMPLE_STEP])
    background, _ = counts.most_common(1)[0]
    floor = max(4, int(counts.total() * GLYPH_SHARE))
    glyphs = [c for c, n in counts.items() if n >= floor and c != background]
    if not glyphs:
        return None
    # RGB32 pixels are 0xFFRRGGBB: the alpha byte is ignored by luminance().
    return max(contrast(background, c) for c in glyphs)


def _opacity(item: QQuickItem) -> float:
    value = 1.0
    node: QQuickItem | None = item
    while node is not None:
        value *= node.opacity()
        node = node.parentItem()
    return value


def _visible_rect(item: QQuickItem, rect: QRectF) -> QRectF:
    """``rect`` of ``item`` in scene coordinates, cut by every clipping ancestor."""
    scene = item.mapRectToScene(rect)
    node = item.parentItem()
    while node is not None:
        if node.clip():
            scene = scene.intersected(
                node.mapRectToScene(QRectF(0, 0, node.width(), node.height()))
            )
        node = node.parentItem()
    return scene


def texts(root: QQuickItem) -> list[QQuickItem]:
    """Every visible, non-empty text item under ``root``."""
    return [
        child
        for child in visible_items(root)
        if is_text(child) and str(child.property("text") or "").strip()
    ]


def contrast_problems(image: QImage, root: QQuickItem, scale: float) -> list[ContrastProblem]:
    """Every text under ``root`` whose glyphs, as rendered in ``image``, lack WCAG AA contrast.

    Args:
        image: the grabbed frame (device pixels equal to scene pixels).
        root: the layer that is on top (an overlay hides what is under it on purpose).
        scale: the Theme's scale (min(width, height) / 1080).
    """
    problems: list[ContrastProblem] = []
    for item in texts(root):
        if _opacity(item) < 0.99:
            continue  # mid-fade: not what anyone reads
        # The item's whole box: the painted lines sit inside it wherever alignment puts them
        # (Qt's alignment enums do not reach Python as values).
        if item.width() < 1 or item.height() < 1:
            continue
        rect = _visible_rect(item, QRectF(0, 0, item.width(), item.height()))
        font_px = item.property("font").pixelSize()
        if rect.height() < font_px:
            continue  # scrolled almost out of view: a sliver of glyphs is no sample
        ratio = measured_contrast(image, rect)
        if ratio is None:
            continue
        size = font_px / max(scale, 1e-6)
        needed = LARGE if size >= LARGE_PX else BODY
        if ratio < needed - 0.05:  # antialiasing blurs the last hundredths
            name = item.objectName() or str(item.property("text"))[:30]
            problems.append(ContrastProblem(name, ratio, needed))
    return problems


def _inherits(obj: QObject, class_name: str) -> bool:
    """Whether ``obj``'s class is ``class_name`` or derives from it (QML types derive too)."""
    meta = obj.metaObject()
    while meta is not None:
        if meta.className() == class_name:
            return True
        meta = meta.superClass()
    return False


def _is_target(item: QQuickItem) -> bool:
    if _inherits(item, "QQuickMouseArea"):
        return bool(item.isEnabled())
    return any(
        _inherits(child, "QQuickTapHandler") and bool(child.property("enabled"))
        for child in item.children()
        if not isinstance(child, QQuickItem)
    )


def small_targets(root: QQuickItem, scale: float) -> list[str]:
    """Every visible touch target under ``root`` smaller than :data:`TARGET_PX` at 1080p."""
    found: list[str] = []
    for child in visible_items(root):
        if _is_target(child):
            w, h = child.width() / scale, child.height() / scale
            if min(w, h) < TARGET_PX - 0.5:
                found.append(
                    f"{child.objectName() or child.metaObject().className()} {w:.0f}x{h:.0f}"
                )
    return found


def top_layer(content: QQuickItem) -> QQuickItem:
    """The window's topmost visible full-screen layer with what is drawn on it (an overlay such as
    the idle countdown dims the page under it on purpose: that page is not meant to be read)."""
    layers = [c for c in content.childItems() if c.isVisible() and c.opacity() > 0]
    return layers[-1] if layers else content
