"""The staff PIN, its lockout and the hidden gesture that opens the staff panel (no Qt).

Decisions are pure and take the time as an argument, so tests drive them with a fake clock:

- :func:`hash_pin` / :func:`check_pin`: a salted scrypt hash with its parameters recorded beside
  it, so stronger parameters later still verify PINs set today.
- :func:`new_pin_problem`: what ``kiosk staff set-pin`` refuses: fewer than 6 digits, one digit
  repeated, a run up or down the digits, a short pattern repeated, one of the most common PINs.
  A PIN set before that rule (4 or 5 digits) still opens the panel.
- :class:`Lockout`: two free tries, then a wait after every further wrong PIN (30 s, 60 s,
  120 s, 240 s, at most 5 min); one failure is forgiven per 10 min without one. Times are
  monotonic; what is saved for a restart holds no clock reading at all.
- :class:`GestureRecognizer`: hold one corner for 3 s, then tap the other three within 6 s.
- :class:`TwoTaps`: a destructive panel button (exit, untrust) acts on its second tap.

The thin shell (:class:`PinGate`, :func:`load_pin`, :func:`save_pin`) keeps both in
``KIOSK_HOME/staff-pin.json`` (mode 0600, never in ``kiosk.yaml``: the settings file is meant to
be read and edited, a hash of the PIN is not). :class:`PinGate` counts in memory first: the file
is the copy that survives a restart, and a disk that refuses the write never gives a guesser a
free try.
"""

from __future__ import annotations

import base64
import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from kiosk.content.records import read_json, write_json_atomic

log = logging.getLogger(__name__)

PIN_FILE = "staff-pin.json"
# What the keypad accepts: PINs set before 6 digits were asked for (4 or 5) must keep working.
PIN_MIN, PIN_MAX = 4, 8
NEW_PIN_MIN = 6  # what `kiosk staff set-pin` asks for
# The rules a PIN was checked against when it was set; 1 (or none recorded): 4-8 digits only.
PIN_POLICY = 2
FREE_TRIES = 3  # the third wrong PIN in a row starts the first wait
FIRST_WAIT = 30.0
MAX_WAIT = 300.0  # a visitor who taps wrong PINs keeps staff out for 5 minutes at most
FORGIVE_AFTER = 600.0  # one failure forgiven per 10 minutes without a wrong PIN

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


# The most common 6-digit PINs that the pattern rules below do not already catch (from published
# analyses of leaked PIN sets: keypad shapes, mirrored runs, doubled pairs).
COMMON_PINS = frozenset(
    {
        "112233", "121314", "123321", "123654", "147258", "147852", "159357", "159753",
        "102030", "110011", "142536", "520520", "654123", "741852", "753159", "789456",
        "852456", "963852", "987456", "998877",
    }
)  # fmt: skip


def _is_run(pin: str) -> bool:
    """Each digit one above (or each one below) the last, wrapping 9→0: 123456, 890123, 654321."""
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    return steps in ({1}, {9})


def new_pin_problem(pin: str) -> str | None:
    """Why ``pin`` may not be set as a new staff PIN, or None when it may.

    Beyond :func:`pin_problem`: at least :data:`NEW_PIN_MIN` digits, and none of the PINs a
    guesser tries first: one digit repeated, a run up or down, a short pattern repeated (121212,
    123123) or one of :data:`COMMON_PINS`.
    """
    problem = pin_problem(pin)
    if problem:
        return problem
    if len(pin) < NEW_PIN_MIN:
        return f"a new PIN has at least {NEW_PIN_MIN} digits ({NEW_PIN_MIN} to {PIN_MAX})"
    weak = "this PIN is among the first a guesser tries"
    if len(set(pin)) == 1:
        return f"{weak} (one digit repeated); choose {NEW_PIN_MIN} or more mixed digits"
    if _is_run(pin):
        return f"{weak} (digits in a row); choose {NEW_PIN_MIN} or more mixed digits"
    for period in range(2, len(pin) // 2 + 1):
        if len(pin) % period == 0 and pin == pin[:period] * (len(pin) // period):
            return f"{weak} (a pattern repeated); choose {NEW_PIN_MIN} or more mixed digits"
    if pin in COMMON_PINS:
        return f"{weak} (one of the most common); choose another"
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
    import hashlib  # OpenSSL: loaded for a PIN, not with kiosk run (kiosk.common.digest)

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
    import secrets  # with hmac and hashlib: OpenSSL, loaded for a PIN only (common.digest)

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
    import hmac  # OpenSSL, as in _scrypt

    return hmac.compare_digest(digest, stored.digest)


# -- lockout ------------------------------------------------------------------------------------


def wait_after(failures: int) -> float:
    """Seconds to wait after ``failures`` wrong PINs: none for the first two, then 30 s, 60 s,
    120 s, 240 s and at most :data:`MAX_WAIT` (5 min), however many more."""
    extra = failures - FREE_TRIES
    if extra < 0:
        return 0.0
    return min(FIRST_WAIT * 2.0 ** min(extra, 20), MAX_WAIT)


@dataclass(frozen=True)
class Lockout:
    """Wrong PINs counted, when the next try is allowed, and since when nobody got it wrong.

    Every time is on the **monotonic** clock of the running process (``time.monotonic()``): a
    wall clock set back or forward (a dead CMOS battery says 1970, a bad NTP answer 2099) can
    neither end a wait early nor make it endless. The record saved for a restart holds no time at
    all (see :meth:`to_json`).

    Attributes:
        failures: wrong PINs still counted (one is forgiven per :data:`FORGIVE_AFTER` of quiet).
        until: the monotonic time the next try is allowed (0: now).
        quiet_since: the monotonic time of the last wrong PIN or the last one forgiven.
    """

    failures: int = 0
    until: float = 0.0
    quiet_since: float = 0.0

    def wait(self, now: float) -> float:
        """Seconds until the next try is allowed (0: now); never more than :data:`MAX_WAIT`."""
        left = self.until - now
        return 0.0 if left <= 0 else min(left, MAX_WAIT)

    def settled(self, now: float) -> Lockout:
        """The record at ``now`` with the failures that quiet has forgiven taken off.

        One failure is forgiven per :data:`FORGIVE_AFTER` seconds without a wrong PIN, so a
        count a visitor ran up in the morning no longer weighs on staff in the afternoon.
        """
        if self.failures == 0 or now <= self.quiet_since:
            return self
        forgiven = min(int((now - self.quiet_since) // FORGIVE_AFTER), self.failures)
        if forgiven == 0:
            return self
        return Lockout(
            self.failures - forgiven, self.until, self.quiet_since + forgiven * FORGIVE_AFTER
        )

    def failed(self, now: float) -> Lockout:
        """After one more wrong PIN at ``now``."""
        failures = self.settled(now).failures + 1
        return Lockout(failures, now + wait_after(failures), now)

    def succeeded(self) -> Lockout:
        return Lockout()

    def to_json(self, now: float) -> dict[str, Any]:
        """What survives a restart: the count and the seconds of the wait still to run.

        No clock reading is stored, so no clock, right or wrong, after the restart can shorten
        or stretch it: the next run imposes the wait left (at most :data:`MAX_WAIT`) from its
        own start, and forgiving starts again from there.
        """
        settled = self.settled(now)
        return {"failures": settled.failures, "wait": round(settled.wait(now), 3)}

    @staticmethod
    def from_json(data: Any, now: float) -> Lockout:
        """The record a restart reads, with ``now`` the new run's monotonic time.

        Damage counts as the free tries used (never as a reset). A record from before this
        format (``until``, a wall-clock time) keeps its count and imposes the wait that count
        earns, in full: it cannot be compared with a clock that may be wrong.
        """
        if isinstance(data, dict):
            failures, wait = data.get("failures"), data.get("wait")
            if type(failures) is int and failures >= 0:
                if not isinstance(wait, int | float) or isinstance(wait, bool) or wait != wait:
                    wait = wait_after(failures)
                wait = min(max(float(wait), 0.0), MAX_WAIT)
                return Lockout(failures, now + wait if wait > 0 else 0.0, now)
        return Lockout(FREE_TRIES, 0.0, now)


class Verdict(Enum):
    """The outcome of one PIN entered on the keypad."""

    OPEN = "open"
    WRONG = "wrong"
    LOCKED = "locked"  # tried while a wait runs: not even checked
    NO_PIN = "no-pin"


def try_pin(
    pin: str, stored: PinHash | None, lockout: Lockout, now: float
) -> tuple[Verdict, Lockout]:
    """Judge one entry: locked out, no PIN set, wrong (counted), or right (count cleared).

    While a wait runs, even the right PIN is refused unchecked (so the wait really limits
    guesses); the wait is short (:data:`MAX_WAIT`) so that staff are never kept out for long.
    """
    if stored is None:
        return Verdict.NO_PIN, lockout
    lockout = lockout.settled(now)
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


# -- confirming a destructive action -----------------------------------------------------------

CONFIRM_SECONDS = 5.0


@dataclass
class TwoTaps:
    """A destructive panel button acts on its second tap: the first arms it ("Confirm: …").

    A tap on another button, or more than :data:`CONFIRM_SECONDS` between the two, starts over,
    so a stray touch (or a child leaning on the screen) never exits the kiosk or drops a key.
    """

    _armed: tuple[str, str] | None = None
    _at: float = 0.0

    def tap(self, action: str, arg: str, now: float) -> bool:
        """A tap on the button for ``action`` (``arg``: e.g. which key). True: do it now."""
        if self._armed == (action, arg) and 0 <= now - self._at <= CONFIRM_SECONDS:
            self._armed = None
            return True
        self._armed, self._at = (action, arg), now
        return False

    def pending(self, now: float) -> tuple[str, str] | None:
        """The action awaiting its second tap at ``now``, if any."""
        if self._armed is not None and 0 <= now - self._at <= CONFIRM_SECONDS:
            return self._armed
        return None

    def clear(self) -> None:
        self._armed = None


# -- the shell: staff-pin.json ------------------------------------------------------------------


def pin_file(home: Path) -> Path:
    return home / PIN_FILE


def _read(home: Path) -> dict[str, Any]:
    data = read_json(pin_file(home))
    return data if isinstance(data, dict) else {}


def load_pin(home: Path) -> PinHash | None:
    """The stored PIN hash, or None when none is set (or the file is damaged)."""
    return PinHash.from_json(_read(home).get("pin"))


def load_lockout(home: Path, now: float | None = None) -> Lockout:
    """The saved lockout as a record of this run (``now``: its monotonic time, default now).

    A file that cannot be read or parsed counts as the free tries used, as a damaged record
    does (never as a reset); only a missing file, or one without a record, is a clean start.
    """
    data = read_json(pin_file(home))
    when = time.monotonic() if now is None else now
    if data is not None and not isinstance(data, dict):
        return Lockout.from_json(None, when)
    if data is None or "lockout" not in data:
        return Lockout()
    return Lockout.from_json(data["lockout"], when)


def pin_policy(home: Path) -> int | None:
    """The rules the stored PIN was set under (:data:`PIN_POLICY`), 1 for an older one, or None
    when no PIN is set. Below :data:`PIN_POLICY` it may have only 4 or 5 digits."""
    data = _read(home)
    if PinHash.from_json(data.get("pin")) is None:
        return None
    policy = data.get("policy")
    return policy if type(policy) is int and policy > 0 else 1


def _write(home: Path, data: dict[str, Any]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    target = pin_file(home)
    write_json_atomic(target, data, mode=0o600)


def save_pin(home: Path, stored: PinHash) -> None:
    """Store a new PIN hash (mode 0600), set under today's rules, and clear the lockout."""
    _write(
        home,
        {"pin": stored.to_json(), "policy": PIN_POLICY, "lockout": Lockout().to_json(0.0)},
    )


def save_lockout(home: Path, lockout: Lockout, now: float | None = None) -> None:
    """Save the lockout for a restart (``now``: this run's monotonic time, default now).

    Raises:
        OSError: it could not be written (:class:`PinGate` logs that and keeps counting).
    """
    data = _read(home)
    when = time.monotonic() if now is None else now
    _write(home, {**data, "lockout": lockout.to_json(when)})


class PinGate:
    """The keypad's lockout in one running kiosk: counted in memory, copied to the file.

    The count in memory is what decides; ``staff-pin.json`` is the copy a restart reads. A copy
    that cannot be written (a full or read-only disk) is logged and changes nothing else: the
    wrong PIN still counts and the wait is still imposed.

    Args:
        home: ``KIOSK_HOME``.
        clock: the monotonic clock (tests pass a fake one).
    """

    def __init__(self, home: Path, clock: Callable[[], float] = time.monotonic) -> None:
        self.home = home
        self._clock = clock
        self._stored = load_pin(home)
        self._lockout = load_lockout(home, clock())
        self._unsaved = False

    @property
    def lockout(self) -> Lockout:
        return self._lockout

    def stored(self) -> PinHash | None:
        """The PIN hash on disk now; a PIN newly set from the shell starts a fresh count.

        A read that fails (EIO on a flaky card, EMFILE, a torn file) gives None for this entry
        only (the keypad then opens nothing): the hash known before is kept, so the next good
        read is not taken for a new PIN and the count in memory is not swapped for a copy on
        disk that a refused write left stale.
        """
        stored = load_pin(self.home)
        if stored is None or stored == self._stored:
            return stored
        on_disk = load_lockout(self.home, self._clock())
        if self._stored is not None:
            # Another valid hash than the one known: `kiosk staff set-pin` wrote it with a
            # cleared lockout, so staff chose to start afresh.
            self._lockout = on_disk
        elif on_disk.failures > self._lockout.failures:
            # No hash was known yet (the first read failed): nothing says staff reset the
            # count, so the higher of the two holds.
            self._lockout = on_disk
        self._stored = stored
        return stored

    def wait(self) -> float:
        """Seconds until the keypad takes a PIN again (0: now)."""
        return self._lockout.wait(self._clock())

    def enter(self, pin: str) -> tuple[Verdict, float]:
        """Judge ``pin``; returns the verdict and the seconds to wait before the next try."""
        now = self._clock()
        stored = self.stored()  # first: a PIN newly set from the shell clears the count
        before = self._lockout
        verdict, after = try_pin(pin, stored, before, now)
        self._lockout = after
        if verdict in (Verdict.WRONG, Verdict.OPEN) and (after != before or self._unsaved):
            self._save(now)
        return verdict, after.wait(now)

    def _save(self, now: float) -> None:
        try:
            save_lockout(self.home, self._lockout, now)
        except OSError as exc:
            self._unsaved = True
            log.error(
                "could not save the staff PIN lockout to %s (%s); it is counted in memory "
                "and holds until the kiosk restarts",
                pin_file(self.home),
                exc.strerror or exc,
            )
        else:
            self._unsaved = False


__all__ = [
    "GestureRecognizer",
    "Lockout",
    "PinGate",
    "PinHash",
    "PinProblem",
    "TwoTaps",
    "Verdict",
    "check_pin",
    "corner_of",
    "hash_pin",
    "load_lockout",
    "load_pin",
    "new_pin_problem",
    "pin_policy",
    "pin_problem",
    "save_lockout",
    "save_pin",
    "try_pin",
    "wait_after",
]
