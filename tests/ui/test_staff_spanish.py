# ruff: noqa: F811  # the staff fixtures are imported from test_staff.py and named as parameters
"""The staff panel and keypad on a Spanish screen: their rows are worded in QML, in Spanish."""

from __future__ import annotations

from PySide6.QtQuick import QQuickItem

from kiosk.ops.health import Health, SelfCheckResult
from tests.helpers import SceneDriver
from tests.ui.test_staff import default_pack, home, staff_scene  # noqa: F401

# Words the panel's rows said in English on a Spanish screen (kiosk/ops/staff_panel.py).
ENGLISH = (
    "Running for",
    "Memory",
    "Disk free",
    "Last error",
    "Last self-check",
    "self-check ok",
    "the app itself",
    "bundled",
    "awaiting review",
    "all venues",
    "slide ",
    "Crash-loop guard",
)


def texts(item: QQuickItem) -> list[str]:
    """Every visible text under ``item``."""
    found = []
    for child in item.childItems():
        if not child.isVisible():
            continue
        text = child.property("text")
        if isinstance(text, str) and text:
            found.append(text)
        found += texts(child)
    return found


def spanish_screen(scene: SceneDriver) -> None:
    scene.attract.advance()  # the loop's second slide is Spanish, and so are the kiosk's words
    assert scene.attract.current_language() == "es"


def test_the_panel_rows_are_spanish_on_a_spanish_screen(staff_scene: SceneDriver) -> None:
    spanish_screen(staff_scene)
    health = Health(started=0.0)
    health.record(SelfCheckResult(3600.0, "https://x.example", ("https://x.example",)))
    staff_scene.scene.staff.kiosk_health = health
    staff_scene.scene.staff.guard_note = "x"
    staff_scene.scene.staff.open_panel()
    shown = "\n".join(texts(staff_scene.item("staffPanel")))
    english = [word for word in ENGLISH if word in shown]
    assert not english, shown
    for spanish in (
        "En marcha desde hace:",
        "Memoria:",
        "Espacio libre en disco:",
        "Último error: ninguno",
        "Última autocomprobación: 1970-01-01 01:00 UTC: correcta",
        "Protección contra reinicios repetidos: x",
        "Firmado por: la propia aplicación (incluido, sin firma)",
        "Revisión: pendiente de revisión",
        "En curso: transporte, diapositiva ",
        " (incluido)",
    ):
        assert spanish in shown, (spanish, shown)
    # The pack's own texts are those of the screen too.
    assert staff_scene.scene.attract.pack.title.get("es") in shown


def test_the_panel_rows_stay_english_on_an_english_screen(staff_scene: SceneDriver) -> None:
    staff_scene.scene.staff.kiosk_health = Health(started=0.0)
    staff_scene.scene.staff.open_panel()
    shown = "\n".join(texts(staff_scene.item("staffPanel")))
    for english in ("Running for: ", "Memory: ", "Last self-check: not yet", "the app itself"):
        assert english in shown, (english, shown)


def test_the_keypad_says_how_to_set_a_pin_in_spanish(staff_scene: SceneDriver) -> None:
    spanish_screen(staff_scene)
    staff_scene.scene.staff.open_pin()  # no PIN is set in this home
    message = staff_scene.item("pinMessage").property("text")
    assert message.startswith("Este quiosco no tiene PIN del personal"), message
    assert message.endswith("\nkiosk staff set-pin")  # the command is not translated
    assert staff_scene.scene.staff.property("pinParts") == {"kind": "noPin"}
