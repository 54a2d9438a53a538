pragma ComponentBehavior: Bound
import QtQuick

// An alert taking over the screen: an AMBER Alert (CAP) or a signed venue message, from the
// AlertsBridge. Over the attract loop for the alert's validity window; over touch mode at the
// visitor's next step, with Continue and Exit. Calm on purpose: the kiosk's dark field, the one
// accent, no red and nothing that flashes; several alerts take turns (the bridge decides when).
// Every word of the alert comes from outside: the bridge cleaned and bounded it, and here it is
// plain text, elided where it would not fit, never wrapped over the hotline strip, which stays.
//
// Landscape: the words at the left (kind and event, headline, description, instruction, the
// number to call at the foot), the photo and "Until …" in a column at the right. Portrait: the
// photo at the top right beside the headline, the rest under them. One grid whatever the alert
// says; a right-to-left language mirrors it.
Rectangle {
    id: screen
    required property AlertsBridge alerts
    required property AttractBridge attract
    required property SessionBridge session
    // Burn-in care (ScheduleBridge): the alert may stand for hours; its words and strip move a
    // few pixels on the schedule's slow timer, as the loop's strip does.
    property real driftX: 0
    property real driftY: 0
    color: Theme.background

    readonly property bool landscape: width >= height
    readonly property bool rtl: LayoutMirroring.enabled
    function mirrorX(x, w) { return rtl ? width - x - w : x }
    readonly property real margin: Math.max(width * Theme.marginRatio, Theme.px(48))
    readonly property real marginY: height * Theme.marginRatio
    readonly property bool overTouch: alerts.overTouch
    // The column beside the words (landscape) or the photo's width (portrait).
    readonly property real columnWidth: Theme.px(landscape ? 460 : 320)
    readonly property real photoHeight: Math.round(columnWidth * 1.2)
    readonly property bool hasPhoto: alerts.photo !== ""

    // Over touch mode: Exit and Continue at the foot, where touch mode has its navigation.
    readonly property real navHeight: overTouch ? Theme.px(Theme.touchTarget) + Theme.px(48) : 0
    // The strip: the hotline block at the loop's sizes (the touch mode's compact ones when the
    // navigation needs the room), on the surface colour to the screen's edges.
    readonly property real stripHeight: Theme.px(24) + strip.height
                                        + (overTouch ? Theme.px(24) : marginY)
    readonly property real contentBottom: height - navHeight - stripHeight - Theme.px(Theme.gap)

    // Taps on the screen's background go nowhere (the lesson under it must not take them).
    MouseArea {
        anchors.fill: parent
        enabled: screen.overTouch
    }

    Item {
        id: content
        anchors.fill: parent
        transform: Translate { x: screen.driftX; y: -screen.driftY }

        // What this is: the kind (the kiosk's words), then the event and area (the alert's).
        Row {
            id: header
            objectName: "alertHeader"
            x: screen.mirrorX(screen.margin, width)
            y: screen.marginY
            width: screen.landscape ? screen.width - 2 * screen.margin - screen.columnWidth - Theme.px(48)
                                    : screen.width - 2 * screen.margin - screen.columnWidth - Theme.px(32)
            height: kindTag.height
            spacing: Theme.px(20)
            Rectangle {
                id: kindTag
                width: kindText.implicitWidth + Theme.px(40)
                height: kindText.implicitHeight + Theme.px(12)
                radius: height / 2
                color: Theme.accent
                Text {
                    id: kindText
                    objectName: "alertKind"
                    anchors.centerIn: parent
                    textFormat: Text.PlainText
                    text: screen.alerts.kind === "amber" ? qsTr("AMBER Alert")
                        : screen.alerts.kind === "message" ? qsTr("Notice from this venue")
                        : qsTr("Alert")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.px(Theme.small)
                    font.bold: true
                    color: Theme.accentInk
                }
            }
            Text {
                objectName: "alertEvent"
                anchors.verticalCenter: parent.verticalCenter
                width: header.width - kindTag.width - header.spacing - (turns.visible ? turns.width + header.spacing : 0)
                textFormat: Text.PlainText
                text: screen.alerts.event
                horizontalAlignment: Text.AlignLeft
                font.family: Theme.fontFamily
                font.pixelSize: Theme.px(Theme.small)
                color: Theme.textSecondary
                maximumLineCount: 1
                elide: Text.ElideRight
            }
            // Which of several alerts this is ("1 of 2"); they take turns.
            Text {
                id: turns
                objectName: "alertTurns"
                visible: screen.alerts.count > 1
                anchors.verticalCenter: parent.verticalCenter
                textFormat: Text.PlainText
                text: Theme.fill(qsTr("%1 of %2"), [screen.alerts.position + 1, screen.alerts.count])
                font.family: Theme.fontFamily
                font.pixelSize: Theme.px(Theme.small)
                color: Theme.textSecondary
            }
        }

        FitText {
            id: headline
            objectName: "alertHeadline"
            x: screen.mirrorX(screen.margin, width)
            y: header.y + header.height + Theme.px(Theme.gap)
            width: header.width
            height: Math.ceil(Theme.px(Theme.headlineMin) * 1.25 * maximumLineCount) + 1
            maximumLineCount: screen.landscape ? 2 : 3
            maxSize: Theme.headlineMin + 8
            minSize: Theme.headlineMin
            font.bold: true
            verticalAlignment: Text.AlignTop
            text: screen.alerts.headline
        }
        FallbackTag {
            x: screen.mirrorX(screen.margin, width)
            y: headline.y + headline.height
            language: screen.alerts.fallbackName
        }

        // The photo of the child (CAP resource from an allowed host, or the message's own),
        // decoded off the GUI thread by Python and again here by Qt's image reader thread.
        Rectangle {
            id: photoFrame
            objectName: "alertPhotoFrame"
            visible: screen.hasPhoto
            x: screen.mirrorX(screen.width - screen.margin - width, width)
            y: screen.marginY
            width: screen.columnWidth
            height: screen.photoHeight
            color: Theme.surface
            radius: Theme.px(12)
            PackPicture {
                objectName: "alertPhoto"
                anchors.fill: parent
                anchors.margins: Theme.px(8)
                source: screen.alerts.photo
                sourceSize.width: width
                sourceSize.height: height
                fillMode: Image.PreserveAspectFit
            }
        }

        // Until when, and who says so (landscape: in the column, under the photo).
        Column {
            id: facts
            objectName: "alertFacts"
            x: screen.landscape ? screen.mirrorX(screen.width - screen.margin - width, width)
                                : screen.mirrorX(screen.margin, width)
            y: screen.landscape ? (screen.hasPhoto ? photoFrame.y + photoFrame.height + Theme.px(Theme.gap) : screen.marginY)
                                : call.y - height - Theme.px(Theme.gap)
            width: screen.landscape ? screen.columnWidth : screen.width - 2 * screen.margin
            spacing: Theme.px(8)
            Text {
                objectName: "alertUntil"
                width: facts.width
                textFormat: Text.PlainText
                text: screen.alerts.untilMs > 0
                      ? Theme.fill(qsTr("Until %1"), [screen.untilWords(screen.alerts.untilMs, screen.alerts.untilToday)])
                      : ""
                horizontalAlignment: Text.AlignLeft
                font.family: Theme.fontFamily
                font.pixelSize: Theme.px(Theme.small)
                color: Theme.textSecondary
                wrapMode: Text.WordWrap
                maximumLineCount: 2
                elide: Text.ElideRight
            }
            Text {
                objectName: "alertSender"
                width: facts.width
                textFormat: Text.PlainText
                text: screen.alerts.sender
                horizontalAlignment: Text.AlignLeft
                font.family: Theme.fontFamily
                font.pixelSize: Theme.px(Theme.small)
                color: Theme.textSecondary
                wrapMode: Text.WordWrap
                maximumLineCount: 2
                elide: Text.ElideRight
            }
        }

        // The description, then what to do; they share the room above the number to call.
        Item {
            id: words
            x: screen.mirrorX(screen.margin, width)
            y: screen.landscape || !screen.hasPhoto
               ? headline.y + headline.height + Theme.px(Theme.gap)
               : Math.max(headline.y + headline.height, photoFrame.y + photoFrame.height) + Theme.px(Theme.gap)
            width: screen.landscape ? header.width : screen.width - 2 * screen.margin
            height: (screen.landscape ? call.y : facts.y) - Theme.px(Theme.gap) - y
            FitText {
                id: description
                objectName: "alertDescription"
                width: words.width
                height: words.height - (instruction.visible ? instruction.height + Theme.px(16) : 0)
                maxSize: Theme.bodyMin
                minSize: Theme.lessonBodyMin
                verticalAlignment: Text.AlignTop
                text: screen.alerts.description
            }
            FitText {
                id: instruction
                objectName: "alertInstruction"
                visible: text !== ""
                y: description.height + Theme.px(16)
                width: words.width
                height: Math.ceil(Theme.px(Theme.bodyMin) * 1.25 * 2) + 1
                maxSize: Theme.bodyMin
                minSize: Theme.lessonBodyMin
                font.bold: true
                verticalAlignment: Text.AlignTop
                text: screen.alerts.instruction
            }
        }

        // The number to call: the alert's own when it gave a valid one, else 911.
        Row {
            id: call
            objectName: "alertCall"
            x: screen.mirrorX(screen.margin, width)
            y: screen.contentBottom - height
            spacing: Theme.px(24)
            Text {
                objectName: "alertCallLabel"
                anchors.baseline: callNumber.baseline
                textFormat: Text.PlainText
                text: screen.alerts.callIsDefault ? qsTr("Seen something? Call") : qsTr("Information? Call")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.px(Theme.hotlineDetail)
                color: Theme.text
            }
            Text {
                id: callNumber
                objectName: "alertCallNumber"
                textFormat: Text.PlainText
                text: screen.rtl ? Theme.leftToRight(screen.alerts.callNumber) : screen.alerts.callNumber
                font.family: Theme.fontFamily
                font.pixelSize: Theme.px(Theme.hotlineMain)
                font.bold: true
                font.letterSpacing: Theme.px(Theme.hotlineTracking)
                color: Theme.accent
            }
        }

        // The reporting strip stays, as on every screen.
        Rectangle {
            objectName: "alertStrip"
            x: -screen.driftX - Theme.px(16)
            y: screen.height - screen.navHeight - screen.stripHeight
            width: screen.width + 2 * Theme.px(16)
            height: screen.stripHeight + screen.navHeight + Theme.px(16)
            color: Theme.surface
            HotlineBlock {
                id: strip
                objectName: "alertHotlines"
                x: screen.margin + screen.driftX + Theme.px(16)
                y: Theme.px(24)
                width: screen.width - 2 * screen.margin
                compact: screen.overTouch
                groups: screen.attract.hotlineGroups
            }
        }
    }

    // Over touch mode: Exit (at once, as everywhere) and back to the lesson.
    Item {
        id: nav
        objectName: "alertNav"
        visible: screen.overTouch
        x: screen.margin
        width: screen.width - 2 * screen.margin
        height: Theme.px(Theme.touchTarget)
        y: screen.height - height - Theme.px(48)
        KioskButton {
            objectName: "alertExitButton"
            anchors.left: parent.left
            text: qsTr("Exit")
            iconName: "exit"
            primary: true
            actOnPress: true
            onActivated: screen.session.quickExit()
        }
        KioskButton {
            objectName: "alertContinueButton"
            anchors.right: parent.right
            text: qsTr("Continue")
            onActivated: screen.alerts.dismiss()
        }
    }

    // "10:39 PM" today, else the day too, as the language on screen writes them.
    function untilWords(ms: real, today: bool): string {
        const locale = Qt.locale(Qt.uiLanguage)
        const when = new Date(ms)
        const time = Qt.formatTime(when, locale.timeFormat(Locale.ShortFormat))
        return today ? time : Qt.formatDate(when, locale.dateFormat(Locale.ShortFormat)) + " " + time
    }
}
