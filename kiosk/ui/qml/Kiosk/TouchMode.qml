pragma ComponentBehavior: Bound
import QtQuick

// Touch mode: the lesson menu, cards, questions and the end screen, with a navigation bar whose
// "Exit" is always there and leaves at once (no animation).
Rectangle {
    id: touch
    required property SessionBridge session
    required property AttractBridge attract
    required property AccessBridge access
    readonly property int screen: session.screen
    readonly property real margin: Math.max(width * Theme.marginRatio, Theme.px(48))
    readonly property bool landscape: width >= height
    // The language buttons: every other language of the pack, each named in itself.
    readonly property var otherLanguages: session.languages.filter(l => l.code !== session.language)
    color: Theme.background
    // Where the navigation (and the accessibility row above it in portrait) begins.
    readonly property real navTop: tools.inNav ? nav.y : tools.y
    // x for an item placed by hand, mirrored in a right-to-left language.
    function mirrorX(x, w) { return touch.LayoutMirroring.enabled ? touch.width - x - w : x }

    // Accessibility mode: button labels as large as Theme.textScale (1.5) when their row has
    // room, else the largest step that fits, never below 1; each row on its own (the tools row
    // above the navigation in portrait may stay smaller than Exit, Back and Next). Where the
    // buttons go (`tools` beside Exit or on a row of their own) is decided at 1, so the layout
    // does not jump. A tools row too wide even at 1 wraps (its Flow).
    function toolsWidthAt(scale) {
        let total = accessButton.widthAt(scale)
        if (readButton.visible)
            total += tools.spacing + readButton.widthAt(scale)
        for (let i = 0; i < languageButtons.count; ++i) {
            const button = languageButtons.itemAt(i) as KioskButton
            if (button)
                total += button.widthAt(scale) + tools.spacing
        }
        return total
    }
    function navFits(scale) {
        const spacing = tools.spacing
        const row = exitButton.widthAt(scale) + 2 * nav.buttonWidthAt(scale) + 2 * spacing
        return tools.inNav ? row + toolsWidthAt(scale) + spacing <= nav.width : row <= nav.width
    }
    function largestScale(fits) {
        const steps = Math.round((Theme.textScale - 1) / 0.05)
        for (let i = steps; i > 0; --i) {
            if (fits(1 + i * 0.05))
                return 1 + i * 0.05
        }
        return 1
    }
    readonly property real labelScale: largestScale(navFits)
    readonly property real toolsLabelScale: tools.inNav ? labelScale
                                                        : largestScale(s => toolsWidthAt(s) <= nav.width)

    // Header: where the visitor is.
    Text {
        textFormat: Text.PlainText
        id: lessonTitle
        objectName: "lessonHeader"
        x: touch.mirrorX(touch.margin, width)
        y: Theme.px(40)
        width: touch.width - 2 * touch.margin - dots.width - Theme.px(32)
        text: touch.screen === SessionBridge.Screen.Menu ? qsTr("Lessons") : touch.session.lessonTitle
        // Explicit, so a right-to-left layout aligns it right even while the words are English.
        horizontalAlignment: Text.AlignLeft
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontPx(36)
        color: Theme.textSecondary
        // A long lesson title (60 characters) takes a second line beside the progress dots, a
        // third in large text (a Spanish one on a portrait screen); the page starts under it.
        wrapMode: Text.WordWrap
        maximumLineCount: Theme.textScale > 1 ? 3 : 2
        elide: Text.ElideRight
    }
    Row {
        id: dots
        objectName: "progressDots"
        visible: touch.screen === SessionBridge.Screen.Card
                 || touch.screen === SessionBridge.Screen.Question
        anchors.right: parent.right
        anchors.rightMargin: touch.margin
        y: lessonTitle.y + (Theme.fontPx(36) * 1.2 - height) / 2  // level with the title's first line
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
        // 16 px under the header (was 40): the hotline block above the navigation took its room.
        y: lessonTitle.y + lessonTitle.height + Theme.px(16)
        width: touch.width - 2 * touch.margin
        height: hotlineStrip.visible ? hotlineStrip.y - y - Theme.px(8) : touch.navTop - y - Theme.px(40)

        LessonMenu {
            objectName: "lessonMenu"
            // Landscape: the QR's column at the right (RTL: the left) of the tiles.
            x: touch.menuQrBeside && touch.LayoutMirroring.enabled ? menuQr.width + Theme.px(48) : 0
            width: parent.width - (touch.menuQrBeside ? menuQr.width + Theme.px(48) : 0)
            height: parent.height
            visible: touch.screen === SessionBridge.Screen.Menu
            session: touch.session
        }
        // The pages a visitor reaches only by choosing a lesson are made when a lesson opens,
        // not with the menu (LazyPage): the card at once, the question and the end screen in
        // the background while the card is read. Touch mode is preloaded for the tap to the
        // menu; until a lesson is chosen these pages cost nothing.
        LazyPage {
            anchors.fill: parent
            wanted: touch.screen === SessionBridge.Screen.Card
            sourceComponent: LessonView {
                objectName: "lessonCard"
                session: touch.session
            }
        }
        LazyPage {
            anchors.fill: parent
            wanted: touch.screen === SessionBridge.Screen.Question
            preload: touch.inLesson
            sourceComponent: QuestionView {
                objectName: "questionView"
                session: touch.session
            }
        }
        LazyPage {
            anchors.fill: parent
            wanted: touch.screen === SessionBridge.Screen.End
            preload: touch.inLesson
            sourceComponent: LessonEnd {
                objectName: "lessonEnd"
                session: touch.session
                attract: touch.attract
            }
        }
    }

    // The hotlines on the menu, every card and every question, above the navigation: someone who
    // recognises a situation mid-lesson must not have to finish it to see a number. The same
    // block as the attract strip (grouping, headings, the text line, TTY), at touch mode's
    // compact sizes; the end screen places its own beside the QR.
    Rectangle {
        id: hotlineStrip
        objectName: "lessonHotlines"
        visible: (touch.screen === SessionBridge.Screen.Menu
                  || touch.screen === SessionBridge.Screen.Card
                  || touch.screen === SessionBridge.Screen.Question)
                 && touch.attract.hotlineGroups.length > 0
        x: touch.margin
        width: touch.width - 2 * touch.margin
        height: Math.ceil(touchHotlines.height + 2 * Theme.px(4))
        y: touch.navTop - height - Theme.px(8)
        radius: Theme.px(16)
        color: Theme.surface

        HotlineBlock {
            id: touchHotlines
            objectName: "touchHotlines"
            // 12 px in from the block's edges: a landscape row of 911 and two wide columns
            // (Theme.hotlineColumn) needs 1,702 px of the 1,728 between the margins.
            x: Theme.px(12)
            y: Theme.px(4)
            width: parent.width - 2 * Theme.px(12)
            compact: true
            groups: touch.attract.hotlineGroups
            firstRowMinHeight: touch.onMenu && touch.menuQrInBlock ? touch.menuQrHeight : 0
        }
    }

    // The lesson menu's QR to the full free training, where every visitor who taps lands: in
    // landscape a column at the side of the tiles, in portrait at the end of the hotline block's
    // first row (beside 911), as on the portrait slides. Label above the code, address under it.
    // Only where the tiles leave it the room: landscape menus of up to three lessons (tall tiles
    // side by side; four or more are two columns of wide tiles, whose 40-character titles need
    // the QR's column) and not in large text (its column made the heading two lines and sent the
    // third tile to a second page), portrait menus of up to four. The slides and every end
    // screen show it.
    FontMetrics { id: qrFont; font.family: Theme.fontFamily; font.pixelSize: Theme.px(Theme.small); font.bold: true }
    readonly property real menuQrHeight: 3 * Math.ceil(qrFont.height) + Theme.px(16) + Theme.px(240) + 1
    readonly property bool onMenu: touch.screen === SessionBridge.Screen.Menu
    // In a lesson: its card, a question or its end screen.
    readonly property bool inLesson: touch.screen === SessionBridge.Screen.Card
                                     || touch.screen === SessionBridge.Screen.Question
                                     || touch.screen === SessionBridge.Screen.End
    readonly property bool menuQrBeside: touch.landscape && touch.session.lessons.length <= 3
                                         && Theme.textScale === 1
    // Portrait menus of up to four lessons: more tiles need the block's height for themselves
    // (eight wide tiles of long titles keep a touch target and a half each).
    readonly property bool menuQrInBlock: !touch.landscape && touchHotlines.firstRowSpare >= Theme.px(520)
                                          && touch.session.lessons.length <= 4
    QrBadge {
        id: menuQr
        objectName: "menuQr"
        visible: touch.onMenu && (touch.menuQrBeside || touch.menuQrInBlock)
        codeSize: Theme.px(240)
        width: implicitWidth
        height: implicitHeight
        x: touch.mirrorX(touch.menuQrBeside ? touch.width - touch.margin - width
                                            : hotlineStrip.x + touchHotlines.x + touchHotlines.width - width, width)
        y: touch.menuQrBeside ? page.y : hotlineStrip.y + touchHotlines.y
        source: touch.attract.training.qrSource
        label: touch.attract.training.qrLabel
        display: touch.attract.training.qrAddress
    }

    // Navigation, in the lower part of the screen where every visitor can reach it. The language
    // and accessibility buttons (`tools`, below) sit beside Exit when there is room (landscape);
    // portrait has none, so they take a row above.
    Item {
        id: nav
        x: touch.margin
        width: touch.width - 2 * touch.margin
        height: Theme.px(Theme.touchTarget)
        y: touch.height - height - Theme.px(48)

        KioskButton {
            id: exitButton
            anchors.bottom: parent.bottom
            objectName: "quickExitButton"
            anchors.left: parent.left
            text: qsTr("Exit")
            iconName: "exit"
            primary: true
            actOnPress: true
            labelScale: touch.labelScale
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
        function buttonWidthAt(scale) {
            return Math.max(Theme.px(Theme.touchTarget) * 2.2,
                            longestLabel.width * scale + Theme.px(64))
        }
        readonly property real buttonWidth: buttonWidthAt(touch.labelScale)
        KioskButton {
            id: nextButton
            objectName: "nextButton"
            width: nav.buttonWidth
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            text: touch.screen === SessionBridge.Screen.End ? qsTr("Done") : qsTr("Next")
            visible: touch.session.canAdvance
            labelScale: touch.labelScale
            onActivated: touch.session.advance()
        }
        KioskButton {
            objectName: "backButton"
            width: nav.buttonWidth
            anchors.bottom: parent.bottom
            anchors.right: nextButton.left
            anchors.rightMargin: Theme.px(Theme.touchSpacing)
            // On a later page of the large-text menu Back turns the page back, not to the start.
            text: touch.screen === SessionBridge.Screen.Menu && touch.session.part === 0
                  ? qsTr("Back to start") : qsTr("Back")
            visible: touch.screen !== SessionBridge.Screen.End
            labelScale: touch.labelScale
            onActivated: touch.session.back()
        }
    }

    // A button for each other language of the pack, named in that language ("Español"), then
    // accessibility: the button that turns the mode on (the International Symbol of Access and
    // words) and, when a speech engine works (or is starting), read-aloud of the card or
    // question. Beside Exit where the navigation has room (landscape), else on their own row
    // above it (portrait).
    Flow {
        id: tools
        objectName: "accessTools"
        spacing: Theme.px(Theme.touchSpacing)
        // Measured at label scale 1 (see touch.labelScale).
        readonly property real needed: touch.toolsWidthAt(1)
        readonly property bool inNav: needed <= nav.width - exitButton.widthAt(1)
                                                 - 2 * nav.buttonWidthAt(1) - 3 * spacing
        x: touch.mirrorX(inNav ? nav.x + exitButton.width + spacing : touch.margin, width)
        y: inNav ? nav.y : nav.y - height - Theme.px(24)
        // Beside Exit: the room between Exit and Back.
        width: inNav ? nav.width - exitButton.width - 2 * nav.buttonWidth - 3 * spacing : nav.width

        Row {
            id: languageRow
            objectName: "languageButtons"
            visible: touch.otherLanguages.length > 0
            spacing: Theme.px(Theme.touchSpacing)
            Repeater {
                id: languageButtons
                model: touch.otherLanguages
                delegate: KioskButton {
                    required property var modelData
                    objectName: "languageButton_" + modelData.code
                    labelScale: touch.toolsLabelScale
                    text: modelData.name
                    onActivated: touch.session.setLanguage(modelData.code)
                }
            }
        }
        KioskButton {
            id: accessButton
            objectName: "accessButton"
            iconName: "access-light"
            text: touch.access.active ? qsTr("Accessibility: on") : qsTr("Accessibility")
            highlighted: touch.access.active
            labelScale: touch.toolsLabelScale
            onActivated: touch.access.toggle()
        }
        // Shown as soon as the mode is on: faint while the speech engine starts (the row keeps
        // its place), then "Read aloud"; while reading, "Reading… Stop" stops it. As wide as the
        // wider label, so nothing beside it moves.
        KioskButton {
            id: readButton
            objectName: "readAloudButton"
            iconName: touch.access.reading ? "stop-light" : "speaker-light"
            labels: [qsTr("Read aloud"), qsTr("Reading… Stop")]
            text: touch.access.reading ? qsTr("Reading… Stop") : qsTr("Read aloud")
            highlighted: touch.access.reading
            enabled: touch.access.canSpeak
            labelScale: touch.toolsLabelScale
            visible: (touch.access.canSpeak || touch.access.speechStarting) && touch.access.active
                     && (touch.screen === SessionBridge.Screen.Card
                         || touch.screen === SessionBridge.Screen.Question)
            onActivated: touch.access.toggleReading()
        }
    }
}
