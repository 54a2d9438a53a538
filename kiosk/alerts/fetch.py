"""Fetching feeds, linked alerts and photos: the standard library only, bounded every way.

https, or plain http to a loopback address (a local relay, the tests); only from the hosts of
the configured feeds (an entry's link or a photo on any other host is refused unfetched, and
so is a redirect to one); at most ``limit`` bytes (a ``Content-Length`` over it is refused before
the body is read) within ``deadline`` seconds in all. Any failure is a :class:`Refused` with
kind ``host``, ``oversized`` or ``unreadable``; nothing here decides what is shown.

The optional ``fleet`` extra (urllib3) is not used: a kiosk with alerts needs no extra package.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from kiosk import __version__
from kiosk.alerts.reasons import Refusal, Refused
from kiosk.common.urls import web_url_problem
from kiosk.content.words import clean_name

if TYPE_CHECKING:
    import http.client

REDIRECTS = 3
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Patience:
    """How long a fetch may take: to connect and between two reads, and in all."""

    socket_timeout: float = 10.0
    deadline: float = 30.0


def host_of(url: str) -> str:
    """The host ``url`` names, lower case ("" when it names none)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def hosts_of(urls: Iterable[str]) -> frozenset[str]:
    """The allowed hosts: those of the feeds (an entry's link or a photo must be on one)."""
    return frozenset(h for h in (host_of(u) for u in urls) if h)


def shown(url: str) -> str:
    """``url`` fit for a log line or the staff panel: one line, bounded."""
    return clean_name(url, 120)


def fetch(
    url: str,
    *,
    allowed: frozenset[str],
    limit: int,
    patience: Patience = Patience(),
    accept: str = "application/cap+xml, application/atom+xml, application/xml, text/xml",
) -> bytes:
    """The body of ``url`` (following at most :data:`REDIRECTS` redirects, each checked).

    Raises:
        Refused: ``host`` (not https, not an allowed host), ``oversized`` (over ``limit``) or
            ``unreadable`` (no answer, an HTTP error, past the deadline).
    """
    end = time.monotonic() + patience.deadline
    for _ in range(REDIRECTS + 1):
        _check(url, allowed)
        status, location, body = _get(url, limit, patience, end, accept)
        if status in _REDIRECT_CODES and location:
            url = urljoin(url, location)
            continue
        if status != 200:
            raise Refused(Refusal("unreadable", f"{shown(url)} answered HTTP {status}"))
        return body
    raise Refused(Refusal("unreadable", f"{shown(url)} redirects more than {REDIRECTS} times"))


def _check(url: str, allowed: frozenset[str]) -> None:
    problem = web_url_problem(url)
    if problem is not None:
        raise Refused(Refusal("host", f"{shown(url)}: {problem}"))
    host = host_of(url)
    if host not in allowed:
        raise Refused(
            Refusal(
                "host",
                f"{clean_name(host, 80)} is not the host of a feed (kiosk.yaml alerts.feeds)",
            )
        )


def _get(
    url: str, limit: int, patience: Patience, end: float, accept: str
) -> tuple[int, str, bytes]:
    # Here, not at the top: the alerts bridge, made before the kiosk's first frame, imports this
    # module (host_of), and http.client with ssl (~15 ms, ~9 MB) are first needed at a poll.
    import http.client
    import ssl

    parts = urlsplit(url)
    host = parts.hostname or ""
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            host, parts.port, timeout=patience.socket_timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(host, parts.port, timeout=patience.socket_timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(
            "GET", target, headers={"User-Agent": f"kiosk/{__version__}", "Accept": accept}
        )
        response = connection.getresponse()
        if response.status in _REDIRECT_CODES:
            return response.status, response.getheader("Location", "") or "", b""
        if response.status != 200:
            return response.status, "", b""
        declared = response.getheader("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise Refused(
                Refusal(
                    "oversized", f"{shown(url)} is {int(declared):,} bytes; the limit is {limit:,}"
                )
            )
        return 200, "", _read(response, url, limit, end)
    except (OSError, http.client.HTTPException) as exc:
        why = clean_name(str(exc) or type(exc).__name__, 120)
        raise Refused(Refusal("unreadable", f"{shown(url)} could not be read ({why})")) from None
    finally:
        connection.close()


def _read(response: http.client.HTTPResponse, url: str, limit: int, end: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > end:
            raise Refused(Refusal("unreadable", f"{shown(url)} took too long to send"))
        chunk = response.read1(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise Refused(Refusal("oversized", f"{shown(url)} is more than {limit:,} bytes"))
        chunks.append(chunk)
