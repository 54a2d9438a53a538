pragma ComponentBehavior: Bound
import QtQuick

// The staff notice: a small box in the top-left corner for 10 s after a stick or inbox pack was
// read ("New content installed: …" / "A pack on the USB stick was refused; …"). Never a modal,
// never over the hotline strip or the QR (both sit at the bottom): at most two lines, elided. It
// takes no touches, and it is not shown over the keypad or the panel (the panel says it itself).
// It is on the public screen, so it speaks only the kiosk's own words: no file name ever reaches
// it; the one outside text is the title of a pack whose signature and content were checked.
// Python words it in the language on screen, with a right-to-left title in an isolate
// (kiosk/ui/bridges/staff_notice.py); in a right-to-left language it sits in the top-right corner.
Rectangle {
    id: notice
    required property NoticeBridge bridge
    readonly property real margin: Math.max(parent.width * Theme.marginRatio, Theme.px(48))

    visible: bridge.text !== ""
    x: LayoutMirroring.enabled ? parent.width - margin - width : margin
    y: parent.height * Theme.marginRatio  // inside the safe area a TV may crop, like the margin
    z: 50
    // Wide enough for two lines of the longest words: under half a landscape screen, the width
    // of a portrait one (whose corner is too narrow for two lines).
    readonly property real maxWidth: parent.width > parent.height ? parent.width * 0.45
                                                                  : parent.width - 2 * margin
    width: Math.min(noticeText.implicitWidth + Theme.px(48), maxWidth)
    height: noticeText.height + Theme.px(32)
    radius: Theme.px(12)
    color: Theme.surface
    border.width: Theme.px(2)
    border.color: Theme.accent

    Text {
        id: noticeText
        objectName: "staffNoticeText"
        textFormat: Text.PlainText
        x: Theme.px(24)
        y: Theme.px(16)
        width: notice.width - Theme.px(48)
        text: notice.bridge.text
        horizontalAlignment: Text.AlignLeft
        font.family: Theme.fontFamily
        font.pixelSize: Theme.px(Theme.small)
        color: Theme.text
        wrapMode: Text.Wrap
        // Two lines at most, whatever the words: the notice never grows towards the strip.
        maximumLineCount: 2
        elide: Text.ElideRight
    }
}
