pragma ComponentBehavior: Bound
import QtQuick

// A large touch target (≥ 96 px at 1080p) with a word and, optionally, an icon.
Rectangle {
    id: button
    property string text
    property string iconName: ""
    property bool primary: false
    property bool highlighted: false   // keyboard focus
    // Act as soon as the finger lands (quick exit): nothing about the press may delay leaving.
    property bool actOnPress: false
    // The label's size over Theme.buttonText: accessibility mode raises it up to Theme.textScale
    // where the row has room (TouchMode decides, from widthAt); never below 1.
    property real labelScale: 1
    // Every label the button takes in turn ("Read aloud", "Reading… Stop"): it is as wide as the
    // widest of them, so a change of label moves nothing beside it. Empty: as wide as `text`.
    property list<string> labels: []
    readonly property int labelPx: Math.round(Theme.px(Theme.buttonText) * Math.max(1, labelScale))
    signal activated()

    // The width this button takes with its label at `scale` (measured at 1, text grows linearly).
    function widthAt(scale: real): real {
        const label = labels.reduce((widest, other) => Math.max(widest, metrics.advanceWidth(other)),
                                    baseLabel.advanceWidth)
        return Math.max(Theme.px(Theme.touchTarget) * 2.2,
                        (iconName !== "" ? Theme.px(44) + row.spacing : 0)
                        + Math.ceil(label * Math.max(1, scale)) + Theme.px(64))
    }

    TextMetrics {
        id: baseLabel
        font.family: Theme.fontFamily
        font.pixelSize: Theme.px(Theme.buttonText)
        font.bold: true
        text: button.text
    }
    FontMetrics {
        id: metrics
        font: baseLabel.font
    }

    implicitWidth: labels.length > 0 ? widthAt(labelScale)
                                     : Math.max(Theme.px(Theme.touchTarget) * 2.2,
                                                row.implicitWidth + Theme.px(64))
    implicitHeight: Theme.px(Theme.touchTarget)
    radius: Theme.px(16)
    color: primary ? Theme.accent : Theme.surface
    border.width: highlighted ? Theme.px(6) : Theme.px(2)
    border.color: highlighted ? Theme.text : (primary ? Theme.accent : Theme.textSecondary)
    // Not yet usable (read-aloud while its speech engine starts): in its place, faint, no taps.
    opacity: enabled ? 1 : 0.45

    Row {
        id: row
        anchors.centerIn: parent
        spacing: Theme.px(16)
        Image {
            visible: button.iconName !== ""
            source: button.iconName !== "" ? Theme.icon(button.iconName) : ""
            width: Theme.px(44)
            height: width
            sourceSize.width: width
            sourceSize.height: height
            anchors.verticalCenter: parent.verticalCenter
        }
        Text {
            textFormat: Text.PlainText
            text: button.text
            font.family: Theme.fontFamily
            objectName: "buttonLabel"
            font.pixelSize: button.labelPx
            font.bold: true
            color: button.primary ? Theme.accentInk : Theme.text
            anchors.verticalCenter: parent.verticalCenter
        }
    }

    Tap {
        onTapped: if (!button.actOnPress) button.activated()
        onPressedChanged: if (pressed && button.actOnPress) button.activated()
    }
}
