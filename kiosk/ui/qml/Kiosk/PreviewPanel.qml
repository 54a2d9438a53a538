pragma ComponentBehavior: Bound
import QtQuick

// `kiosk preview`: over the kiosk's screen, when the folder has problems, a sheet that shows
// them with their file:line in place of the slide or lesson they concern; under the screen, never
// over it, a status bar (where one is, in which language and size, and the keys). Python makes
// the window taller by the bar and keeps the kiosk's screen above it. Python owns the words.
Item {
    id: panel
    required property PreviewBridge preview
    // The author's desktop, not the kiosk's screen: the bar's text is not scaled with the screen.
    readonly property int barTextPx: 16
    readonly property int barPadding: 6

    anchors.fill: parent
    z: 1000

    Rectangle {
        objectName: "previewProblems"
        anchors.fill: parent
        visible: panel.preview.covered
        color: Theme.background

        Flickable {
            anchors.fill: parent
            anchors.margins: Theme.px(48)
            contentHeight: sheet.implicitHeight
            clip: true

            Column {
                id: sheet
                width: parent.width
                spacing: Theme.px(20)

                Text {
                    objectName: "previewProblemTitle"
                    width: sheet.width
                    textFormat: Text.PlainText
                    text: panel.preview.title
                    wrapMode: Text.Wrap
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.px(40)
                    font.bold: true
                    color: Theme.accent
                }
                Repeater {
                    model: panel.preview.problems
                    delegate: Text {
                        required property string modelData
                        required property int index
                        objectName: "previewProblem" + index
                        width: sheet.width
                        textFormat: Text.PlainText
                        text: modelData
                        wrapMode: Text.Wrap
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.px(30)
                        color: Theme.text
                    }
                }
            }
        }
    }

    Rectangle {
        objectName: "previewStatus"
        visible: panel.preview.statusVisible
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.bottom  // below the kiosk's screen: it covers nothing on it
        height: lines.implicitHeight + 2 * panel.barPadding
        color: Theme.scrim

        Column {
            id: lines
            x: 2 * panel.barPadding
            y: panel.barPadding
            width: parent.width - 4 * panel.barPadding

            Text {
                objectName: "previewStatusText"
                width: lines.width
                textFormat: Text.PlainText
                text: panel.preview.status
                wrapMode: Text.Wrap  // a portrait window is narrow: more lines, never cut
                font.family: Theme.fontFamily
                font.pixelSize: panel.barTextPx
                font.bold: true
                color: Theme.text
            }
            Text {
                objectName: "previewKeysText"
                width: lines.width
                textFormat: Text.PlainText
                text: panel.preview.keys
                wrapMode: Text.Wrap
                font.family: Theme.fontFamily
                font.pixelSize: panel.barTextPx
                color: Theme.text
            }
        }
    }
}
