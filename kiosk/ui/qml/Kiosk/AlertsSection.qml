pragma ComponentBehavior: Bound
import QtQuick

// The staff panel's alerts: how each feed answered last, and the alerts and venue messages on
// screen now, each with Hide (staff may take an alert off the screen; logged, kept across a
// restart) or Show again. Its own bridge (AlertsBridge), so the panel only places it.
StaffSection {
    id: section
    required property AlertsBridge alerts
    title: qsTr("Alerts")

    function timeWords(ms: real): string {
        return Qt.formatTime(new Date(ms), Qt.locale(Qt.uiLanguage).timeFormat(Locale.ShortFormat))
    }

    // One line when there is nothing to list, so a kiosk with no feed keeps a short panel.
    StaffText {
        objectName: "alertsNone"
        width: section.width
        visible: feedRepeater.count === 0 || alertRepeater.count === 0
        text: feedRepeater.count === 0 && alertRepeater.count === 0
              ? qsTr("No alert on screen; no feed is set (kiosk.yaml alerts).")
              : feedRepeater.count === 0 ? qsTr("No feed is set (kiosk.yaml alerts).")
              : qsTr("No alert on screen.")
        color: Theme.textSecondary
    }
    Repeater {
        id: feedRepeater
        model: section.alerts.feeds
        StaffText {
            required property string url
            required property bool ok
            required property string reason
            required property real atMs
            width: section.width
            maximumLineCount: 3
            elide: Text.ElideRight
            color: ok ? Theme.text : Theme.wrong
            text: ok ? Theme.fill(qsTr("%1: read at %2"), [url, section.timeWords(atMs)])
                     : Theme.fill(qsTr("%1: not read at %2 (%3); what it sent before stays"),
                                  [url, section.timeWords(atMs), reason])
        }
    }
    Repeater {
        id: alertRepeater
        model: section.alerts.alerts
        // The words keep the width the button leaves; the button does not reflow the row.
        Item {
            id: alertRow
            required property string key
            required property string headline
            required property string kind
            required property string source
            required property real untilMs
            required property bool hidden
            width: section.width
            height: Math.max(alertText.height, hideButton.height)
            TextMetrics {
                id: buttonWords
                font.family: Theme.fontFamily
                font.pixelSize: hideButton.labelPx
                font.bold: true
                text: qsTr("Show again")
            }
            StaffText {
                id: alertText
                objectName: "alertRow-" + alertRow.key
                width: alertRow.width - Theme.px(16)
                       - Math.max(Theme.px(Theme.touchTarget) * 2.2,
                                  Math.ceil(buttonWords.advanceWidth) + Theme.px(64))
                anchors.verticalCenter: parent.verticalCenter
                maximumLineCount: 4
                elide: Text.ElideRight
                color: alertRow.hidden ? Theme.textSecondary : Theme.text
                text: alertRow.headline + "\n"
                      + (alertRow.kind === "message"
                         ? Theme.fill(qsTr("Venue message, until %1"), [section.timeWords(alertRow.untilMs)])
                         : Theme.fill(qsTr("From %1, until %2"), [alertRow.source, section.timeWords(alertRow.untilMs)]))
                      + (alertRow.hidden ? "\n" + qsTr("Hidden by staff") : "")
            }
            KioskButton {
                id: hideButton
                objectName: "hideAlert-" + alertRow.key
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                text: alertRow.hidden ? qsTr("Show again") : qsTr("Hide")
                onActivated: section.alerts.press(alertRow.hidden ? "show" : "hide", alertRow.key)
            }
        }
    }
}
