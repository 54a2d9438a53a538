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
    // 92 px a 0.7 ratio gives. Its dialled digits, the group's other numbers and heading: 44 px.
    readonly property int hotlineMain: 96
    readonly property int hotlineDetail: 44
    // The main numbers' letter spacing: display sizes read tighter than text sizes, and a US
    // pack's groups (a one-line "Danger now", 1-800-THE-LOST, 1-888-373-7888) fit one 16:9 row,
    // and 911 beside NCMEC in 9:16, only with it (Atkinson Hyperlegible's text spacing at 96 px
    // leaves them 24 of the 1,728 px between the margins in landscape, and none in portrait).
    readonly property int hotlineTracking: -4
    // The hotline block's grid (HotlineBlock.layout) for `groups` (AttractBridge.hotlineGroups)
    // in a block of width `width`: rows of column shares. A group's column is as wide as its
    // kind needs at these sizes, not as its words: a short number that stands alone (911) a
    // narrow one, a web address a wider one, any other group a wide one (in touch mode's
    // landscape, with room for its other numbers on its main number's line). Groups fill a row while their shares add up to at most
    // the whole; a row's shares are then stretched to fill it. Wide or narrow is decided in
    // 1080p-scale pixels, so every screen of one shape gets one grid.
    function hotlineWide(width, compact) { return width >= px(compact ? 1300 : 1600) }
    function hotlineLayout(groups, width, compact) {
        const wide = hotlineWide(width, compact)
        function share(group) {
            if (compact)
                return wide ? (group.short ? 0.125 : 0.255 + 0.18 * group.others.length)
                            : (group.short ? 0.25 : 0.5 + 0.2 * group.others.length)
            // A web address as a group's main line is wider than a phone number.
            if (group.main.kind === "web")
                return wide ? 0.5 : 1
            return wide ? (group.short ? 0.141 : 0.4295) : (group.short ? 0.245 : 0.755)
        }
        const rows = []
        let row = []
        let sum = 0
        for (let i = 0; i < groups.length; ++i) {
            const s = share(groups[i])
            if (row.length > 0 && sum + s > 1.001) {
                rows.push(row.map(x => x / sum))
                row = []
                sum = 0
            }
            row.push(s)
            sum += s
        }
        if (row.length > 0)
            rows.push(row.map(x => x / sum))
        return rows.length > 0 ? rows : [[1]]
    }
    // Touch mode's block (menu, cards, questions, end screen): smaller than the strip, never
    // under the lesson body's floor for a heading or 44 px for a number. In landscape a group
    // takes two lines (its numbers on one, HotlineBlock.inlineDetails), so a question with four
    // choices keeps its room above it.
    readonly property int hotlineCompactLabel: 36
    readonly property int hotlineCompactMain: 44
    readonly property int hotlineCompactDetail: 44

    // Slides: one grid per orientation (issue 24), at 1080p scale. The same words box on every
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
}
