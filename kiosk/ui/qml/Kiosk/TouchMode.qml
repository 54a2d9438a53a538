pragma ComponentBehavior: Bound
import QtQuick

// Touch mode: the lesson menu, cards, questions and the end screen, with a navigation bar whose
// "Exit" is always there and leaves at once (no animation).
Rectangle {
    id: touch
    required property SessionBridge session
    required property AttractBridge attract
    readonly property int screen: session.screen
    readonly property real margin: Math.max(width * Theme.marginRatio, Theme.px(48))
    readonly property bool landscape: width >= height
    // The language buttons: every other language of the pack, each named in itself.
    readonly property var otherLanguages: session.languages.filter(l => l.code !== session.language)
    color: Theme.background

    // Header: where the visitor is.
    Text {
        textFormat: Text.PlainText
        id: lessonTitle
        objectName: "lessonHeader"
        x: touch.margin
        y: Theme.px(40)
        width: touch.width - 2 * touch.margin - dots.width - Theme.px(32)
        text: touch.screen === SessionBridge.Screen.Menu ? qsTr("Lessons") : touch.session.lessonTitle
        font.family: Theme.fontFamily
        font.pixelSize: Theme.px(36)
        color: Theme.textSecondary
        // A long lesson title (60 characters) takes a second line beside the progress dots;
        // the page below starts under it.
        wrapMode: Text.WordWrap
        maximumLineCount: 2
        elide: Text.ElideRight
    }
    Row {
        id: dots
        objectName: "progressDots"
        visible: touch.screen === SessionBridge.Screen.Card
                 || touch.screen === SessionBridge.Screen.Question
        anchors.right: parent.right
        anchors.rightMargin: touch.margin
        y: lessonTitle.y + (Theme.px(36) * 1.2 - height) / 2  // level with the title's first line
        spacing: Theme.px(14)
        Repeater {
            model: touch.session.stepCount
            delegate: Rectangle {
                required property int index
                width: Theme.px(20)
                height: width
                radius: width / 2
                color: index === touch.session.step ? Theme.accent : "transparent"
                border.width: Theme.px(3)
                border.color: index <= touch.session.step ? Theme.accent : Theme.textSecondary
            }
        }
    }

    Item {
        id: page
        x: touch.margin
        y: lessonTitle.y + lessonTitle.height + Theme.px(40)
        width: touch.width - 2 * touch.margin
        height: hotlineStrip.visible ? hotlineStrip.y - y - Theme.px(24) : nav.y - y - Theme.px(40)

        LessonMenu {
            objectName: "lessonMenu"
            anchors.fill: parent
            visible: touch.screen === SessionBridge.Screen.Menu
            session: touch.session
        }
        LessonView {
            objectName: "lessonCard"
            anchors.fill: parent
            visible: touch.screen === SessionBridge.Screen.Card
            session: touch.session
        }
        QuestionView {
            objectName: "questionView"
            anchors.fill: parent
            visible: touch.screen === SessionBridge.Screen.Question
            session: touch.session
        }
        LessonEnd {
            objectName: "lessonEnd"
            anchors.fill: parent
            visible: touch.screen === SessionBridge.Screen.End
            session: touch.session
            attract: touch.attract
        }
    }

    // Every hotline of the pack on one slim line above the navigation, on every card and question:
    // someone who recognises a situation mid-lesson must not have to finish it to see a number.
    // (The end screen shows them in full.) One shared size, shrunk to fit the width, never
    // under Theme.small.
    Rectangle {
        id: hotlineStrip
        objectName: "lessonHotlines"
        visible: (touch.screen === SessionBridge.Screen.Card
                  || touch.screen === SessionBridge.Screen.Question)
                 && touch.attract.hotlines.length > 0
        x: touch.margin
        width: touch.width - 2 * touch.margin
        height: Theme.px(56)
        y: nav.y - height - Theme.px(16)
        radius: Theme.px(16)
        color: Theme.surface
        readonly property real spacing: Theme.px(40)
        readonly property real room: width - 2 * Theme.px(24)
                                     - (touch.attract.hotlines.length - 1) * spacing
        readonly property int fontSize: Math.max(Theme.px(Theme.small), Math.min(Theme.px(36),
            Math.floor(Theme.px(36) * room / Math.max(1, allNumbers.width))))

        TextMetrics {
            id: allNumbers
            font.family: Theme.fontFamily
            font.pixelSize: Theme.px(36)
            font.bold: true
            text: touch.attract.hotlines.map(h => h.display).join("")
        }
        Row {
            x: Theme.px(24)
            anchors.verticalCenter: parent.verticalCenter
            spacing: hotlineStrip.spacing
            Repeater {
                model: touch.attract.hotlines
                delegate: Text {
                    required property var modelData
                    required property int index
                    textFormat: Text.PlainText
                    objectName: "lessonHotline" + index
                    text: modelData.display
                    font.family: Theme.fontFamily
                    font.pixelSize: hotlineStrip.fontSize
                    font.bold: true
                    color: modelData.kind === "call" ? Theme.text : Theme.accent
                }
            }
        }
    }

    // Navigation, in the lower part of the screen where every visitor can reach it. The language
    // buttons sit beside Exit in landscape; portrait has no room there, so they take a row above.
    Item {
        id: nav
        x: touch.margin
        width: touch.width - 2 * touch.margin
        height: Theme.px(Theme.touchTarget) + (languageRow.inOwnRow
            ? Theme.px(Theme.touchTarget) + Theme.px(Theme.touchSpacing) : 0)
        y: touch.height - height - Theme.px(48)

        Row {
            id: languageRow
            objectName: "languageButtons"
            readonly property bool inOwnRow: !touch.landscape && touch.otherLanguages.length > 0
            x: inOwnRow ? 0 : exitButton.width + Theme.px(Theme.touchSpacing)
            y: 0
            spacing: Theme.px(Theme.touchSpacing)
            Repeater {
                model: touch.otherLanguages
                delegate: KioskButton {
                    required property var modelData
                    objectName: "languageButton_" + modelData.code
                    text: modelData.name
                    onActivated: touch.session.setLanguage(modelData.code)
                }
            }
        }

        KioskButton {
            id: exitButton
            anchors.bottom: parent.bottom
            objectName: "quickExitButton"
            text: qsTr("Exit")
            iconName: "exit"
            primary: true
            actOnPress: true
            onActivated: touch.session.quickExit()
        }
        // Back and Next keep their places on every screen, whether or not the other shows (on an
        // unanswered question Next is hidden and Back must not slide into its place): both are as
        // wide as the longest of their labels, Next at the right edge, Back to its left. "Done"
        // is Next's last label and looks like any other button, never like the yellow Exit.
        TextMetrics {
            id: longestLabel
            font.family: Theme.fontFamily
            font.pixelSize: Theme.px(Theme.buttonText)
            font.bold: true
            text: [qsTr("Back to start"), qsTr("Back"), qsTr("Next"), qsTr("Done")]
                .reduce((a, b) => a.length >= b.length ? a : b)
        }
        readonly property real buttonWidth: Math.max(Theme.px(Theme.touchTarget) * 2.2,
                                                     longestLabel.width + Theme.px(64))
        KioskButton {
            id: nextButton
            objectName: "nextButton"
            width: nav.buttonWidth
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            text: touch.screen === SessionBridge.Screen.End ? qsTr("Done") : qsTr("Next")
            visible: touch.session.canAdvance
            onActivated: touch.session.advance()
        }
        KioskButton {
            objectName: "backButton"
            width: nav.buttonWidth
            anchors.bottom: parent.bottom
            anchors.right: nextButton.left
            anchors.rightMargin: Theme.px(Theme.touchSpacing)
            text: touch.screen === SessionBridge.Screen.Menu ? qsTr("Back to start") : qsTr("Back")
            visible: touch.screen !== SessionBridge.Screen.End
            onActivated: touch.session.back()
        }
    }
}
