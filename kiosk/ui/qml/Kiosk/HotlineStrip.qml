pragma ComponentBehavior: Bound
import QtQuick

// The attract loop's reporting strip: the pack's hotlines in groups (an organisation's numbers
// together under its name, a number that stands alone under its label). A group's main number
// is large enough to read from 5 m (Theme.hotlineMain); its heading, its dialled digits and its
// other numbers from about 2.5 m (Theme.hotlineDetail). Groups sit side by side and wrap to
// another row only when the width runs out. A right-to-left language mirrors the Flow (the
// first group at the right) and right-aligns every line; numbers stay left to right inside.
Flow {
    id: strip
    property var groups: []

    // The default pack's three groups fit side by side in landscape, and 911 beside NCMEC in
    // portrait, with this gap; a rule between groups keeps them apart for the eye.
    spacing: Theme.px(32)
    readonly property bool rtl: LayoutMirroring.enabled
    function number(value) { return rtl ? Theme.leftToRight(value) : value }

    Repeater {
        model: strip.groups
        delegate: Item {
            id: group
            required property var modelData
            required property int index
            readonly property var main: modelData.main
            // As wide as its main number (never wider than the strip, never narrower than a
            // short word): the heading and the smaller numbers wrap under it, so "Danger now"
            // over 911 takes two short lines, not the width of a third number.
            width: Math.min(strip.width, Math.max(mainNumber.implicitWidth, Theme.px(150)))
            height: column.height

            Rectangle {
                objectName: "groupRule" + group.index
                // Between two groups of a row: at the left of all but a row's first (its right, in
                // right to left).
                visible: strip.rtl ? group.x + group.width < strip.width - 1 : group.x > 0
                x: strip.rtl ? group.width + strip.spacing / 2 - width / 2 : -strip.spacing / 2 - width / 2
                width: Math.max(1, Theme.px(2))
                height: group.height
                color: Theme.outline
            }
            TextMetrics {
                id: longestWord
                font.family: Theme.fontFamily
                font.pixelSize: Theme.px(Theme.hotlineDetail)
                text: group.modelData.heading.split(/\s+/).reduce((a, b) => a.length >= b.length ? a : b, "")
            }
            Column {
                id: column
                width: group.width
                Text {
                    id: heading
                    textFormat: Text.PlainText
                    objectName: "groupHeading" + group.index
                    width: group.width
                    text: group.modelData.heading
                    horizontalAlignment: Text.AlignLeft
                    font.family: Theme.fontFamily
                    // A heading's longest word must fit the group's width (Spanish "Peligro
                    // inmediato" over 911 was elided): that one heading shrinks, not under
                    // Theme.small, rather than widening the group and wrapping the strip.
                    font.pixelSize: Math.max(Theme.px(Theme.small), Math.min(Theme.px(Theme.hotlineDetail),
                        Math.floor(Theme.px(Theme.hotlineDetail) * group.width / Math.max(1, longestWord.advanceWidth))))
                    color: Theme.textSecondary
                    wrapMode: Text.WordWrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                }
                // "English only": the heading is not written in the language on screen.
                FallbackTag {
                    objectName: "groupFallback" + group.index
                    language: group.modelData.fallbackName || ""
                    width: group.width
                    wrapMode: Text.WordWrap
                    horizontalAlignment: Text.AlignLeft
                }
                Text {
                    id: mainNumber
                    textFormat: Text.PlainText
                    objectName: "groupMain" + group.index
                    width: group.width
                    text: strip.number(group.main.display)
                    horizontalAlignment: Text.AlignLeft
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.px(Theme.hotlineMain)
                    font.bold: true
                    color: group.main.kind === "call" ? Theme.text : Theme.accent
                    elide: Text.ElideRight
                }
                // The dialled digits of a vanity number, then the group's other numbers.
                Flow {
                    width: group.width
                    spacing: Theme.px(32)
                    visible: group.main.number !== "" || group.modelData.others.length > 0
                    Text {
                        textFormat: Text.PlainText
                        objectName: "groupDialled" + group.index
                        visible: group.main.number !== ""
                        text: strip.number(group.main.number)
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.px(Theme.hotlineDetail)
                        color: Theme.textSecondary
                    }
                    Repeater {
                        model: group.modelData.others
                        delegate: Text {
                            required property var modelData
                            required property int index
                            textFormat: Text.PlainText
                            objectName: "groupOther" + group.index + "_" + index
                            text: strip.number(modelData.display)
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.px(Theme.hotlineDetail)
                            font.bold: true
                            color: modelData.kind === "call" ? Theme.text : Theme.accent
                        }
                    }
                }
            }
        }
    }
}
