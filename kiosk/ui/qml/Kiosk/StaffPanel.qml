pragma ComponentBehavior: Bound
import QtQuick

// The staff panel: what is live and playing, packs found, keys, health, and the actions. Every
// action is a bridge slot; Python runs it through the same store code as the command line.
Rectangle {
    id: panel
    required property StaffBridge staff
    required property AlertsBridge alerts
    // Everything sits inside the 5 % of each side that a TV may crop (the safe area).
    readonly property real safeX: width * Theme.marginRatio
    readonly property real safeY: height * Theme.marginRatio
    readonly property real gap: Theme.px(48)
    readonly property bool landscape: width > height
    readonly property real columnWidth: landscape ? (width - 2 * safeX - gap) / 2 : width - 2 * safeX
    color: Theme.background

    // Pages: the sections are cut into pages at line boundaries, so no line or button is ever
    // cut by the page's edge. Each page starts at the first line the one before could not show
    // whole; a line taller than a page (none today) starts a page of its own.
    readonly property list<StaffSection> sections: [onScreenSection, packsSection, healthSection,
                                                    foundSection, keysSection, impactSection, alertsSection]
    readonly property bool paged: grid.height > flickRoom.height
    readonly property var pageTops: {
        const room = flick.height
        const spans = []
        for (const section of panel.sections)
            spans.push(...section.spans())
        const tops = [0]
        while (tops.length < 100) {
            const top = tops[tops.length - 1]
            let next = Infinity
            for (const span of spans) {
                if (span[1] > top + room + 0.5)
                    next = Math.min(next, span[0])
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

    // The rows' words, in the language on screen, from the bridge's kinds, numbers and names
    // (kiosk/ops/staff_panel.py); a kind this file does not know shows the bridge's English.
    readonly property string signerWords: {
        const live = staff.live
        if (live.signerKind === "bundled")
            return qsTr("the app itself (bundled, not signed)")
        if (live.signerKind === "key")
            return live.signerName
        if (live.signerKind === "untrusted")
            return qsTr("key %1 (no longer trusted)").arg(live.signerName)
        if (live.signerKind === "unknown")
            return qsTr("unknown")
        return live.signer ?? ""
    }
    readonly property string reviewWords: {
        const status = staff.live.reviewStatus
        if (status === "draft")
            return qsTr("draft (not reviewed)")
        if (status === "awaiting-review")
            return qsTr("awaiting review")
        if (status === "approved")
            return qsTr("approved")
        return staff.live.review ?? ""
    }
    readonly property string playingWords: {
        const parts = staff.playingParts
        if (parts.slide === undefined)
            return qsTr("Playing: ") + staff.playing
        const venues = {
            "": qsTr("all venues"), "any": qsTr("any venue"), "transit": qsTr("transit"),
            "hotel": qsTr("hotel"), "rest-stop": qsTr("rest stop"), "retail": qsTr("retail")
        }
        return Theme.fill(qsTr("Playing: %1, slide %2"), [venues[parts.venue] ?? parts.venue, parts.slide])
    }

    // The last action: running ("Installing a.kpack…") or its outcome.
    readonly property string statusWords: {
        const parts = staff.statusParts
        const words = {
            "installing": qsTr("Installing %1…").arg(parts.file),
            "rollingBack": qsTr("Rolling back…"),
            "activating": qsTr("Switching to %1…").arg(parts.pack),
            "trusting": qsTr("Trusting %1…").arg(parts.name),
            "untrusting": qsTr("Untrusting %1…").arg(parts.keyId),
            "installed": qsTr("Installed %1: it shows from the next slide.").arg(parts.pack),
            "already": qsTr("%1 is already installed.").arg(parts.pack),
            "refused": Theme.fill(qsTr("%1 was not installed: %2"), [parts.pack, parts.text]),
            "message": parts.text,
            "rolledBack": qsTr("Rolled back: %1 shows from the next slide.").arg(parts.pack),
            "live": qsTr("%1 shows from the next slide.").arg(parts.pack),
            "bundledLive": qsTr("The bundled pack %1 shows from the next slide.").arg(parts.pack),
            "trustChanged": qsTr("Not trusted: %1 changed since its fingerprint was shown.")
                .arg(parts.file),
            "trusted": Theme.fill(qsTr("Key %1 (%2) is now trusted."), [parts.name, parts.keyId]),
            "untrusted": Theme.fill(qsTr("Key %1 (%2) is no longer trusted."), [parts.name, parts.keyId])
        }[parts.kind]
        return words ?? staff.status
    }

    function whereWords(origin: string, english: string): string {
        if (origin === "media")
            return qsTr("USB stick")
        if (origin === "inbox")
            return qsTr("drop folder")
        return english
    }

    function foundWords(row: var): string {
        const status = {
            "installed": qsTr("installed"), "unchanged": qsTr("already here"),
            "refused": qsTr("not installed"), "retrying": qsTr("trying again"),
            "new": qsTr("not checked yet")
        }[row.status]
        if (status === undefined)
            return row.words
        return row.detail ? Theme.fill(qsTr("%1: %2"), [status, row.detail]) : status
    }

    function healthWords(row: var): string {
        if (row.kind === "uptime")
            return qsTr("Running for: %1 d %2 h %3 min").arg(row.days).arg(row.hours).arg(row.minutes)
        if (row.kind === "memory")
            return row.mb < 0 ? qsTr("Memory: unknown") : qsTr("Memory: %1 MB").arg(row.mb)
        if (row.kind === "disk")
            return row.gb === "" ? qsTr("Disk free: unknown") : qsTr("Disk free: %1 GB").arg(
                Number(row.gb).toLocaleString(Qt.locale(Qt.uiLanguage), "f", 1))
        if (row.kind === "error")
            return row.text === "" ? qsTr("Last error: none") : qsTr("Last error: %1").arg(row.text)
        if (row.kind === "selfCheck") {
            if (row.at === "")
                return qsTr("Last self-check: not yet")
            if (row.ok)
                return qsTr("Last self-check: %1: ok, the QR on screen reads %2")
                    .arg(row.at).arg(row.expected)
            if (row.found === "")
                return qsTr("Last self-check: %1: failed, no QR found on screen (expected %2)")
                    .arg(row.at).arg(row.expected)
            return qsTr("Last self-check: %1: failed, the QR on screen reads %2, not %3")
                .arg(row.at).arg(row.found).arg(row.expected)
        }
        if (row.kind === "guard")
            return qsTr("Crash-loop guard: %1").arg(row.text)
        if (row.kind === "sync") {
            const result = {
                "up-to-date": qsTr("up to date"), "installed": qsTr("installed"),
                "refused": qsTr("refused"), "error": qsTr("could not be completed")
            }[row.result]
            const words = Theme.fill(qsTr("Fleet sync: %1 at %2: %3"),
                                     [result === undefined ? row.result : result, row.at, row.text])
            return row.expired
                ? words + " " + qsTr("(the repository's timestamp has expired: no updates until it is re-signed)")
                : words
        }
        return row.label + ": " + row.value
    }

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
                onActivated: panel.staff.restartShow()
            }
            // Acts on a second tap (the bridge's TwoTaps): a stray touch never leaves the kiosk.
            KioskButton {
                objectName: "staffExit"
                readonly property bool armed: panel.staff.pendingAction.action === "exit"
                primary: armed
                text: armed ? qsTr("Confirm: exit to desktop") : qsTr("Exit to desktop")
                onActivated: panel.staff.press("exit", "")
            }
            KioskButton {
                objectName: "staffClose"
                primary: true
                text: qsTr("Close")
                onActivated: panel.staff.cancel()
            }
        }
    }

    StaffText {
        id: statusLine
        objectName: "staffStatus"
        x: panel.safeX
        anchors.top: header.bottom
        anchors.topMargin: Theme.px(12)
        width: panel.width - 2 * panel.safeX
        text: panel.staff.status !== "" ? panel.statusWords
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
                    view: flick
                    title: qsTr("On screen")
                    StaffText {
                        objectName: "staffLive"
                        width: parent.width
                        text: panel.staff.live.title + " — " + panel.staff.live.id + " "
                              + panel.staff.live.version
                              + (panel.staff.live.publisher ? "\n" + qsTr("Publisher: ")
                                 + panel.staff.live.publisher : "")
                              + "\n" + qsTr("Signed by: ") + panel.signerWords
                              + (panel.staff.live.fingerprint ? "\n" + panel.staff.live.fingerprint
                                 : "")
                              + "\n" + qsTr("Review: ") + panel.reviewWords
                    }
                    StaffText {
                        objectName: "staffRevoked"
                        width: parent.width
                        visible: panel.staff.revokedLive.pack !== undefined
                        font.bold: true
                        color: Theme.wrong
                        text: visible ? Theme.fill(
                            qsTr("Warning: the live pack %1 is signed by key %2, which this kiosk no longer trusts, so it is not shown."),
                            [panel.staff.revokedLive.pack, panel.staff.revokedLive.keyId]) : ""
                    }
                    StaffText {
                        objectName: "staffPlaying"
                        width: parent.width
                        text: panel.playingWords
                        color: Theme.textSecondary
                    }
                }

                StaffSection {
                    id: packsSection
                    width: parent.width
                    view: flick
                    title: qsTr("Packs on this kiosk")
                    Repeater {
                        model: panel.staff.installed
                        Row {
                            id: packRow
                            required property var modelData
                            width: panel.columnWidth
                            spacing: Theme.px(16)
                            StaffText {
                                width: packRow.width - activateButton.width - packRow.spacing
                                anchors.verticalCenter: parent.verticalCenter
                                text: packRow.modelData.id + " " + packRow.modelData.version
                                      + (packRow.modelData.bundled ? qsTr(" (bundled)") : "")
                                      + (packRow.modelData.live ? qsTr("  (live)") : "")
                            }
                            KioskButton {
                                id: activateButton
                                objectName: "activate-" + packRow.modelData.id + "-"
                                            + packRow.modelData.version
                                visible: !packRow.modelData.live
                                text: qsTr("Show this")
                                onActivated: panel.staff.activate(packRow.modelData.id,
                                                                  packRow.modelData.version,
                                                                  packRow.modelData.bundled)
                            }
                        }
                    }
                    KioskButton {
                        objectName: "staffRollback"
                        visible: panel.staff.canRollback  // only with somewhere to go back to
                        text: qsTr("Roll back to the previous pack")
                        onActivated: panel.staff.rollback()
                    }
                }

                StaffSection {
                    id: healthSection
                    width: parent.width
                    view: flick
                    title: qsTr("Health")
                    Repeater {
                        model: panel.staff.health
                        StaffText {
                            required property var modelData
                            required property int index
                            objectName: "staffHealth" + index
                            width: panel.columnWidth
                            text: panel.healthWords(modelData)
                        }
                    }
                }
                AlertsSection { id: alertsSection; width: parent.width; view: flick; alerts: panel.alerts }
            }

            Column {
                width: panel.columnWidth
                spacing: Theme.px(24)

                StaffSection {
                    id: foundSection
                    width: parent.width
                    view: flick
                    title: qsTr("Found on USB sticks and in the drop folder")
                    StaffText {
                        width: parent.width
                        visible: panel.staff.found.length === 0
                        text: qsTr("No pack files found.")
                        color: Theme.textSecondary
                    }
                    Repeater {
                        model: panel.staff.found
                        Row {
                            id: foundRow
                            required property var modelData
                            width: panel.columnWidth
                            spacing: Theme.px(16)
                            StaffText {
                                width: foundRow.width - installButton.width - foundRow.spacing
                                anchors.verticalCenter: parent.verticalCenter
                                // Names and reasons come cleaned and capped; a row never grows
                                // past three lines however they wrap.
                                maximumLineCount: 3
                                elide: Text.ElideRight
                                text: foundRow.modelData.name + " ("
                                      + panel.whereWords(foundRow.modelData.origin,
                                                         foundRow.modelData.where)
                                      + ")\n" + panel.foundWords(foundRow.modelData)
                            }
                            KioskButton {
                                id: installButton
                                objectName: "install-" + foundRow.modelData.name
                                text: qsTr("Install")
                                onActivated: panel.staff.install(foundRow.modelData.path)
                            }
                        }
                    }
                    Repeater {
                        model: panel.staff.stickKeys
                        Row {
                            id: keyRow
                            required property var modelData
                            width: panel.columnWidth
                            spacing: Theme.px(16)
                            StaffText {
                                width: keyRow.width - trustButton.width - keyRow.spacing
                                anchors.verticalCenter: parent.verticalCenter
                                maximumLineCount: 2
                                elide: Text.ElideRight
                                text: qsTr("Key ") + keyRow.modelData.name + " ("
                                      + panel.whereWords(keyRow.modelData.origin,
                                                         keyRow.modelData.where) + ")"
                                      + (keyRow.modelData.trusted ? qsTr(": trusted") : "")
                            }
                            KioskButton {
                                id: trustButton
                                objectName: "trust-" + keyRow.modelData.name
                                visible: !keyRow.modelData.trusted
                                text: qsTr("Trust…")
                                onActivated: panel.staff.askTrust(keyRow.modelData.path)
                            }
                        }
                    }
                }

                StaffSection {
                    id: keysSection
                    width: parent.width
                    view: flick
                    title: qsTr("Trusted keys")
                    StaffText {
                        width: parent.width
                        visible: panel.staff.keys.length === 0
                        text: qsTr("None: every pack from outside is refused.")
                        color: Theme.textSecondary
                    }
                    Repeater {
                        model: panel.staff.keys
                        // The key's words keep the width the button leaves at rest; armed, the
                        // button ("Confirm: untrust") grows leftwards over them for its few
                        // seconds instead of reflowing the row, which could push the row (and
                        // the button to tap again) onto the next page.
                        Item {
                            id: trustedRow
                            required property var modelData
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
                                text: trustedRow.modelData.name + qsTr(", added ")
                                      + trustedRow.modelData.added + "\n"
                                      + trustedRow.modelData.fingerprintText
                            }
                            KioskButton {
                                id: untrustButton
                                objectName: "untrust-" + trustedRow.modelData.keyId
                                anchors.right: parent.right
                                anchors.verticalCenter: parent.verticalCenter
                                readonly property bool armed:
                                    panel.staff.pendingAction.action === "untrust"
                                    && panel.staff.pendingAction.arg === trustedRow.modelData.keyId
                                primary: armed
                                text: armed ? qsTr("Confirm: untrust") : qsTr("Untrust")
                                onActivated: panel.staff.press("untrust", trustedRow.modelData.keyId)
                            }
                        }
                    }
                }

                // The impact counts (kiosk/ops/stats.py): touch sessions and slides shown per
                // day. The words carry the numbers; the bars only show the week's shape.
                StaffSection {
                    id: impactSection
                    width: parent.width
                    view: flick
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
                        model: panel.staff.impactDays
                        Column {
                            id: dayRow
                            required property string label
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
                                text: Theme.fill(qsTr("%1: touch sessions %2, slides shown %3"), [
                                    dayRow.label,
                                    Number(dayRow.sessions).toLocaleString(Qt.locale(Qt.uiLanguage), "f", 0),
                                    Number(dayRow.slides).toLocaleString(Qt.locale(Qt.uiLanguage), "f", 0)])
                            }
                            // Sessions on the left half, slides on the right, each scaled to
                            // its own busiest day (placed by hand: a Row skips a bar of width 0).
                            Item {
                                width: dayRow.width
                                height: Theme.px(12)
                                Rectangle {
                                    objectName: "impactSessionsBar" + dayRow.index
                                    height: parent.height
                                    width: dayRow.barRoom * dayRow.sessions / panel.staff.impactDays.sessionsPeak
                                    color: Theme.accent
                                }
                                Rectangle {
                                    objectName: "impactSlidesBar" + dayRow.index
                                    x: dayRow.barRoom + dayRow.barGap
                                    height: parent.height
                                    width: dayRow.barRoom * dayRow.slides / panel.staff.impactDays.slidesPeak
                                    color: Theme.textSecondary
                                }
                            }
                        }
                    }
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
        visible: panel.staff.confirmKey.path !== undefined
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
                    const groups = (panel.staff.confirmKey.fingerprintText ?? "").split(" ")
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
                text: qsTr("File name (not a fingerprint): %1").arg(panel.staff.confirmKey.name ?? "")
            }
            Row {
                spacing: Theme.px(Theme.touchSpacing)
                KioskButton {
                    objectName: "trustYes"
                    primary: true
                    text: qsTr("They match: trust it")
                    onActivated: panel.staff.confirmTrust()
                }
                KioskButton {
                    objectName: "trustNo"
                    text: qsTr("Cancel")
                    onActivated: panel.staff.cancelTrust()
                }
            }
        }
    }
}
