pragma ComponentBehavior: Bound
import QtQuick

// The lesson menu: large tiles with a title, an icon and the lesson's length. Up to three lessons
// stand side by side as tall tiles in landscape; more lessons (and every portrait menu) are wide
// tiles with the icon at the left, in two columns in landscape or one in portrait, all sharing
// the height above the navigation bar, so 1–8 lessons fit and none hides under Exit. In large
// text (accessibility mode) tiles grow to their titles and the menu pages whole rows of them
// ("Page 1 of 2 · Next shows the rest", Next and Back turn the page), never a scroll area.
Item {
    id: menu
    required property SessionBridge session

    readonly property int count: menu.session.lessons.length
    readonly property bool landscape: width >= height
    // Large text lists every lesson in one column of wide tiles: side by side, three large
    // Spanish titles made one row taller than the screen (a row cannot be split across pages,
    // so the hotline block covered the minutes), and two columns left a long title's words
    // wider than their line. One column pages row by row.
    readonly property bool wide: !landscape || count > 3 || large
    readonly property int columns: !landscape || large ? 1 : (count > 3 ? 2 : Math.max(1, count))
    readonly property int rows: Math.max(1, Math.ceil(count / columns))
    // Accessibility mode's large text keeps its size: tiles grow to their titles and the menu
    // pages instead of scrolling behind a thin bar a visitor may not notice.
    readonly property bool large: Theme.textScale > 1
    // The first row of each page (large text; one page of every row otherwise), and the page on
    // show. A page holds whole rows, so side by side tiles never split across a page turn.
    property var pageRows: [0]
    readonly property int part: Math.min(menu.session.part, pageRows.length - 1)
    readonly property int firstRow: pageRows[part]
    readonly property int endRow: part + 1 < pageRows.length ? pageRows[part + 1] : rows
    function pageOf(index) {
        const row = Math.floor(index / menu.columns)
        let k = 0
        while (k + 1 < menu.pageRows.length && menu.pageRows[k + 1] <= row)
            ++k
        return k
    }

    // Re-measure whenever what the pages depend on changes; later, not inside the change (the
    // session's new part is read back here).
    onWidthChanged: Qt.callLater(menu.paginate)
    onHeightChanged: Qt.callLater(menu.paginate)
    onLargeChanged: Qt.callLater(menu.paginate)
    onVisibleChanged: Qt.callLater(menu.paginate)
    onCountChanged: Qt.callLater(menu.paginate)

    // The rows' heights (a row is as tall as its tallest tile), cut into pages greedily: the
    // first under the heading, each with the page cue's room kept when more than one is needed.
    function paginate() {
        let pages = [0]
        if (menu.large) {
            const heights = []
            for (let r = 0; r < menu.rows; ++r) {
                let most = 0
                for (let i = r * menu.columns; i < Math.min(menu.count, (r + 1) * menu.columns); ++i) {
                    const tile = tiles.itemAt(i)
                    if (tile)
                        most = Math.max(most, tile.height)
                }
                heights.push(most)
            }
            const above = heading.height + grid.gapAbove
            const total = heights.reduce((sum, h) => sum + h, 0) + (menu.rows - 1) * grid.rowSpacing
            if (above + total > menu.height + 0.5) {
                let used = heights[0]
                let room = menu.height - above - cue.reserved
                for (let r = 1; r < menu.rows; ++r) {
                    if (used + grid.rowSpacing + heights[r] > room + 0.5) {
                        pages.push(r)  // the heading shows on the first page only
                        used = heights[r]
                        room = menu.height - cue.reserved
                    } else {
                        used += grid.rowSpacing + heights[r]
                    }
                }
            }
        }
        menu.pageRows = pages
        if (menu.visible)
            menu.session.setParts(pages.length)
    }

    // A keyboard visitor's arrows move through every lesson: show the page the focus is on.
    readonly property int focusIndex: session.keyboardActive ? session.focusIndex : -1
    onFocusIndexChanged: Qt.callLater(menu.followFocus)
    function followFocus() {
        if (menu.focusIndex < 0 || menu.pageRows.length < 2)
            return
        const k = menu.pageOf(menu.focusIndex)
        if (k !== menu.part)
            menu.session.showPart(k)
    }

    Text {
        textFormat: Text.PlainText
        id: heading
        objectName: "menuHeading"
        width: menu.width
        visible: menu.part === 0
        text: qsTr("Learn the signs. Pick a short lesson.")
        // Explicit, so a right-to-left layout aligns it right even while the words are English.
        horizontalAlignment: Text.AlignLeft
        font.family: Theme.fontFamily
        // Large text: 72 px (the lesson headline's floor, grown), not 96: three lines of it
        // left the third tile under the hotline block in portrait Spanish.
        font.pixelSize: Theme.fontPx(menu.large ? Theme.lessonHeadlineMin : Theme.lessonHeadlineMax)
        font.bold: true
        color: Theme.text
        wrapMode: Text.WordWrap
    }

    Grid {
        id: grid
        objectName: "lessonGrid"
        // Under the heading; at the top on a later page (large text), where it does not show.
        y: heading.visible ? heading.height + gapAbove : 0
        // 32 px (was 48), 16 in large text: eight two-line titles, and three large ones in
        // portrait, keep their lines above the hotline block.
        readonly property real gapAbove: Theme.px(menu.large ? 16 : 32)
        width: heading.width
        columns: menu.columns
        columnSpacing: Theme.px(32)
        // The touch spacing, not more: eight lessons in four rows keep two-line titles above
        // the hotline block.
        rowSpacing: Theme.px(menu.large ? 16 : Theme.touchSpacing)   // targets at least 16 px apart
        readonly property real tileWidth: (width - (columns - 1) * columnSpacing) / columns
        readonly property real room: menu.height - heading.height - gapAbove
        readonly property real tileHeight: Math.min(menu.wide ? Theme.px(300) : Theme.px(440),
            (room - (menu.rows - 1) * rowSpacing) / menu.rows)

        // Accessibility mode: the height of the tile whose large title needs the most. Bound to
        // `tiles.made` too: touch mode may be created in the background (LazyPage), and then
        // its tiles arrive after the count.
        readonly property real tallest: {
            let most = 0
            for (let i = 0; i < tiles.count && i < tiles.made; ++i) {
                const tile = tiles.itemAt(i)
                if (tile)
                    most = Math.max(most, tile.implicitHeight)  // = the tile's naturalHeight
            }
            return most
        }

        Repeater {
            id: tiles
            property int made: 0
            onItemAdded: made += 1
            model: menu.session.lessons
            delegate: Rectangle {
                id: tile
                required property var modelData
                required property int index
                objectName: "lessonTile" + index
                // Only the tiles of the page on show (the Grid closes up over hidden ones).
                visible: menu.pageOf(index) === menu.part
                onHeightChanged: Qt.callLater(menu.paginate)
                width: grid.tileWidth
                // Large text: side by side tiles share the tallest height, listed ones their own.
                height: menu.large ? Math.max(menu.wide ? naturalHeight : grid.tallest, grid.tileHeight)
                                   : grid.tileHeight
                implicitHeight: naturalHeight  // read by grid.tallest (typed as any Item's)
                // The height the large title needs (with the icon, and the minutes under it in
                // a tall tile), never under a touch target and a half.
                readonly property real naturalHeight: Math.max(Theme.px(Theme.touchTarget) * 1.5,
                    menu.wide ? Math.max(title.naturalHeight + 2 * Theme.px(8),
                                         minutes.height + 2 * pad)
                              : pad + icon.height + Theme.px(24) + title.naturalHeight
                                + Theme.px(16) + minutes.height + pad)
                radius: Theme.px(24)
                color: Theme.surface
                // The focus outline shows only once a key was pressed (a touch hides it again).
                readonly property bool focused: menu.session.keyboardActive
                                                && menu.session.focusIndex === index
                border.width: focused ? Theme.px(6) : Theme.px(2)
                border.color: focused ? Theme.text : Theme.outline
                readonly property real pad: menu.wide ? Theme.px(24) : Theme.px(32)
                // x of a child placed by hand, mirrored in a right-to-left language.
                function mirrorX(x, w) { return menu.LayoutMirroring.enabled ? tile.width - x - w : x }

                PackPicture {
                    id: icon
                    source: tile.modelData.icon
                    // From the grid's tile height, not this tile's: the tile's large-text height
                    // reads the title's, whose width follows the icon's (a binding loop whenever
                    // the text size changed before this was re-evaluated).
                    width: menu.wide ? (menu.large ? Theme.px(112) : Math.min(Theme.px(160), grid.tileHeight - 2 * tile.pad))
                                     : Theme.px(128)
                    height: width
                    sourceSize.width: width
                    sourceSize.height: height
                    x: tile.mirrorX(tile.pad, width)
                    y: menu.wide ? (tile.height - height) / 2 : tile.pad
                }
                Text {
                    textFormat: Text.PlainText
                    id: minutes
                    objectName: "lessonMinutes" + tile.index
                    x: tile.mirrorX(menu.wide ? tile.width - width - tile.pad : tile.pad, width)
                    y: menu.wide ? (tile.height - height) / 2 : tile.height - height - tile.pad
                    text: qsTr("%1 min").arg(tile.modelData.minutes)
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontPx(36)
                    color: Theme.accent
                }
                FitText {
                    id: title
                    objectName: "lessonTitle" + tile.index
                    // Between the icon and the minutes (wide), or under the icon.
                    readonly property real start: menu.wide ? tile.pad + icon.width + tile.pad : tile.pad
                    x: tile.mirrorX(start, width)
                    y: menu.wide ? Theme.px(8) : icon.y + icon.height + Theme.px(24)
                    width: menu.wide ? tile.width - start - Math.max(minutes.width, tag.width) - 2 * tile.pad
                                     : tile.width - 2 * tile.pad
                    height: menu.wide ? tile.height - 2 * y : minutes.y - y - Theme.px(16)
                    verticalAlignment: menu.wide ? Text.AlignVCenter : Text.AlignTop
                    natural: menu.large
                    // Large text: a word wider than the line breaks rather than run over the
                    // minutes (a natural title never shrinks to fit).
                    wrapMode: menu.large ? Text.Wrap : Text.WordWrap
                    maxSize: 48
                    minSize: 36
                    font.bold: true
                    text: tile.modelData.title
                }
                // "English only": the title is not written in the language on screen. Under the
                // minutes (wide tiles), else beside them.
                FallbackTag {
                    id: tag
                    objectName: "lessonFallback" + tile.index
                    language: tile.modelData.fallbackName || ""
                    // By its language, not `visible`: a tile on another page hides its tag too,
                    // and its title must keep the width (and height) it has on show.
                    width: language !== "" ? implicitWidth : 0
                    x: tile.mirrorX(menu.wide ? tile.width - width - tile.pad
                                              : tile.pad + minutes.width + Theme.px(24), width)
                    y: menu.wide ? minutes.y + minutes.height : minutes.y + (minutes.height - height) / 2
                }
                Tap {
                    onTapped: menu.session.openLesson(tile.index)
                }
            }
        }
    }

    PageCue {
        id: cue
        objectName: "menuPageCue"
        width: menu.width
        y: menu.height - height
        part: menu.part
        parts: menu.pageRows.length
    }
}
