"""The snapshot's alert screens (kind ``alert``): example alerts, never written into the home.

An AMBER Alert with its photo, in English and Spanish; a signed venue message with no number
of its own (so 911 shows); and the AMBER Alert over a lesson, with Continue and Exit. The
people, places and numbers are made up (``555-0143`` is one of the numbers the North American
plan keeps for fiction), and the photo is a drawn placeholder: no real child is shown.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath

from kiosk.alerts.cap import Ref
from kiosk.alerts.decide import Board, Held, Notice, Words
from kiosk.ui.app import Scene

_AMBER = {
    "en": Words(
        event="Child Abduction Emergency",
        headline="AMBER Alert: Jordan Example, 7, taken from Main Street",
        description="Jordan is 3 ft 9 in tall with short brown hair and was last seen at 7:15 PM "
        "in a red jacket and blue jeans. Taken by a man in his 30s driving a blue 2012 sedan, "
        "plate 0XXX000, heading north on Route 9.",
        instruction="If you see the child or the car, call 911 at once. Do not approach.",
        sender="Example County Sheriff",
        area="Example County",
    ),
    "es": Words(
        event="Secuestro de menor",
        headline="Alerta AMBER: Jordan Example, 7 años, llevado desde Main Street",
        description="Jordan mide 1,15 m, tiene el pelo castaño y corto, y fue visto por última "
        "vez a las 7:15 p. m. con chaqueta roja y jeans azules. Se lo llevó un hombre de unos 30 "
        "años en un sedán azul de 2012, placa 0XXX000, rumbo al norte por la Ruta 9.",
        instruction="Si ve al menor o el auto, llame al 911 de inmediato. No se acerque.",
        sender="Alguacil del condado Example",
        area="Condado Example",
    ),
}
_MESSAGE = {
    "en": Words(
        event="",
        headline="Missing child near Gate 4",
        description="A 9-year-old in a green raincoat was separated from their family at "
        "2:10 PM near Gate 4. Station staff are searching now.",
        instruction="If you see this child, tell any staff member or call 911.",
        sender="Example Transit Police",
        area="",
    ),
    "es": Words(
        event="",
        headline="Menor desaparecido cerca de la puerta 4",
        description="Un menor de 9 años con impermeable verde se separó de su familia a las "
        "2:10 p. m. cerca de la puerta 4. El personal de la estación lo busca ahora.",
        instruction="Si ve a este menor, avise a cualquier empleado o llame al 911.",
        sender="Policía de Tránsito Example",
        area="",
    ),
}


def placeholder_photo(path: Path) -> Path:
    """A drawn head-and-shoulders outline where a child's photo goes: no real person."""
    image = QImage(480, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("#5B7086"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#C9D6E3"))
    painter.drawEllipse(QPointF(240, 230), 105, 120)
    shoulders = QPainterPath()
    shoulders.addRoundedRect(QRectF(70, 390, 340, 260), 150, 150)
    painter.drawPath(shoulders)
    painter.end()
    image.save(str(path))  # PNG, from the suffix
    return path


def sample_board(photo: Path, now: datetime) -> Board:
    """The two example alerts, live from ten minutes ago for three hours."""
    start, end = now - timedelta(minutes=10), now + timedelta(hours=3)
    amber = Notice(
        ref=Ref("amber@example.org", "EXAMPLE-CAE-1"),
        kind="amber",
        words=tuple(_AMBER.items()),
        call="(213) 555-0143",
        call_is_default=False,
        photo="https://example.org/photo.jpg",
        start=start,
        end=end,
        source="https://example.org/amber.atom",
        entry="EXAMPLE-CAE-1",
    )
    venue = Notice(
        ref=Ref("key 0123456789abcdef", "missing-child-gate-4"),
        kind="message",
        words=tuple(_MESSAGE.items()),
        call="911",
        call_is_default=True,
        photo="",
        start=start - timedelta(minutes=5),
        end=end,
        source="venue messages",
        entry="example",
    )
    held = {
        amber.ref: Held(amber, photo_file=str(photo)),
        venue.ref: Held(venue),
    }
    return Board(held=held)


def alert_screens(scene: Scene, grab: Callable[[str, str], None]) -> None:
    """Grab the alert screens: ``grab(id, file)`` is the snapshot's."""
    alerts, session = scene.alerts, scene.session
    with tempfile.TemporaryDirectory(prefix="kiosk-alert-photo-") as scratch:
        board = sample_board(placeholder_photo(Path(scratch) / "photo.png"), datetime.now(UTC))
        alerts.preview(board)
        grab("alert/amber", "alert-amber.png")
        alerts.showAlert(1)
        grab("alert/message", "alert-message.png")
        if session.property("hasLessons"):
            # The alert arrives during a lesson and shows at the visitor's next step.
            alerts.use_board(Board())
            session.touch()
            session.openLesson(0)
            alerts.use_board(board)
            session.next()
            grab("alert/over-lesson", "alert-over-lesson.png")
            session.done()
        alerts.use_board(Board())
