pragma Singleton
pragma ComponentBehavior: Bound
import QtQuick

// Colours, type scale, spacing and touch sizes. Sizes are given at 1080p and multiplied by
// `scale` (= min(width, height) / 1080, set by Main), so portrait and landscape match.
QtObject {
    property real scale: 1.0
    function px(value) { return Math.round(value * scale) }

    readonly property string fontFamily: "Atkinson Hyperlegible"
    // Where the app's own icons are (set by Main from Python); icon("check") → its URL.
    property string assetsUrl: ""
    function icon(name) { return assetsUrl === "" ? "" : assetsUrl + "/icons/" + name + ".svg" }

    // A calm, dark field with one warm accent. WCAG contrast (tests/unit/test_theme.py checks
    // every pair): on `background` text 16.2:1, textSecondary 10.9:1, accent 10.5:1, right 9.3:1,
    // wrong 9.5:1 (AA needs 4.5:1); accentInk 10.5:1 on accent. Button outlines (`outline`) reach
    // 5.0:1 on background and 4.0:1 on surface (non-text contrast needs 3:1); `track` is only
    // the progress bar's groove, which a person need not see to use anything.
    readonly property color background: "#0E2235"
    readonly property color surface: "#16324D"
    readonly property color text: "#FFFFFF"
    readonly property color textSecondary: "#C9D6E3"
    readonly property color accent: "#FFC857"
    readonly property color accentInk: "#0E2235"
    readonly property color track: "#2B4A68"
    readonly property color outline: "#7891AB"
    readonly property color right: "#7BD88F"     // always with a word and an icon
    readonly property color wrong: "#FFB4A8"     // always with a word and an icon
    readonly property color scrim: "#E60B1A2A"
    readonly property color cover: "#1F2933"
    // The closed screen: black, its content at 75 % (white text 11:1, secondary 7.8:1, accent
    // 7.8:1 on it; the QR's quiet zone a light grey that still reads).
    readonly property color closedBackground: "#000000"
    readonly property real closedDim: 0.75

    // Type scale at 1080p (DESIGN.md floors: headline 80, body 44, hotline 56, nothing under 32).
    readonly property int headlineMax: 104
    readonly property int headlineMin: 80
    readonly property int bodyMax: 56
    readonly property int bodyMin: 44
    readonly property int hotlineSize: 60
    readonly property int hotlineMin: 56
    readonly property int small: 32
    // The attract strip (DESIGN.md "Look and feel"): a main number's capitals at least 64 px
    // (read from 5 m): Atkinson Hyperlegible's capitals are 0.668 of the size, so 96 px, not the
    // 92 px a 0.7 ratio gives. Its dialled digits, the group's other numbers and heading: 44 px.
    readonly property int hotlineMain: 96
    readonly property int hotlineDetail: 44

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
