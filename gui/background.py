"""Run a long model call off the GUI thread, with a progress dialog and Cancel after 0.5 s.

The worker never touches a widget: it reports through queued signals to a relay object that
lives on the GUI thread. A Cancel press sets a flag the work's ``progress`` callback checks;
the work then raises :class:`Cancelled` and nothing it would have changed is changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from infercost.model.guard import Cancelled

SHOW_AFTER_MS = 500


class _Worker(QObject):
    progressed = Signal(int, int)
    done = Signal(object, object)

    def __init__(self, work: Callable[[Callable[[int, int], None]], Any], stop: threading.Event):
        super().__init__()
        self._work, self._stop = work, stop

    @Slot()
    def run(self) -> None:
        def progress(done: int, total: int) -> None:
            if self._stop.is_set():
                raise Cancelled("stopped by the user; nothing was changed")
            self.progressed.emit(done, total)

        try:
            result = self._work(progress)
            if self._stop.is_set():
                raise Cancelled("stopped by the user; nothing was changed")
            self.done.emit(result, None)
        except Exception as exc:  # handed to the GUI thread, which re-raises it
            self.done.emit(None, exc)


class _Relay(QObject):
    """Lives on the GUI thread: the worker's signals arrive here queued."""

    def __init__(self, dialog: QProgressDialog, loop: QEventLoop) -> None:
        super().__init__()
        self.dialog, self.loop = dialog, loop
        self.result: Any = None
        self.error: BaseException | None = None
        self.finished = False

    @Slot(int, int)
    def on_progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, total))

    @Slot(object, object)
    def on_done(self, result: Any, error: Any) -> None:
        self.result, self.error, self.finished = result, error, True
        self.loop.quit()

    @Slot()
    def show_if_running(self) -> None:
        if not self.finished:
            self.dialog.show()


def run_in_background(parent: QWidget | None, label: str, work) -> Any:
    """``work(progress)`` on a worker thread; returns its result or raises its exception.

    The progress dialog appears only when the work takes longer than half a second.
    """
    stop = threading.Event()
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("InferCost")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0)
    dialog.hide()
    loop = QEventLoop()
    relay = _Relay(dialog, loop)
    dialog.canceled.connect(stop.set)
    thread = QThread()
    worker = _Worker(work, stop)
    worker.moveToThread(thread)
    worker.progressed.connect(relay.on_progress, Qt.ConnectionType.QueuedConnection)
    worker.done.connect(relay.on_done, Qt.ConnectionType.QueuedConnection)
    thread.started.connect(worker.run)
    QTimer.singleShot(SHOW_AFTER_MS, relay.show_if_running)
    thread.start()
    if not relay.finished:
        loop.exec()
    thread.quit()
    thread.wait()
    dialog.hide()
    dialog.deleteLater()
    if relay.error is not None:
        raise relay.error
    return relay.result
