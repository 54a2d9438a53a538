pragma Singleton
pragma ComponentBehavior: Bound
import QtQuick

// Colours, type scale, spacing and touch sizes. Sizes are given at 1080p and multiplied by
// `scale` (= min(width, height) / 1080, set by Main), so portrait and landscape match.
QtObject {
    property real scale: 1.0
    function px(value) { return Math.round(value * scale) }
    // Accessibility mode (set by Main from the AccessBridge): text sizes in touch mode go
    // through fontPx, so they grow by textScale (1.5) while the layout's own sizes stay put.
    property real textScale: 1.0
    property bool highContrast: false
    function fontPx(value) { return Math.round(value * scale * textScale) }

    // Numbers and web addresses read left to right inside right-to-left text: a left-to-right
    // isolate (LRI … PDI) keeps "+1 888 373 7888" from being reordered by a bidi paragraph.
    // Each line on its own: a line break ends an isolate.
    function leftToRight(value) {
        return value === "" ? "" : value.split("\n").map(line => "\u2066" + line + "\u2069").join("\n")
    }

    // qsTr("%1 … %2") filled in one pass: with .arg(a).arg(b) a "%2" inside a (a file name
    // from a USB stick) would be filled with b too.
    function fill(text, values) {
        return text.replace(/%([1-9])/g, (match, n) => n <= values.length ? String(values[n - 1]) : match)
    }

    readonly property string fontFamily: "Atkinson Hyperlegible"
    // For the quick-exit cover's clock only, which must look like any screen's: Atkinson's zero
    // is slashed (it has no plain alternate). DejaVu Sans ships with fontconfig on Debian and
    // Raspberry Pi OS (fonts-dejavu-core); where it is missing, fontconfig's default sans shows.
    readonly property string plainFontFamily: "DejaVu Sans"
    // Where the app's own icons are (set by Main from Python); icon("check") → its URL.
    property string assetsUrl: ""
    function icon(name) { return assetsUrl === "" ? "" : assetsUrl + "/icons/" + name + ".svg" }

    // A calm, dark field with one warm accent. WCAG contrast (tests/ui/qml/test_theme.py checks
    // every pair): on `background` text 16.2:1, textSecondary 10.9:1, accent 10.5:1, right 9.3:1,
    // wrong 9.5:1 (AA needs 4.5:1); accentInk 10.5:1 on accent. Button outlines (`outline`) reach
    // 5.0:1 on background and 4.0:1 on surface (non-text contrast needs 3:1); `track` is only
    // the progress bar's groove, which a person need not see to use anything.
    // The high-contrast palette (accessibility mode, the first of each pair) is black, white and
    // yellow: every text pair reaches 7:1 (WCAG AAA), outlines are white.
    readonly property color background: highContrast ? "#000000" : "#0E2235"
    readonly property color surface: highContrast ? "#1A1A1A" : "#16324D"
    readonly property color text: highContrast ? "#FFFFFF" : "#FFFFFF"
    readonly property color textSecondary: highContrast ? "#FFFFFF" : "#C9D6E3"
    readonly property color accent: highContrast ? "#FFE500" : "#FFC857"
    readonly property color accentInk: highContrast ? "#000000" : "#0E2235"
    readonly property color track: highContrast ? "#5C5C5C" : "#2B4A68"
    readonly property color outline: highContrast ? "#FFFFFF" : "#7891AB"
    readonly property color right: highContrast ? "#8DF5A0" : "#7BD88F"     // always with a word and an icon
    readonly property color wrong: highContrast ? "#FFC2B8" : "#FFB4A8"     // always with a word and an icon
    readonly property color scrim: highContrast ? "#F2000000" : "#E60B1A2A"
    readonly property color cover: highContrast ? "#1F2933" : "#1F2933"
    // The closed screen: black, its content at 75 % (white text 11:1, secondary 7.8:1, accent
    // 7.8:1 on it; the QR's quiet zone a light grey that still reads).
    readonly property color closedBackground: "#000000"
    readonly property real closedDim: 0.75

    // Type scale at 1080p. The floors, for text read from 2-6 m: headline 80, body 44, hotline 56,
    // nothing on a slide under 32 (docs/authoring.md, "How big text is").
    readonly property int headlineMax: 104
    readonly property int headlineMin: 80
    readonly property int bodyMax: 56
    readonly property int bodyMin: 44
    readonly property int hotlineSize: 60
    readonly property int hotlineMin: 56
    readonly property int small: 32
    // The attract strip: a main number's capitals at least 64 px
    // (read from 5 m): Atkinson Hyperlegible's capitals are 0.668 of the size, so 96 px, not the
    // 92 px a 0.7 ratio gives. Its dialled digits and other numbers: 44 px; its headings 44 px
    // where a column has the width for them (portrait, the closed screen's portrait), 36 px in a
    // landscape row (see hotlineColumn).
    readonly property int hotlineMain: 96
    readonly property int hotlineDetail: 44
    readonly property int hotlineLabel: 44
    readonly property int hotlineLabelRow: 36
    // The main numbers' letter spacing, a share of their size (display sizes read tighter than
    // text sizes): -6 px at 96 px, so 1-800-THE-LOST (672 px) fits a landscape column and ends
    // over 30 px before the rule after it (at -5 it was 21 px: the strip looked crowded). Not
    // rounded to whole pixels, so a 720p screen keeps 1080p's proportions.
    readonly property real hotlineTracking: -6 / 96
    // The hotline block's grid (HotlineBlock) for `groups` (AttractBridge.hotlineGroups) in a
    // block of width `width`: rows of column widths in pixels. A column is as wide as its kind
    // needs at the block's sizes, never as its words: a short number that stands alone (911)
    // a narrow one that holds a 17-character label ("Peligro inmediato"), any other group a
    // wide one that holds a 42-character name ("Línea Nacional contra la Trata de Personas")
    // and a 14-character main number (1-800-THE-LOST); the same widths in touch mode, whose
    // headings are 36 px too. Groups fill a row while their columns
    // and gaps fit; what is left of a row goes to its wide columns (a row of short columns
    // keeps it free: the portrait strip puts the QR there). Decided in 1080p-scale pixels, so
    // every screen of one shape gets one grid.
    // Why 36 px headings in a landscape row, under DESIGN.md's 44: between 16:9's margins
    // (1,728 px) a row of 911, 1-800-THE-LOST and the trafficking hotline needs 343 px for
    // "Peligro inmediato" and 827 px for "Línea Nacional contra la Trata de Personas" at 44 px
    // beside two 672 px numbers: 1,840 px and more. At 36 px they take 281 and 677 px; two rows
    // would leave the slide no room for its words.
    // Why the line under the numbers stays 44 px while the headings above are 36: it holds
    // numbers to dial or text (1-800-843-5678, TTY 711, Text HELP to 233733), which DESIGN.md
    // puts at 44 px at least, and its column has the width for them (a 24-character display
    // at 44 px bold is about 560 px of 690). A heading says whose number it is; the numbers are
    // what a passer-by must read from afar and copy. So sizes follow what is dialled: the main
    // number 96 px, the other numbers 44, whose they are 36, the same on every row.
    function hotlineWide(width, compact) { return width >= px(compact ? 1300 : 1600) }
    function hotlineGap(compact) { return px(compact ? 16 : 24) }
    function hotlineColumn(group, compact, wide) {
        if (group.short)
            return px(compact || wide ? 290 : 420)
        return px(690)
    }
    function hotlineLayout(groups, width, compact) {
        const wide = hotlineWide(width, compact)
        const gap = hotlineGap(compact)
        const rows = []
        let row = []
        let used = 0
        function close() {
            const wides = row.filter(c => !c.short).length
            const spare = Math.max(0, width - used)
            rows.push(row.map(c => c.short || wides === 0 ? c.width : c.width + spare / wides))
        }
        for (let i = 0; i < groups.length; ++i) {
            const column = { width: hotlineColumn(groups[i], compact, wide), short: !!groups[i].short }
            if (row.length > 0 && used + gap + column.width > width + 0.5) {
                close()
                row = []
                used = 0
            }
            used += (row.length > 0 ? gap : 0) + column.width
            row.push(column)
        }
        if (row.length > 0)
            close()
        return rows.length > 0 ? rows : [[width]]
    }
    // Touch mode's block (menu, cards, questions, end screen): smaller than the strip, never
    // under the lesson body's floor. Each group on three lines like the strip's (its heading, its
    // main number, its other numbers), so a row holds three groups whose names are long.
    readonly property int hotlineCompactLabel: 36
    readonly property int hotlineCompactMain: 44
    readonly property int hotlineCompactDetail: 36

    // Slides: one grid per orientation, at 1080p scale. The same words box on every
    // slide: the headline's lines, then the accent rule, then the body's lines, each at one size,
    // whatever the slide says, the strip holds or the QR's address needs. Landscape (1,160 px
    // of words beside the 520 px pictogram and QR column) ends its body at y 714, above the
    // progress bar at 740; portrait (972 px wide, under the title and pictogram) at 759. The
    // strip and its progress bar must start below those (tests/ui/qml/test_slide_grid.py checks it).
    // Portrait is narrower, so its sizes are the floors (80 and 44); a text that needs more lines
    // than its box holds is refused by `kiosk pack fit`.
    readonly property int slideHeadlineLandscape: 88
    readonly property int slideHeadlinePortrait: 80
    readonly property int slideBodyLandscape: 48
    readonly property int slideBodyPortrait: 44
    readonly property int slideHeadlineLines: 2
    readonly property int slideBodyLines: 4
    // Atkinson Hyperlegible's lines are 1.24 of its size already; the headline needs no more.
    readonly property real slideHeadlineLineHeight: 1.0
    readonly property real slideBodyLineHeight: 1.1
    // Every pictogram, in both orientations, is of one size. Landscape: at the top of the column
    // whose bottom holds the QR with its label above and its address under it (about 376 px);
    // portrait: at the top right, beside the pack's title, so the words start high enough to
    // leave the strip the room its rows need.
    readonly property int slidePicture: 140
    // The pack's title and publisher (a line each) beside the tap hint: slides start under it.
    readonly property int slideHeaderBand: 96

    readonly property real marginRatio: 0.05
    readonly property int gap: 24
    readonly property int progressHeight: 8
    readonly property int crossfadeMs: 900
    // The progress bar steps this often (a few times a second), so the loop idles between fades.
    readonly property int progressStepMs: 500
    readonly property int lessonHeadlineMax: 64
    readonly property int lessonHeadlineMin: 48
    readonly property int lessonBodyMax: 44
    readonly property int lessonBodyMin: 36
    readonly property int buttonText: 40
    readonly property int touchTarget: 96
    readonly property int touchSpacing: 24
    // The least room between two touch targets (DESIGN.md): a question's choices, whose page
    // also holds the prompt, the feedback and the hotline block.
    readonly property int touchSpacingMin: 16
}
