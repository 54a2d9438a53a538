pragma ComponentBehavior: Bound
import QtQuick

// Accessibility mode's pages: "Page 1 of 2 · Next shows the rest", in large accent words at the
// foot of a card, question or feedback that does not fit one screen, so a visitor knows there
// is more and which large button shows it. Hidden when everything fits on one page; `reserved`
// is the room a paging view keeps for it (measured whether or not it shows).
Text {
    id: cue
    objectName: "pageCue"
    property int part: 0
    property int parts: 1
    readonly property real reserved: height + Theme.px(Theme.gap)
    visible: parts > 1
    height: Theme.fontPx(Theme.lessonBodyMin) * 1.3
    verticalAlignment: Text.AlignBottom
    horizontalAlignment: Text.AlignLeft   // mirrored to the right in right to left
    textFormat: Text.PlainText
    wrapMode: Text.NoWrap
    // One line on the narrowest screen, in every language: shrinks a little rather than wrap.
    fontSizeMode: Text.HorizontalFit
    minimumPixelSize: Theme.fontPx(28)
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fontPx(Theme.lessonBodyMin)
    font.bold: true
    color: Theme.accent
    text: part < parts - 1
          ? Theme.fill(qsTr("Page %1 of %2 · Next shows the rest"), [part + 1, parts])
          : Theme.fill(qsTr("Page %1 of %2"), [part + 1, parts])
}
