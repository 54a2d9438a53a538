"""The systemd notify protocol: tell the service manager the kiosk is ready, alive and stopping.

The protocol is one datagram per message on the AF_UNIX socket named by ``$NOTIFY_SOCKET`` (a
path, or an abstract address written with a leading ``@``), holding newline-separated
``KEY=VALUE`` lines such as ``READY=1``, ``WATCHDOG=1``, ``STATUS=…`` or ``STOPPING=1``
(sd_notify(3)). It is ~40 lines, so it is written here rather than pulled in as a dependency.

Without ``$NOTIFY_SOCKET`` (a developer's shell, Windows, tests) every call is a no-op. A failed
send never raises into the app: a kiosk must keep showing its hotlines even when the service
manager is gone; the first failure is logged, later ones only at debug level.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


class Notifier:
    """Sends sd_notify messages, or nothing when no service manager listens.

    Args:
        address: ``$NOTIFY_SOCKET`` as systemd sets it, or None/empty for a no-op notifier.
        watchdog_usec: ``$WATCHDOG_USEC``: the watchdog timeout in microseconds, if any.
    """

    def __init__(self, address: str | None, watchdog_usec: int | None = None) -> None:
        self._address = _socket_address(address) if address else None
        self._socket: socket.socket | None = None
        self._failed = False
        self.watchdog_usec = watchdog_usec if watchdog_usec and watchdog_usec > 0 else None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Notifier:
        """The notifier the service manager asked for through the environment.

        ``$WATCHDOG_PID`` is deliberately not compared with our own pid (as sd_watchdog_enabled(3)
        would): the unit runs xinit as its main process and the kiosk as xinit's child, so
        WATCHDOG_PID names xinit, while ``NotifyAccess=all`` lets the kiosk send the heartbeat.
        """
        env = os.environ if env is None else env
        usec_text = env.get("WATCHDOG_USEC", "").strip()
        usec = int(usec_text) if usec_text.isdigit() else None
        pid = env.get("WATCHDOG_PID", "").strip()
        if usec and pid and pid != str(os.getpid()):
            log.info("watchdog: WATCHDOG_PID %s is our parent's (xinit); sending anyway", pid)
        return cls(env.get("NOTIFY_SOCKET"), usec)

    @property
    def enabled(self) -> bool:
        """Whether a service manager listens (``$NOTIFY_SOCKET`` was set)."""
        return self._address is not None

    def heartbeat_seconds(self) -> float | None:
        """How often to send ``WATCHDOG=1``: half the watchdog timeout, as sd_notify(3) advises.

        Returns:
            Seconds between heartbeats, or None when no watchdog is configured.
        """
        if not self.enabled or self.watchdog_usec is None:
            return None
        return self.watchdog_usec / 2 / 1_000_000

    def ready(self, status: str = "") -> bool:
        """``READY=1``: start-up is complete (for ``Type=notify``, the unit becomes active)."""
        return self.send("READY=1", *([f"STATUS={status}"] if status else []))

    def heartbeat(self) -> bool:
        """``WATCHDOG=1``: the keep-alive ping that resets systemd's watchdog timer."""
        return self.send("WATCHDOG=1")

    def status(self, text: str) -> bool:
        """``STATUS=…``: one line shown by ``systemctl status``."""
        return self.send(f"STATUS={text}")

    def stopping(self, status: str = "") -> bool:
        """``STOPPING=1``: the kiosk is quitting on purpose (not a crash)."""
        return self.send("STOPPING=1", *([f"STATUS={status}"] if status else []))

    def send(self, *fields: str) -> bool:
        """Send one datagram of ``KEY=VALUE`` fields.

        Returns:
            True if it was sent; False when disabled or when the send failed (never raises).
        """
        if self._address is None:
            return False
        # A newline inside a value would start a new field: a status text cannot inject one.
        message = "\n".join(f.replace("\n", " ") for f in fields).encode("utf-8", "replace")
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                # Non-blocking: a service manager that stopped reading must never freeze the GUI
                # thread (which sends the heartbeat); a full queue is a failed send, not a hang.
                self._socket.setblocking(False)
            self._socket.sendto(message, self._address)
        except (OSError, AttributeError) as exc:  # AttributeError: no AF_UNIX on this platform
            level = logging.DEBUG if self._failed else logging.WARNING
            log.log(level, "systemd notify failed (%s): %s", message.split(b"\n")[0].decode(), exc)
            self._failed = True
            return False
        return True

    def close(self) -> None:
        """Close the socket (a later send opens a new one)."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None


def _socket_address(address: str) -> str | bytes:
    """``@name`` is Linux's abstract namespace: a NUL byte, then the name."""
    if address.startswith("@"):
        return b"\0" + address[1:].encode()
    return address
