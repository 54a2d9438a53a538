pragma ComponentBehavior: Bound
import QtQuick

// The lesson menu: large tiles with a title, an icon and the lesson's length.
Item {
    id: menu
    required property SessionBridge session

    readonly property bool landscape: width >= height
    readonly property int columns: landscape ? Math.min(3, Math.max(1, menu.session.lessons.length)) : 1

    Text {
        textFormat: Text.PlainText
        id: heading
        objectName: "menuHeading"
        width: parent.width
        text: qsTr("Learn the signs. Pick a short lesson.")
        font.family: Theme.fontFamily
        font.pixelSize: Theme.px(Theme.lessonHeadlineMax)
        font.bold: true
        color: Theme.text
        wrapMode: Text.WordWrap
    }

    Grid {
        id: grid
        anchors.top: heading.bottom
        anchors.topMargin: Theme.px(48)
        width: parent.width
        columns: menu.columns
        columnSpacing: Theme.px(32)
        rowSpacing: Theme.px(32)
        readonly property real tileWidth: (width - (columns - 1) * columnSpacing) / columns
        readonly property real tileHeight: menu.landscape
            ? Math.min(Theme.px(440), menu.height - heading.height - Theme.px(48))
            : Math.min(Theme.px(300), (menu.height - heading.height - Theme.px(48)) / Math.max(1, menu.session.lessons.length) - rowSpacing)

        Repeater {
            model: menu.session.lessons
            delegate: Rectangle {
                id: tile
                required property var modelData
                required property int index
                objectName: "lessonTile" + index
                width: grid.tileWidth
                height: grid.tileHeight
                radius: Theme.px(24)
                color: Theme.surface
                // The focus outline shows only once a key was pressed (a touch hides it again).
                readonly property bool focused: menu.session.keyboardActive
                                                && menu.session.focusIndex === index
                border.width: focused ? Theme.px(6) : Theme.px(2)
                border.color: focused ? Theme.text : Theme.outline

                Image {
                    id: icon
                    source: tile.modelData.icon
                    width: menu.landscape ? Theme.px(160) : tile.height - Theme.px(80)
                    height: width
                    sourceSize.width: width
                    sourceSize.height: height
                    x: Theme.px(32)
                    y: menu.landscape ? Theme.px(32) : (tile.height - height) / 2
                }
                FitText {
                    objectName: "lessonTitle" + tile.index
                    x: menu.landscape ? Theme.px(32) : icon.x + icon.width + Theme.px(32)
                    y: menu.landscape ? icon.y + icon.height + Theme.px(24) : Theme.px(32)
                    width: tile.width - x - Theme.px(32)
                    height: tile.height - y - minutes.height - Theme.px(48)
                    maxSize: 48
                    minSize: 36
                    font.bold: true
                    text: tile.modelData.title
                }
                Text {
                    textFormat: Text.PlainText
                    id: minutes
                    objectName: "lessonMinutes" + tile.index
                    x: menu.landscape ? Theme.px(32) : icon.x + icon.width + Theme.px(32)
                    y: tile.height - height - Theme.px(32)
                    text: qsTr("%1 min").arg(tile.modelData.minutes)
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.px(36)
                    color: Theme.accent
                }
                Tap {
                    onTapped: menu.session.openLesson(tile.index)
                }
            }
        }
    }
}
