pragma ComponentBehavior: Bound
import QtQuick

// One titled block of the staff panel. The panel shows its sections a page at a time (`view`,
// the panel's Flickable, moved by whole pages): a line is shown only when it is wholly on the page
// and is otherwise transparent and untouchable, so no page ever shows a line or a button cut by
// its edge. Each line's place comes from `spans`, from which the panel cuts its pages.
Column {
    id: section
    property string title
    property Flickable view: null
    default property alias content: body.data
    spacing: Theme.px(12)

    // Where `item` (the title or a line of the body) starts in the view's content: summed up the
    // parent chain, so a binding that calls this follows every move of the layout.
    function contentTop(item: Item): real {
        let top = 0
        for (let node = item; node !== null && node !== section.view?.contentItem; node = node.parent)
            top += node.y
        return top
    }

    // The lines shown, in order.
    function lines(): list<Item> {
        return Array.from(body.children).filter(item => item.visible && item.height > 0)
    }

    // Where `item` starts and ends in the view's content, as [top, bottom]. The title is kept
    // with its first line: a page never ends on a title whose lines are all on the next.
    function span(item: Item): list<real> {
        const top = contentTop(item)
        const first = item === heading ? lines()[0] : undefined
        return [top, first === undefined ? top + item.height : contentTop(first) + first.height]
    }

    // Whether `item` is wholly on the page the view shows (a line taller than the page shows
    // from its top: better cut than never seen).
    function onPage(item: Item): bool {
        if (section.view === null)
            return true
        const place = span(item)
        const top = place[0] - section.view.contentY
        const height = place[1] - place[0]
        const room = section.view.height
        return top >= -0.5 && (top + height <= room + 0.5 || (top <= 0.5 && height > room))
    }

    // The title and every line shown, as [top, bottom] in the view's content.
    function spans(): list<var> {
        return [heading].concat(lines()).map(item => span(item))
    }

    // A line takes part in paging from the moment it exists (a Repeater adds rows later).
    function follow(item: Item): void {
        item.opacity = Qt.binding(() => section.onPage(item) ? 1 : 0)
        item.enabled = Qt.binding(() => section.onPage(item))
    }

    Text {
        id: heading
        textFormat: Text.PlainText
        width: section.width
        text: section.title
        font.family: Theme.fontFamily
        font.pixelSize: Theme.px(40)
        font.bold: true
        color: Theme.accent
        wrapMode: Text.Wrap
        opacity: section.onPage(heading) ? 1 : 0
    }
    Column {
        id: body
        width: section.width
        spacing: Theme.px(12)
        onChildrenChanged: {
            for (const item of body.children)
                section.follow(item)
        }
    }
}
