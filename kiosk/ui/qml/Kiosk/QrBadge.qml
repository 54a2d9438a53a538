pragma ComponentBehavior: Bound
import QtQuick

// A QR code generated at run time (image://qr/…) in its white quiet zone, with what it is for
// and its short address written out for people without a phone camera.
Item {
    id: badge
    property string source
    property string label
    property string display
    property int codeSize: 240
    property bool horizontal: true

    implicitWidth: horizontal ? labelText.width + Theme.px(16) + codeSize : Math.max(codeSize, urlText.width)
    implicitHeight: horizontal ? codeSize + Theme.px(8) + urlText.height : labelText.height + codeSize + urlText.height + Theme.px(16)

    Text {
        textFormat: Text.PlainText
        id: labelText
        objectName: "qrLabel"
        width: badge.horizontal ? Theme.px(200) : Math.max(badge.codeSize, urlText.width)
        x: 0
        y: badge.horizontal ? code.y + (code.height - height) / 2 : 0
        text: badge.label
        font.family: Theme.fontFamily
        font.pixelSize: Theme.px(Theme.small)
        font.bold: true
        color: Theme.text
        wrapMode: Text.WordWrap
        horizontalAlignment: badge.horizontal ? Text.AlignRight : Text.AlignHCenter
    }

    Image {
        id: code
        objectName: "qrCode"
        x: badge.horizontal ? labelText.width + Theme.px(16) : (badge.width - width) / 2
        y: badge.horizontal ? 0 : labelText.height + Theme.px(8)
        width: badge.codeSize
        height: badge.codeSize
        source: badge.source
        sourceSize.width: badge.codeSize
        sourceSize.height: badge.codeSize
        smooth: false
        fillMode: Image.PreserveAspectFit
    }

    Text {
        textFormat: Text.PlainText
        id: urlText
        objectName: "qrDisplay"
        // Never wider than the badge's column: a long address is elided (and reported by snapshot).
        width: Math.min(implicitWidth, Math.max(badge.codeSize, Theme.px(460)))
        elide: Text.ElideRight
        anchors.top: code.bottom
        anchors.topMargin: Theme.px(8)
        anchors.horizontalCenter: code.horizontalCenter
        text: badge.display
        font.family: Theme.fontFamily
        font.pixelSize: Theme.px(Theme.small)
        color: Theme.text
    }
}
