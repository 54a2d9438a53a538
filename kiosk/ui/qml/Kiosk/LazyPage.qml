pragma ComponentBehavior: Bound
import QtQuick

// A page the first frame does not need (touch mode, the cover, the countdown, the closed screen,
// the PIN pad, the staff panel; in touch mode, a lesson's card, question and end screen): created
// the first time it is wanted, then kept, so it costs neither start-up time nor memory until then
// (docs/architecture.md "Start-up").
// `preload` creates it ahead, asynchronously between frames; should it be wanted before that is
// done, the rest is created at once (a Loader finishes synchronously when `asynchronous` turns
// false).
Loader {
    id: lazy
    property bool wanted: false
    property bool preload: false

    visible: wanted
    active: false
    asynchronous: !wanted

    function load(): void {
        if (wanted || preload)
            active = true  // once loaded, kept: showing a page again costs nothing
    }
    onWantedChanged: load()
    onPreloadChanged: load()
    Component.onCompleted: load()
}
