pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Window

// The kiosk window. Python passes the bridges in as required properties.
Window {
    id: root
    required property AttractBridge attract
    required property SessionBridge session
    required property ScheduleBridge schedule
    required property StaffLayer staff
    required property AccessBridge access
    required property AlertsBridge alerts
    required property string assetsUrl
    property bool animate: true

    title: "Awareness kiosk"
    color: Theme.background
    visible: false  // app.py shows it full screen or windowed

    // The kiosk's screen is the whole window, but for a strip along the bottom that `kiosk
    // preview` keeps for its status bar (it makes the content item that much shorter too).
    property real reservedBottom: 0
    readonly property real screenSide: Math.min(root.width, root.height - root.reservedBottom)
    Binding {
        target: Theme
        property: "scale"
        value: root.screenSide / 1080
    }
    Binding {
        target: Theme
        property: "assetsUrl"
        value: root.assetsUrl
    }
    // Accessibility mode: larger text and the high-contrast palette (the AccessBridge decides).
    Binding {
        target: Theme
        property: "textScale"
        value: root.access.textScale
    }
    Binding {
        target: Theme
        property: "highContrast"
        value: root.access.highContrast
    }
    // A right-to-left language mirrors the layout: anchors, rows and grids, and the pages that
    // place items by hand read LayoutMirroring.enabled.
    LayoutMirroring.enabled: root.access.rightToLeft
    LayoutMirroring.childrenInherit: true

    AttractLoop {
        id: attractLoop
        objectName: "attractLoop"
        anchors.fill: parent
        attract: root.attract
        animate: root.animate
        started: root.started
        showHint: root.session.hasLessons
        // Burn-in care: the strip and the QR move a few pixels inwards on a slow timer.
        driftX: root.schedule.driftX * root.screenSide
        driftY: root.schedule.driftY * root.screenSide
        // Nothing draws under touch mode, the cover or the closed screen: it would cost frames
        // for nothing.
        // Nor under an alert that takes the screen over (it stands still meanwhile).
        visible: root.session.screen === SessionBridge.Screen.Attract && !root.schedule.closed
                 && !root.attract.covered
    }

    // Set by the first frame: then touch mode is created in the background, so that a tap opens
    // the lesson menu at once (well under 100 ms) without it delaying the first frame.
    property bool started: false
    Connections {
        target: root
        enabled: !root.started  // the handler runs once, not on every frame
        function onFrameSwapped() {
            root.started = true
        }
    }

    // Everything below is created when first wanted (LazyPage), not before the first frame.
    LazyPage {
        anchors.fill: parent
        wanted: root.session.screen !== SessionBridge.Screen.Attract
                && root.session.screen !== SessionBridge.Screen.Cover
        preload: root.started
        sourceComponent: TouchMode {
            objectName: "touchMode"
            session: root.session
            attract: root.attract
            access: root.access
        }
    }

    // An AMBER Alert or a venue message: over the loop, or over a lesson at the visitor's next
    // step; under the idle countdown, the quick-exit cover and the closed screen.
    LazyPage {
        anchors.fill: parent
        wanted: root.alerts.showing
        sourceComponent: AlertScreen {
            objectName: "alertScreen"
            alerts: root.alerts
            attract: root.attract
            session: root.session
            driftX: root.schedule.driftX * Math.min(root.width, root.height)
            driftY: root.schedule.driftY * Math.min(root.width, root.height)
        }
    }

    LazyPage {
        anchors.fill: parent
        wanted: root.session.countdown >= 0
        sourceComponent: IdleCountdown {
            objectName: "idleCountdown"
            session: root.session
        }
    }

    LazyPage {
        anchors.fill: parent
        wanted: root.session.screen === SessionBridge.Screen.Cover
        sourceComponent: CoverScreen {
            objectName: "coverScreen"
            session: root.session
        }
    }

    // Outside opening hours: over everything, still and dim (the loop is stopped meanwhile).
    LazyPage {
        anchors.fill: parent
        wanted: root.schedule.closed
        sourceComponent: ClosedScreen {
            objectName: "closedScreen"
            attract: root.attract
            schedule: root.schedule
        }
    }

    StaffNotice {
        objectName: "staffNotice"
        bridge: root.staff.notice
    }

    LazyPage {
        anchors.fill: parent
        wanted: root.staff.mode === StaffLayer.Mode.Pin
        sourceComponent: PinPad {
            objectName: "pinPad"
            keypad: root.staff.keypad
        }
    }

    LazyPage {
        anchors.fill: parent
        wanted: root.staff.mode === StaffLayer.Mode.Panel
        sourceComponent: StaffPanel {
            objectName: "staffPanel"
            bridge: root.staff.panel
            alerts: root.alerts
        }
    }
}
