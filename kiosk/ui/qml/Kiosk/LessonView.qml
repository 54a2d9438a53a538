pragma ComponentBehavior: Bound
import QtQuick

// One lesson card: headline, body and picture. Swipe left or right (or use the buttons) to move.
Item {
    id: view
    required property SessionBridge session
    readonly property var card: session.card
    readonly property bool landscape: width >= height
    // Accessibility mode's large text keeps its size and nothing is ever cut by an edge: the
    // picture gives way to the words, and a card too long for the screen shows in pages (Next
    // shows the rest, PageCue says so) rather than in a scroll area a visitor may not notice.
    readonly property bool large: Theme.textScale > 1
    readonly property bool showPicture: !large && picture.source.toString() !== ""
    // The card's body cut into pages (large text), and the page on show.
    property var bodyPages: [""]
    readonly property int part: Math.min(session.part, bodyPages.length - 1)

    // Re-measure whenever what the pages depend on changes (the card object is new on every
    // state change; measuring again gives the same count, which the session ignores).
    onCardChanged: Qt.callLater(view.paginate)
    onWidthChanged: Qt.callLater(view.paginate)
    onHeightChanged: Qt.callLater(view.paginate)
    onLargeChanged: Qt.callLater(view.paginate)
    onVisibleChanged: Qt.callLater(view.paginate)

    function paginate() {
        const body = view.card.body || ""
        if (!view.large) {
            view.bodyPages = [body]
        } else {
            const above = headlineRuler.heightOf(view.card.headline || "") + Theme.px(6)
                          + 2 * words.spacing
            if (above + bodyRuler.heightOf(body) <= view.height) {
                view.bodyPages = [body]
            } else {
                const room = view.height - cue.reserved
                view.bodyPages = bodyRuler.split(body, room - above, room, 12)
            }
        }
        if (view.visible)
            view.session.setParts(view.bodyPages.length)
    }

    TextPager {
        id: headlineRuler
        width: words.width
        font.pixelSize: Theme.fontPx(Theme.lessonHeadlineMax)
        font.bold: true
    }
    TextPager {
        id: bodyRuler
        width: words.width
        font.pixelSize: Theme.fontPx(Theme.lessonBodyMax)
        lineHeight: 1.2
    }

    PackPicture {
        id: picture
        objectName: "cardImage"
        source: view.card.image || ""
        visible: view.showPicture
        width: view.landscape ? Math.min(view.height * 0.7, view.width * 0.3) : Math.min(view.width * 0.4, view.height * 0.25)
        height: width
        sourceSize.width: width
        sourceSize.height: height
        x: view.LayoutMirroring.enabled !== view.landscape ? view.width - width : 0
        y: view.landscape ? (view.height - height) / 2 : 0
    }

    Column {
        id: words
        x: view.landscape && view.showPicture && view.LayoutMirroring.enabled
           ? picture.width + Theme.px(64) : 0
        y: view.landscape || !view.showPicture ? 0 : picture.height + Theme.px(32)
        width: view.landscape && view.showPicture ? view.width - picture.width - Theme.px(64) : view.width
        spacing: Theme.px(Theme.gap)
        readonly property real available: view.height - y

        FitText {
            objectName: "cardHeadline"
            width: parent.width
            natural: view.large
            visible: !view.large || view.part === 0
            wrapMode: Text.Wrap
            height: natural ? naturalHeight : words.available * 0.3
            maxSize: Theme.lessonHeadlineMax
            minSize: Theme.lessonHeadlineMin
            font.bold: true
            verticalAlignment: Text.AlignBottom
            text: view.card.headline || ""
        }
        Rectangle {
            objectName: "cardRule"
            visible: !view.large || view.part === 0
            // At the words' start: their right edge in a right-to-left language.
            x: view.LayoutMirroring.enabled ? words.width - width : 0
            width: Theme.px(120)
            height: Theme.px(6)
            color: Theme.accent
            FallbackTag {
                x: view.LayoutMirroring.enabled ? -width - Theme.px(24) : parent.width + Theme.px(24)
                anchors.verticalCenter: parent.verticalCenter
                language: view.card.fallbackName || ""
            }
        }
        FitText {
            objectName: "cardBody"
            width: parent.width
            natural: view.large
            wrapMode: Text.Wrap
            height: natural ? naturalHeight
                               : words.available * 0.7 - Theme.px(6) - 2 * words.spacing
            maxSize: Theme.lessonBodyMax
            minSize: Theme.lessonBodyMin
            lineHeight: 1.2
            text: view.large ? view.bodyPages[view.part] : (view.card.body || "")
            // The whole pack text this page is part of: `pack fit` names its field.
            readonly property string whole: view.card.body || ""
        }
    }

    PageCue {
        id: cue
        width: view.width
        y: view.height - height
        part: view.part
        parts: view.bodyPages.length
    }

    DragHandler {
        id: swipe
        target: null
        xAxis.enabled: true
        yAxis.enabled: false
        onActiveChanged: {
            if (active)
                return
            const dx = centroid.position.x - centroid.pressPosition.x
            if (dx < -Theme.px(120))
                view.session.next()
            else if (dx > Theme.px(120))
                view.session.back()
        }
    }
}
