# ruff: noqa: F811  # the staff fixtures are imported from test_staff.py and named as parameters
"""The staff panel and keypad on a Spanish screen: their rows are worded in QML, in Spanish."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtQuick import QQuickItem

from kiosk.intake.install import InstallResult
from kiosk.intake.store import PackRef, PackStore
from kiosk.ops.health import Health, SelfCheckResult
from kiosk.ui.staff_bridge import install_said
from tests.helpers import SceneDriver
from tests.ui.test_staff import FIXTURES, default_pack, home, staff_scene  # noqa: F401

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
        "Tiempo en funcionamiento:",
        "Memoria:",
        "Espacio libre en disco:",
        "Último error: ninguno",
        "Última autocomprobación: 1970-01-01 01:00 UTC: correcta",
        "Protección contra reinicios repetidos: x",
        "Firmado por: la propia aplicación (incluida, sin firmar)",
        "Revisión: pendiente de revisión",
        "Publicado por: ",
        "En curso: transporte, diapositiva ",
        " (incluido)",
    ):
        assert spanish in shown, (spanish, shown)
    # The pack's own texts are those of the screen too.
    assert staff_scene.scene.attract.pack.title.get("es") in shown
    # Numbers are written the Spanish way: a decimal comma.
    disk = next(line for line in shown.splitlines() if line.startswith("Espacio libre en disco:"))
    assert re.search(r"\d,\d GB", disk), disk


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
    assert message.startswith("Este quiosco no tiene un PIN para el personal"), message
    assert message.endswith("\nkiosk staff set-pin")  # the command is not translated
    assert staff_scene.scene.staff.property("pinParts") == {"kind": "noPin"}


def test_an_action_outcome_is_worded_in_spanish(
    staff_scene: SceneDriver, home: Path, qtbot
) -> None:
    store = PackStore(home)
    assert store.install(FIXTURES / "minimal_pack", verify=False).ok
    spanish_screen(staff_scene)
    staff_scene.scene.staff.open_panel()
    own = staff_scene.attract.pack
    staff_scene.scene.staff.activate(own.id, own.version, True)
    qtbot.waitUntil(lambda: not staff_scene.scene.staff.property("busy"), timeout=10_000)
    parts = staff_scene.scene.staff.property("statusParts")
    assert parts == {"kind": "bundledLive", "pack": f"{own.id} {own.version}"}
    assert "bundled pack" in staff_scene.scene.staff.property("status")  # English for the log
    assert staff_scene.item("staffStatus").property("text") == (
        f"El paquete incluido {own.id} {own.version} se mostrará"
        " a partir de la próxima diapositiva."
    )


def test_a_refused_install_keeps_the_installer_reason_apart() -> None:
    result = InstallResult(
        "refused",
        "/media/s/acme.kpack",
        PackRef("acme", "2.0.0"),
        message="refused acme.kpack: signed by a key this kiosk does not trust",
    )
    english, parts = install_said(result)
    assert english == result.message
    assert parts == {
        "kind": "refused",
        "pack": "acme 2.0.0",
        "text": "signed by a key this kiosk does not trust",
    }
    done = install_said(InstallResult("installed", "/x.kpack", PackRef("acme", "2.0.0")))
    assert done[1] == {"kind": "installed", "pack": "acme 2.0.0"}
    # A file that is no pack at all: the installer names it twice; the status line names it
    # once, then says why (before, "junk\nx.kpack:0: is not…" filled the line).
    name = "junk\nx.kpack"
    junk = InstallResult(
        "refused",
        f"/media/s/{name}",
        message=f"refused {name}: {name}:0: is not a content pack: not a zip archive",
    )
    assert install_said(junk)[1] == {
        "kind": "refused",
        "pack": "junk x.kpack",
        "text": "is not a content pack: not a zip archive",
    }


def test_the_fleet_sync_row_is_spanish_on_a_spanish_screen(
    staff_scene: SceneDriver, home: Path
) -> None:
    """The last sync (sync-status.json) is worded by the panel in the language on screen; only
    the reason, an installer's sentence like the refusal reasons, stays as it was written."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "sync-status.json").write_text(
        '{"url": "https://packs.example.org/", "last_attempt": "2026-12-06T10:00:00Z",'
        ' "last_success": null, "result": "refused", "reason": "the timestamp has expired",'
        ' "timestamp_expires": "2020-01-01T00:00:00Z"}',
        encoding="utf-8",
    )
    spanish_screen(staff_scene)
    staff_scene.scene.staff.open_panel()
    shown = "\n".join(texts(staff_scene.item("staffPanel")))
    assert "Fleet sync" not in shown, shown
    assert (
        "Sincronización de la flota: rechazada a las 2026-12-06T10:00:00Z: the timestamp has "
        "expired (la marca de tiempo del repositorio ha caducado" in shown
    ), shown
