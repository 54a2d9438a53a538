pragma ComponentBehavior: Bound
import QtQuick

// A line of the staff panel: wraps (fingerprints anywhere). Rows that show names from outside
// also cap their lines and elide (maximumLineCount, elide), so no name grows a row unboundedly.
Text {
    textFormat: Text.PlainText
    font.family: Theme.fontFamily
    font.pixelSize: Theme.px(Theme.small)
    color: Theme.text
    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
}
