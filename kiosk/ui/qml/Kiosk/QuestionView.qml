pragma ComponentBehavior: Bound
import QtQuick

// A question: choices as large buttons; once answered, whether it was right, the right answer and
// why. Colour never carries the meaning alone: every mark also has a word and an icon.
Item {
    id: view
    required property SessionBridge session
    readonly property var question: session.question
    readonly property var choices: question.choices || []
    readonly property int answer: session.answerIndex
    readonly property bool answered: answer >= 0
    readonly property int rightIndex: session.rightIndex
    readonly property bool landscape: width >= height
    // Accessibility mode's large text keeps its size: the question scrolls instead of shrinking.
    readonly property bool large: Theme.textScale > 1
    readonly property real pageWidth: large ? width - Theme.px(32) : width  // room for the bar
    // A new question starts at its top; an answer scrolls its verdict into view.
    onQuestionChanged: scroller.contentY = 0
    onAnsweredChanged: if (answered && large) Qt.callLater(view.showFeedback)
    function showFeedback() {
        scroller.contentY = Math.max(0, Math.min(feedback.y - Theme.px(16),
                                                 scroller.contentHeight - scroller.height))
    }

    Flickable {
        id: scroller
        objectName: "questionScroll"
        anchors.fill: parent
        contentWidth: width
        contentHeight: view.large ? Math.max(choiceList.y + choiceList.height,
                                             feedback.visible ? feedback.y + feedback.height : 0)
                                  : height
        clip: view.large
        interactive: contentHeight > height + 1
        flickableDirection: Flickable.VerticalFlick
        boundsBehavior: Flickable.StopAtBounds

    FitText {
        id: prompt
        objectName: "questionPrompt"
        width: view.pageWidth
        natural: view.large
        height: natural ? naturalHeight : view.height * (view.landscape ? 0.24 : 0.22)
        maxSize: 56
        minSize: 40
        font.bold: true
        verticalAlignment: Text.AlignBottom
        text: view.question.prompt || ""
    }
    FallbackTag {
        anchors.top: prompt.top
        anchors.right: prompt.right
        language: view.question.fallbackName || ""
    }

    Column {
        id: choiceList
        anchors.top: prompt.bottom
        anchors.topMargin: Theme.px(40)
        x: view.LayoutMirroring.enabled ? view.pageWidth - width : 0
        width: view.landscape ? view.pageWidth * 0.5 : view.pageWidth
        spacing: Theme.px(Theme.touchSpacing)
        // Every choice gets the same share of the room below the prompt (at least a touch target).
        // Portrait: 65 % of the page (was 62 %, before the hotline block took its place
        // above the navigation), the feedback the rest.
        readonly property real rowHeight: Math.max(Theme.px(Theme.touchTarget),
            ((view.landscape ? view.height : view.height * 0.65) - prompt.height - Theme.px(40)
             - (view.choices.length - 1) * spacing) / Math.max(1, view.choices.length))

        Repeater {
            model: view.choices
            delegate: Rectangle {
                id: choice
                required property var modelData
                required property int index
                readonly property bool chosen: view.answer === index
                readonly property bool isRight: index === view.rightIndex
                readonly property bool showRight: view.answered && isRight
                readonly property bool showWrong: view.answered && chosen && !isRight
                objectName: "choice" + index
                width: choiceList.width
                // Room for about four lines of a long choice; FitText shrinks what is longer.
                height: view.large
                        ? Math.max(Theme.px(Theme.touchTarget), choiceText.naturalHeight + Theme.px(32))
                        : Math.min(choiceList.rowHeight, Theme.px(Theme.touchTarget) * 2.2)
                radius: Theme.px(16)
                color: showRight ? Theme.right : (showWrong ? Theme.wrong : Theme.surface)
                // The focus outline shows only once a key was pressed: a touch visitor must not
                // see the first answer looking chosen.
                readonly property bool focused: view.session.keyboardActive && !view.answered
                                                && view.session.focusIndex === index
                border.width: focused ? Theme.px(6) : Theme.px(2)
                border.color: focused ? Theme.text : Theme.outline

                Image {
                    id: mark
                    visible: choice.showRight || choice.showWrong
                    source: choice.showRight ? Theme.icon("check") : (choice.showWrong ? Theme.icon("cross-dark") : "")
                    width: Theme.px(48)
                    height: width
                    sourceSize.width: width
                    sourceSize.height: height
                    x: choice.LayoutMirroring.enabled ? choice.width - width - Theme.px(24) : Theme.px(24)
                    anchors.verticalCenter: parent.verticalCenter
                }
                FitText {
                    id: choiceText
                    objectName: "choiceText" + choice.index
                    readonly property real inset: mark.visible ? Theme.px(24) + mark.width + Theme.px(20)
                                                               : Theme.px(32)
                    x: choice.LayoutMirroring.enabled ? Theme.px(32) : inset
                    width: parent.width - inset - Theme.px(32)
                    natural: view.large
                    height: natural ? naturalHeight : parent.height - Theme.px(16)
                    anchors.verticalCenter: parent.verticalCenter
                    verticalAlignment: Text.AlignVCenter
                    maxSize: 40
                    minSize: Theme.lessonBodyMin
                    text: choice.modelData.text
                    font.bold: choice.showRight
                    color: choice.showRight || choice.showWrong ? Theme.accentInk : Theme.text
                }
                Tap {
                    enabled: !view.answered
                    onTapped: view.session.answer(choice.index)
                }
            }
        }
    }

    Column {
        id: feedback
        objectName: "feedback"
        visible: view.answered
        readonly property real start: view.landscape ? choiceList.width + Theme.px(64) : 0
        x: view.LayoutMirroring.enabled ? 0 : start
        y: view.landscape ? choiceList.y : choiceList.y + choiceList.height + Theme.px(32)
        width: view.pageWidth - start
        spacing: Theme.px(16)

        Text {
            textFormat: Text.PlainText
            id: verdict
            objectName: "verdict"
            width: parent.width
            text: view.session.answeredRight ? qsTr("Right.") : qsTr("Not quite.")
            horizontalAlignment: Text.AlignLeft   // mirrored to the right in right to left
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontPx(56)
            font.bold: true
            color: view.session.answeredRight ? Theme.right : Theme.wrong
        }
        Text {
            textFormat: Text.PlainText
            id: rightAnswer
            objectName: "rightAnswer"
            visible: view.answered && !view.session.answeredRight
            width: parent.width
            text: visible && view.rightIndex >= 0
                ? qsTr("The right answer: %1").arg(view.choices[view.rightIndex].text) : ""
            horizontalAlignment: Text.AlignLeft
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontPx(Theme.lessonBodyMin)
            font.bold: true
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        FitText {
            objectName: "why"
            width: parent.width
            natural: view.large
            height: natural ? naturalHeight
                    : view.height - feedback.y - verdict.height - feedback.spacing
                      - (rightAnswer.visible ? rightAnswer.height + feedback.spacing : 0)
            maxSize: Theme.lessonBodyMax
            minSize: Theme.lessonBodyMin
            lineHeight: 1.2
            text: view.answered && view.answer < view.choices.length ? view.choices[view.answer].why : ""
        }
    }
    }
    // Where the question scrolls: a bar at the edge, as tall as the share that shows.
    Rectangle {
        objectName: "questionScrollBar"
        visible: scroller.interactive
        width: Theme.px(12)
        radius: width / 2
        color: Theme.accent
        x: view.LayoutMirroring.enabled ? 0 : view.width - width
        y: scroller.visibleArea.yPosition * scroller.height
        height: scroller.visibleArea.heightRatio * scroller.height
    }
}
