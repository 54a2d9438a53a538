"""CAP 1.2 documents and Atom feeds for the tests, and a real HTTP server on 127.0.0.1.

The documents have the form of the OASIS CAP 1.2 examples (Appendix A: the AMBER Alert with an
info block per language, an Update with its references); their words, people and addresses are
made up (tests/fixtures/cap/ holds the examples themselves, in the same form).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
SENDER = "amber@example.org"
AREA = "006037"


def when(**delta: float) -> str:
    """A CAP time ``delta`` from now (UTC written as -00:00 is allowed; +00:00 is plainer)."""
    return (datetime.now(UTC) + timedelta(**delta)).replace(microsecond=0).isoformat()


def cap_alert(
    identifier: str,
    *,
    msg_type: str = "Alert",
    status: str = "Actual",
    scope: str = "Public",
    sender: str = SENDER,
    sent: str | None = None,
    expires: str | None = "default",
    event_code: str = "CAE",
    areas: Sequence[str] = (AREA,),
    references: Sequence[str] = (),
    headline: str = "AMBER Alert in Example County",
    description: str = "CHILD: JORDAN EXAMPLE, 7, BROWN HAIR, RED JACKET. VEHICLE: BLUE SEDAN.",
    contact: str = "EXAMPLE COUNTY SHERIFF AT 213 555-0143",
    photo: str = "",
    spanish: bool = True,
    namespace: str = CAP_NS,
) -> bytes:
    """One CAP alert; ``references`` are identifiers from the same sender."""
    sent = sent or when(minutes=-5)
    if expires == "default":
        expires = when(hours=3)
    refs = " ".join(f"{sender},{ref},{sent}" for ref in references)

    def info(language: str, event: str, head: str, desc: str) -> str:
        geocodes = "".join(
            f"<geocode><valueName>SAME</valueName><value>{a}</value></geocode>" for a in areas
        )
        resource = (
            "<resource><resourceDesc>Photo of the child</resourceDesc>"
            f"<mimeType>image/jpeg</mimeType><uri>{escape(photo)}</uri></resource>"
            if photo
            else ""
        )
        return f"""
  <info>
    <language>{language}</language>
    <category>Rescue</category>
    <event>{escape(event)}</event>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <eventCode><valueName>SAME</valueName><value>{event_code}</value></eventCode>
    {f"<expires>{expires}</expires>" if expires else ""}
    <senderName>Example County Sheriff</senderName>
    <headline>{escape(head)}</headline>
    <description>{escape(desc)}</description>
    <instruction>If you see the child or the vehicle, call 911.</instruction>
    <contact>{escape(contact)}</contact>
    {resource}
    <area><areaDesc>Example County</areaDesc>{geocodes}</area>
  </info>"""

    infos = info("en-US", "Child Abduction Emergency", headline, description)
    if spanish:
        infos += info(
            "es-US", "Secuestro de menor", "Alerta AMBER en el condado Example", description
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="{namespace}">
  <identifier>{escape(identifier)}</identifier>
  <sender>{escape(sender)}</sender>
  <sent>{sent}</sent>
  <status>{status}</status>
  <msgType>{msg_type}</msgType>
  <scope>{scope}</scope>
  {f"<references>{refs}</references>" if refs else ""}{infos}
</alert>
""".encode()


def atom_feed(entries: Sequence[tuple[str, bytes | str]]) -> bytes:
    """An Atom feed: each entry embeds a CAP alert (bytes) or links to one (a URL)."""
    parts = []
    for name, body in entries:
        if isinstance(body, bytes):
            text = body.decode().split("?>", 1)[-1]
            content = f'<content type="text/xml">{text}</content>'
            link = ""
        else:
            content = ""
            link = f'<link rel="alternate" type="application/cap+xml" href="{escape(body)}"/>'
        parts.append(
            f"<entry><id>{escape(name)}</id><updated>{when()}</updated>"
            f"<title>{escape(name)}</title>{link}{content}</entry>"
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>https://example.org/alerts</id>
  <title>Example AMBER Alert feed</title>
  <updated>{when()}</updated>
  {"".join(parts)}
</feed>
""".encode()


@dataclass
class Served:
    """What the server serves (path → bytes, changed by the test) and what it was asked."""

    files: dict[str, bytes] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    down: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def put(self, path: str, body: bytes) -> None:
        with self.lock:
            self.files[path] = body


@contextmanager
def serve() -> Iterator[tuple[str, Served]]:
    """An HTTP server on 127.0.0.1 (the one plain-http host a kiosk allows): its base URL."""
    served = Served()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with served.lock:
                served.asked.append(self.path)
                body = served.files.get(self.path)
                down = served.down
            if down:
                self.send_response(503)
                self.end_headers()
                return
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(ConnectionError):  # a kiosk that refused it hung up
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", served
    finally:
        httpd.shutdown()
        httpd.server_close()
