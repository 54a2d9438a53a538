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
    // Burn-in drift in pixels (ScheduleBridge): the strip moves right and up, the QR left and
    // up, so both stay inside the safe area.
    property real driftX: 0
    property real driftY: 0

    readonly property bool landscape: width >= height
    readonly property real margin: Math.max(width * Theme.marginRatio, Theme.px(48))
    // The strip grows when the pack's hotlines need more room (four with vanity numbers, portrait).
    readonly property real stripHeight: Math.max(landscape ? height * 0.32 : height * 0.31,
                                                 hotlineBar.implicitHeight + Theme.px(32))
    // Slides start below the pack title and below the tap hint (a full touch target high).
    readonly property real topInset: Math.max(Theme.px(40) + titleText.height,
                                              tapHint.visible ? tapHint.y + tapHint.height : 0)
                                     + Theme.px(Theme.gap)

    property bool frontIsA: true
    readonly property SlideView front: frontIsA ? layerA : layerB
    readonly property SlideView back: frontIsA ? layerB : layerA

    Text {
        textFormat: Text.PlainText
        id: titleText
        objectName: "packTitle"
        x: loop.margin
        y: Theme.px(40)
        width: loop.width - 2 * loop.margin - (tapHint.visible ? tapHint.width + Theme.px(32) : 0)
        text: loop.attract.packTitle
        font.family: Theme.fontFamily
        font.pixelSize: Theme.px(Theme.small)
        color: Theme.textSecondary
        wrapMode: Text.WordWrap
        maximumLineCount: 2
        elide: Text.ElideRight
    }

    // Invites the first touch; the whole screen is the button.
    Rectangle {
        id: tapHint
        objectName: "tapHint"
        visible: loop.showHint
        anchors.right: parent.right
        anchors.rightMargin: loop.margin
        y: Theme.px(24)
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

    Rectangle {
        id: strip
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: loop.stripHeight
        color: Theme.surface
    }

    SlideView {
        id: layerA
        objectName: "slideLayerA"
        anchors.fill: parent
        margin: loop.margin
        topInset: loop.topInset
        stripHeight: loop.stripHeight
        qrShiftX: loop.driftX
        qrShiftY: loop.driftY
        opacity: 1
    }
    SlideView {
        id: layerB
        objectName: "slideLayerB"
        anchors.fill: parent
        margin: loop.margin
        topInset: loop.topInset
        stripHeight: loop.stripHeight
        qrShiftX: loop.driftX
        qrShiftY: loop.driftY
        opacity: 0
    }

    HotlineBar {
        id: hotlineBar
        objectName: "hotlineBar"
        z: 2
        x: loop.margin
        y: loop.height - loop.stripHeight + Theme.px(16)
        width: loop.width - 2 * loop.margin - (loop.landscape ? Theme.px(560) : Theme.px(470))
        columnCount: loop.landscape ? 2 : 1
        hotlines: loop.attract.hotlines
        transform: stripDrift
    }
    Translate {
        id: stripDrift
        x: loop.driftX
        y: -loop.driftY
    }

    // Time left on this slide.
    Rectangle {
        id: track
        objectName: "progressTrack"
        z: 2
        x: loop.margin
        width: loop.width - 2 * loop.margin
        y: loop.height - loop.stripHeight - Theme.px(Theme.gap) - height
        height: Theme.px(Theme.progressHeight)
        radius: height / 2
        color: Theme.track
        Rectangle {
            id: progress
            objectName: "progress"
            height: parent.height
            radius: parent.radius
            color: Theme.accent
            width: 0
        }
        NumberAnimation {
            id: progressAnimation
            target: progress
            property: "width"
            from: 0
            to: track.width
            duration: loop.attract.slideMillis
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
        if (loop.animate)
            loop.back.slide = loop.attract.upcoming
    }

    function restartProgress() {
        progressAnimation.stop()
        progress.width = 0
        if (loop.attract.running && loop.animate)
            progressAnimation.start()
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
