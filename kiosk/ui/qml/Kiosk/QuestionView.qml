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
    // Accessibility mode's large text keeps its size and nothing is ever cut by an edge: one
    // column, the prompt and the choices on as many pages as they need, and once answered the
    // feedback on a page of its own (Next shows the rest, PageCue says so), never a scroll area
    // a visitor may not notice.
    readonly property bool large: Theme.textScale > 1
    // Paged: large text, or a question too long for the two-column layout even at its floor
    // sizes (measured in paginate): the same pages then, at the normal sizes.
    readonly property bool paged: large || !unpagedFits
    property bool unpagedFits: true
    readonly property real pageWidth: width
    // The prompt, then the choices 16 px apart (DESIGN's least room between two touch targets):
    // the hotline block above the navigation took a question's room, and four choices of two
    // lines under a prompt of three must still fit a 1920x1080 page beside their feedback.
    readonly property real promptGap: Theme.px(24)
    readonly property string whyText: answered && answer < choices.length ? choices[answer].why : ""
    readonly property string rightText: answered && !session.answeredRight && rightIndex >= 0
                                        && rightIndex < choices.length
        ? qsTr("The right answer: %1").arg(choices[rightIndex].text) : ""
    // What each page shows: a piece of the prompt, a run of choices, or a piece of the feedback.
    property var pages: [{ prompt: "", first: 0, count: 0, why: "" }]
    readonly property int part: Math.min(session.part, pages.length - 1)
    readonly property var page: pages[part]

    // Re-measure whenever what the pages depend on changes (the question object is new on
    // every state change; the same count again is ignored by the session).
    onQuestionChanged: Qt.callLater(view.paginate)
    onAnsweredChanged: Qt.callLater(view.paginate)
    onWidthChanged: Qt.callLater(view.paginate)
    onHeightChanged: Qt.callLater(view.paginate)
    onLargeChanged: Qt.callLater(view.paginate)
    onVisibleChanged: Qt.callLater(view.paginate)
    // A keyboard visitor's arrows move through every choice: show the page the focus is on.
    readonly property int focusIndex: session.keyboardActive ? session.focusIndex : -1
    // Later, not inside the change: showing a page changes the session, which this reads.
    onFocusIndexChanged: Qt.callLater(view.followFocus)
    function followFocus() {
        if (!view.visible || !view.paged || view.answered || view.focusIndex < 0)
            return
        const k = view.pages.findIndex(p => view.focusIndex >= p.first
                                            && view.focusIndex < p.first + p.count)
        if (k >= 0 && k !== view.part)
            view.session.showPart(k)
    }

    function paginate() {
        view.unpagedFits = view.large || view.fitsUnpaged()
        if (!view.paged) {
            view.pages = [{ prompt: view.question.prompt || "", first: 0,
                            count: view.choices.length, why: view.whyText }]
        } else if (view.answered) {
            view.pages = view.feedbackPages()
        } else {
            const whole = view.choicePages(view.height)
            view.pages = whole.length > 1 ? view.choicePages(view.height - cue.reserved) : whole
        }
        if (view.visible)
            view.session.setParts(view.pages.length)
    }
    // Whether the two-column layout holds every word at the floor sizes its texts may shrink to
    // (the boxes below are the ones it gives them; a mark's room is kept for every choice).
    function fitsUnpaged() {
        const promptBox = view.height * (view.landscape ? 0.24 : 0.22)
        if (floorPrompt.heightOf(view.question.prompt || "") > promptBox)
            return false
        const n = Math.max(1, view.choices.length)
        const spacing = choiceList.spacing
        const row = Math.max(Theme.px(Theme.touchTarget),
            ((view.landscape ? view.height : view.height * 0.65) - promptBox - view.promptGap
             - (n - 1) * spacing) / n)
        const choiceHeight = Math.min(row, Theme.px(Theme.touchTarget) * 2.2)
        // Each choice as it may be drawn once answered: every one may carry a mark (the wrong
        // one picked, or the right one), only the right one is bold. Measuring all of them bold
        // paged two-choice questions whose words fit.
        for (let i = 0; i < view.choices.length; ++i) {
            floorChoice.font.bold = i === view.rightIndex
            if (floorChoice.heightOf(view.choices[i].text) > choiceHeight - Theme.px(16))
                return false
        }
        if (!view.answered)
            return true
        const listBottom = promptBox + view.promptGap + n * choiceHeight + (n - 1) * spacing
        const top = view.landscape ? promptBox + view.promptGap : listBottom + Theme.px(32)
        const answer = view.rightText !== "" ? floorAnswer.heightOf(view.rightText) + Theme.px(16) : 0
        const whyBox = view.height - top - verdict.implicitHeight - Theme.px(16) - answer
        return floorWhy.heightOf(view.whyText) <= whyBox
    }
    // The prompt, then as many whole choices as fit under it, then the rest page by page.
    function choicePages(room) {
        const prompt = view.question.prompt || ""
        const pieces = promptRuler.heightOf(prompt) <= room ? [prompt]
                                                            : promptRuler.split(prompt, room, room, 6)
        const out = pieces.map(piece => ({ prompt: piece, first: 0, count: 0, why: "" }))
        let last = out[out.length - 1]
        let used = promptRuler.heightOf(last.prompt)
        for (let i = 0; i < view.choices.length; ++i) {
            const h = Math.max(Theme.px(Theme.touchTarget),
                               choiceRuler.heightOf(view.choices[i].text) + Theme.px(32))
            const add = (last.count > 0 ? choiceList.spacing
                                        : (last.prompt !== "" ? view.promptGap : 0)) + h
            if (used + add > room && (last.count > 0 || last.prompt !== "")) {
                last = { prompt: "", first: i, count: 1, why: "" }
                out.push(last)
                used = h
                continue
            }
            if (last.count === 0)
                last.first = i
            last.count += 1
            used += add
        }
        return out
    }
    // The verdict and the right answer, then the reason, page by page.
    function feedbackPages() {
        const above = verdict.implicitHeight + feedback.spacing
                      + (view.rightText !== "" ? answerRuler.heightOf(view.rightText) + feedback.spacing : 0)
        if (above + whyRuler.heightOf(view.whyText) <= view.height)
            return [{ prompt: "", first: 0, count: 0, why: view.whyText }]
        const room = view.height - cue.reserved
        return whyRuler.split(view.whyText, room - above, room, 12)
            .map(piece => ({ prompt: "", first: 0, count: 0, why: piece }))
    }

    // The two-column layout's boxes at their floor sizes (see fitsUnpaged).
    readonly property real columnWidth: landscape ? pageWidth * 0.5 : pageWidth
    readonly property real feedbackWidth: landscape ? pageWidth - columnWidth - Theme.px(64) : pageWidth
    TextPager {
        id: floorPrompt
        width: view.pageWidth
        font.pixelSize: Theme.px(40)
        font.bold: true
    }
    TextPager {
        id: floorChoice
        width: view.columnWidth - Theme.px(24 + 48 + 20) - Theme.px(32)
        font.pixelSize: Theme.px(Theme.lessonBodyMin)  // bold for the right choice (fitsUnpaged)
    }
    TextPager {
        id: floorAnswer
        width: view.feedbackWidth
        font.pixelSize: Theme.px(Theme.lessonBodyMin)
        font.bold: true
    }
    TextPager {
        id: floorWhy
        width: view.feedbackWidth
        font.pixelSize: Theme.px(Theme.lessonBodyMin)
        lineHeight: 1.2
    }
    TextPager {
        id: promptRuler
        width: view.pageWidth
        font.pixelSize: Theme.fontPx(Theme.lessonBodyMax)
        font.bold: true
    }
    TextPager {
        id: choiceRuler
        width: view.pageWidth - 2 * Theme.px(32)
        font.pixelSize: Theme.fontPx(40)
    }
    TextPager {
        id: answerRuler
        width: view.pageWidth
        font.pixelSize: Theme.fontPx(Theme.lessonBodyMin)
        font.bold: true
    }
    TextPager {
        id: whyRuler
        width: view.pageWidth
        font.pixelSize: Theme.fontPx(Theme.lessonBodyMax)
        lineHeight: 1.2
    }

    FitText {
        id: prompt
        objectName: "questionPrompt"
        width: view.pageWidth
        natural: view.paged
        visible: !view.paged || (!view.answered && view.page.prompt !== "")
        wrapMode: Text.Wrap
        height: natural ? naturalHeight : view.height * (view.landscape ? 0.24 : 0.22)
        // Large text: the body's size (1.5x), bold, so that a long prompt stays on one page.
        maxSize: view.paged ? Theme.lessonBodyMax : 56
        minSize: 40
        font.bold: true
        verticalAlignment: Text.AlignBottom
        text: view.paged ? view.page.prompt : (view.question.prompt || "")
        // The whole pack text this page is part of: `pack fit` names its field.
        readonly property string whole: view.question.prompt || ""
    }
    FallbackTag {
        anchors.top: prompt.top
        anchors.right: prompt.right
        language: view.question.fallbackName || ""
    }

    Column {
        id: choiceList
        y: prompt.visible ? prompt.height + view.promptGap : 0
        visible: !view.paged || !view.answered
        x: view.LayoutMirroring.enabled ? view.pageWidth - width : 0
        width: view.landscape && !view.paged ? view.pageWidth * 0.5 : view.pageWidth
        spacing: Theme.px(Theme.touchSpacingMin)
        // Every choice gets the same share of the room below the prompt (at least a touch target).
        // Portrait: 65 % of the page (was 62 %, before the hotline block took its place
        // above the navigation), the feedback the rest.
        readonly property real rowHeight: Math.max(Theme.px(Theme.touchTarget),
            ((view.landscape ? view.height : view.height * 0.65) - prompt.height - view.promptGap
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
                // Large text: only this page's run of choices.
                visible: !view.paged || (index >= view.page.first
                                         && index < view.page.first + view.page.count)
                width: choiceList.width
                // Room for about four lines of a long choice; FitText shrinks what is longer.
                height: view.paged
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
                    natural: view.paged
                    wrapMode: Text.Wrap
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
        readonly property real start: view.landscape && !view.paged ? choiceList.width + Theme.px(64) : 0
        x: view.LayoutMirroring.enabled ? 0 : start
        y: view.paged ? 0 : (view.landscape ? choiceList.y : choiceList.y + choiceList.height + Theme.px(32))
        width: view.pageWidth - start
        spacing: Theme.px(16)

        Text {
            textFormat: Text.PlainText
            id: verdict
            objectName: "verdict"
            visible: !view.paged || view.part === 0
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
            visible: view.rightText !== "" && (!view.paged || view.part === 0)
            width: parent.width
            text: view.rightText
            horizontalAlignment: Text.AlignLeft
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontPx(Theme.lessonBodyMin)
            font.bold: true
            color: Theme.text
            wrapMode: Text.Wrap
        }
        FitText {
            objectName: "why"
            width: parent.width
            natural: view.paged
            wrapMode: Text.Wrap
            height: natural ? naturalHeight
                    : view.height - feedback.y - verdict.height - feedback.spacing
                      - (rightAnswer.visible ? rightAnswer.height + feedback.spacing : 0)
            maxSize: Theme.lessonBodyMax
            minSize: Theme.lessonBodyMin
            lineHeight: 1.2
            text: view.paged ? view.page.why : view.whyText
            readonly property string whole: view.whyText  // for `pack fit`, as the prompt's
        }
    }

    PageCue {
        id: cue
        width: view.width
        y: view.height - height
        part: view.part
        parts: view.pages.length
    }
}
