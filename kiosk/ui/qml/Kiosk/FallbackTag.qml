pragma ComponentBehavior: Bound
import QtQuick

// "English only": the text beside it is not written in the language on screen, so the pack's
// first language shows instead (a pack with `fallback: true`). Hidden when there is no such text.
Text {
    id: tag
    // The shown language's code ("en"), or "" when everything is in the visitor's.
    property string language: ""
    objectName: "fallbackTag"
    visible: language !== ""
    textFormat: Text.PlainText
    // The language named in the language on screen ("Solo en inglés", never "Solo en English"):
    // the names are the kiosk's words, translated like the rest (the codes of
    // kiosk/content/schema.py LANGUAGES; an unknown code shows as itself).
    readonly property string languageName: ({
        "en": qsTr("English"),
        "es": qsTr("Spanish"),
        "fr": qsTr("French"),
        "pt": qsTr("Portuguese"),
        "zh": qsTr("Chinese"),
        "vi": qsTr("Vietnamese"),
        "ko": qsTr("Korean"),
        "tl": qsTr("Tagalog"),
        "ar": qsTr("Arabic"),
        "ru": qsTr("Russian"),
        "ht": qsTr("Haitian Creole"),
        "de": qsTr("German"),
        "it": qsTr("Italian"),
        "ja": qsTr("Japanese")
    })[language] ?? language
    text: qsTr("%1 only").arg(languageName)
    font.family: Theme.fontFamily
    font.pixelSize: Theme.px(Theme.small)
    font.bold: true
    color: Theme.accent
}
