import QtQuick

// A picture from the pack (slide pictogram, lesson icon, card picture, publisher logo). It decodes
// on Qt's image reader thread (asynchronous), never on the GUI thread, so a picture that is slow
// to draw cannot freeze taps, the loop or the hotline strip. One that has not decoded within
// limitMillis is given up: it shows nothing until its source changes (the words, hotlines and QR
// stay), and Python logs its file once (kiosk/ui/pictures.py).
Image {
    id: picture
    // How long decoding may take; a test gives a shorter one.
    property int limitMillis: Pictures.limitMillis
    // True once this source has taken longer than limitMillis.
    readonly property bool late: overdue.fired
    // Still decoding within the limit (kiosk snapshot waits for it before grabbing the screen).
    readonly property bool decoding: status === Image.Loading && !late
    asynchronous: true
    opacity: late ? 0 : 1
    onSourceChanged: {
        overdue.fired = false
        if (overdue.running)
            overdue.restart()
    }

    Timer {
        id: overdue
        property bool fired: false
        interval: picture.limitMillis
        running: picture.status === Image.Loading && !fired
        onTriggered: {
            fired = true
            Pictures.late(picture.source.toString(), picture.limitMillis)
        }
    }
}
