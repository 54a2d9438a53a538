pragma ComponentBehavior: Bound
import QtQuick

// The staff panel: what is live and playing, packs found, keys, health, and the actions. Every
// sentence on it is worded by Python in the language on screen (kiosk/ops/staff_words.py); this
// file holds the labels and buttons, and lays out what the bridge gives
// (kiosk/ui/bridges/staff_panel.py): lists as models with a `text` role, the rest as properties.
// Every action is one call, act(action, arg); Python runs it through the same store code as the
// command line, off the GUI thread.
Rectangle {
    id: panel
    required property PanelBridge bridge
    required property AlertsBridge alerts
    // Everything sits inside the 5 % of each side that a TV may crop (the safe area).
    readonly property real safeX: width * Theme.marginRatio
    readonly property real safeY: height * Theme.marginRatio
    readonly property real gap: Theme.px(48)
    readonly property bool landscape: width > height
    readonly property real columnWidth: landscape ? (width - 2 * safeX - gap) / 2 : width - 2 * safeX
    color: Theme.background

    // Every button goes through here: one call into the bridge.
    function act(action: string, arg: string): void {
        panel.bridge.act(action, arg)
    }

    // Pages: the sections are cut into pages at line boundaries, so no line or button is ever
    // cut by the page's edge. Each page starts at the first line the one before could not show
    // whole; a line taller than a page (none today) starts a page of its own. A new section is
    // placed in a column below and listed here.
    readonly property list<StaffSection> sections: [onScreenSection, packsSection, healthSection,
                                                    foundSection, keysSection, impactSection,
                                                    alertsSection]
    readonly property bool paged: grid.height > flickRoom.height
    readonly property list<real> pageTops: {
        const room = flick.height
        const edges = []
        for (let i = 0; i < panel.sections.length; ++i) {
            const own = panel.sections[i].edges
            for (let j = 0; j < own.length; ++j)
                edges.push(own[j])
        }
        const tops = [0]
        while (tops.length < 100) {
            const top = tops[tops.length - 1]
            let next = Infinity
            for (let k = 0; k + 1 < edges.length; k += 2) {
                if (edges[k + 1] > top + room + 0.5)
                    next = Math.min(next, edges[k])
            }
            if (next === Infinity)
                break
            tops.push(next > top + 0.5 ? next : top + room)
        }
        return tops
    }
    property int page: 0
    readonly property int shownPage: Math.max(0, Math.min(page, pageTops.length - 1))
    // Read in one go, so a page list that just got shorter never leaves it undefined.
    readonly property real pageTop: {
        const tops = pageTops
        return tops[Math.max(0, Math.min(page, tops.length - 1))]
    }
    onVisibleChanged: if (visible) page = 0  // each opening starts at the first page

    // Title and actions side by side in landscape, stacked in portrait.
    Grid {
        id: header
        x: panel.safeX
        y: panel.safeY
        width: panel.width - 2 * panel.safeX
        columns: panel.landscape ? 2 : 1
        spacing: Theme.px(Theme.touchSpacing)
        verticalItemAlignment: Grid.AlignVCenter
        // In landscape the title takes only its own width (at most 40 %), the buttons the rest:
        // they stay on one line where they can, leaving the pages more room.
        TextMetrics {
            id: titleWidth
            font: title.font
            text: title.text
        }
        Text {
            id: title
            objectName: "staffTitle"
            textFormat: Text.PlainText
            width: panel.landscape ? Math.min(Math.ceil(titleWidth.advanceWidth) + Theme.px(8),
                                              header.width * 0.4)
                                   : header.width
            text: qsTr("Staff panel")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.px(56)
            font.bold: true
            color: Theme.text
            wrapMode: Text.Wrap
        }
        // Wraps onto a second line where the words are long (Spanish on a portrait screen).
        Flow {
            id: actions
            width: panel.landscape ? header.width - title.width - header.spacing : header.width
            spacing: Theme.px(Theme.touchSpacing)
            KioskButton {
                objectName: "staffRestart"
                text: qsTr("Restart the show")
                onActivated: panel.act("restart", "")
            }
            // Acts on a second tap: a stray touch never leaves the kiosk.
            KioskButton {
                objectName: "staffExit"
                primary: panel.bridge.exitArmed
                text: panel.bridge.exitArmed ? qsTr("Confirm: exit to desktop") : qsTr("Exit to desktop")
                onActivated: panel.act("exit", "")
            }
            KioskButton {
                objectName: "staffClose"
                primary: true
                text: qsTr("Close")
                onActivated: panel.act("close", "")
            }
        }
    }

    // What happened in this opening of the panel (an action running or its outcome, a pack a
    // stick brought meanwhile); when nothing has, that the panel closes by itself.
    StaffText {
        id: statusLine
        objectName: "staffStatus"
        x: panel.safeX
        anchors.top: header.bottom
        anchors.topMargin: Theme.px(12)
        width: panel.width - 2 * panel.safeX
        maximumLineCount: 3
        elide: Text.ElideRight
        text: panel.bridge.statusText !== "" ? panel.bridge.statusText
              : qsTr("Closes by itself after 60 s untouched.")
        color: Theme.textSecondary
    }

    // The room for the sections without the page buttons: when they need more, they page.
    Item {
        id: flickRoom
        anchors.top: statusLine.bottom
        anchors.topMargin: Theme.px(16)
        anchors.bottom: parent.bottom
        anchors.bottomMargin: panel.safeY
    }

    // Moved by whole pages only (the page buttons), never dragged to a place that cuts a line.
    Flickable {
        id: flick
        objectName: "staffFlick"
        anchors.top: flickRoom.top
        anchors.bottom: panel.paged ? pager.top : flickRoom.bottom
        anchors.bottomMargin: panel.paged ? Theme.px(16) : 0
        // A little wider than the columns: a button's border at a fractional x is not clipped.
        x: panel.safeX - Theme.px(8)
        width: panel.width - 2 * panel.safeX + 2 * Theme.px(8)
        // Room below the last page's top for a whole page: a Flickable moves contentY back
        // inside its content when the content changes (a row grows as its button says
        // "Confirm: …"), which would leave the page where no page starts.
        contentHeight: Math.max(grid.height, panel.pageTop + height)
        contentY: panel.pageTop
        interactive: false
        clip: true

        Grid {
            id: grid
            objectName: "staffColumns"
            x: Theme.px(8)
            columns: panel.landscape ? 2 : 1
            columnSpacing: panel.gap
            rowSpacing: Theme.px(24)

            Column {
                width: panel.columnWidth
                spacing: Theme.px(24)

                StaffSection {
                    id: onScreenSection
                    width: parent.width
                    pageContent: flick.contentItem
                    pageTop: flick.contentY
                    pageHeight: flick.height
                    title: qsTr("On screen")
                    StaffText {
                        objectName: "staffLive"
                        width: parent.width
                        text: panel.bridge.liveText
                    }
                    StaffText {
                        objectName: "staffRevoked"
                        width: parent.width
                        visible: text !== ""
                        font.bold: true
                        color: Theme.wrong
                        text: panel.bridge.revokedText
                    }
                    StaffText {
                        objectName: "staffPlaying"
                        width: parent.width
                        text: panel.bridge.playingText
                        color: Theme.textSecondary
                    }
                }

                StaffSection {
                    id: packsSection
                    width: parent.width
                    pageContent: flick.contentItem
                    pageTop: flick.contentY
                    pageHeight: flick.height
                    title: qsTr("Packs on this kiosk")
                    Repeater {
                        model: panel.bridge.packs
                        Row {
                            id: packRow
                            required property string text
                            required property string key
                            required property bool live
                            width: panel.columnWidth
                            spacing: Theme.px(16)
                            StaffText {
                                // The live pack has no button: its words take the row.
                                width: packRow.width - (activateButton.visible
                                                        ? activateButton.width + packRow.spacing : 0)
                                anchors.verticalCenter: parent.verticalCenter
                                text: packRow.text
                            }
                            KioskButton {
                                id: activateButton
                                objectName: "activate-" + packRow.key.replace(" ", "-")
                                visible: !packRow.live
                                text: qsTr("Show this")
                                onActivated: panel.act("activate", packRow.key)
                            }
                        }
                    }
                    KioskButton {
                        objectName: "staffRollback"
                        visible: panel.bridge.canRollback  // only with somewhere to go back to
                        text: qsTr("Roll back to the previous pack")
                        onActivated: panel.act("rollback", "")
                    }
                }

                StaffSection {
                    id: healthSection
                    width: parent.width
                    pageContent: flick.contentItem
                    pageTop: flick.contentY
                    pageHeight: flick.height
                    title: qsTr("Health")
                    Repeater {
                        model: panel.bridge.health
                        Item {
                            id: healthRow
                            required property string text
                            required property int index
                            width: panel.columnWidth
                            height: healthLine.height
                            StaffText {
                                id: healthLine
                                objectName: "staffHealth" + healthRow.index
                                width: healthRow.width
                                text: healthRow.text
                            }
                        }
                    }
                }
            }

            Column {
                width: panel.columnWidth
                spacing: Theme.px(24)

                StaffSection {
                    id: foundSection
                    width: parent.width
                    pageContent: flick.contentItem
                    pageTop: flick.contentY
                    pageHeight: flick.height
                    title: qsTr("Found on USB sticks and in the drop folder")
                    StaffText {
                        width: parent.width
                        visible: foundRepeater.count === 0
                        text: qsTr("No pack files found.")
                        color: Theme.textSecondary
                    }
                    Repeater {
                        id: foundRepeater
                        model: panel.bridge.found
                        Row {
                            id: foundRow
                            required property string text
                            required property string key
                            required property string name
                            width: panel.columnWidth
                            spacing: Theme.px(16)
                            StaffText {
                                width: foundRow.width - installButton.width - foundRow.spacing
                                anchors.verticalCenter: parent.verticalCenter
                                // Names and reasons come cleaned and capped; a row never grows
                                // past six lines however they wrap (a long name, then a reason
                                // that says which button to use).
                                maximumLineCount: 6
                                elide: Text.ElideRight
                                text: foundRow.text
                            }
                            KioskButton {
                                id: installButton
                                objectName: "install-" + foundRow.name
                                text: qsTr("Install")
                                onActivated: panel.act("install", foundRow.key)
                            }
                        }
                    }
                    Repeater {
                        model: panel.bridge.stickKeys
                        Row {
                            id: keyRow
                            required property string text
                            required property string key
                            required property string name
                            required property bool trusted
                            width: panel.columnWidth
                            spacing: Theme.px(16)
                            StaffText {
                                width: keyRow.width - (trustButton.visible
                                                       ? trustButton.width + keyRow.spacing : 0)
                                anchors.verticalCenter: parent.verticalCenter
                                maximumLineCount: 2
                                elide: Text.ElideRight
                                text: keyRow.text
                            }
                            KioskButton {
                                id: trustButton
                                objectName: "trust-" + keyRow.name
                                visible: !keyRow.trusted
                                text: qsTr("Trust…")
                                onActivated: panel.act("askTrust", keyRow.key)
                            }
                        }
                    }
                }

                StaffSection {
                    id: keysSection
                    width: parent.width
                    pageContent: flick.contentItem
                    pageTop: flick.contentY
                    pageHeight: flick.height
                    title: qsTr("Trusted keys")
                    StaffText {
                        width: parent.width
                        visible: keysRepeater.count === 0
                        text: qsTr("None: every pack from outside is refused.")
                        color: Theme.textSecondary
                    }
                    Repeater {
                        id: keysRepeater
                        model: panel.bridge.keys
                        // The key's words keep the width the button leaves at rest; armed, the
                        // button ("Confirm: untrust") grows leftwards over them for its few
                        // seconds instead of reflowing the row, which could push the row (and
                        // the button to tap again) onto the next page.
                        Item {
                            id: trustedRow
                            required property string text
                            required property string key
                            width: panel.columnWidth
                            height: Math.max(trustedText.height, untrustButton.height)
                            TextMetrics {
                                id: untrustWords
                                font.family: Theme.fontFamily
                                font.pixelSize: untrustButton.labelPx
                                font.bold: true
                                text: qsTr("Untrust")
                            }
                            StaffText {
                                id: trustedText
                                width: trustedRow.width - Theme.px(16)
                                       - Math.max(Theme.px(Theme.touchTarget) * 2.2,
                                                  Math.ceil(untrustWords.advanceWidth) + Theme.px(64))
                                anchors.verticalCenter: parent.verticalCenter
                                text: trustedRow.text
                            }
                            KioskButton {
                                id: untrustButton
                                objectName: "untrust-" + trustedRow.key
                                anchors.right: parent.right
                                anchors.verticalCenter: parent.verticalCenter
                                readonly property bool armed: panel.bridge.armedKey === trustedRow.key
                                primary: armed
                                text: armed ? qsTr("Confirm: untrust") : qsTr("Untrust")
                                onActivated: panel.act("untrust", trustedRow.key)
                            }
                        }
                    }
                }

                // The impact counts (kiosk/ops/stats.py): touch sessions and slides shown per
                // day. The words carry the numbers; the bars only show the week's shape.
                StaffSection {
                    id: impactSection
                    width: parent.width
                    pageContent: flick.contentItem
                    pageTop: flick.contentY
                    pageHeight: flick.height
                    title: qsTr("Visitors, last 7 days")
                    StaffText {
                        objectName: "impactNone"
                        width: parent.width
                        visible: impactRepeater.count === 0
                        text: qsTr("No counts yet.")
                        color: Theme.textSecondary
                    }
                    Repeater {
                        id: impactRepeater
                        model: panel.bridge.impactDays
                        Column {
                            id: dayRow
                            required property string text
                            required property int sessions
                            required property int slides
                            required property int index
                            objectName: "impactDay" + index
                            width: panel.columnWidth
                            spacing: Theme.px(6)
                            readonly property real barGap: Theme.px(32)
                            readonly property real barRoom: (width - barGap) / 2
                            StaffText {
                                width: parent.width
                                text: dayRow.text
                            }
                            // Sessions on the left half, slides on the right, each scaled to
                            // its own busiest day (placed by hand: a Row skips a bar of width 0).
                            Item {
                                width: dayRow.width
                                height: Theme.px(12)
                                Rectangle {
                                    objectName: "impactSessionsBar" + dayRow.index
                                    height: parent.height
                                    width: dayRow.barRoom * dayRow.sessions / panel.bridge.impactDays.sessionsPeak
                                    color: Theme.accent
                                }
                                Rectangle {
                                    objectName: "impactSlidesBar" + dayRow.index
                                    x: dayRow.barRoom + dayRow.barGap
                                    height: parent.height
                                    width: dayRow.barRoom * dayRow.slides / panel.bridge.impactDays.slidesPeak
                                    color: Theme.textSecondary
                                }
                            }
                        }
                    }
                }

                // The AMBER alerts and venue messages (a section of its own file, with its own
                // bridge); a new section goes below it, and into `sections` above.
                AlertsSection {
                    id: alertsSection
                    width: parent.width
                    alerts: panel.alerts
                    pageContent: flick.contentItem
                    pageTop: flick.contentY
                    pageHeight: flick.height
                }
            }
        }
    }

    // The page buttons: large and plain, at the bottom of the safe area, only when the sections
    // do not fit. The next page's button is the bright one: there is more to read.
    Item {
        id: pager
        objectName: "staffPager"
        visible: panel.paged
        x: panel.safeX
        y: panel.height - panel.safeY - height
        width: panel.width - 2 * panel.safeX
        // The page number sits between the buttons where they leave it room, else above them.
        readonly property bool roomy: pageUp.implicitWidth + pageDown.implicitWidth
                                      + pageNumber.implicitWidth + 4 * Theme.px(Theme.touchSpacing)
                                      <= width
        height: Theme.px(Theme.touchTarget) + (roomy ? 0 : pageNumber.height + Theme.px(12))
        KioskButton {
            id: pageUp
            objectName: "staffPageUp"
            anchors.left: parent.left
            anchors.bottom: parent.bottom
            visible: panel.shownPage > 0
            iconName: "page-up-light"
            text: qsTr("Previous page")
            onActivated: panel.page = panel.shownPage - 1
        }
        Text {
            id: pageNumber
            objectName: "staffPageNumber"
            textFormat: Text.PlainText
            anchors.horizontalCenter: parent.horizontalCenter
            y: pager.roomy ? (Theme.px(Theme.touchTarget) - height) / 2 : 0
            text: qsTr("Page %1 of %2").arg(panel.shownPage + 1).arg(panel.pageTops.length)
            font.family: Theme.fontFamily
            font.pixelSize: Theme.px(Theme.small)
            color: Theme.text
        }
        KioskButton {
            id: pageDown
            objectName: "staffPageDown"
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            visible: panel.shownPage < panel.pageTops.length - 1
            primary: true
            iconName: "page-down"
            text: qsTr("Next page")
            onActivated: panel.page = panel.shownPage + 1
        }
    }

    // Trusting a key: its fingerprint, computed from the key's bytes, is the first and largest
    // thing; the file's name comes after, small, labelled as a name, with anything that looks like
    // a fingerprint masked (kiosk/ops/staff_panel.py key_file_name): a stick cannot name its file
    // after another key's fingerprint and have staff compare that instead.
    Rectangle {
        objectName: "trustConfirm"
        anchors.fill: parent
        visible: panel.bridge.confirmFingerprint !== ""
        color: Theme.background  // opaque: nothing of the panel beneath reads as part of it
        TapHandler {}  // nothing beneath is pressed while deciding
        Column {
            anchors.centerIn: parent
            width: Math.min(parent.width * 0.8, Theme.px(1400))
            spacing: Theme.px(Theme.touchSpacing)
            // Eight groups of four a line where they fit, else four: the lines break where the
            // eye can find its place again, never at whatever group reaches the edge.
            TextMetrics {
                id: eightGroups
                font: fingerprint.font
                text: "0000 0000 0000 0000 0000 0000 0000 0000"
            }
            StaffText {
                id: fingerprint
                objectName: "trustFingerprint"
                width: parent.width
                font.pixelSize: Theme.px(44)
                font.bold: true
                text: {
                    const groups = panel.bridge.confirmFingerprint.split(" ")
                    const each = eightGroups.advanceWidth <= width ? 8 : 4
                    const lines = []
                    for (let i = 0; i < groups.length; i += each)
                        lines.push(groups.slice(i, i + each).join(" "))
                    return lines.join("\n")
                }
            }
            StaffText {
                width: parent.width
                text: qsTr("This key's fingerprint, computed from the key itself. Trust the key only if it matches the one the publisher gave you.")
            }
            StaffText {
                objectName: "trustFileName"
                width: parent.width
                maximumLineCount: 2
                elide: Text.ElideRight
                color: Theme.textSecondary
                text: panel.bridge.confirmName
            }
            Row {
                spacing: Theme.px(Theme.touchSpacing)
                KioskButton {
                    objectName: "trustYes"
                    primary: true
                    text: qsTr("They match: trust it")
                    onActivated: panel.act("confirmTrust", "")
                }
                KioskButton {
                    objectName: "trustNo"
                    text: qsTr("Cancel")
                    onActivated: panel.act("cancelTrust", "")
                }
            }
        }
    }
}
