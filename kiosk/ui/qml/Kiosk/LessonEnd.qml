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

    // Every hotline under the heading; accessibility mode's large numbers may need more height
    // than the page has (five hotlines in landscape), so the list scrolls, with a bar beside it.
    Flickable {
        id: scroller
        objectName: "endHotlinesScroll"
        x: view.rtl ? view.width - width : 0
        y: heading.height + Theme.px(40)
        width: view.landscape ? view.width * 0.55 : view.width
        height: view.landscape ? view.height - y : endQr.y - y - Theme.px(24)
        contentWidth: width
        contentHeight: hotlineBar.height
        clip: contentHeight > height + 1
        interactive: clip
        flickableDirection: Flickable.VerticalFlick
        boundsBehavior: Flickable.StopAtBounds

        HotlineBar {
            id: hotlineBar
            objectName: "endHotlines"
            x: view.rtl && scroller.interactive ? Theme.px(32) : 0
            width: scroller.width - (scroller.interactive ? Theme.px(32) : 0)
            columnCount: 1
            hotlines: view.attract.hotlines
        }
    }
    Rectangle {
        objectName: "endScrollBar"
        visible: scroller.interactive
        width: Theme.px(12)
        radius: width / 2
        color: Theme.accent
        x: view.rtl ? scroller.x : scroller.x + scroller.width - width
        y: scroller.y + scroller.visibleArea.yPosition * scroller.height
        height: scroller.visibleArea.heightRatio * scroller.height
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
