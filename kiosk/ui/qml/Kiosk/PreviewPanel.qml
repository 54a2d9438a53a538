pragma ComponentBehavior: Bound
import QtQuick

// `kiosk preview`: drawn over the kiosk's screen. A status line (where one is, which keys step
// through the pack) and, when the folder has problems, a sheet that shows them with their
// file:line in place of the slide or lesson they concern. Python owns the words.
Item {
    id: panel
    required property PreviewBridge preview

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
            anchors.topMargin: Theme.px(72)
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
        anchors.top: parent.top
        height: status.implicitHeight + Theme.px(12)
        color: Theme.scrim

        Text {
            id: status
            objectName: "previewStatusText"
            anchors.verticalCenter: parent.verticalCenter
            x: Theme.px(16)
            width: parent.width - Theme.px(32)
            textFormat: Text.PlainText
            text: panel.preview.status
            wrapMode: Text.Wrap  // portrait windows are narrow: two lines, never cut
            font.family: Theme.fontFamily
            font.pixelSize: Theme.px(22)
            color: Theme.text
        }
    }
}
