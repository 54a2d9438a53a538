pragma ComponentBehavior: Bound
import QtQuick

// The attract loop's reporting strip: the hotline block (HotlineBlock) at the strip's sizes. A
// group's main number is large enough to read from 5 m (Theme.hotlineMain); its heading, its
// dialled digits and its other numbers from about 2.5 m (Theme.hotlineDetail). Landscape: the
// groups side by side on one row of fixed columns; portrait: one group a row. Its height is
// fixed by the screen and the pack's number of groups, never by the width of a number or a name,
// so the slides above it do not move when a number changes.
HotlineBlock {
    compact: false
}
