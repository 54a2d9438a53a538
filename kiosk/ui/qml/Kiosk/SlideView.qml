pragma ComponentBehavior: Bound
import QtQuick

// One slide: headline, body, pictogram and the QR of its link. Two of these crossfade in the loop.
// Geometry (margins, header, strip) comes from the AttractLoop so both layers line up exactly.
//
// Landscape: words at the left; at the right a column with the pictogram above the QR, whose
// whole address is written under it. Portrait: the pictogram centred above the words; the QR
// sits in the strip's last row, its address beside it. The headline starts at the same height
// on every slide, whatever its length, its body or its picture (portrait keeps the picture's
// place even on a slide without one). A right-to-left language (LayoutMirroring, set by Main)
// mirrors all of it: words right-aligned, the accent bar at their right, the pictogram and QR
// column at the left in landscape (the QR at the right in portrait).
Item {
    id: view
    property var slide: ({})
    property real margin: 96          // left and right: the safe area (5 % of the width)
    property real bottomMargin: 54    // the safe area at the bottom (5 % of the height)
    property real topInset: 120       // where the words start (below the pack's header)
    property real stripHeight: 300    // from the strip's top to the bottom edge
    property real columnWidth: Theme.px(520)   // landscape: the pictogram and QR column
    property real codeSize: Theme.px(240)
    property real pictureSlot: Theme.px(200)   // portrait: the pictogram's place
    // Burn-in drift (pixels): the QR, quiet zone and all, moves up and inwards by these.
    property real qrShiftX: 0
    property real qrShiftY: 0
    property bool landscape: width >= height
    readonly property bool rtl: LayoutMirroring.enabled
    // x of a child placed by hand, mirrored in a right-to-left language.
    function mirrorX(x, w) { return rtl ? width - x - w : x }
    // True once the pictogram has loaded (or there is none, or it was given up as too slow): the
    // loop waits for it before fading in.
    readonly property bool ready: !slide.image || picture.status === Image.Ready || picture.status === Image.Error || picture.late

    readonly property bool hasPicture: !!slide.image
    // Two languages at once (kiosk.yaml language_layout: together): the second under the first.
    readonly property bool together: !!(slide.second && slide.second.headline)
    readonly property real contentBottom: height - stripHeight - Theme.px(Theme.gap) * 2 - Theme.px(Theme.progressHeight)
    readonly property real pictureSize: landscape
        ? Math.max(0, Math.min(columnWidth, qr.y - Theme.px(Theme.gap) - topInset))
        : pictureSlot

    PackPicture {
        id: picture
        objectName: "slideImage"
        source: view.slide.image || ""
        width: view.pictureSize
        height: view.pictureSize
        sourceSize.width: width
        sourceSize.height: height
        fillMode: Image.PreserveAspectFit
        x: view.mirrorX(view.landscape ? view.width - view.margin - view.columnWidth + (view.columnWidth - width) / 2
                                       : (view.width - width) / 2, width)
        y: view.topInset
        visible: view.hasPicture
    }

    Item {
        id: words
        objectName: "slideWords"
        x: view.mirrorX(view.margin, width)
        y: view.landscape ? view.topInset : view.topInset + view.pictureSlot + Theme.px(Theme.gap)
        width: view.landscape ? view.width - 2 * view.margin - view.columnWidth - Theme.px(48)
                              : view.width - 2 * view.margin
        height: view.contentBottom - y
        readonly property real spacing: Theme.px(Theme.gap)

        FitText {
            id: headline
            objectName: "headline"
            width: parent.width
            height: words.height * (view.together ? 0.22 : 0.42)
            maxSize: Theme.headlineMax
            minSize: Theme.headlineMin
            font.bold: true
            lineHeight: 1.05
            verticalAlignment: Text.AlignTop
            text: view.slide.headline || ""
        }
        FitText {
            objectName: "headlineSecond"
            visible: view.together
            y: headline.height
            width: parent.width
            height: visible ? words.height * 0.2 : 0
            maxSize: Theme.headlineMax
            minSize: Theme.headlineMin
            font.bold: true
            lineHeight: 1.05
            color: Theme.textSecondary
            text: view.together ? view.slide.second.headline : ""
        }
        Rectangle {
            id: rule
            objectName: "slideRule"
            x: view.rtl ? words.width - width : 0
            y: view.together ? headline.height + words.height * 0.2 + words.spacing
                             : Math.min(headline.contentHeight, headline.height) + words.spacing
            width: Theme.px(120)
            height: Theme.px(6)
            color: Theme.accent
            FallbackTag {
                x: view.rtl ? -width - Theme.px(24) : parent.width + Theme.px(24)
                anchors.verticalCenter: parent.verticalCenter
                language: view.slide.fallbackName || ""
            }
        }
        FitText {
            id: body
            objectName: "body"
            y: rule.y + rule.height + words.spacing
            width: parent.width
            height: view.together ? (words.height - y - words.spacing) / 2 : words.height - y
            maxSize: Theme.bodyMax
            minSize: Theme.bodyMin
            lineHeight: 1.15
            color: Theme.text
            text: view.slide.body || ""
        }
        FitText {
            objectName: "bodySecond"
            visible: view.together
            y: body.y + body.height + words.spacing
            width: parent.width
            height: visible ? words.height - y : 0
            maxSize: Theme.bodyMax
            minSize: Theme.bodyMin
            lineHeight: 1.15
            color: Theme.textSecondary
            text: view.together ? view.slide.second.body : ""
        }
    }

    QrBadge {
        id: qr
        objectName: "qrBadge"
        beside: !view.landscape
        codeSize: view.codeSize
        addressWidth: view.landscape ? view.columnWidth : view.width - 2 * view.margin - view.codeSize - gap
        source: view.slide.qrSource || ""
        label: view.slide.qrLabel || ""
        fallbackName: view.slide.qrFallbackName || ""
        display: view.slide.qrAddress || ""
        width: implicitWidth
        height: implicitHeight
        x: view.mirrorX(view.landscape ? view.width - view.margin - width : view.margin, width)
        y: view.landscape ? view.contentBottom - height : view.height - view.bottomMargin - height
        // Inwards: leftwards from the right margin, rightwards from the left one.
        transform: Translate { x: view.landscape !== view.rtl ? -view.qrShiftX : view.qrShiftX; y: -view.qrShiftY }
    }
}
