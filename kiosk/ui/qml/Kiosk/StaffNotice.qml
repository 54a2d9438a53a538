pragma ComponentBehavior: Bound
import QtQuick

// The staff notice: a small box in the top-left corner for 10 s after a stick or inbox pack was
// read ("New content installed: …" / "Not installed: … (see the staff panel)"). Never a modal,
// never over the hotline strip or the QR (both sit at the bottom), and it takes no touches.
Rectangle {
    id: notice
    required property StaffBridge staff
    readonly property real margin: Math.max(parent.width * Theme.marginRatio, Theme.px(48))

    visible: staff.notice !== ""
    x: margin
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
        text: notice.staff.notice
        font.family: Theme.fontFamily
        font.pixelSize: Theme.px(Theme.small)
        color: Theme.text
        wrapMode: Text.Wrap
    }
}
