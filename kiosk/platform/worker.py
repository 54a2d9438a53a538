"""The one way the UI runs work off the GUI thread (style.md, rule 14).

A :class:`Worker` owns one thread and runs one job at a time on it. The job's result, or the
exception it raised, comes back to the GUI thread through a queued signal and is handed to the
callback given with the job, so bridges never touch Qt objects from another thread and never
write their own pool, hand-off signal and "quit while running" guard again. napari's
``create_worker`` is the model, much reduced: the kiosk's jobs are polls and reads that must
not overlap (an install still running when the next poll is due is simply not doubled).

After :meth:`Worker.stop` (the app quitting) nothing more is started or delivered: a job still
running ends on its own thread and its outcome is dropped.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

T = TypeVar("T")


@dataclass(frozen=True)
class _Outcome:
    done: Future[Any]
    returned: Callable[[Any], None]
    errored: Callable[[Exception], None]


class Worker(QObject):
    """Runs jobs one at a time on its own thread; delivers each outcome on the GUI thread.

    Args:
        name: the thread's name (seen in ``py-spy`` and crash dumps).
        initializer: run once on the new thread before its first job (a lower priority).
        parent: the owning QObject.

    Signals:
        finished: a job's outcome was delivered to its callback (tests wait for it).
    """

    finished = Signal()
    _finished = Signal(object)  # an _Outcome, emitted on the worker, delivered on the GUI thread

    def __init__(
        self,
        name: str,
        *,
        initializer: Callable[[], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix=name, initializer=initializer
        )
        self._busy = False
        self._stopped = False
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        """A job was started and its outcome not yet delivered."""
        return self._busy

    def run(
        self,
        job: Callable[[], T],
        returned: Callable[[T], None],
        errored: Callable[[Exception], None],
    ) -> bool:
        """Run ``job`` on the worker thread, then ``returned(result)`` or ``errored(exc)`` here.

        Returns:
            False, and nothing is run, while the last job is busy or after :meth:`stop`.
        """
        if self._busy or self._stopped:
            return False
        self._busy = True
        done = self._pool.submit(job)
        done.add_done_callback(lambda finished: self._report(_Outcome(finished, returned, errored)))
        return True

    def stop(self) -> None:
        """Start nothing more and deliver nothing more (the app is quitting)."""
        self._stopped = True
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _report(self, outcome: _Outcome) -> None:
        """Runs on the worker thread: hand the outcome to the GUI thread, unless the app quit."""
        if self._stopped:
            return
        with contextlib.suppress(RuntimeError):  # deleted while the job ran: the app quit
            self._finished.emit(outcome)

    def _deliver(self, outcome: _Outcome) -> None:
        self._busy = False
        if self._stopped:
            return
        try:
            result = outcome.done.result()
        except Exception as exc:
            outcome.errored(exc)
        else:
            outcome.returned(result)
        self.finished.emit()
