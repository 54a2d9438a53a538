pragma ComponentBehavior: Bound
import QtQuick

// Shown after a while without a touch: the loop returns soon unless the visitor asks for more time.
Rectangle {
    id: overlay
    required property SessionBridge session
    color: Theme.scrim

    // The whole dimmed screen means "I'm still here"; it also keeps the press from reaching the
    // page beneath, where it could answer a question or press a button by accident.
    MouseArea {
        anchors.fill: parent
        onReleased: overlay.session.moreTime()  // on release: the whole press stays here
    }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.px(96), Theme.px(1100))
        height: column.implicitHeight + Theme.px(96)
        radius: Theme.px(24)
        color: Theme.surface
        border.color: Theme.accent
        border.width: Theme.px(3)

        Column {
            id: column
            anchors.centerIn: parent
            width: parent.width - Theme.px(96)
            spacing: Theme.px(32)
            Text {
                textFormat: Text.PlainText
                objectName: "countdownText"
                width: parent.width
                text: qsTr("Still there? Returning to the start in %1 s…").arg(overlay.session.countdown)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontPx(56)
                font.bold: true
                color: Theme.text
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
            }
            Text {
                textFormat: Text.PlainText
                width: parent.width
                text: qsTr("Touch anywhere to stay.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontPx(40)
                wrapMode: Text.WordWrap
                color: Theme.textSecondary
                horizontalAlignment: Text.AlignHCenter
            }
            Row {
                anchors.horizontalCenter: parent.horizontalCenter
                spacing: Theme.px(Theme.touchSpacing) * 2
                // Two short words: room for the large labels in either orientation.
                KioskButton {
                    objectName: "countdownExitButton"
                    labelScale: Theme.textScale
                    text: qsTr("Exit")
                    iconName: "exit-light"
                    actOnPress: true
                    onActivated: overlay.session.quickExit()
                }
                KioskButton {
                    objectName: "moreTimeButton"
                    labelScale: Theme.textScale
                    text: qsTr("More time")
                    primary: true
                    onActivated: overlay.session.moreTime()
                }
            }
        }
    }
}
