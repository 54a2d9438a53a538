pragma ComponentBehavior: Bound
import QtQuick

// One lesson card: headline, body and picture. Swipe left or right (or use the buttons) to move.
Item {
    id: view
    required property SessionBridge session
    readonly property var card: session.card
    readonly property bool landscape: width >= height

    Image {
        id: picture
        objectName: "cardImage"
        source: view.card.image || ""
        visible: source.toString() !== ""
        width: view.landscape ? Math.min(view.height * 0.7, view.width * 0.3) : Math.min(view.width * 0.4, view.height * 0.25)
        height: width
        sourceSize.width: width
        sourceSize.height: height
        x: view.landscape ? view.width - width : 0
        y: view.landscape ? (view.height - height) / 2 : 0
    }

    Column {
        id: words
        x: 0
        y: view.landscape || !picture.visible ? 0 : picture.height + Theme.px(32)
        width: view.landscape && picture.visible ? view.width - picture.width - Theme.px(64) : view.width
        spacing: Theme.px(Theme.gap)
        readonly property real available: view.height - y

        FitText {
            objectName: "cardHeadline"
            width: parent.width
            height: words.available * 0.3
            maxSize: Theme.lessonHeadlineMax
            minSize: Theme.lessonHeadlineMin
            font.bold: true
            verticalAlignment: Text.AlignBottom
            text: view.card.headline || ""
        }
        Rectangle {
            width: Theme.px(120)
            height: Theme.px(6)
            color: Theme.accent
            FallbackTag {
                x: parent.width + Theme.px(24)
                anchors.verticalCenter: parent.verticalCenter
                language: view.card.fallbackName || ""
            }
        }
        FitText {
            objectName: "cardBody"
            width: parent.width
            height: words.available * 0.7 - Theme.px(6) - 2 * words.spacing
            maxSize: Theme.lessonBodyMax
            minSize: Theme.lessonBodyMin
            lineHeight: 1.2
            text: view.card.body || ""
        }
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
