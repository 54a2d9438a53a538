pragma ComponentBehavior: Bound
import QtQuick

// The staff PIN keypad: digits shown as dots, Clear, OK and Cancel, each a 96 px target. With no
// PIN set it says how to set one instead. Python checks the PIN and keeps the lockout.
Rectangle {
    id: pad
    required property StaffBridge staff
    readonly property int key: Theme.px(Theme.touchTarget) + Theme.px(24)
    color: Theme.background

    Column {
        anchors.centerIn: parent
        spacing: Theme.px(Theme.touchSpacing)
        width: Math.min(pad.width * 0.9, Math.max(pad.key * 3 + Theme.px(48), Theme.px(900)))

        Text {
            objectName: "pinTitle"
            textFormat: Text.PlainText
            width: parent.width
            text: pad.staff.hasPin ? qsTr("Staff only: enter the PIN") : qsTr("Staff only")
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
            visible: pad.staff.hasPin
            text: pad.staff.pinLength > 0 ? "\u25CF ".repeat(pad.staff.pinLength).trim() : " "
            font.family: Theme.fontFamily
            font.pixelSize: Theme.px(56)
            color: Theme.accent
            horizontalAlignment: Text.AlignHCenter
        }
        Text {
            objectName: "pinMessage"
            textFormat: Text.PlainText
            width: parent.width
            text: pad.staff.pinMessage
            visible: text !== ""
            font.family: Theme.fontFamily
            font.pixelSize: Theme.px(Theme.small)
            color: Theme.wrong
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
        }
        Grid {
            visible: pad.staff.hasPin
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
                    text: modelData === "clear" ? qsTr("Clear")
                          : modelData === "ok" ? qsTr("OK") : modelData
                    onActivated: {
                        if (modelData === "clear")
                            pad.staff.clearPin()
                        else if (modelData === "ok")
                            pad.staff.enter()
                        else
                            pad.staff.digit(Number(modelData))
                    }
                }
            }
        }
        KioskButton {
            objectName: "pinCancel"
            anchors.horizontalCenter: parent.horizontalCenter
            text: qsTr("Cancel")
            onActivated: pad.staff.cancel()
        }
    }
}
