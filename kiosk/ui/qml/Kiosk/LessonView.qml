pragma ComponentBehavior: Bound
import QtQuick

// One lesson card: headline, body and picture. Swipe left or right (or use the buttons) to move.
Item {
    id: view
    required property SessionBridge session
    readonly property var card: session.card
    readonly property bool landscape: width >= height
    // Accessibility mode's large text keeps its size and scrolls instead of shrinking.
    readonly property bool large: Theme.textScale > 1
    onCardChanged: scroller.contentY = 0  // a new card starts at its top

    PackPicture {
        id: picture
        objectName: "cardImage"
        source: view.card.image || ""
        visible: source.toString() !== ""
        width: view.landscape ? Math.min(view.height * 0.7, view.width * 0.3) : Math.min(view.width * 0.4, view.height * 0.25)
        height: width
        sourceSize.width: width
        sourceSize.height: height
        x: view.LayoutMirroring.enabled !== view.landscape ? view.width - width : 0
        y: view.landscape ? (view.height - height) / 2 : 0
    }

    Flickable {
        id: scroller
        objectName: "cardScroll"
        x: view.landscape && picture.visible && view.LayoutMirroring.enabled
           ? picture.width + Theme.px(64) : 0
        y: view.landscape || !picture.visible ? 0 : picture.height + Theme.px(32)
        width: view.landscape && picture.visible ? view.width - picture.width - Theme.px(64) : view.width
        height: view.height - y
        contentWidth: width
        contentHeight: words.height
        clip: view.large
        interactive: contentHeight > height + 1
        flickableDirection: Flickable.VerticalFlick
        boundsBehavior: Flickable.StopAtBounds

    Column {
        id: words
        width: scroller.width - (view.large ? Theme.px(32) : 0)
        spacing: Theme.px(Theme.gap)
        readonly property real available: scroller.height

        FitText {
            objectName: "cardHeadline"
            width: parent.width
            natural: view.large
            height: natural ? naturalHeight : words.available * 0.3
            maxSize: Theme.lessonHeadlineMax
            minSize: Theme.lessonHeadlineMin
            font.bold: true
            verticalAlignment: Text.AlignBottom
            text: view.card.headline || ""
        }
        Rectangle {
            objectName: "cardRule"
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
            height: natural ? naturalHeight
                               : words.available * 0.7 - Theme.px(6) - 2 * words.spacing
            maxSize: Theme.lessonBodyMax
            minSize: Theme.lessonBodyMin
            lineHeight: 1.2
            text: view.card.body || ""
        }
    }
    }
    // Where the words scroll: a bar beside them, as tall as the share that shows.
    Rectangle {
        objectName: "cardScrollBar"
        visible: scroller.interactive
        width: Theme.px(12)
        radius: width / 2
        color: Theme.accent
        x: scroller.x + scroller.width - width
        y: scroller.y + scroller.visibleArea.yPosition * scroller.height
        height: scroller.visibleArea.heightRatio * scroller.height
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
