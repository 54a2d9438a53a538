"""The child's photo: checked from its header, decoded here (off the GUI thread), and saved again
as a small PNG that is the only picture file the screen ever opens.

A photo is outside data: its bytes are bounded before they arrive (:mod:`kiosk.alerts.fetch`,
or the venue message's signed archive), its header must say JPEG, PNG, GIF or WebP of at most
:data:`MAX_PIXELS` before a pixel is decoded, and the decoded picture is scaled to at most
:data:`SHOWN_SIDE` pixels a side and written as PNG. So Qt decodes only a file this module made.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from kiosk.alerts.reasons import Refusal, Refused

MAX_PHOTO_BYTES = 3_000_000
MAX_PIXELS = 24_000_000  # a 6000x4000 camera picture; checked from the header
MIN_SIDE = 48  # smaller is no photo of a person
SHOWN_SIDE = 900  # the saved PNG's longest side (the frame is 460x552 at 1080p, 1.5x for 4K)
FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})


def photo_name(raw: bytes) -> str:
    """The saved file's name: the sha256 of the bytes received (the same photo is one file)."""
    return hashlib.sha256(raw).hexdigest() + ".png"


def prepare(raw: bytes, folder: Path) -> Path:
    """Check and decode ``raw`` and save it, scaled, as ``folder/<sha256>.png``.

    Returns:
        The PNG's path (already there when this photo was prepared before).

    Raises:
        Refused: ``oversized`` (bytes or pixels) or ``malformed`` (not a picture of a kind
            allowed, damaged, too small).
        OSError: the PNG could not be written.
    """
    if len(raw) > MAX_PHOTO_BYTES:
        raise Refused(
            Refusal(
                "oversized", f"the photo is {len(raw):,} bytes; the limit is {MAX_PHOTO_BYTES:,}"
            )
        )
    dest = folder / photo_name(raw)
    if dest.is_file():
        return dest
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw), formats=sorted(FORMATS)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise Refused(
                        Refusal(
                            "oversized",
                            f"the photo is {width}x{height}; the limit is {MAX_PIXELS:,} pixels",
                        )
                    )
                if min(width, height) < MIN_SIDE:
                    raise Refused(Refusal("malformed", f"the photo is only {width}x{height}"))
                image.seek(0)  # a GIF's first frame
                image.load()
                shown = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, EOFError) as exc:  # fmt: skip
        raise Refused(
            Refusal("malformed", f"the photo cannot be read ({type(exc).__name__})")
        ) from None
    shown.thumbnail((SHOWN_SIDE, SHOWN_SIDE))
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{dest.name}.{os.getpid()}.tmp"
    try:
        shown.save(tmp, "PNG")
        tmp.replace(dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest
