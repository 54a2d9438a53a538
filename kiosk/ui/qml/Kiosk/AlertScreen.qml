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
    function mirrorX(x: real, w: real): real { return rtl ? width - x - w : x }
    readonly property real margin: Math.max(width * Theme.marginRatio, Theme.px(48))
    readonly property real marginY: height * Theme.marginRatio
    readonly property bool overTouch: alerts.overTouch
    // Landscape: the column at the right (photo, number, until when) and the words beside it.
    // Portrait: the words take the width; the photo is 320 wide, the number beside it.
    readonly property real columnWidth: Theme.px(520)
    readonly property real wordsWidth: landscape ? width - 2 * margin - columnWidth - Theme.px(48)
                                                 : width - 2 * margin
    readonly property real photoWidth: Theme.px(320)
    readonly property real photoHeight: Theme.px(400)
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
            width: screen.wordsWidth
            height: Math.max(kindTag.height, eventText.height)
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
                id: eventText
                objectName: "alertEvent"
                anchors.verticalCenter: parent.verticalCenter
                width: header.width - kindTag.width - header.spacing - (turns.visible ? turns.width + header.spacing : 0)
                textFormat: Text.PlainText
                text: screen.alerts.eventText
                horizontalAlignment: Text.AlignLeft
                font.family: Theme.fontFamily
                font.pixelSize: Theme.px(Theme.small)
                color: Theme.textSecondary
                // A second line where the width is short (portrait).
                wrapMode: Text.WordWrap
                maximumLineCount: screen.landscape ? 1 : 2
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

        // A feed's headline has no author to shorten it: a long one shrinks to 64 px (a
        // capital still 43 px, read from 4 m) before anything is elided.
        FitText {
            id: headline
            objectName: "alertHeadline"
            x: screen.mirrorX(screen.margin, width)
            y: header.y + header.height + Theme.px(Theme.gap)
            width: screen.wordsWidth
            // Two lines (three in portrait) at 80 px; smaller type fits more lines in the box.
            height: Math.ceil(Theme.px(Theme.headlineMin) * 1.25 * (screen.landscape ? 2 : 3)) + 1
            maxSize: Theme.headlineMin + 8
            minSize: 64
            font.bold: true
            verticalAlignment: Text.AlignTop
            text: screen.alerts.headline
        }
        FallbackTag {
            x: screen.mirrorX(screen.margin, width)
            y: headline.y + headline.height
            language: screen.alerts.fallbackName
        }

        // The column (landscape: at the right, from the top; portrait: a row under the
        // headline): the photo, then the number to call and until when.
        Item {
            id: column
            objectName: "alertColumn"
            x: screen.landscape ? screen.mirrorX(screen.width - screen.margin - width, width)
                                : screen.mirrorX(screen.margin, width)
            y: screen.landscape ? screen.marginY : headline.y + headline.height + Theme.px(Theme.gap)
            width: screen.landscape ? screen.columnWidth : screen.width - 2 * screen.margin
            height: screen.landscape ? screen.contentBottom - y
                                     : Math.max(screen.hasPhoto ? screen.photoHeight : 0, callFacts.height)

            // The child's photo (a CAP resource from a feed's host, or the message's own),
            // decoded off the GUI thread by Python and again by Qt's image reader thread.
            Rectangle {
                id: photoFrame
                objectName: "alertPhotoFrame"
                visible: screen.hasPhoto
                x: screen.rtl ? column.width - width : 0
                width: screen.landscape ? column.width : screen.photoWidth
                height: screen.landscape ? callFacts.y - Theme.px(Theme.gap) : screen.photoHeight
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

            Column {
                id: callFacts
                objectName: "alertCallFacts"
                readonly property real beside: screen.landscape || !screen.hasPhoto
                                               ? 0 : screen.photoWidth + Theme.px(32)
                x: screen.rtl ? 0 : beside
                y: screen.landscape ? column.height - height : 0
                width: column.width - beside
                spacing: Theme.px(8)
                Text {
                    objectName: "alertCallLabel"
                    width: callFacts.width
                    textFormat: Text.PlainText
                    text: screen.alerts.callIsDefault ? qsTr("Seen something? Call")
                                                      : qsTr("Information? Call")
                    horizontalAlignment: Text.AlignLeft
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.px(Theme.hotlineDetail)
                    color: Theme.text
                    wrapMode: Text.WordWrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                }
                // The alert's own number when it gave one that can be called, else 911: as
                // large as the column's width allows, never under the strip's floor.
                FitText {
                    objectName: "alertCallNumber"
                    width: callFacts.width
                    height: Math.ceil(Theme.px(Theme.hotlineMain) * 1.25)
                    maxSize: Theme.hotlineMain
                    minSize: Theme.hotlineMin
                    maximumLineCount: 1
                    wrapMode: Text.NoWrap
                    font.bold: true
                    font.letterSpacing: Theme.px(Theme.hotlineTracking)
                    color: Theme.accent
                    text: screen.rtl ? Theme.leftToRight(screen.alerts.callNumber) : screen.alerts.callNumber
                }
                Text {
                    objectName: "alertUntil"
                    width: callFacts.width
                    textFormat: Text.PlainText
                    text: screen.alerts.untilMs > 0
                          ? Theme.fill(qsTr("Until %1"), [screen.untilWords(screen.alerts.untilMs, screen.alerts.untilToday)])
                          : ""
                    horizontalAlignment: Text.AlignLeft
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.px(Theme.small)
                    color: Theme.textSecondary
                    maximumLineCount: 1
                    elide: Text.ElideRight
                }
                Text {
                    objectName: "alertSender"
                    width: callFacts.width
                    textFormat: Text.PlainText
                    text: screen.alerts.senderName
                    horizontalAlignment: Text.AlignLeft
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.px(Theme.small)
                    color: Theme.textSecondary
                    wrapMode: Text.WordWrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                }
            }
        }

        // The description, then what to do: they share the room left above the strip.
        Item {
            id: words
            x: screen.mirrorX(screen.margin, width)
            y: screen.landscape ? headline.y + headline.height + Theme.px(Theme.gap)
                                : column.y + column.height + Theme.px(Theme.gap)
            width: screen.wordsWidth
            height: screen.contentBottom - y
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
                // Right under the description, or at the foot when the description fills its box.
                y: Math.min(Math.ceil(description.contentHeight) + Theme.px(16), words.height - height)
                width: words.width
                height: Math.ceil(Theme.px(40) * 1.25 * 2) + 1
                maxSize: Theme.bodyMin
                minSize: Theme.lessonBodyMin
                font.bold: true
                verticalAlignment: Text.AlignBottom
                text: screen.alerts.instruction
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
