pragma ComponentBehavior: Bound
import QtQuick

// The lesson menu: large tiles with a title, an icon and the lesson's length. Up to three lessons
// stand side by side as tall tiles in landscape; more lessons (and every portrait menu) are wide
// tiles with the icon at the left, in two columns in landscape or one in portrait, all sharing
// the height above the navigation bar, so 1–8 lessons fit and none hides under Exit.
Item {
    id: menu
    required property SessionBridge session

    readonly property int count: menu.session.lessons.length
    readonly property bool landscape: width >= height
    readonly property bool wide: !landscape || count > 3
    readonly property int columns: !landscape ? 1 : (count > 3 ? 2 : Math.max(1, count))
    readonly property int rows: Math.max(1, Math.ceil(count / columns))
    // Accessibility mode's large text keeps its size: tiles grow to their titles and the menu
    // scrolls instead.
    readonly property bool large: Theme.textScale > 1

    Flickable {
        id: scroller
        objectName: "menuScroll"
        anchors.fill: parent
        contentWidth: width
        contentHeight: menu.large ? heading.height + grid.anchors.topMargin + grid.height : height
        clip: menu.large
        interactive: contentHeight > height + 1
        flickableDirection: Flickable.VerticalFlick
        boundsBehavior: Flickable.StopAtBounds

    Text {
        textFormat: Text.PlainText
        id: heading
        objectName: "menuHeading"
        width: menu.large ? menu.width - Theme.px(32) : menu.width
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
        anchors.top: heading.bottom
        // 32 px (was 48), 16 in large text: eight two-line titles, and three large ones in
        // portrait, keep their lines above the hotline block.
        anchors.topMargin: Theme.px(menu.large ? 16 : 32)
        width: heading.width
        columns: menu.columns
        columnSpacing: Theme.px(32)
        // The touch spacing, not more: eight lessons in four rows keep two-line titles above
        // the hotline block.
        rowSpacing: Theme.px(menu.large ? 16 : Theme.touchSpacing)   // DESIGN.md: ≥ 16 px apart
        readonly property real tileWidth: (width - (columns - 1) * columnSpacing) / columns
        readonly property real room: menu.height - heading.height - anchors.topMargin
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
                    width: visible ? implicitWidth : 0
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
    }
    // Where the menu scrolls: a bar at the edge, as tall as the share that shows.
    Rectangle {
        objectName: "menuScrollBar"
        visible: scroller.interactive
        width: Theme.px(12)
        radius: width / 2
        color: Theme.accent
        x: menu.LayoutMirroring.enabled ? 0 : menu.width - width
        y: scroller.visibleArea.yPosition * scroller.height
        height: scroller.visibleArea.heightRatio * scroller.height
    }
}
