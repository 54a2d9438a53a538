pragma ComponentBehavior: Bound
import QtQuick

// A headline whose lines are of about one length: as narrow as it can be without taking another
// line, so no word is left alone on its last line ("Text / 233733"). Qt 6 has no CSS
// `text-wrap: balance`, so it measures itself: a hidden twin is laid out at narrower widths
// (a binary search, about ten layouts of a few words, only when the text, font or box change)
// and the narrowest width that keeps the line count is its own. A text that needs more than
// `maximumLineCount` lines keeps the whole box and is elided, which `kiosk pack fit` refuses.
Text {
    id: balanced
    // The text as written. `text` is what is drawn: the same, or with its last two words tied
    // by a no-break space when balancing alone would leave the last one alone ("Ocurre en
    // lugares / cotidianos" becomes "Ocurre en / lugares cotidianos").
    property string original: ""
    // The box: the widest this text may be.
    property real maxWidth: 0
    // Even tied, the last line holds one word alone (the last two words do not fit on one
    // line): `pack fit` asks the author to reword it. A text of two words is never flagged:
    // there is nothing to balance.
    property bool lonelyWord: false

    wrapMode: Text.WordWrap
    textFormat: Text.PlainText
    elide: Text.ElideRight
    horizontalAlignment: Text.AlignLeft
    width: maxWidth   // until balance() has measured

    onOriginalChanged: balance()
    onMaxWidthChanged: balance()
    onFontChanged: balance()
    onMaximumLineCountChanged: balance()
    Component.onCompleted: balance()

    // Words split where a line may break (a no-break space ties two words into one).
    function words(value: string): list<string> { return value.trim().split(/[^\S\u00A0]+/).filter(w => w !== "") }

    function linesAt(w: real): real {
        twin.width = w
        // A word wider than the width spills instead of wrapping: count that as not fitting.
        return twin.contentWidth <= w + 0.5 ? twin.lineCount : Number.MAX_SAFE_INTEGER
    }

    // The narrowest width at which `value` takes no more lines than in the whole box, and
    // whether its last line is then one word alone.
    function layout(value: string): var {
        twin.text = value
        const lines = linesAt(maxWidth)
        if (maxWidth <= 0 || lines < 2 || lines > maximumLineCount)
            return { width: maxWidth, lines: lines, lonely: false }
        let lo = 0
        let hi = Math.ceil(maxWidth)
        while (hi - lo > 1) {
            const mid = Math.floor((lo + hi) / 2)
            if (linesAt(mid) <= lines)
                hi = mid
            else
                lo = mid
        }
        const width = Math.min(maxWidth, hi + 1)   // a pixel to spare: the item rounds its position
        // The last word is alone when the words before it take one line less (two words tied
        // by a no-break space are not one word alone).
        const all = words(value)
        const last = all.length > 0 ? all[all.length - 1] : ""
        twin.text = all.slice(0, -1).join(" ")
        return { width: width, lines: lines, lonely: all.length > 1 && String(last).indexOf("\u00A0") < 0 && linesAt(width) < lines }
    }

    function balance(): void {
        let shown = original
        let best = layout(shown)
        if (best.lonely && words(original).length > 2) {
            const tied = original.trim().replace(/[^\S\u00A0]+(?=\S+$)/, "\u00A0")
            const other = layout(tied)
            if (other.lines <= best.lines) {
                shown = tied
                best = other
            }
        }
        text = shown
        width = best.width
        lonelyWord = best.lonely && words(original).length > 2
    }

    Text {
        id: twin
        visible: false
        font: balanced.font
        wrapMode: Text.WordWrap
        textFormat: Text.PlainText
    }
}
