pragma ComponentBehavior: Bound
import QtQuick

// One titled block of the staff panel. The panel shows its sections a page at a time (its
// Flickable, moved by whole pages): a line is shown only when it is wholly on the page and is
// otherwise transparent and untouchable, so no page ever shows a line or a button cut by its edge.
// Each line's place is in `edges`, from which the panel cuts its pages.
Column {
    id: section
    property string title
    // The page: the Flickable's content item, where it is scrolled to and how high it is
    // (pageHeight < 0: no paging, every line shows).
    property Item pageContent: null
    property real pageTop: 0
    property real pageHeight: -1
    default property alias content: body.data
    spacing: Theme.px(12)

    // Where each line starts and ends in the view's content, in order, as a flat list
    // [top, bottom, top, bottom, …]. The title is kept with its first line: a page never ends on
    // a title whose lines are all on the next.
    final readonly property list<real> edges: {
        const shown = section.lines()
        const out = []
        const headingTop = section.contentTop(heading)
        out.push(headingTop, shown.length > 0 ? section.endOf(shown[0]) : section.endOf(heading))
        for (let i = 0; i < shown.length; ++i) {
            const top = section.contentTop(shown[i])
            out.push(top, top + shown[i].height)
        }
        return out
    }

    // Where `item` (the title or a line of the body) starts in the view's content: summed up the
    // parent chain, so a binding that calls this follows every move of the layout.
    function contentTop(item: Item): real {
        if (section.pageContent === null)
            return 0  // not placed yet: walking up to the window would depend on the page itself
        let top = 0
        for (let node = item; node !== null && node !== section.pageContent; node = node.parent)
            top += node.y
        return top
    }

    function endOf(item: Item): real {
        return section.contentTop(item) + item.height
    }

    // The lines shown, in order.
    function lines(): list<Item> {
        const shown = []
        const children = body.children
        for (let i = 0; i < children.length; ++i) {
            const item = children[i]
            if (item.visible && item.height > 0)
                shown.push(item)
        }
        return shown
    }

    // Whether the span from `top` to `bottom` (in the view's content) is wholly on the page the
    // view shows (a span taller than the page shows from its top: better cut than never seen).
    function fits(top: real, bottom: real): bool {
        if (section.pageHeight < 0)
            return true
        const start = top - section.pageTop
        const height = bottom - top
        const room = section.pageHeight
        return start >= -0.5 && (start + height <= room + 0.5 || (start <= 0.5 && height > room))
    }

    function onPage(item: Item): bool {
        if (section.pageHeight < 0 || section.pageContent === null)
            return true  // no paging (yet): every line shows
        return section.fits(section.contentTop(item), section.endOf(item))
    }

    // The title shows only with its first line: never alone at the foot of a page.
    function headingOnPage(): bool {
        const shown = section.lines()
        const last = shown.length > 0 ? section.endOf(shown[0]) : section.endOf(heading)
        return section.fits(section.contentTop(heading), last)
    }

    // A line takes part in paging from the moment it exists (a Repeater adds rows later).
    function follow(item: Item): void {
        item.opacity = Qt.binding(function(): real { return section.onPage(item) ? 1 : 0 })
        item.enabled = Qt.binding(function(): bool { return section.onPage(item) })
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
        opacity: section.headingOnPage() ? 1 : 0
    }
    Column {
        id: body
        width: section.width
        spacing: Theme.px(12)
        onChildrenChanged: {
            const children = body.children
            for (let i = 0; i < children.length; ++i)
                section.follow(children[i])
        }
    }
}
