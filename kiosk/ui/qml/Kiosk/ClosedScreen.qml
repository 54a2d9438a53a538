pragma ComponentBehavior: Bound
import QtQuick

// Outside opening hours: a dim, still screen with the hotlines and the training QR only, so a
// person passing a closed venue can still call or scan. Nothing here animates (the attract loop
// is stopped), so the scene graph idles; the content drifts a few pixels on a slow timer.
Rectangle {
    id: closed
    required property AttractBridge attract
    required property ScheduleBridge schedule
    color: Theme.closedBackground

    readonly property bool landscape: width >= height
    readonly property real margin: Math.max(width * Theme.marginRatio, Theme.px(48))
    readonly property real shortSide: Math.min(width, height)
    // The whole block, centred on the screen (an upper band would look like something missing).
    readonly property real blockHeight: heading.height + help.height + Theme.px(Theme.gap + 48)
        + hotlines.height + Theme.px(48) + qr.height

    Item {
        id: content
        anchors.fill: parent
        opacity: Theme.closedDim
        // Inwards from the top-left corner the content is anchored to: right and down.
        transform: Translate {
            x: closed.schedule.driftX * closed.shortSide
            y: closed.schedule.driftY * closed.shortSide
        }

        Text {
            id: heading
            objectName: "closedHeading"
            textFormat: Text.PlainText
            x: closed.margin
            y: Math.max(closed.height * 0.08, (closed.height - closed.blockHeight) / 2)
            width: closed.width - 2 * closed.margin
            // The opening as people say it in the language on screen ("Mon 6:00 AM", "el lunes a
            // las 6:00"): the bridge words it (schedule_bridge.opens_again_words).
            text: closed.schedule.opensAt >= 0
                  ? qsTr("Closed now. Opens again %1.").arg(
                        closed.schedule.opensAgain(closed.attract.language))
                  : qsTr("Closed now.")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.px(48)
            color: Theme.textSecondary
            wrapMode: Text.WordWrap
        }
        Text {
            id: help
            objectName: "closedHelp"
            textFormat: Text.PlainText
            anchors.top: heading.bottom
            anchors.topMargin: Theme.px(Theme.gap)
            x: closed.margin
            width: heading.width
            text: qsTr("You can still call, text or scan:")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.px(Theme.small)
            color: Theme.text
            wrapMode: Text.WordWrap
        }

        // The attract strip's block at the strip's sizes, grouped and labelled alike, in the
        // language on screen (the schedule turns the venue's languages while closed).
        HotlineBlock {
            id: hotlines
            objectName: "closedHotlines"
            x: closed.margin
            y: help.y + help.height + Theme.px(48)
            width: closed.width - 2 * closed.margin
            groups: closed.attract.hotlineGroups
        }

        QrBadge {
            id: qr
            objectName: "closedQr"
            codeSize: Theme.px(closed.landscape ? 240 : 320)
            source: closed.attract.training.qrSource
            label: closed.attract.training.qrLabel
            display: closed.attract.training.qrAddress
            x: closed.landscape ? closed.margin : (closed.width - width) / 2
            y: hotlines.y + hotlines.height + Theme.px(48)
            width: implicitWidth
            height: implicitHeight
        }
    }
}
