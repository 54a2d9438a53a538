"""The limits every pack from outside must keep.


A leaf: it imports nothing of the kiosk's, so every module (the trust core, the archive reader,
the validator, the inbox) can take its numbers without pulling in another's code
(tests/content/test_limits.py holds it).
"""

from __future__ import annotations

MAX_ENTRIES = 2_000
MAX_FILE_BYTES = 20_000_000
MAX_PIXELS = 40_000_000  # per raster picture, read from its header before it is decoded
MAX_TOTAL_BYTES = 200_000_000
# The archive itself is compressed; this leaves room for zip overhead on top of the unpacked limit.
MAX_ARCHIVE_BYTES = MAX_TOTAL_BYTES + 16_000_000
# The zip's table of contents is read into memory before the entries can be counted, so its size
# is checked first: a real entry takes about 100 bytes there.
MAX_DIRECTORY_BYTES = MAX_ENTRIES * 2048
MAX_NAME_CHARS = 400  # one path inside a pack
# A MANIFEST line is a hash, a size and a path: this fits MAX_ENTRIES of the longest.
MAX_MANIFEST_BYTES = MAX_ENTRIES * (64 + 2 + 12 + 2 + MAX_NAME_CHARS * 4 + 1)
MAX_SIGNATURE_BYTES = 1_024

# What one SVG picture may expand to when drawn. A `<use>` draws its target again, so ten `<use>`
# of a group of ten `<use>` of ... draw 10**n elements from a few hundred bytes ("billion laughs"
# of SVG), and the GUI thread draws them. Measured with QSvgRenderer at 1920x1080 on the 2-core
# machine: the default pack's pictures have at most 15 elements, 5 levels of nesting, 139
# characters of path data and no filter or mask, and draw in ~5 ms; 600 icon-like elements drew
# in ~60 ms, one full-size blur in ~330 ms, one mask in ~20 ms. These limits bound the expansion
# (exponential otherwise); the outline limits below bound what elements cost in pixels.
MAX_SVG_ELEMENTS = 500  # every element drawn, counting a <use> as a new copy of its target
MAX_SVG_DEPTH = 24  # nesting of what is drawn, through <use> (QtSvg itself gives up past 32)
MAX_SVG_PATH_CHARS = 20_000  # path data (d=, points=) drawn, counting copies made by <use>
MAX_SVG_MASKED = 4  # elements drawn through a mask, counting copies made by <use>
MAX_SVG_FILTER_PRIMITIVES = 0  # flat pictograms need none, and one blur costs ~0.3 s full screen
MAX_SVG_GRADIENT_STOPS = 256
# What one element costs in pixels, relative to the picture's size (its viewBox's larger side, so
# the numbers do not depend on the size it is drawn at), with transforms and <use> copies
# counted. Qt's rasteriser pays per scanline an edge crosses, much more when one path's edges
# overlap: 16 canvas-high crossing segments in one <polyline> took 330 ms at 1920x1080, 8 took
# 80 ms; a 19 KB polyline of such segments 5.8 s (whatever its stroke width). The default pack
# and the app's icons have at most 5.6 picture sizes of outline in one element, 10.8 in all.
# Each path's outline (path, polyline, polygon: edges that may cross) in picture sizes, squared
# and summed over the paths drawn: one may be 16 long, or four 8 long. The worst shapes measured
# within the limits drew in 140-210 ms; the icons reach ~40.
MAX_SVG_OUTLINE_SQUARED = 256.0
MAX_SVG_OUTLINE = 100.0  # every outline drawn, in picture sizes (99 separate lines: ~150 ms)
MAX_SVG_STROKE = 1.0  # stroke width, in picture sizes (the icons: at most 0.125)
MAX_SVG_DASHES = 2_000  # dashes drawn (a dash pattern of 0.01 on a long line drew for minutes)

__all__ = [
    "MAX_ARCHIVE_BYTES",
    "MAX_DIRECTORY_BYTES",
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_MANIFEST_BYTES",
    "MAX_NAME_CHARS",
    "MAX_PIXELS",
    "MAX_SIGNATURE_BYTES",
    "MAX_SVG_DASHES",
    "MAX_SVG_DEPTH",
    "MAX_SVG_ELEMENTS",
    "MAX_SVG_FILTER_PRIMITIVES",
    "MAX_SVG_GRADIENT_STOPS",
    "MAX_SVG_MASKED",
    "MAX_SVG_OUTLINE",
    "MAX_SVG_OUTLINE_SQUARED",
    "MAX_SVG_PATH_CHARS",
    "MAX_SVG_STROKE",
    "MAX_TOTAL_BYTES",
]
