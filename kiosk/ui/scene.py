"""What is on the scene: the one walk over the visual tree that every check shares.

The self-check (where the QR is), the snapshot (texts that overflow or are cut), the fit check
(lonely words), the contrast check (texts, touch targets) and the tests all ask "which items
could a person see?". They ask it here, so they agree: an item that is hidden, or wholly
transparent, hides everything under it.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtQuick import QQuickItem


def visible_items(root: QQuickItem) -> Iterator[QQuickItem]:
    """Every item under ``root`` a person could see, each before its children (depth first).

    ``root`` itself is not included. QML items are found by the visual tree (``childItems``):
    their QObject parent is not always their visual parent.
    """
    for child in root.childItems():
        if not child.isVisible() or child.opacity() == 0:
            continue
        yield child
        yield from visible_items(child)


def all_items(root: QQuickItem) -> Iterator[QQuickItem]:
    """Every item under ``root``, shown or not, each before its children (depth first)."""
    for child in root.childItems():
        yield child
        yield from all_items(child)


def is_text(item: QQuickItem) -> bool:
    """Whether ``item`` is a text item (a ``Text``, ``TextEdit`` or alike: it can be truncated)."""
    return item.metaObject().indexOfProperty("truncated") >= 0
