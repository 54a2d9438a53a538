pragma ComponentBehavior: Bound
import QtQuick

// One slide: headline, body, pictogram and the QR of its link. Two of these crossfade in the loop.
// Geometry (margins, strip height) comes from the AttractLoop so both layers line up exactly.
Item {
    id: view
    property var slide: ({})
    property real margin: 96
    property real topInset: 120
    property real stripHeight: 300
    property real qrBlockWidth: 460
    property bool landscape: width >= height
    // True once the pictogram has loaded (or there is none): the loop waits for it before fading in.
    readonly property bool ready: !slide.image || picture.status === Image.Ready || picture.status === Image.Error

    readonly property bool hasPicture: !!slide.image
    // Two languages at once (kiosk.yaml language_layout: together): the second under the first.
    readonly property bool together: !!(slide.second && slide.second.headline)
    readonly property real contentBottom: height - stripHeight - Theme.px(Theme.gap) * 2
    readonly property real pictureSize: !hasPicture ? 0 : landscape
        ? Math.min(contentBottom - topInset, (width - 2 * margin) * 0.3)
        : Math.min(width * 0.42, (contentBottom - topInset) * 0.36)

    Image {
        id: picture
        objectName: "slideImage"
        source: view.slide.image || ""
        width: view.pictureSize
        height: view.pictureSize
        sourceSize.width: width
        sourceSize.height: height
        fillMode: Image.PreserveAspectFit
        x: view.landscape ? view.width - view.margin - width : view.margin
        y: view.landscape ? view.topInset + (view.contentBottom - view.topInset - height) / 2 : view.topInset
        visible: view.hasPicture
    }

    Column {
        id: words
        x: view.margin
        y: view.landscape || !view.hasPicture ? view.topInset : picture.y + picture.height + Theme.px(Theme.gap) * 2
        width: view.landscape && view.hasPicture ? view.width - 2 * view.margin - view.pictureSize - Theme.px(48) : view.width - 2 * view.margin
        readonly property real available: view.contentBottom - y
        spacing: Theme.px(Theme.gap)

        FitText {
            objectName: "headline"
            width: parent.width
            height: words.available * (view.together ? 0.25 : 0.46)
            maxSize: Theme.headlineMax
            minSize: Theme.headlineMin
            font.bold: true
            lineHeight: 1.05
            verticalAlignment: Text.AlignBottom
            text: view.slide.headline || ""
        }
        FitText {
            objectName: "headlineSecond"
            visible: view.together
            width: parent.width
            height: visible ? words.available * 0.21 - words.spacing : 0
            maxSize: Theme.headlineMax
            minSize: Theme.headlineMin
            font.bold: true
            lineHeight: 1.05
            color: Theme.textSecondary
            text: view.together ? view.slide.second.headline : ""
        }
        Rectangle {
            width: Theme.px(120)
            height: Theme.px(6)
            color: Theme.accent
            FallbackTag {
                x: parent.width + Theme.px(24)
                anchors.verticalCenter: parent.verticalCenter
                language: view.slide.fallbackName || ""
            }
        }
        FitText {
            objectName: "body"
            width: parent.width
            height: words.available * (view.together ? 0.27 : 0.54) - Theme.px(6)
                    - 2 * words.spacing
            maxSize: Theme.bodyMax
            minSize: Theme.bodyMin
            lineHeight: 1.15
            color: Theme.text
            text: view.slide.body || ""
        }
        FitText {
            objectName: "bodySecond"
            visible: view.together
            width: parent.width
            height: visible ? words.available * 0.27 - words.spacing : 0
            maxSize: Theme.bodyMax
            minSize: Theme.bodyMin
            lineHeight: 1.15
            color: Theme.textSecondary
            text: view.together ? view.slide.second.body : ""
        }
    }

    QrBadge {
        objectName: "qrBadge"
        horizontal: view.landscape
        codeSize: view.landscape ? view.stripHeight - Theme.px(32) - Theme.px(Theme.small) * 1.6
                                 : view.stripHeight * 0.52
        source: view.slide.qrSource || ""
        label: view.slide.qrLabel || ""
        display: view.slide.qrDisplay || ""
        x: view.width - view.margin - implicitWidth
        y: view.height - view.stripHeight + Theme.px(16)
    }
}
