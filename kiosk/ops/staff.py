"""The staff PIN, its lockout and the hidden gesture that opens the staff panel (no Qt).

Decisions are pure and take the time as an argument, so tests drive them with a fake clock:

- :func:`hash_pin` / :func:`check_pin`: a salted scrypt hash with its parameters recorded beside
  it, so stronger parameters later still verify PINs set today.
- :class:`Lockout`: three free tries, then a growing wait (30 s, 60 s, 120 s, … at most 1 h)
  after every further wrong PIN. It is a plain record, saved after every try, so a restart (or
  pulling the plug) does not give a guesser fresh tries.
- :class:`GestureRecognizer`: hold one corner for 3 s, then tap the other three within 6 s.

The thin shell (:func:`load_pin`, :func:`save_pin`, :func:`load_lockout`, :func:`save_lockout`)
keeps both in ``KIOSK_HOME/staff-pin.json`` (mode 0600, never in ``kiosk.yaml``: the settings
file is meant to be read and edited, a hash of the PIN is not).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from kiosk.content.records import read_json, write_json_atomic

PIN_FILE = "staff-pin.json"
PIN_MIN, PIN_MAX = 4, 8
FREE_TRIES = 3
FIRST_WAIT = 30.0
MAX_WAIT = 3600.0

# scrypt's cost: n=2**14, r=8 is ~16 MB and ~50 ms here, comfortable on a kiosk PC.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024


class PinProblem(ValueError):
    """A PIN that cannot be set (wrong length, not digits, the two entries differ)."""


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be a staff PIN, or None when it can."""
    if not pin.isascii() or not pin.isdigit():
        return "a PIN is digits only (0-9)"
    if not PIN_MIN <= len(pin) <= PIN_MAX:
        return f"a PIN has {PIN_MIN} to {PIN_MAX} digits"
    return None


@dataclass(frozen=True)
class PinHash:
    """A salted scrypt hash of a PIN and the parameters it was made with."""

    salt: bytes
    digest: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def to_json(self) -> dict[str, Any]:
        return {
            "scheme": "scrypt",
            "n": self.n,
            "r": self.r,
            "p": self.p,
            "salt": base64.b64encode(self.salt).decode("ascii"),
            "hash": base64.b64encode(self.digest).decode("ascii"),
        }

    @staticmethod
    def from_json(data: Any) -> PinHash | None:
        """Parse a stored hash; None when it is damaged or of another scheme."""
        if not isinstance(data, dict) or data.get("scheme") != "scrypt":
            return None
        try:
            n, r, p = (int(data[k]) for k in ("n", "r", "p"))
            salt = base64.b64decode(data["salt"], validate=True)
            digest = base64.b64decode(data["hash"], validate=True)
        except (KeyError, TypeError, ValueError):
            return None
        if n < 2 or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 16 or not salt or not digest:
            return None
        return PinHash(salt, digest, n, r, p)


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=SCRYPT_MAXMEM, dklen=length
    )


def hash_pin(pin: str, *, salt: bytes | None = None) -> PinHash:
    """Hash a valid PIN with a fresh 16-byte salt.

    Raises:
        PinProblem: the PIN is not 4-8 digits.
    """
    problem = pin_problem(pin)
    if problem:
        raise PinProblem(problem)
    salt = salt if salt is not None else secrets.token_bytes(16)
    return PinHash(salt, _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, 32))


def check_pin(pin: str, stored: PinHash) -> bool:
    """Whether ``pin`` is the PIN ``stored`` was made from (constant-time comparison)."""
    if pin_problem(pin):
        return False
    try:
        digest = _scrypt(pin, stored.salt, stored.n, stored.r, stored.p, len(stored.digest))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest, stored.digest)


# -- lockout ------------------------------------------------------------------------------------


def wait_after(failures: int) -> float:
    """Seconds to wait after ``failures`` wrong PINs in a row: none for the first three."""
    extra = failures - FREE_TRIES
    if extra < 0:
        return 0.0
    return min(FIRST_WAIT * 2.0 ** min(extra, 20), MAX_WAIT)


@dataclass(frozen=True)
class Lockout:
    """Wrong PINs in a row and when the next try is allowed (wall-clock seconds).

    Wall-clock time is kept (not monotonic) because the record must survive a restart; a clock
    set back makes the wait at most :data:`MAX_WAIT` long (see :meth:`wait`), never forever.
    """

    failures: int = 0
    until: float = 0.0

    def wait(self, now: float) -> float:
        """Seconds until the next try is allowed (0: now)."""
        left = self.until - now
        return 0.0 if left <= 0 else min(left, MAX_WAIT)

    def failed(self, now: float) -> Lockout:
        """After one more wrong PIN at ``now``."""
        failures = self.failures + 1
        return Lockout(failures, now + wait_after(failures))

    def succeeded(self) -> Lockout:
        return Lockout()

    def to_json(self) -> dict[str, Any]:
        return {"failures": self.failures, "until": self.until}

    @staticmethod
    def from_json(data: Any) -> Lockout:
        """Parse the stored record; damage counts as one free try used (never as a reset)."""
        if isinstance(data, dict):
            failures, until = data.get("failures"), data.get("until")
            if type(failures) is int and failures >= 0 and isinstance(until, int | float):
                return Lockout(failures, float(until))
        return Lockout(FREE_TRIES, 0.0)


class Verdict(Enum):
    """The outcome of one PIN entered on the keypad."""

    OPEN = "open"
    WRONG = "wrong"
    LOCKED = "locked"  # tried while a wait runs: not even checked
    NO_PIN = "no-pin"


def try_pin(
    pin: str, stored: PinHash | None, lockout: Lockout, now: float
) -> tuple[Verdict, Lockout]:
    """Judge one entry: locked out, no PIN set, wrong (counted), or right (count cleared)."""
    if stored is None:
        return Verdict.NO_PIN, lockout
    if lockout.wait(now) > 0:
        return Verdict.LOCKED, lockout
    if check_pin(pin, stored):
        return Verdict.OPEN, lockout.succeeded()
    return Verdict.WRONG, lockout.failed(now)


# -- the hidden gesture -------------------------------------------------------------------------

HOLD_SECONDS = 3.0
TAPS_WITHIN = 6.0
CORNER_RATIO = 0.12  # a corner is this share of the shorter side, square


def corner_of(x: float, y: float, width: float, height: float) -> int | None:
    """Which corner (0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left) holds the point."""
    size = CORNER_RATIO * min(width, height)
    left, right = x <= size, x >= width - size
    top, bottom = y <= size, y >= height - size
    if top and left:
        return 0
    if top and right:
        return 1
    if bottom and right:
        return 2
    if bottom and left:
        return 3
    return None


@dataclass
class GestureRecognizer:
    """Hold one corner for 3 s, then tap the other three corners (any order) within 6 s.

    Fed presses and releases with their time and position; :meth:`press` says whether the
    press belongs to the gesture's taps (the caller then keeps it from the show), and
    :meth:`release` whether the gesture is complete.
    """

    width: float
    height: float
    _held: int | None = None
    _held_at: float = 0.0
    _armed_at: float | None = None
    _left: set[int] = field(default_factory=set)

    def resize(self, width: float, height: float) -> None:
        self.width, self.height = width, height

    def reset(self) -> None:
        self._held, self._armed_at, self._left = None, None, set()

    @property
    def armed(self) -> bool:
        """Whether the hold was done and the taps are awaited."""
        return self._armed_at is not None

    def press(self, x: float, y: float, now: float) -> bool:
        """A finger or button went down. True: it is one of the gesture's taps."""
        corner = corner_of(x, y, self.width, self.height)
        if self._armed_at is not None:
            if now - self._armed_at <= TAPS_WITHIN and corner in self._left:
                self._left.discard(corner)
                return True
            self.reset()
        self._held = corner
        self._held_at = now
        return False

    def release(self, now: float) -> bool:
        """The finger went up. True: the gesture is complete (reset for the next time)."""
        if self._armed_at is not None:
            if not self._left and now - self._armed_at <= TAPS_WITHIN:
                self.reset()
                return True
            return False
        held, self._held = self._held, None
        if held is not None and now - self._held_at >= HOLD_SECONDS:
            self._armed_at = now
            self._left = {0, 1, 2, 3} - {held}
        return False


# -- the shell: staff-pin.json ------------------------------------------------------------------


def pin_file(home: Path) -> Path:
    return home / PIN_FILE


def _read(home: Path) -> dict[str, Any]:
    data = read_json(pin_file(home))
    return data if isinstance(data, dict) else {}


def load_pin(home: Path) -> PinHash | None:
    """The stored PIN hash, or None when none is set (or the file is damaged)."""
    return PinHash.from_json(_read(home).get("pin"))


def load_lockout(home: Path) -> Lockout:
    data = _read(home)
    return Lockout.from_json(data["lockout"]) if "lockout" in data else Lockout()


def _write(home: Path, data: dict[str, Any]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    target = pin_file(home)
    write_json_atomic(target, data, mode=0o600)


def save_pin(home: Path, stored: PinHash) -> None:
    """Store a new PIN hash (mode 0600) and clear the lockout."""
    _write(home, {"pin": stored.to_json(), "lockout": Lockout().to_json()})


def save_lockout(home: Path, lockout: Lockout) -> None:
    data = _read(home)
    _write(home, {**data, "lockout": lockout.to_json()})


__all__ = [
    "GestureRecognizer",
    "Lockout",
    "PinHash",
    "PinProblem",
    "Verdict",
    "check_pin",
    "corner_of",
    "hash_pin",
    "load_lockout",
    "load_pin",
    "pin_problem",
    "save_lockout",
    "save_pin",
    "try_pin",
    "wait_after",
]
