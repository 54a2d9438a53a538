pragma ComponentBehavior: Bound
import QtQuick

// The staff notice: a small box in the top-left corner for 10 s after a stick or inbox pack was
// read ("New content installed: …" / "Not installed: … (see the staff panel)"). Never a modal,
// never over the hotline strip or the QR (both sit at the bottom), and it takes no touches.
// Its words follow the language on screen like the kiosk's other words (qsTr; the bridge gives
// the pieces). A right-to-left title sits in a first-strong isolate, so an Arabic title cannot pull
// "1.0.0" to its other side; in a right-to-left language the version and file name sit in
// left-to-right ones and the notice in the top-right corner.
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
        if (parts.kind === "installed")
            return (parts.version === ""
                    ? qsTr("New content installed: %1").arg(isolate(parts.title))
                    : Theme.fill(qsTr("New content installed: %1 %2"),
                                 [isolate(parts.title), ltr(parts.version)]))
        if (parts.kind === "already")
            return (parts.version === ""
                    ? qsTr("Already installed: %1").arg(isolate(parts.title))
                    : Theme.fill(qsTr("Already installed: %1 %2"), [isolate(parts.title), ltr(parts.version)]))
        if (parts.kind === "pulled")
            return qsTr("Not installed: the stick was removed while copying %1; plug it in again")
                .arg(ltr(parts.file))
        if (parts.kind === "copyAgain")
            return qsTr("Not installed: %1 went away while it was being copied; copy it again")
                .arg(ltr(parts.file))
        if (parts.kind === "refused")
            return qsTr("Not installed: %1 (see the staff panel)").arg(ltr(parts.file))
        return staff.notice  // a kind this file does not know yet: the bridge's English words
    }

    visible: staff.notice !== ""
    x: LayoutMirroring.enabled ? parent.width - margin - width : margin
    y: Theme.px(24)
    z: 50
    width: Math.min(noticeText.implicitWidth + Theme.px(48), parent.width * 0.45)
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
    }
}
