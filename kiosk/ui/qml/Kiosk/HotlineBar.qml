pragma ComponentBehavior: Bound
import QtQuick

// The always-visible reporting strip: every hotline of the pack, in its order. A right-to-left
// language mirrors the grid and right-aligns the lines; numbers stay left to right inside.
Grid {
    id: bar
    readonly property bool rtl: LayoutMirroring.enabled
    property var hotlines: []
    property int columnCount: 2

    columns: columnCount
    columnSpacing: Theme.px(32)
    rowSpacing: Theme.px(16)

    Repeater {
        model: bar.hotlines
        delegate: Column {
            id: cell
            required property var modelData
            required property int index
            width: (bar.width - (bar.columnCount - 1) * bar.columnSpacing) / bar.columnCount
            spacing: 0

            Text {
                textFormat: Text.PlainText
                objectName: "hotlineLabel" + cell.index
                width: cell.width
                text: cell.modelData.label
                horizontalAlignment: Text.AlignLeft
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontPx(Theme.small)
                color: Theme.textSecondary
                elide: Text.ElideRight
            }
            FallbackTag {
                objectName: "hotlineFallback" + cell.index
                language: cell.modelData.fallbackName || ""
                width: cell.width
                horizontalAlignment: Text.AlignLeft
            }
            // A display with words ("Envíe HELP al 233733") that is wider than its cell even at
            // the smallest size wraps between its words onto a second line, rather than cut the
            // number short; a display that fits stays on one line.
            TextMetrics {
                id: oneLine
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontPx(Theme.hotlineMin)
                font.bold: true
                text: cell.modelData.display
            }
            FitText {
                readonly property bool twoLines: oneLine.advanceWidth > cell.width
                objectName: "hotlineDisplay" + cell.index
                width: cell.width
                height: Theme.fontPx(Theme.hotlineSize) * 1.2 * (twoLines ? 2 : 1)
                maxSize: Theme.hotlineSize
                minSize: Theme.hotlineMin
                wrapMode: twoLines ? Text.WordWrap : Text.NoWrap
                text: bar.rtl ? Theme.leftToRight(cell.modelData.display) : cell.modelData.display
                font.bold: true
                color: cell.modelData.kind === "call" ? Theme.text : Theme.accent
            }
            Text {
                textFormat: Text.PlainText
                objectName: "hotlineNumber" + cell.index
                visible: cell.modelData.number !== ""
                width: cell.width
                text: bar.rtl ? Theme.leftToRight(cell.modelData.number) : cell.modelData.number
                horizontalAlignment: Text.AlignLeft
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontPx(Theme.small)
                color: Theme.textSecondary
                elide: Text.ElideRight
            }
        }
    }
}
