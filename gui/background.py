"""Long file work (open, import, restore) off the GUI thread, with a cancellable progress dialog."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from infercost.model.guard import Cancelled

T = TypeVar("T")
Progress = Callable[[int, int], None]

# Below this a dialog only flickers; the work still runs off the GUI thread.
SHOW_AFTER_MS = 400
POLL_MS = 50


class _Job(Generic[T]):
    """State shared with the worker thread: plain attributes, never a widget."""

    def __init__(self, work: Callable[[Progress], T]) -> None:
        self.work = work
        self.done = threading.Event()
        self.cancelled = threading.Event()
        self.read = 0
        self.total = 0
        self.result: T | None = None
        self.error: BaseException | None = None

    def progress(self, read: int, total: int) -> None:
        if self.cancelled.is_set():
            raise Cancelled("cancelled")
        self.read, self.total = read, total

    def run(self) -> None:
        try:
            self.result = self.work(self.progress)
        except BaseException as exc:  # handed to the GUI thread, which decides
            self.error = exc
        finally:
            self.done.set()


def run_with_progress(parent: QWidget | None, label: str, work: Callable[[Progress], T]) -> T:
    """Run ``work(progress)`` in a worker thread while the window stays responsive.

    A window-modal progress dialog appears after :data:`SHOW_AFTER_MS`; its Cancel returns
    at once by raising :class:`Cancelled` (the worker's result, when it arrives, is dropped).
    ``progress(bytes_read, bytes_expected)`` feeds the bar and stops the worker at its next
    call after a cancel. The worker's own exception is raised here, in the GUI thread.
    """
    job: _Job[T] = _Job(work)
    thread = threading.Thread(target=job.run, name="infercost-file-work", daemon=True)
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setObjectName("file_progress")
    dialog.setWindowTitle("InferCost")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(POLL_MS)

    def poll() -> None:
        if job.done.is_set() or dialog.wasCanceled():
            loop.quit()
            return
        if job.total > 0:
            dialog.setMaximum(1000)
            dialog.setValue(min(999, int(1000 * job.read / job.total)))
            if job.read >= job.total:
                dialog.setLabelText(f"{label}\nChecking the contents…")

    timer.timeout.connect(poll)
    dialog.canceled.connect(loop.quit)
    thread.start()
    timer.start()
    dialog.setValue(0)  # starts the minimum-duration clock
    if not job.done.is_set():
        loop.exec()
    timer.stop()
    cancelled = dialog.wasCanceled() and not job.done.is_set()
    dialog.close()
    dialog.deleteLater()
    if cancelled:
        job.cancelled.set()
        raise Cancelled(f"{label.rstrip('…. ')}: cancelled")
    if job.error is not None:
        raise job.error
    return job.result  # type: ignore[return-value]


if __name__ == "__main__":
    import sys
    import time

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)

    def _demo(progress: Progress) -> str:
        for i in range(100):
            progress(i, 100)
            time.sleep(0.05)
        return "done"

    try:
        print(run_with_progress(None, "Reading a large file…", _demo))
    except Cancelled as exc:
        print(exc)
