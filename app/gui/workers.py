"""Long work off the GUI thread: a task runs in a thread pool and reports back on the GUI
thread through queued signals, so callbacks may touch widgets."""

from __future__ import annotations

import gc
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)
RETIRE_MS = 2000


class TaskControl:
    """What a running task sees: report progress, notice a cancel request."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._signals.progress.emit(done, total, text)

    def report(self, payload: object) -> None:
        """Anything worth showing while the task runs (a bot step, a recorded step)."""
        self._signals.report.emit(payload)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int, str)
    report = Signal(object)


class Task(QRunnable):
    def __init__(self, fn: Callable[[TaskControl], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _Signals()  # created on the GUI thread: queued slots run there
        self.control = TaskControl(self.signals)
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn(self.control)
        except Exception as exc:  # every failure reaches the person, never a silent thread
            log.error("background task failed:\n%s", traceback.format_exc())
            message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
            self.signals.failed.emit(str(message))
            return
        self.signals.done.emit(result)

    def cancel(self) -> None:
        self.control.cancel()


class Workers(QObject):
    """Runs tasks; keeps them alive until they report. ``serial`` pool for browser bots."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(4)
        self.serial = QThreadPool(self)
        self.serial.setMaxThreadCount(1)  # one browser bot at a time
        self._running: set[Task] = set()
        self._retired: list[Task] = []  # finished, kept a moment: see _finish

    def start(
        self,
        fn: Callable[[TaskControl], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
        *,
        progress: Callable[[int, int, str], None] | None = None,
        report: Callable[[object], None] | None = None,
        serial: bool = False,
    ) -> Task:
        task = Task(fn)
        queued = Qt.ConnectionType.QueuedConnection
        if progress:
            task.signals.progress.connect(progress, queued)
        if report:
            task.signals.report.connect(report, queued)
        task.signals.done.connect(lambda result: self._finish(task, done, result), queued)
        task.signals.failed.connect(lambda message: self._finish(task, failed, message), queued)
        self._running.add(task)
        (self.serial if serial else self.pool).start(task)
        return task

    def _finish(self, task: Task, callback: Callable[[Any], None] | None, value: Any) -> None:
        # the pool thread may still be on its way out of task.run() (it emitted the signal we
        # are handling): deleting the runnable now could pull it from under that thread, so
        # the reference is dropped only later, on the GUI thread
        self._running.discard(task)
        self._retired.append(task)
        QTimer.singleShot(RETIRE_MS, self._release)
        if callback is not None:
            callback(value)

    def _release(self) -> None:
        if self._retired:
            self._retired.pop(0)

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for every task (on quit). True when all finished in time."""
        return self.pool.waitForDone(msecs) and self.serial.waitForDone(msecs)


class MainThreadGarbageCollector(QObject):
    """Python's cyclic garbage collector runs in whichever thread happens to allocate; if that
    is a worker, a Qt object caught in a cycle is destroyed off the GUI thread, which can crash
    Qt. So automatic collection is switched off and done here, on the GUI thread, on a timer
    (the approach Anki takes)."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()[0]
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        if gc.get_count()[0] > self.threshold:
            gc.collect()

    def stop(self) -> None:
        self.timer.stop()
        gc.collect()
        gc.enable()
