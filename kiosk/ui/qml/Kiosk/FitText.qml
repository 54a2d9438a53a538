pragma ComponentBehavior: Bound
import QtQuick

// Text that shrinks to fit its box but never below `minSize`; what still does not fit is elided,
// which `kiosk snapshot` reports as overflow.
Text {
    property int maxSize: Theme.bodyMax
    property int minSize: Theme.bodyMin

    font.family: Theme.fontFamily
    font.pixelSize: Theme.px(maxSize)
    minimumPixelSize: Theme.px(minSize)
    fontSizeMode: Text.Fit
    wrapMode: Text.WordWrap
    elide: Text.ElideRight
    color: Theme.text
    textFormat: Text.PlainText
}
