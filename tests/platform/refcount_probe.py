"""Run as a script: use the binding the way the kiosk does, many times, and report lost references.

PySide6 6.12 on Python 3.11 dropped one reference to ``True`` on every ``Signal.emit()``; when the
count reached zero CPython aborted ("Fatal Python error: bool_dealloc"). From Python 3.12 ``True``,
``False`` and ``None`` are immortal (PEP 683) and their counts say nothing, so the probe checks
counts only below 3.12 and, everywhere, that the process survives (a SIGABRT fails the caller).

Prints one JSON object: {"immortal": bool, "lost": {"<what>": <references lost>, ...}}.
"""

from __future__ import annotations

import json
import sys
import threading

from PySide6.QtCore import Property, QCoreApplication, QObject, Qt, Signal, Slot

ROUNDS = 20_000
SINGLETONS = {"True": True, "False": False, "None": None}


class Emitter(QObject):
    """Every signal signature the kiosk uses (and int, bool for good measure)."""

    none = Signal()
    text = Signal(str)
    number = Signal(int)
    flag = Signal(bool)
    data = Signal(object)
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._running = True

    def _get_running(self) -> bool:
        return self._running

    running = Property(bool, _get_running, notify=changed)


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    @Slot(object)
    def take(self, _value: object) -> None:
        self.calls += 1


def counts() -> dict[str, int]:
    return {name: sys.getrefcount(value) for name, value in SINGLETONS.items()}


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    emitter, receiver = Emitter(), Receiver()
    for signal in (emitter.none, emitter.changed):
        signal.connect(lambda: None)
    for signal in (emitter.text, emitter.number, emitter.flag, emitter.data):
        signal.connect(lambda _value: None)
    emitter.data.connect(receiver.take, Qt.ConnectionType.QueuedConnection)

    cases = {
        "emit()": lambda: emitter.none.emit(),
        "emit(str)": lambda: emitter.text.emit("slide"),
        "emit(int)": lambda: emitter.number.emit(7),
        "emit(bool)": lambda: emitter.flag.emit(True),
        "emit(dict)": lambda: emitter.data.emit({"id": "s", "ok": True, "n": None}),
        "emit(list)": lambda: emitter.data.emit([True, False, None, "x"]),
        "property(bool)": lambda: emitter.property("running"),
    }
    lost: dict[str, int] = {}
    for name, call in cases.items():
        before = counts()
        for _ in range(ROUNDS):
            call()
        app.processEvents()  # deliver the queued copies of emit(dict)/emit(list)
        after = counts()
        for k in SINGLETONS:
            lost[f"{name} {k}"] = before[k] - after[k]

    # The watcher hands a finished poll from a worker thread to the GUI thread.
    before = counts()
    worker = threading.Thread(
        target=lambda: [emitter.data.emit({"done": True}) for _ in range(ROUNDS)]
    )
    worker.start()
    worker.join()
    app.processEvents()
    after = counts()
    for k in SINGLETONS:
        lost[f"emit(dict) from a thread {k}"] = before[k] - after[k]

    immortal = sys.version_info >= (3, 12)
    print(json.dumps({"immortal": immortal, "lost": lost, "queued": receiver.calls}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
