pragma ComponentBehavior: Bound
import QtQuick

// The hotlines, in one arrangement wherever they are shown (the attract strip, the closed
// screen, the lesson menu, cards, questions and the end screen): the pack's groups (an
// organisation's numbers together under its name, a number that stands alone under its label),
// in the pack's order, on a grid. The grid is fixed by the place it is given, never by the
// words in it: a column is as wide as its group's kind needs (`layout`, row by row), every
// row of groups has a heading line, a main-number line and (when a group of that row has
// more) one line of details, each one line tall at its size. So all main numbers of a row stand
// on one baseline, and a longer or shorter number or name moves nothing. A text that does not
// fit its cell on one line is elided, never wrapped (a number is never broken inside): the
// snapshot and `pack fit` report it, naming the pack field to shorten.
// A right-to-left language mirrors the columns and right-aligns the lines; numbers stay left
// to right inside.
Item {
    id: block
    property var groups: []
    // Touch mode's sizes (menu, cards, questions, end screen) instead of the attract strip's.
    property bool compact: false
    // The grid, row by row: each row is a list of column widths in pixels; groups fill the rows
    // in order (Theme.hotlineLayout decides it from the groups' kinds and the block's width,
    // never from how wide a text is).
    readonly property bool wide: Theme.hotlineWide(width, compact)
    readonly property var layout: Theme.hotlineLayout(groups, width, compact)
    readonly property real gap: Theme.hotlineGap(compact)
    property real rowGap: Theme.px(compact ? 8 : 16)
    // Sizes at 1080p scale: a group's heading, its main number, its other numbers.
    readonly property int labelSize: compact ? Theme.hotlineCompactLabel
                                             : wide ? Theme.hotlineLabelRow : Theme.hotlineLabel
    readonly property int mainSize: compact ? Theme.hotlineCompactMain : Theme.hotlineMain
    readonly property int detailSize: compact ? Theme.hotlineCompactDetail : Theme.hotlineDetail
    // Letter spacing of the main numbers, a share of their size (see Theme.hotlineTracking).
    readonly property real tracking: compact ? 0 : Theme.hotlineTracking
    // A vanity number's dialled digits under it (1-800-843-5678 under 1-800-THE-LOST). Touch
    // mode's menu, cards and questions leave them out to keep their room (the letters are on
    // every phone's keypad); the strip, the closed screen and the end screen show them.
    property bool showDialled: !compact
    // The first row at least this tall (the portrait strip's QR stands beside its groups).
    property real firstRowMinHeight: 0
    // The width the first row's columns leave free at its end (a row of short columns only).
    readonly property real firstRowSpare: {
        const row = layout[0]
        let used = 0
        for (let c = 0; c < row.length; ++c)
            used += row[c] + (c > 0 ? gap : 0)
        return Math.max(0, width - used - (row.length > 0 ? gap : 0))
    }

    readonly property bool rtl: LayoutMirroring.enabled
    function number(value) { return rtl ? Theme.leftToRight(value) : value }

    // Where group `index` sits: its row, its column and that row's widths.
    function slot(index) {
        let start = 0
        for (let row = 0; ; ++row) {
            const widths = layout[Math.min(row, layout.length - 1)]
            if (index < start + widths.length)
                return { row: row, column: index - start, widths: widths }
            start += widths.length
        }
    }
    readonly property int rows: groups.length > 0 ? slot(groups.length - 1).row + 1 : 0

    // One line at each size: the rows' heights come from the fonts, not from the texts.
    FontMetrics { id: labelFont; font.family: Theme.fontFamily; font.pixelSize: Theme.px(block.labelSize) }
    FontMetrics { id: mainFont; font.family: Theme.fontFamily; font.pixelSize: Theme.px(block.mainSize); font.bold: true }
    FontMetrics { id: detailFont; font.family: Theme.fontFamily; font.pixelSize: Theme.px(block.detailSize) }
    readonly property real labelLine: Math.ceil(labelFont.height)
    readonly property real mainLine: Math.ceil(mainFont.height)
    readonly property real detailLine: Math.ceil(detailFont.height)

    // Whether a group needs the details line. The strip's rows always have it: whether a number
    // is a vanity one (its digits under it) must not move the slides above when it changes.
    function hasDetails(group) {
        return !compact || (showDialled && group.main.number !== "") || group.others.length > 0
               || (group.fallbackName || "") !== ""
    }
    function rowHeight(row) {
        let details = false
        for (let i = 0; i < groups.length; ++i)
            details = details || (slot(i).row === row && hasDetails(groups[i]))
        const own = labelLine + mainLine + (details ? detailLine : 0)
        return row === 0 ? Math.max(own, firstRowMinHeight) : own
    }
    function rowTop(row) {
        let top = 0
        for (let r = 0; r < row; ++r)
            top += rowHeight(r) + rowGap
        return top
    }
    function columnX(widths, column) {
        let x = 0
        for (let c = 0; c < column; ++c)
            x += widths[c] + gap
        return x
    }

    implicitHeight: rows > 0 ? rowTop(rows - 1) + rowHeight(rows - 1) : 0

    Repeater {
        model: block.groups
        delegate: Item {
            id: group
            required property var modelData
            required property int index
            readonly property var main: modelData.main
            readonly property var place: block.slot(index)
            readonly property int column: place.column
            objectName: "hotlineGroup" + index
            width: place.widths[column]
            // Its own lines, not the row's (the first row may be taller, for the QR beside it).
            height: block.labelLine + block.mainLine + (block.hasDetails(modelData) ? block.detailLine : 0)
            x: block.rtl ? block.width - block.columnX(place.widths, column) - width
                         : block.columnX(place.widths, column)
            y: block.rowTop(place.row)

            // A rule between two groups of a row, in the middle of the gap before this one.
            Rectangle {
                objectName: "groupRule" + group.index
                visible: group.column > 0
                width: Math.max(1, Theme.px(2))
                x: block.rtl ? group.width + block.gap / 2 - width / 2 : -block.gap / 2 - width / 2
                height: group.height
                color: Theme.outline
            }
            Text {
                objectName: "groupHeading" + group.index
                textFormat: Text.PlainText
                width: group.width
                height: block.labelLine
                text: group.modelData.heading
                horizontalAlignment: Text.AlignLeft
                font.family: Theme.fontFamily
                font.pixelSize: Theme.px(block.labelSize)
                color: Theme.textSecondary
                elide: Text.ElideRight
            }
            Text {
                id: mainNumber
                objectName: "groupMain" + group.index
                textFormat: Text.PlainText
                y: block.labelLine
                width: group.width
                height: block.mainLine
                text: block.number(group.main.display)
                horizontalAlignment: Text.AlignLeft
                font.family: Theme.fontFamily
                font.pixelSize: Theme.px(block.mainSize)
                font.bold: true
                font.letterSpacing: block.tracking * Theme.px(block.mainSize)
                // The spacing follows the last glyph too: right-aligned (right to left), a
                // negative one would push the number that far past its column's edge.
                rightPadding: block.rtl ? Math.max(0, -block.tracking * Theme.px(block.mainSize)) : 0
                color: group.main.kind === "call" ? Theme.text : Theme.accent
                elide: Text.ElideRight
            }
            // The dialled digits of a vanity number, then the group's other numbers, then
            // "English only" when the group is not written in the language on screen: one line.
            Row {
                id: details
                x: block.rtl ? group.width - width : 0
                y: block.labelLine + block.mainLine
                height: block.detailLine
                spacing: Theme.px(block.compact ? 24 : 32)
                // Each text gets what is left of the line, so one that does not fit is elided
                // (and reported), never drawn over the next column. At least 1 px: a Row does
                // not place an item of no width, whose x would then stay where an earlier,
                // larger layout left it (a 1280x720 window starts at 1080p sizes) and keep it
                // at no width for good.
                function roomFor(item) { return Math.max(1, group.width - item.x) }
                Text {
                    id: dialled
                    objectName: "groupDialled" + group.index
                    textFormat: Text.PlainText
                    visible: group.main.number !== "" && block.showDialled
                    width: Math.min(implicitWidth, details.roomFor(dialled))
                    text: block.number(group.main.number)
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.px(block.detailSize)
                    color: Theme.textSecondary
                    elide: Text.ElideRight
                }
                Repeater {
                    model: group.modelData.others
                    delegate: Text {
                        id: other
                        required property var modelData
                        required property int index
                        objectName: "groupOther" + group.index + "_" + index
                        textFormat: Text.PlainText
                        width: Math.min(implicitWidth, details.roomFor(other))
                        text: block.number(modelData.display)
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.px(block.detailSize)
                        // Bold like a main number.
                        font.bold: true
                        color: modelData.kind === "call" ? Theme.text : Theme.accent
                        elide: Text.ElideRight
                    }
                }
                FallbackTag {
                    id: tag
                    objectName: "groupFallback" + group.index
                    language: group.modelData.fallbackName || ""
                    width: Math.min(implicitWidth, details.roomFor(tag))
                    elide: Text.ElideRight
                    anchors.verticalCenter: parent.verticalCenter
                }
            }
        }
    }
}
