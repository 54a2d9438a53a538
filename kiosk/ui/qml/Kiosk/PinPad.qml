pragma ComponentBehavior: Bound
import QtQuick

// The staff PIN keypad: digits shown as dots, Clear, OK and Cancel, each a 96 px target. With no
// PIN set it says how to set one instead. Python checks the PIN, keeps the lockout and words the
// message in the language on screen (kiosk/ui/bridges/staff_keypad.py).
//
// The keys hold still: the message line keeps its room (two lines) whether or not it says
// anything. While locked out the digits, Clear and OK are disabled and dimmed, and the message
// counts the wait down in words ("Try again in 4 min 47 s.").
Rectangle {
    id: pad
    required property KeypadBridge keypad
    readonly property int key: Theme.px(Theme.touchTarget) + Theme.px(24)
    color: Theme.background

    // Every key goes through here: one call into the bridge.
    function press(name: string): void {
        pad.keypad.press(name)
    }

    FontMetrics {
        id: messageMetrics
        font: message.font
    }

    Column {
        anchors.centerIn: parent
        spacing: Theme.px(Theme.touchSpacing)
        width: Math.min(pad.width * 0.9, Math.max(pad.key * 3 + Theme.px(48), Theme.px(900)))

        Text {
            objectName: "pinTitle"
            textFormat: Text.PlainText
            width: parent.width
            text: pad.keypad.hasPin ? qsTr("Staff only: enter the PIN") : qsTr("Staff only")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.px(56)
            font.bold: true
            color: Theme.text
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
        }
        Text {
            objectName: "pinDots"
            textFormat: Text.PlainText
            width: parent.width
            visible: pad.keypad.hasPin
            text: pad.keypad.pinLength > 0 ? "\u25CF ".repeat(pad.keypad.pinLength).trim() : " "
            font.family: Theme.fontFamily
            font.pixelSize: Theme.px(56)
            color: Theme.accent
            horizontalAlignment: Text.AlignHCenter
        }
        Text {
            id: message
            objectName: "pinMessage"
            textFormat: Text.PlainText
            width: parent.width
            // With a keypad below: always two lines high, so nothing moves when it speaks.
            height: pad.keypad.hasPin ? Math.ceil(messageMetrics.lineSpacing * 2) : implicitHeight
            maximumLineCount: pad.keypad.hasPin ? 2 : 12
            elide: Text.ElideRight
            text: pad.keypad.message
            font.family: Theme.fontFamily
            font.pixelSize: Theme.px(Theme.small)
            color: Theme.wrong
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
        }
        Grid {
            visible: pad.keypad.hasPin
            columns: 3
            spacing: Theme.px(Theme.touchSpacing)
            anchors.horizontalCenter: parent.horizontalCenter
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "ok"]
                KioskButton {
                    required property string modelData
                    objectName: "pinKey-" + modelData
                    implicitWidth: pad.key * 1.6
                    implicitHeight: pad.key
                    primary: modelData === "ok"
                    // Locked out: no key but Cancel takes a touch, and it shows.
                    enabled: !pad.keypad.locked
                    opacity: enabled ? 1 : 0.35
                    text: modelData === "clear" ? qsTr("Clear")
                          : modelData === "ok" ? qsTr("OK") : modelData
                    onActivated: pad.press(modelData)
                }
            }
        }
        KioskButton {
            objectName: "pinCancel"
            anchors.horizontalCenter: parent.horizontalCenter
            text: qsTr("Cancel")
            onActivated: pad.press("cancel")
        }
    }
}
