"""Subscribing Qt objects to the document's psygnal events, in a fixed order, for exactly their
lifetime; and the one-frame throttle views recompute through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from psygnal import SignalInstance
from PySide6.QtCore import QObject, QTimer

# Who hears a document event first. Item models (table adapters) must update before any view
# reads them, so a view never shows a row an undo just moved. psygnal calls higher first.
ITEM_MODEL = 100
VIEW = 0

FRAME_MS = 16


def subscribe(
    owner: QObject, signal: SignalInstance, callback: Callable[..., Any], *, priority: int = VIEW
) -> None:
    """Connect ``callback`` to a document event until ``owner`` is destroyed.

    ``priority`` is ``ITEM_MODEL`` for Qt item models and ``VIEW`` (the default) for widgets
    that read them. psygnal drops a connection when the receiver's Python object is
    collected, but a Qt object can be deleted by its parent while Python still holds it; a
    late event would then reach a deleted widget. Disconnecting on ``destroyed`` closes that
    gap.
    """
    signal.connect(callback, priority=priority)

    def _drop(*_: object) -> None:
        signal.disconnect(callback, missing_ok=True)

    owner.destroyed.connect(_drop)


class FrameThrottle(QObject):
    """Coalesce a burst of requests into one call of ``callback`` on the next frame.

    ``request()`` may be called for every event (a drag, a typed digit, an undo of ten
    steps); ``callback`` runs once, at most ``FRAME_MS`` later, with the state as it is
    then, so no stale recompute queues up. ``flush()`` runs a pending call now (tests,
    a screenshot).
    """

    def __init__(self, callback: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._callback = callback
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._run)
        self.calls = 0

    def request(self, *_: object) -> None:
        """Ask for one call on the next frame (extra requests before it are absorbed)."""
        if not self._timer.isActive():
            self._timer.start()

    @property
    def pending(self) -> bool:
        """True while a call is scheduled and has not run yet."""
        return self._timer.isActive()

    def flush(self) -> None:
        """Run a scheduled call now."""
        if self._timer.isActive():
            self._timer.stop()
            self._run()

    def _run(self) -> None:
        self.calls += 1
        self._callback()
