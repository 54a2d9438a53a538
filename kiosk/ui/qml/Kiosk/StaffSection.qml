pragma ComponentBehavior: Bound
import QtQuick

// One titled block of the staff panel.
Column {
    id: section
    property string title
    default property alias content: body.data
    spacing: Theme.px(12)

    Text {
        textFormat: Text.PlainText
        width: section.width
        text: section.title
        font.family: Theme.fontFamily
        font.pixelSize: Theme.px(40)
        font.bold: true
        color: Theme.accent
        wrapMode: Text.Wrap
    }
    Column {
        id: body
        width: section.width
        spacing: Theme.px(12)
    }
}
