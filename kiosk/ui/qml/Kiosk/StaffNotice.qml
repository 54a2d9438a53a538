pragma ComponentBehavior: Bound
import QtQuick

// The staff notice: a small box in the top-left corner for 10 s after a stick or inbox pack was
// read ("New content installed: …" / "A pack on the USB stick was refused; …"). Never a modal,
// never over the hotline strip or the QR (both sit at the bottom): at most two lines, elided. It
// takes no touches. It is on the public screen, so it speaks only the kiosk's own words: no file
// name ever reaches it; the one outside text is the title of a pack whose signature and content
// were checked (kiosk/ops/staff_panel.py notice_parts). Its words follow the language on screen
// (qsTr; the bridge gives the pieces). A right-to-left title sits in a first-strong isolate, so an
// Arabic title cannot pull "1.0.0" to its other side; in a right-to-left language the version sits
// in a left-to-right one and the notice in the top-right corner.
Rectangle {
    id: notice
    required property StaffBridge staff
    readonly property real margin: Math.max(parent.width * Theme.marginRatio, Theme.px(48))

    readonly property var parts: staff.noticeParts
    readonly property string words: {
        // Only a title with right-to-left letters needs the isolate (plain otherwise, for tests
        // and logs that compare words).
        const isolate = value => /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.test(value)
                                 ? "\u2068" + value + "\u2069" : value
        const ltr = value => notice.LayoutMirroring.enabled ? Theme.leftToRight(value) : value
        if (parts.kind === "installed" && parts.title !== "")
            return (parts.version === ""
                    ? qsTr("New content installed: %1").arg(isolate(parts.title))
                    : Theme.fill(qsTr("New content installed: %1 %2"),
                                 [isolate(parts.title), ltr(parts.version)]))
        if (parts.kind === "installed")
            return qsTr("A new content pack is now showing")
        if (parts.kind === "already" && parts.title !== "")
            return (parts.version === ""
                    ? qsTr("Already installed: %1").arg(isolate(parts.title))
                    : Theme.fill(qsTr("Already installed: %1 %2"), [isolate(parts.title), ltr(parts.version)]))
        if (parts.kind === "already")
            return qsTr("This content pack is already installed")
        if (parts.kind === "pulled")
            return qsTr("Not installed: the USB stick was removed during the copy; plug it in again")
        if (parts.kind === "copyAgain")
            return qsTr("Not installed: the file went away during the copy; copy it to the drop folder again")
        if (parts.kind === "refused" && parts.where === "inbox")
            return qsTr("A pack in the drop folder was refused; the staff panel says why")
        if (parts.kind === "refused")
            return qsTr("A pack on the USB stick was refused; the staff panel says why")
        return staff.notice  // a kind this file does not know yet: the bridge's English words
    }

    visible: staff.notice !== ""
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
        text: notice.words
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
