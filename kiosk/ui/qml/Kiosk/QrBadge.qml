pragma ComponentBehavior: Bound
import QtQuick

// A QR code generated at run time (image://qr/…) in its white quiet zone, with what it is for
// and its whole address written out for people without a phone camera (the validator makes
// sure that address leads where the code does; a long one comes in lines broken after a "/").
// One arrangement everywhere (slides in both orientations, the lesson menu and end screen, the
// closed screen): the label on one line above the code, the address centred under the code.
// The label never wraps: one that does not fit on one line is elided, which the snapshot and
// `pack fit` report. The address is drawn left to right whatever the language (an isolate, so
// a bidi paragraph cannot reorder it).
Item {
    id: badge
    property string source
    property string label
    property string display
    // The label's language when it is not the one on screen ("English only" under it).
    property string fallbackName: ""
    property int codeSize: 240
    // The label's and the address's column; two lines of about 36 characters fit in 520 px at
    // 1080p.
    property real addressWidth: Math.max(codeSize, Theme.px(520))

    readonly property real gap: Theme.px(16)
    readonly property real tagHeight: tag.visible ? tag.implicitHeight : 0
    readonly property bool rtl: LayoutMirroring.enabled

    implicitWidth: Math.max(codeSize, addressWidth)
    implicitHeight: labelText.height + tagHeight + gap / 2 + codeSize + gap / 2 + urlText.height

    Text {
        textFormat: Text.PlainText
        id: labelText
        objectName: "qrLabel"
        width: badge.width
        y: 0
        text: badge.label
        font.family: Theme.fontFamily
        font.pixelSize: Theme.px(Theme.small)
        font.bold: true
        color: Theme.text
        elide: Text.ElideRight
        horizontalAlignment: Text.AlignHCenter
    }

    FallbackTag {
        id: tag
        objectName: "qrFallback"
        language: badge.fallbackName
        width: labelText.width
        y: labelText.y + labelText.height
        elide: Text.ElideRight
        horizontalAlignment: Text.AlignHCenter
    }

    Image {
        id: code
        objectName: "qrCode"
        x: (badge.width - width) / 2
        y: labelText.height + badge.tagHeight + badge.gap / 2
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
        width: badge.width
        y: code.y + code.height + badge.gap / 2
        text: badge.rtl ? Theme.leftToRight(badge.display) : badge.display
        font.family: Theme.fontFamily
        font.pixelSize: Theme.px(Theme.small)
        color: Theme.text
        // Under the code, centred on it (the code is centred in the badge).
        horizontalAlignment: Text.AlignHCenter
        // Whole, on up to three lines; what still does not fit is elided, which snapshot reports.
        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
        maximumLineCount: 3
        elide: Text.ElideRight
    }
}
