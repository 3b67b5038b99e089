"""Subscribing Qt objects to the document's psygnal events for exactly their lifetime."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from psygnal import SignalInstance
from PySide6.QtCore import QObject


def subscribe(owner: QObject, signal: SignalInstance, callback: Callable[..., Any]) -> None:
    """Connect ``callback`` to a document event until ``owner`` is destroyed.

    psygnal drops a connection when the receiver's Python object is collected, but a Qt
    object can be deleted by its parent while Python still holds it; a late event would
    then reach a deleted widget. Disconnecting on ``destroyed`` closes that gap.
    """
    signal.connect(callback)

    def _drop(*_: object) -> None:
        signal.disconnect(callback, missing_ok=True)

    owner.destroyed.connect(_drop)
