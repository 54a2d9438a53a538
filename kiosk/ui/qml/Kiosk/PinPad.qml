pragma ComponentBehavior: Bound
import QtQuick

// The staff PIN keypad: digits shown as dots, Clear, OK and Cancel, each a 96 px target. With no
// PIN set it says how to set one instead. Python checks the PIN and keeps the lockout.
Rectangle {
    id: pad
    required property StaffBridge staff
    readonly property int key: Theme.px(Theme.touchTarget) + Theme.px(24)
    // The message in the language on screen, from the bridge's pieces (pinParts); the bridge's
    // English words (pinMessage) for a kind this file does not know.
    readonly property var parts: staff.pinParts
    readonly property string message: {
        const wait = qsTr("Try again in %1 s.").arg(parts.seconds)
        if (parts.kind === "")
            return ""
        if (parts.kind === "noPin")
            return qsTr("No staff PIN is set on this kiosk, so the staff panel cannot open. On the kiosk's computer, as the kiosk's user, run:\nkiosk staff set-pin")
        if (parts.kind === "wrong")
            return qsTr("Wrong PIN.")
        if (parts.kind === "wrongWait")
            return qsTr("Wrong PIN.") + " " + wait
        if (parts.kind === "locked")
            return qsTr("Too many wrong PINs.") + " " + wait
        if (parts.kind === "again")
            return qsTr("You can try again now.")
        if (parts.kind === "length")
            return qsTr("A PIN has %1 to %2 digits.").arg(parts.min).arg(parts.max)
        return staff.pinMessage
    }
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
            text: pad.message
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
