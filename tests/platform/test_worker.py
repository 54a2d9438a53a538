"""kiosk.platform.worker: jobs run off the GUI thread, their outcomes come back on it."""

from __future__ import annotations

import threading

from kiosk.platform.worker import Worker


def test_a_result_and_an_error_come_back_on_the_gui_thread(qtbot) -> None:
    worker = Worker("test-worker")
    gui = threading.get_ident()
    seen: list[tuple[str, object, bool]] = []
    release = threading.Event()

    def job() -> int:
        release.wait(10)
        return threading.get_ident()

    with qtbot.waitSignal(worker.finished, timeout=10_000):
        assert worker.run(job, lambda r: seen.append(("returned", r, _on(gui))), seen.append)
        assert worker.busy
        assert not worker.run(job, seen.append, seen.append), "one job at a time"
        release.set()
    [(kind, ran_on, delivered_here)] = seen
    assert (kind, delivered_here) == ("returned", True)
    assert ran_on != gui

    def fails() -> int:
        raise ValueError("boom")

    errors: list[Exception] = []
    with qtbot.waitSignal(worker.finished, timeout=10_000):
        assert worker.run(fails, seen.append, errors.append)
    assert [str(e) for e in errors] == ["boom"]
    assert not worker.busy
    worker.stop()
    assert not worker.run(job, seen.append, seen.append), "nothing after stop"


def _on(ident: int) -> bool:
    return threading.get_ident() == ident
