"""Which web addresses the kiosk fetches from: https, or plain http to a loopback address.

One rule for every fetch the kiosk makes on its own (fleet sync, alert feeds): a kiosk should not
announce what it fetches on the venue's network, and a local relay or a test server on
127.0.0.1 is the only plain-http exception. Pure: no I/O, no name lookups.
"""

from __future__ import annotations

from ipaddress import ip_address
from urllib.parse import urlsplit

MAX_URL_CHARS = 2000
_LOOPBACK_NAMES = frozenset({"localhost", "localhost."})


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback IP address (127.0.0.0/8, ::1); never looked up."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def web_url_problem(url: str) -> str | None:
    """Why ``url`` may not be fetched (None: it may).

    https://HOST/..., or http:// to a loopback address; no user name or password (it would be
    logged and shown); at most :data:`MAX_URL_CHARS` characters.
    """
    if len(url) > MAX_URL_CHARS:
        return f"the address is longer than {MAX_URL_CHARS:,} characters"
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "the address cannot be read"
    if parts.scheme not in ("https", "http") or not host:
        return "the address must be https://HOST/PATH"
    if parts.username or parts.password:
        return "the address must not hold a user name or password"
    if parts.scheme == "http" and not is_loopback(host):
        return "plain http is allowed only to a loopback address (127.0.0.1, ::1); use https"
    return None
