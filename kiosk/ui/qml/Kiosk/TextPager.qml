pragma ComponentBehavior: Bound
import QtQuick

// A hidden ruler that cuts a text into pages for accessibility mode, where words keep their
// large size and a screen that cannot hold them all pages (Next shows the rest) instead of
// scrolling them behind an edge. Give it the font, width and lineHeight of the Text that shows
// the pages. A page holds the most words that fit (greedy wrapping: the words that fit in n lines
// are exactly the first n lines), or ends earlier with a sentence that ends in its last lines.
Text {
    id: ruler
    visible: false
    wrapMode: Text.Wrap          // a word wider than the line breaks rather than leaving the screen
    textFormat: Text.PlainText
    font.family: Theme.fontFamily

    // The height `value` takes at this ruler's width and font.
    function heightOf(value: string): real {
        if (value === "")
            return 0
        ruler.text = value
        return ruler.implicitHeight
    }

    // `value` in pages: the first at most `firstRoom` high, the others at most `room`. The first
    // may be "" (no line fits under what sits above it); a single word taller than a page gets
    // a page of its own (and is reported by the snapshot's check). At most `limit` pages.
    function split(value: string, firstRoom: real, room: real, limit: int): list<string> {
        const words = value.split(" ")
        const fits = (start, end, space) => end === start
                     || heightOf(words.slice(start, end).join(" ")) <= space + 0.5
        const pages = []
        let start = 0
        let space = firstRoom
        while (start < words.length && pages.length < limit - 1) {
            if (fits(start, words.length, space))
                break
            let lo = start          // words[start, lo) fit
            let hi = words.length   // words[start, hi) do not
            while (hi - lo > 1) {
                const mid = (lo + hi) >> 1
                if (fits(start, mid, space))
                    lo = mid
                else
                    hi = mid
            }
            if (lo === start && pages.length > 0)
                lo = start + 1
            // End the page with a sentence when one ends in its last lines: a reader with low
            // vision should not have to hold half a sentence across a page turn.
            for (let end = lo; end > start + 0.6 * (lo - start) && end > start + 1; --end) {
                if (/[.!?;:]["'”»)]*$/.test(words[end - 1])) {
                    lo = end
                    break
                }
            }
            pages.push(words.slice(start, lo).join(" "))
            start = lo
            space = room
        }
        pages.push(words.slice(start).join(" "))
        return pages
    }
}
