pragma ComponentBehavior: Bound
import QtQuick

// "English only": the text beside it is not written in the language on screen, so the pack's
// first language shows instead (a pack with `fallback: true`). Hidden when there is no such text.
Text {
    id: tag
    // The shown language's own name ("English"), or "" when everything is in the visitor's.
    property string language: ""
    objectName: "fallbackTag"
    visible: language !== ""
    textFormat: Text.PlainText
    text: qsTr("%1 only").arg(language)
    font.family: Theme.fontFamily
    font.pixelSize: Theme.px(Theme.small)
    font.bold: true
    color: Theme.accent
}
