pragma ComponentBehavior: Bound
import QtQuick

// The end of a lesson: what to do, the hotlines (the same block as everywhere, at touch mode's
// sizes) and the QR to the full free training, under the pack's own label for it (its Spanish
// says the course is in English).
Item {
    id: view
    required property SessionBridge session
    required property AttractBridge attract
    readonly property bool landscape: width >= height
    // Right to left: the hotlines at the right, the QR at the left (placed by hand, so mirrored here).
    readonly property bool rtl: LayoutMirroring.enabled

    Text {
        textFormat: Text.PlainText
        id: heading
        objectName: "endHeading"
        width: parent.width
        text: qsTr("If you notice signs, report. Do not step in yourself.")
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontPx(Theme.lessonHeadlineMin)
        font.bold: true
        color: Theme.text
        wrapMode: Text.WordWrap
        horizontalAlignment: Text.AlignLeft
    }

    // Landscape: the hotlines at the left, the QR at the right; portrait: the QR under them.
    HotlineBlock {
        id: endHotlines
        objectName: "endHotlines"
        x: view.rtl ? view.width - width : 0
        y: heading.height + Theme.px(40)
        width: view.landscape ? view.width - endQr.width - Theme.px(64) : view.width
        compact: true
        showDialled: true
        groups: view.attract.hotlineGroups
    }

    QrBadge {
        id: endQr
        objectName: "endQr"
        codeSize: view.landscape ? Math.min(Theme.px(360), view.height - heading.height - Theme.px(180))
                                 : Theme.px(360)
        width: implicitWidth
        height: implicitHeight
        x: view.landscape ? (view.rtl ? 0 : view.width - width) : (view.width - width) / 2
        y: view.landscape ? heading.height + Theme.px(40) : endHotlines.y + endHotlines.height + Theme.px(48)
        source: view.attract.training.qrSource
        label: view.attract.training.qrLabel
        display: view.attract.training.qrAddress
    }
}
