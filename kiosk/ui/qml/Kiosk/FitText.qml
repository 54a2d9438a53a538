pragma ComponentBehavior: Bound
import QtQuick

// Text that shrinks to fit its box but never below `minSize`; what still does not fit is elided,
// which `kiosk snapshot` reports as overflow. A `natural` one (accessibility mode's large text)
// keeps its largest size and is as tall as its text: its page scrolls instead.
Text {
    id: fit
    property int maxSize: Theme.bodyMax
    property int minSize: Theme.bodyMin
    property bool natural: false
    // The height a natural text takes, measured by a hidden twin: reading its own implicitHeight
    // from its height binding would lay it out from inside that binding (a binding loop).
    readonly property real naturalHeight: twin.implicitHeight

    font.family: Theme.fontFamily
    font.pixelSize: Theme.fontPx(maxSize)
    minimumPixelSize: Theme.fontPx(minSize)
    fontSizeMode: natural ? Text.FixedSize : Text.Fit
    wrapMode: Text.WordWrap
    elide: natural ? Text.ElideNone : Text.ElideRight
    // Explicit, so a right-to-left layout (LayoutMirroring) aligns every line to the right,
    // numbers and Latin words included, instead of each line by its own script.
    horizontalAlignment: Text.AlignLeft
    color: Theme.text
    textFormat: Text.PlainText

    Text {
        id: twin
        visible: false
        width: fit.width
        text: fit.text
        font: fit.font
        lineHeight: fit.lineHeight
        wrapMode: fit.wrapMode
        textFormat: Text.PlainText
    }
}
