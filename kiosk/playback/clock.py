"""A clock that moves only when told to.

The session and the idle timer take a clock (``time.monotonic`` when running). ``kiosk snapshot``
moves this one by hand to show the idle countdown without waiting, and tests use it so they
never sleep.
"""

from __future__ import annotations


class ManualClock:
    """Monotonic seconds that change only through :meth:`advance` (or by setting ``now``)."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
