"""Languages in the real QML: the loop's rotation, the visitor's button, the reset at the end."""

import shutil

from kiosk.content.loader import load_pack
from kiosk.content.model import Pack
from kiosk.ui.app import Scene, load_fonts
from tests import FIXTURES_DIR
from tests.helpers import ManualClock, SceneDriver, find_item, make_scene

FIXTURES = FIXTURES_DIR


def open_menu(scene: SceneDriver) -> None:
    scene.click_at(600, 500)
    assert scene.screen() == "menu"


def texts(scene: SceneDriver, *names: str) -> list[str]:
    return [scene.item(name).property("text") for name in names]


def test_the_loop_alternates_the_pack_languages_slide_by_slide(scene: SceneDriver) -> None:
    attract = scene.attract
    assert attract.languages == ("en", "es")
    slide = attract.pack.slides
    seen = []
    for _ in range(4):
        shown = attract.property("slide")
        by_id = next(s for s in slide if s.id == shown["id"])
        assert shown["headline"] == by_id.headline.get(shown["language"])
        # The hidden layer is preloaded in the next slide's language.
        assert attract.property("upcoming")["language"] != shown["language"]
        seen.append(shown["language"])
        attract.advance()
    assert seen == ["en", "es", "en", "es"]


def test_the_strip_and_the_hint_follow_the_slide_language(scene: SceneDriver) -> None:
    scene.attract.advance()  # the second slide: Spanish
    assert scene.attract.current_language() == "es"
    assert scene.item("tapHintText").property("text") == "Toque para conocer las señales"
    labels = [h["label"] for h in scene.attract.property("hotlines")]
    assert labels[0] == "En peligro"
    scene.attract.advance()
    assert scene.item("tapHintText").property("text") == "Tap to learn the signs"


def test_tap_espanol_switches_everything_and_the_session_end_resets_it(
    scene: SceneDriver, default_pack: Pack
) -> None:
    scene.attract.advance()  # a Spanish slide is showing when the visitor taps
    open_menu(scene)
    # Every visitor starts in the kiosk's first language, with a button for the other.
    assert scene.session.property("language") == "en"
    assert texts(scene, "lessonHeader", "backButton") == ["Lessons", "Back to start"]
    assert scene.item("languageButton_es").property("text") == "Español"

    scene.click("languageButton_es")
    assert scene.session.property("language") == "es"
    assert texts(scene, "lessonHeader", "backButton", "quickExitButton") == [
        "Lecciones",
        "Volver al inicio",
        "Salir",
    ]
    lessons = default_pack.lessons
    assert scene.item("lessonTitle0").property("text") == lessons[0].title.get("es")
    assert scene.item("languageButton_en").property("text") == "English"

    scene.click("lessonTile0")
    assert scene.item("cardHeadline").property("text") == lessons[0].cards[0].headline.get("es")
    assert texts(scene, "nextButton", "backButton") == ["Siguiente", "Atrás"]
    assert scene.attract.property("hotlines")[0]["label"] == "En peligro"

    scene.click("quickExitButton")  # the session ends (the cover, then the loop)
    assert scene.screen() == "cover"
    assert scene.attract.current_language() == scene.attract.languages[1]  # the slide's again
    scene.click_at(600, 500)  # leave the cover
    assert scene.screen() == "attract"
    open_menu(scene)
    assert scene.session.property("language") == "en"
    assert texts(scene, "lessonHeader", "backButton") == ["Lessons", "Back to start"]
    assert scene.item("lessonTitle0").property("text") == lessons[0].title.get("en")


def test_the_switch_back_to_english_takes_every_word_back(scene: SceneDriver) -> None:
    open_menu(scene)
    scene.click("languageButton_es")
    scene.click("lessonTile0")
    scene.click("languageButton_en")
    assert texts(scene, "nextButton", "backButton", "quickExitButton") == ["Next", "Back", "Exit"]
    card = scene.attract.pack.lessons[0].cards[0]
    assert scene.item("cardHeadline").property("text") == card.headline.get("en")


def test_a_language_without_a_translation_file_shows_english(scene: SceneDriver) -> None:
    translations = scene.scene.translations
    translations.use("es")
    assert scene.item("tapHintText").property("text") == "Toque para conocer las señales"
    translations.use("fr")  # no kiosk_fr.qm: logged, and the QML's own English is back
    assert translations.language == "fr"
    assert scene.item("tapHintText").property("text") == "Tap to learn the signs"


def test_a_fallback_text_is_marked_in_the_language_on_screen(qapp, qtbot, tmp_path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURES / "minimal_pack", folder)
    yaml = folder / "pack.yaml"
    text = yaml.read_text(encoding="utf-8")
    text = text.replace("languages: [en, es]", "languages: [en, es]\nfallback: true")
    text = text.replace(
        'body: {en: "A short body.", es: "Un texto corto."}', 'body: {en: "A short body."}'
    )
    yaml.write_text(text, encoding="utf-8")
    scene = make_scene(qtbot, load_pack(folder))
    try:
        layer = scene.item("slideLayerA")
        tag = find_item(layer, "fallbackTag")
        assert tag is not None
        assert not tag.isVisible()  # English on screen: nothing to mark
        scene.attract.advance()  # the loop's next slide is in Spanish
        slide = scene.attract.property("slide")
        assert slide["language"] == "es"
        assert slide["headline"] == "Fíjese en las señales"
        assert slide["body"] == "A short body."
        assert slide["fallbackName"] == "en"  # the tag names it in the language on screen
        front = scene.item("slideLayerA")  # animate=False: the front layer takes every slide
        tag = find_item(front, "fallbackTag")
        assert tag is not None
        assert tag.isVisible()
        assert tag.property("text") == "Solo en inglés"
    finally:
        scene.close()
    assert not scene.warnings, scene.warnings


def test_together_shows_both_languages_on_one_slide(qapp, qtbot, default_pack: Pack) -> None:
    load_fonts()
    clock = ManualClock(1000.0)
    together = Scene(default_pack, venue="transit", animate=False, clock=clock, together=True)
    try:
        together.window.resize(1920, 1080)
        together.window.show()
        qtbot.waitExposed(together.window)
        slide = together.attract.property("slide")
        by_id = next(s for s in default_pack.slides if s.id == slide["id"])
        assert slide["language"] == "en"
        assert slide["second"]["headline"] == by_id.headline.get("es")
        second = find_item(together.window.contentItem(), "headlineSecond")
        assert second is not None
        assert second.isVisible()
        assert second.property("text") == by_id.headline.get("es")
        together.attract.advance()  # no rotation: English first on every slide
        assert together.attract.property("slide")["language"] == "en"
    finally:
        together.window.close()


def test_the_staff_notice_follows_the_language_on_screen(scene: SceneDriver) -> None:
    from kiosk.intake.install import InstallResult
    from kiosk.intake.store import PackRef

    # Left to right, and a Latin title: no bidi isolates are needed.
    title, version = "Stay safe", "2.0.0"
    pack = scene.attract.pack
    installed = InstallResult("installed", "/media/stick/x.kpack", PackRef(pack.id, "2.0.0"))
    staff = scene.scene.staff
    staff.show_notice(installed, "Stay safe")
    notice = scene.item("staffNoticeText")
    assert scene.attract.current_language() == "en"
    assert notice.property("text") == f"New content installed: {title} {version}"
    scene.attract.advance()  # a Spanish slide: the staff notice turns Spanish with the hint
    assert scene.attract.current_language() == "es"
    assert notice.property("text") == f"Contenido nuevo instalado: {title} {version}"
    staff.show_notice(InstallResult("refused", "/media/stick/junk.kpack"), "")
    spanish = "Se rechazó un paquete de la memoria USB; el motivo aparece en el panel del personal"
    assert notice.property("text") == spanish
    # In touch mode the visitor's language rules: English first, Spanish once chosen.
    open_menu(scene)
    english = "A pack on the USB stick was refused; the staff panel says why"
    assert notice.property("text") == english
    scene.click("languageButton_es")
    assert notice.property("text") == spanish
    assert staff.notice_bridge.said is not None  # the log words the same message in English


def test_fallback_tags_mark_lesson_titles_hotline_and_link_labels(qapp, qtbot, tmp_path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURES / "minimal_pack", folder)
    yaml = folder / "pack.yaml"
    text = yaml.read_text(encoding="utf-8")
    text = text.replace("languages: [en, es]", "languages: [en, es]\nfallback: true")
    text = text.replace('label: {en: "Call", es: "Llame"}', 'label: {en: "Call"}')
    text = text.replace(
        'label: {en: "Take the training", es: "Haga el curso"}', 'label: {en: "Take the training"}'
    )
    yaml.write_text(text, encoding="utf-8")
    lesson = folder / "lessons" / "basics.yaml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace(
            'title: {en: "Basics", es: "Lo básico"}', 'title: {en: "Basics"}'
        ),
        encoding="utf-8",
    )
    scene = make_scene(qtbot, load_pack(folder))
    try:
        strip = scene.item("hotlineStrip")

        def tag(root_name: str, name: str):
            found = find_item(scene.item(root_name), name)
            assert found is not None, name
            return found

        # English on screen: nothing to mark.
        assert not tag("hotlineStrip", "groupFallback0").isVisible()
        assert not tag("slideLayerA", "qrFallback").isVisible()
        scene.attract.advance()  # a Spanish slide
        assert scene.attract.current_language() == "es"
        call = find_item(strip, "groupFallback0")
        assert call is not None
        assert call.isVisible()
        assert call.property("text") == "Solo en inglés"
        assert not tag("hotlineStrip", "groupFallback1").isVisible()  # "Denuncie" is Spanish
        qr = tag("slideLayerA", "qrFallback")
        assert qr.isVisible()
        assert qr.property("text") == "Solo en inglés"
        # The menu in Spanish: the lesson's title is English, and marked.
        open_menu(scene)
        scene.click("languageButton_es")
        assert scene.item("lessonTitle0").property("text") == "Basics"
        assert scene.item("lessonFallback0").isVisible()
        assert scene.item("lessonFallback0").property("text") == "Solo en inglés"
        # The end screen lists every hotline; the Call label is marked, Report is not.
        scene.click("lessonTile0")
        while scene.screen() != "end":
            if scene.screen() == "question":
                scene.click("choice0")
            scene.click("nextButton")
        assert tag("endHotlines", "groupFallback0").isVisible()
        assert not tag("endHotlines", "groupFallback1").isVisible()
    finally:
        scene.close()
    assert not scene.warnings, scene.warnings


def test_the_new_notice_cases_are_worded_in_spanish_too(scene: SceneDriver) -> None:
    from kiosk.intake.install import InstallResult
    from kiosk.intake.store import PackRef

    staff = scene.scene.staff
    scene.attract.advance()  # a Spanish slide
    notice = scene.item("staffNoticeText")
    again = InstallResult("unchanged", "/media/stick/x.kpack", PackRef("x", "2.0.0"))
    staff.show_notice(again, "Stay safe")
    assert notice.property("text") == "Ya está instalado: Stay safe 2.0.0"
    pulled = InstallResult("refused", "/media/stick/x.kpack", transient=True, cause="source")
    staff.show_notice(pulled, "")
    assert notice.property("text") == (
        "No se instaló: se desconectó la memoria USB durante la copia; vuelva a conectarla"
    )
    gone = InstallResult("refused", "/home/k/inbox/x.kpack", transient=True, cause="source")
    staff.show_notice(gone, "")
    assert notice.property("text") == (
        "No se instaló: el archivo desapareció durante la copia; "
        "cópielo otra vez a la carpeta de entrada"
    )
    staff.show_notice(InstallResult("refused", "/home/k/inbox/x.kpack"), "")
    assert notice.property("text") == (
        "Se rechazó un paquete de la carpeta de entrada; el motivo aparece en el panel del personal"
    )
    staff.show_notice(InstallResult("installed", "/media/stick/x.kpack", PackRef("x", "2.0")), "")
    assert notice.property("text") == "Ya se muestra un paquete de contenido nuevo"
    staff.show_notice(again, "")
    assert notice.property("text") == "Este paquete de contenido ya está instalado"
