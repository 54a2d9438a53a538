pragma ComponentBehavior: Bound
import QtQuick

// A line of the staff panel: wraps (fingerprints anywhere), never elides.
Text {
    textFormat: Text.PlainText
    font.family: Theme.fontFamily
    font.pixelSize: Theme.px(Theme.small)
    color: Theme.text
    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
}
