pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Window

// The kiosk window. Python passes the bridges in as required properties.
Window {
    id: root
    required property AttractBridge attract
    required property SessionBridge session
    required property ScheduleBridge schedule
    required property StaffBridge staff
    required property AccessBridge access
    required property string assetsUrl
    property bool animate: true

    title: "Awareness kiosk"
    color: Theme.background
    visible: false  // app.py shows it full screen or windowed

    Binding {
        target: Theme
        property: "scale"
        value: Math.min(root.width, root.height) / 1080
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
        showHint: root.session.hasLessons
        // Burn-in care: the strip and the QR move a few pixels inwards on a slow timer.
        driftX: root.schedule.driftX * Math.min(root.width, root.height)
        driftY: root.schedule.driftY * Math.min(root.width, root.height)
        // Nothing draws under touch mode, the cover or the closed screen: it would cost frames
        // for nothing.
        visible: root.session.screen === SessionBridge.Screen.Attract && !root.schedule.closed
    }

    TouchMode {
        objectName: "touchMode"
        anchors.fill: parent
        visible: root.session.screen !== SessionBridge.Screen.Attract
                 && root.session.screen !== SessionBridge.Screen.Cover
        session: root.session
        attract: root.attract
        access: root.access
    }

    IdleCountdown {
        objectName: "idleCountdown"
        anchors.fill: parent
        visible: root.session.countdown >= 0
        session: root.session
    }

    CoverScreen {
        objectName: "coverScreen"
        anchors.fill: parent
        visible: root.session.screen === SessionBridge.Screen.Cover
        session: root.session
    }

    // Outside opening hours: over everything, still and dim (the loop is stopped meanwhile).
    ClosedScreen {
        objectName: "closedScreen"
        anchors.fill: parent
        visible: root.schedule.closed
        attract: root.attract
        schedule: root.schedule
    }

    StaffNotice {
        objectName: "staffNotice"
        staff: root.staff
    }

    PinPad {
        objectName: "pinPad"
        anchors.fill: parent
        visible: root.staff.mode === StaffBridge.Mode.Pin
        staff: root.staff
    }

    StaffPanel {
        objectName: "staffPanel"
        anchors.fill: parent
        visible: root.staff.mode === StaffBridge.Mode.Panel
        staff: root.staff
    }
}
