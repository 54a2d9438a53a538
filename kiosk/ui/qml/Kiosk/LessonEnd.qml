pragma ComponentBehavior: Bound
import QtQuick

// The end of a lesson: what to do, every hotline, and the QR to the full free training.
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

    // Every hotline, one under another. Where they are more than the room above the navigation
    // (five numbers in large text), the list shrinks as a whole rather than run under the buttons.
    HotlineBar {
        id: endHotlines
        objectName: "endHotlines"
        // Right to left: against the right edge (scaled from its top left corner).
        x: view.rtl ? view.width - width * scale : 0
        anchors.top: heading.bottom
        anchors.topMargin: Theme.px(40)
        readonly property real room: (view.landscape ? view.height : endQr.y - Theme.px(24))
                                     - heading.height - Theme.px(40)
        width: view.landscape ? view.width * 0.55 : view.width
        columnCount: 1
        hotlines: view.attract.hotlines
        transformOrigin: Item.TopLeft
        scale: implicitHeight > room && room > 0 ? room / implicitHeight : 1
    }

    QrBadge {
        id: endQr
        objectName: "endQr"
        horizontal: false
        codeSize: view.landscape ? Math.min(Theme.px(380), view.height - heading.height - Theme.px(160))
                                 : Theme.px(360)
        x: view.rtl ? 0 : view.width - implicitWidth
        y: view.landscape ? heading.height + Theme.px(40) : view.height - implicitHeight
        source: view.attract.training.qrSource
        label: qsTr("Take the free training")
        display: view.attract.training.qrDisplay
    }
}
