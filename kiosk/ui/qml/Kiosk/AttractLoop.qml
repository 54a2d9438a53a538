pragma ComponentBehavior: Bound
import QtQuick

// The attract loop: slides crossfade over a persistent hotline strip and progress bar.
// The next slide is loaded into the hidden layer before the fade starts, so there is never a
// blank frame between slides.
Item {
    id: loop
    required property AttractBridge attract
    property bool animate: true
    property bool showHint: true
    // False until the window's first frame is on screen (Main): the hidden layer does not load
    // the next slide before that, so the first frame waits for one slide only, not two.
    property bool started: true
    onStartedChanged: if (started) preloadNext()
    // Burn-in drift in pixels (ScheduleBridge): the strip moves right and up, the QR inwards and
    // up (left, from the right margin it stands at), so both stay inside the safe area.
    property real driftX: 0
    property real driftY: 0

    readonly property bool landscape: width >= height
    // A right-to-left language (LayoutMirroring, set by Main) mirrors the header and the hint;
    // SlideView and HotlineStrip mirror themselves.
    readonly property bool rtl: LayoutMirroring.enabled
    function mirrorX(x, w) { return rtl ? canvas.width - x - w : x }
    // The layout is made for 16:9 and 9:16 (every size in Theme at 1080p scale). On a screen of
    // a squarer shape (4:3, 16:10, 3:4) the 16:9 row of hotlines would not fit, so the loop is
    // laid out on a canvas as wide (landscape) or tall (portrait) as 16:9 needs, with the
    // screen's shape, and shrunk by `fit` to fill the screen: nothing is cut off or elided, at the
    // cost of sizes smaller than on a 16:9 screen of that height. Wider or taller screens: fit 1.
    readonly property real fit: landscape ? Math.min(1, width / (height * 16 / 9))
                                          : Math.min(1, height / (width * 16 / 9))
    // Everything is drawn inside a 5 % safe area on every edge (TVs crop their edges).
    readonly property real margin: Math.max(canvas.width * Theme.marginRatio, Theme.px(48))
    readonly property real marginY: canvas.height * Theme.marginRatio
    readonly property real codeSize: Theme.px(240)
    // The QR block's room (SlideView's QrBadge): its label's line, the code, and two lines of
    // address under it, centred.
    FontMetrics { id: qrFont; font.family: Theme.fontFamily; font.pixelSize: Theme.px(Theme.small); font.bold: true }
    readonly property real qrWidth: Theme.px(520)
    readonly property real qrHeight: 3 * Math.ceil(qrFont.height) + Theme.px(16) + codeSize + 1
    // Portrait: the QR stands at the end of the strip's first row when that row's columns leave
    // it the room (a short number alone, 911, has a narrow column); else under the strip, centred.
    readonly property bool qrInStrip: !landscape && hotlineStrip.firstRowSpare >= qrWidth
    // The strip holds the hotline groups (and, in portrait, the QR); its top edge
    // follows what it holds, so a pack with more groups takes room from the words, not the numbers.
    readonly property real stripHeight: Theme.px(24) + hotlineStrip.height
                                        + (landscape || qrInStrip ? 0 : Theme.px(Theme.gap) + qrHeight) + marginY
    // Slides start below a band of fixed height for the pack's title and its publisher (a line
    // each) and, in landscape, the tap hint; in portrait the slide's pictogram sits at the band's
    // right and may be taller. The same on every slide and for every pack, so a long title is
    // elided (and refused by `kiosk pack fit`) instead of pushing the slide down.
    readonly property real topInset: marginY
                                     + Math.max(Theme.px(Theme.slideHeaderBand), landscape ? 0 : Theme.px(Theme.slidePicture))
                                     + Theme.px(Theme.gap)
    // Portrait has no width to spare beside the title: the hint stands above the progress bar, at
    // the right, in the lower part of the screen where every visitor can reach it.
    readonly property bool hintInHeader: tapHint.visible && landscape

    property bool frontIsA: true
    readonly property SlideView front: frontIsA ? layerA : layerB
    readonly property SlideView back: frontIsA ? layerB : layerA

    // The strip's background runs to the screen's edges, whatever the canvas's shape.
    Rectangle {
        id: strip
        width: loop.width
        y: (canvas.height - loop.stripHeight) * loop.fit
        height: loop.height - y
        color: Theme.surface
    }

    Item {
        id: canvas
        objectName: "attractCanvas"
        width: loop.width / loop.fit
        height: loop.height / loop.fit
        scale: loop.fit
        transformOrigin: Item.TopLeft

        // The pack's title and who publishes it, small, at the top left.
        Column {
            id: header
            objectName: "packHeader"
            x: loop.mirrorX(loop.margin, width)
            y: loop.marginY
            // Beside the tap hint (landscape) or the slide's pictogram (portrait).
            width: canvas.width - 2 * loop.margin - (loop.hintInHeader ? tapHint.width + Theme.px(32)
                                                     : loop.landscape ? 0 : Theme.px(Theme.slidePicture) + Theme.px(32))
            spacing: Theme.px(4)
            Text {
                textFormat: Text.PlainText
                id: titleText
                objectName: "packTitle"
                width: header.width
                text: loop.attract.packTitle
                horizontalAlignment: Text.AlignLeft   // mirrored to the right in right to left
                font.family: Theme.fontFamily
                font.pixelSize: Theme.px(Theme.small)
                color: Theme.textSecondary
                wrapMode: Text.WordWrap
                maximumLineCount: 1
                elide: Text.ElideRight
            }
            Row {
                id: publisherRow
                visible: loop.attract.publisher.name !== ""
                spacing: Theme.px(12)
                PackPicture {
                    id: publisherLogo
                    objectName: "publisherLogo"
                    visible: loop.attract.publisher.logo !== ""
                    source: loop.attract.publisher.logo
                    height: Theme.px(40)
                    width: visible ? height : 0
                    sourceSize.width: width
                    sourceSize.height: height
                    fillMode: Image.PreserveAspectFit
                    anchors.verticalCenter: parent.verticalCenter
                }
                Text {
                    textFormat: Text.PlainText
                    objectName: "publisher"
                    width: header.width - (publisherLogo.width + publisherRow.spacing)
                    text: loop.attract.publisher.name
                horizontalAlignment: Text.AlignLeft
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.px(Theme.small)
                    color: Theme.textSecondary
                    wrapMode: Text.WordWrap
                    maximumLineCount: 1
                    elide: Text.ElideRight
                }
            }
        }

        // Invites the first touch; the whole screen is the button.
        Rectangle {
            id: tapHint
            objectName: "tapHint"
            visible: loop.showHint
            x: loop.mirrorX(canvas.width - loop.margin - width, width)
            y: loop.landscape ? loop.marginY : track.y - Theme.px(Theme.gap) - height
            z: 2
            height: Theme.px(Theme.touchTarget)   // a target a finger hits from a standing reach
            width: hintRow.implicitWidth + Theme.px(48)
            radius: height / 2
            color: Theme.accent
            Row {
                id: hintRow
                anchors.centerIn: parent
                spacing: Theme.px(12)
                Image {
                    source: Theme.icon("tap")
                    width: Theme.px(44)
                    height: width
                    sourceSize.width: width
                    sourceSize.height: height
                    anchors.verticalCenter: parent.verticalCenter
                }
                Text {
                    textFormat: Text.PlainText
                    objectName: "tapHintText"
                    text: qsTr("Tap to learn the signs")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.px(Theme.small)
                    font.bold: true
                    color: Theme.accentInk
                    anchors.verticalCenter: parent.verticalCenter
                }
            }
        }


        SlideView {
            id: layerA
            objectName: "slideLayerA"
            anchors.fill: parent
            fading: fade.running
            // The words going out fade as the next slide's come in: a true crossfade of the words
            // (the rest of the slide stays whole under the incoming one: no dip in the QR).
            wordsOpacity: fade.running && fade.outgoing === layerA ? 1 - layerB.opacity : 1
            screenScale: loop.fit
            qrInStrip: loop.qrInStrip
            qrTop: hotlineStrip.y
            qrWidth: loop.qrWidth
            margin: loop.margin
            bottomMargin: loop.marginY
            topInset: loop.topInset
            stripHeight: loop.stripHeight
            codeSize: loop.codeSize
            qrShiftX: loop.driftX
            qrShiftY: loop.driftY
            opacity: 1
        }
        SlideView {
            id: layerB
            objectName: "slideLayerB"
            anchors.fill: parent
            fading: fade.running
            wordsOpacity: fade.running && fade.outgoing === layerB ? 1 - layerA.opacity : 1
            screenScale: loop.fit
            qrInStrip: loop.qrInStrip
            qrTop: hotlineStrip.y
            qrWidth: loop.qrWidth
            margin: loop.margin
            bottomMargin: loop.marginY
            topInset: loop.topInset
            stripHeight: loop.stripHeight
            codeSize: loop.codeSize
            qrShiftX: loop.driftX
            qrShiftY: loop.driftY
            opacity: 0
        }

        HotlineStrip {
            id: hotlineStrip
            objectName: "hotlineStrip"
            z: 2
            x: loop.margin
            y: canvas.height - loop.stripHeight + Theme.px(24)
            width: canvas.width - 2 * loop.margin
            groups: loop.attract.hotlineGroups
            // Portrait: the first row holds the QR at its end.
            firstRowMinHeight: loop.qrInStrip ? loop.qrHeight : 0
            transform: stripDrift
        }
        Translate {
            id: stripDrift
            x: loop.driftX
            y: -loop.driftY
        }

        // Time left on this slide, in steps (Theme.progressStepMs), never redrawn every frame:
        // between crossfades the scene changes only a few times a second, so the loop idles.
        Rectangle {
            id: track
            objectName: "progressTrack"
            z: 2
            x: loop.margin
            width: canvas.width - 2 * loop.margin
            y: canvas.height - loop.stripHeight - Theme.px(Theme.gap) - height
            height: Theme.px(Theme.progressHeight)
            radius: height / 2
            color: Theme.track
            Rectangle {
                id: progress
                objectName: "progress"
                height: parent.height
                radius: parent.radius
                color: Theme.accent
                width: Math.round(track.width * progressStep.done / Math.max(1, progressStep.steps))
            }
            Timer {
                id: progressStep
                // Whole steps of about Theme.progressStepMs that end exactly when the slide does.
                readonly property int steps: Math.max(1, Math.round(loop.attract.slideMillis / Theme.progressStepMs))
                property int done: 0
                interval: Math.max(1, Math.round(loop.attract.slideMillis / steps))
                repeat: true
                onTriggered: {
                    done = Math.min(done + 1, steps)
                    if (done >= steps)
                        stop()
                }
            }
        }
    }

    NumberAnimation {
        id: fade
        property SlideView incoming
        property SlideView outgoing
        duration: Theme.crossfadeMs
        easing.type: Easing.InOutQuad
        target: incoming
        property: "opacity"
        from: 0
        to: 1
        onFinished: {
            outgoing.opacity = 0
            loop.frontIsA = (incoming === layerA)
            loop.preloadNext()
        }
    }

    // Called when the bridge moves on. The back layer normally holds the next slide already
    // (preloaded after the last fade), so the fade starts at once; otherwise it takes the new slide
    // and fades in as soon as its picture is loaded.
    function present() {
        const slide = loop.attract.slide
        if (!loop.animate || loop.front.slide.key === undefined) {
            fade.stop()
            loop.front.slide = slide
            loop.front.opacity = 1
            loop.back.opacity = 0
            restartProgress()
            preloadNext()
            return
        }
        if (loop.front.slide.key === slide.key)
            return restartProgress()
        fade.complete()
        if (loop.back.slide.key !== slide.key)
            loop.back.slide = slide
        waitForPicture.start()
    }

    function preloadNext() {
        if (loop.animate && loop.started)
            loop.back.slide = loop.attract.upcoming
    }

    function restartProgress() {
        progressStep.stop()
        progressStep.done = 0
        if (loop.attract.running && loop.animate)
            progressStep.start()
    }

    Timer {
        // Poll briefly for the hidden layer's picture; local SVGs are ready at once.
        id: waitForPicture
        interval: 16
        repeat: true
        triggeredOnStart: true
        property int tries: 0
        onTriggered: {
            tries += 1
            if (loop.back.ready || tries > 60) {
                stop()
                tries = 0
                loop.back.z = 1
                loop.front.z = 0
                fade.incoming = loop.back
                fade.outgoing = loop.front
                fade.start()
                loop.restartProgress()
            }
        }
    }

    Connections {
        target: loop.attract
        function onSlideChanged() { loop.present() }
        function onRunningChanged() { loop.restartProgress() }
    }
    Component.onCompleted: present()
}
