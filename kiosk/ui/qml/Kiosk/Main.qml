import QtQuick
import QtQuick.Window

// The kiosk window. Python passes the bridges in as required properties.
Window {
    id: root
    required property QtObject attract
    property bool animate: true

    title: "Awareness kiosk"
    color: Theme.background
    visible: false  // app.py shows it full screen or windowed

    Binding {
        target: Theme
        property: "scale"
        value: Math.min(root.width, root.height) / 1080
    }

    AttractLoop {
        id: attractLoop
        objectName: "attractLoop"
        anchors.fill: parent
        attract: root.attract
        animate: root.animate
    }
}
