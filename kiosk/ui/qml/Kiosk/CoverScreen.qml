pragma ComponentBehavior: Bound
import QtQuick

// The quick-exit cover: neutral on purpose (the venue's name and the time, nothing about the
// subject), for someone who may be reading while being watched. A touch returns to the loop.
Rectangle {
    id: cover
    required property SessionBridge session
    color: Theme.cover
    property date now: new Date()

    Timer {
        interval: 1000
        running: cover.visible
        repeat: true
        triggeredOnStart: true
        onTriggered: cover.now = new Date()
    }

    Column {
        anchors.centerIn: parent
        spacing: Theme.px(24)
        Text {
            textFormat: Text.PlainText
            objectName: "coverVenue"
            anchors.horizontalCenter: parent.horizontalCenter
            text: cover.session.venueName !== "" ? cover.session.venueName : qsTr("Welcome")
            font.family: Theme.plainFontFamily  // the whole cover in an ordinary face
            font.pixelSize: Theme.px(72)
            color: Theme.text
        }
        Text {
            textFormat: Text.PlainText
            objectName: "coverClock"
            anchors.horizontalCenter: parent.horizontalCenter
            // The time as the language on screen writes it ("3:05 PM", "15:05"), in a plain
            // face: Atkinson's slashed zero would mark this screen as the kiosk's.
            text: Qt.formatTime(cover.now, Qt.locale(Qt.uiLanguage).timeFormat(Locale.ShortFormat))
            font.family: Theme.plainFontFamily
            font.pixelSize: Theme.px(160)
            font.bold: true
            color: Theme.text
        }
    }
}
