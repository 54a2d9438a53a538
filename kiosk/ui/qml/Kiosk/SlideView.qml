pragma ComponentBehavior: Bound
import QtQuick

// One slide: headline, body, pictogram and the QR of its link. Two of these crossfade in the loop.
// Geometry (margins, header, strip) comes from the AttractLoop so both layers line up exactly.
//
// Landscape: words at the left; at the right a column with the pictogram above the QR, whose
// whole address is written under it. Portrait: the pictogram at the top right, beside the pack's
// title, the words under both; the QR, its address under it too, stands at the end of the
// strip's first row (beside 911) or under the strip. A fixed grid (Theme, "Slides"): the
// pictogram, the headline's box and the body's box are at the same place and of the same size on
// every slide of an orientation, whatever their words, the picture, the strip or the QR
// (the words keep their place on a slide without a picture); the headline is balanced
// (BalancedText). A right-to-left language (LayoutMirroring, set by Main)
// mirrors all of it: words right-aligned, the accent bar at their right, the pictogram and QR
// column at the left in landscape (the pictogram at the left and the QR at the right in portrait).
Item {
    id: view
    property var slide: ({})
    // True while the loop crossfades: very large words are then drawn once into a texture that
    // every frame of the fade blends (FadeBlock). Off between fades: no texture is kept.
    property bool fading: false
    // The words' opacity: below 1 while this slide's words fade out under the next slide's.
    property real wordsOpacity: 1
    // The scale the loop's canvas is drawn at (AttractLoop's `fit`): the texture is made at the
    // screen's pixels, so the words are as sharp during the fade as after it.
    property real screenScale: 1
    property real margin: 96          // left and right: the safe area (5 % of the width)
    property real bottomMargin: 54    // the safe area at the bottom (5 % of the height)
    property real topInset: 120       // where the words start (below the pack's header)
    property real stripHeight: 300    // from the strip's top to the bottom edge
    property real columnWidth: Theme.px(520)   // landscape: the pictogram and QR column
    property real codeSize: Theme.px(240)
    // Portrait: where the QR goes (AttractLoop): at the end of the strip's first row, whose top
    // is `qrTop`, or under the strip; `qrWidth` is its label's and address's column.
    property bool qrInStrip: false
    property real qrTop: 0
    property real qrWidth: Theme.px(520)
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

    // The grid (Theme, "Slides"): one headline size and one body size per orientation, boxes of
    // a fixed number of lines at a fixed place. Nothing here depends on the slide's words, the
    // strip or the QR: a text that does not fit its box is elided and `kiosk pack fit` refuses
    // it, rather than the rest of the screen moving to make room.
    // Two languages at once take the floors (headline 80, body 44) to hold both.
    readonly property int headlinePx: Theme.px(together ? Theme.headlineMin
                                               : landscape ? Theme.slideHeadlineLandscape : Theme.slideHeadlinePortrait)
    readonly property int bodyPx: Theme.px(together ? Theme.bodyMin
                                           : landscape ? Theme.slideBodyLandscape : Theme.slideBodyPortrait)
    readonly property real pictureSize: Theme.px(Theme.slidePicture)

    FontMetrics {
        id: headlineMetrics
        font.family: Theme.fontFamily
        font.pixelSize: view.headlinePx
        font.bold: true
    }
    FontMetrics {
        id: bodyMetrics
        font.family: Theme.fontFamily
        font.pixelSize: view.bodyPx
    }
    // A box of `lines` lines of that font and line height, as Text lays them out (each line's
    // ascent and descent rounded up to whole pixels), with a pixel to spare.
    function box(metrics, lines, lineHeight) {
        return Math.ceil(lines * (Math.ceil(metrics.ascent) + Math.ceil(metrics.descent)) * lineHeight) + 1
    }

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
                                       : view.width - view.margin - width, width)
        // Landscape: at the words' height; portrait: beside the pack's title, above them.
        y: view.landscape ? view.topInset : view.topInset - Theme.px(Theme.gap) - height
        visible: view.hasPicture
    }

    // A block of words drawn once into a texture while the loop fades (`fading`) when its glyphs
    // are `texturedPx` device pixels or more. Qt Quick's software renderer takes glyphs up to
    // 64 px from Qt's glyph cache and fills larger ones as paths, anew every frame of a fade; the
    // cost grows with the glyph's area. Measured at 1080p (the headline 88 px, the body 48 px),
    // the paths cost the loop ~2-3 % of a core, well within its CPU goal, while the headlines'
    // textures cost ~5 MB of resident memory for each fade: the memory is worth more there. At
    // twice the cache's limit (a 4K screen's headline, 176 px) the fills cost four times as
    // much, and the texture pays. The software renderer's textures are opaque (what is not
    // drawn is black), so the block holds the screen's background under its words, and reaches
    // `bleed` past their box, where nothing else is drawn: a glyph may stand out of its box (a
    // "j" at a line's start), and the fade must not cut it. Opaque, the two slides' blocks
    // crossfade. The words go in `words`, whose origin is the block's box.
    component FadeBlock: Item {
        id: block
        property bool fading: false
        property real glyphPx: 0  // the words' font size, in the loop's canvas pixels
        property real bleed: 0
        property real screenScale: 1
        default property alias words: box.data
        readonly property int texturedPx: 128
        // In device pixels: on a screen with a scale factor the words stay sharp while fading.
        readonly property real pixels: screenScale * (Screen.devicePixelRatio > 0 ? Screen.devicePixelRatio : 1)
        layer.enabled: fading && glyphPx * pixels >= texturedPx
        layer.textureSize: Qt.size(Math.ceil(width * pixels), Math.ceil(height * pixels))
        layer.smooth: screenScale !== 1
        Rectangle {
            objectName: "slideWordsGround"
            anchors.fill: parent
            visible: block.layer.enabled
            color: Theme.background
        }
        Item {
            id: box
            x: block.bleed
            y: block.bleed
            width: block.width - 2 * block.bleed
            height: block.height - 2 * block.bleed
        }
    }

    Item {
        id: words
        objectName: "slideWords"
        opacity: view.wordsOpacity
        readonly property real spacing: Theme.px(Theme.gap)
        readonly property real bleed: Theme.px(Theme.gap)
        readonly property real scaled: view.screenScale > 0 ? view.screenScale : 1  // NaN before a size
        x: view.mirrorX(view.margin, width)
        y: view.topInset
        width: view.landscape ? view.width - 2 * view.margin - view.columnWidth - Theme.px(48)
                              : view.width - 2 * view.margin
        height: view.together ? view.contentBottom - view.topInset : bodyTop + body.height
        readonly property real bodyTop: rule.y + rule.height + spacing  // the body's place

        FadeBlock {
            objectName: "slideHeadlineBlock"
            fading: view.fading
            glyphPx: view.headlinePx
            screenScale: words.scaled
            bleed: words.bleed
            x: -bleed
            y: -bleed
            width: words.width + 2 * bleed
            height: headlineSecond.y + headlineSecond.height + 2 * bleed

            BalancedText {
                id: headline
                objectName: "headline"
                x: view.rtl ? words.width - width : 0
                maxWidth: words.width
                height: view.box(headlineMetrics, maximumLineCount, lineHeight)
                maximumLineCount: view.together ? 1 : Theme.slideHeadlineLines
                font.family: Theme.fontFamily
                font.pixelSize: view.headlinePx
                font.bold: true
                lineHeight: Theme.slideHeadlineLineHeight
                verticalAlignment: Text.AlignTop
                color: Theme.text
                original: view.slide.headline || ""
            }
            BalancedText {
                id: headlineSecond
                objectName: "headlineSecond"
                visible: view.together
                x: view.rtl ? words.width - width : 0
                y: headline.height
                maxWidth: words.width
                height: visible ? view.box(headlineMetrics, 1, lineHeight) : 0
                maximumLineCount: 1
                font.family: Theme.fontFamily
                font.pixelSize: view.headlinePx
                font.bold: true
                lineHeight: Theme.slideHeadlineLineHeight
                color: Theme.textSecondary
                original: view.together ? view.slide.second.headline : ""
            }
        }
        // Just above the body, at one height on every slide: a one-line headline leaves room
        // under it rather than pulling the body up.
        Rectangle {
            id: rule
            objectName: "slideRule"
            x: view.rtl ? words.width - width : 0
            y: headlineSecond.y + headlineSecond.height + words.spacing
            width: Theme.px(120)
            height: Theme.px(6)
            color: Theme.accent
            FallbackTag {
                x: view.rtl ? -width - Theme.px(24) : parent.width + Theme.px(24)
                anchors.verticalCenter: parent.verticalCenter
                language: view.slide.fallbackName || ""
            }
        }
        FadeBlock {
            objectName: "slideBodyBlock"
            fading: view.fading
            glyphPx: view.bodyPx
            screenScale: words.scaled
            bleed: words.bleed
            x: -bleed
            y: words.bodyTop - bleed
            width: words.width + 2 * bleed
            height: bodySecond.y + bodySecond.height + 2 * bleed

            Text {
                id: body
                objectName: "body"
                width: words.width
                // Two languages at once share the room left (their words are shorter per language
                // on such a venue, or refused); otherwise the body has its fixed lines.
                height: view.together ? (view.contentBottom - view.topInset - words.bodyTop - words.spacing) / 2
                                      : view.box(bodyMetrics, maximumLineCount, lineHeight)
                maximumLineCount: view.together ? Math.max(1, Math.floor((height - 1) / (bodyMetrics.height * lineHeight)))
                                                : Theme.slideBodyLines
                font.family: Theme.fontFamily
                font.pixelSize: view.bodyPx
                lineHeight: Theme.slideBodyLineHeight
                wrapMode: Text.WordWrap
                elide: Text.ElideRight
                textFormat: Text.PlainText
                horizontalAlignment: Text.AlignLeft
                color: Theme.text
                text: view.slide.body || ""
            }
            Text {
                id: bodySecond
                objectName: "bodySecond"
                visible: view.together
                y: body.height + words.spacing
                width: words.width
                height: visible ? body.height : 0
                maximumLineCount: body.maximumLineCount
                font: body.font
                lineHeight: body.lineHeight
                wrapMode: Text.WordWrap
                elide: Text.ElideRight
                textFormat: Text.PlainText
                horizontalAlignment: Text.AlignLeft
                color: Theme.textSecondary
                text: view.together ? view.slide.second.body : ""
            }
        }
    }

    QrBadge {
        id: qr
        objectName: "qrBadge"
        codeSize: view.codeSize
        addressWidth: view.landscape ? view.columnWidth : view.qrWidth
        source: view.slide.qrSource || ""
        label: view.slide.qrLabel || ""
        fallbackName: view.slide.qrFallbackName || ""
        display: view.slide.qrAddress || ""
        width: implicitWidth
        height: implicitHeight
        x: view.mirrorX(view.landscape || view.qrInStrip ? view.width - view.margin - width
                                                         : (view.width - width) / 2, width)
        y: view.landscape ? view.contentBottom - height
                          : view.qrInStrip ? view.qrTop : view.height - view.bottomMargin - height
        // Inwards: leftwards from the right margin, rightwards from the left one.
        transform: Translate { x: view.rtl ? view.qrShiftX : -view.qrShiftX; y: -view.qrShiftY }
    }
}
