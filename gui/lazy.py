"""A tab page that builds its view the first time it is shown, so start-up on another view
never pays for it (nor imports what it needs)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyView(QWidget):
    """Holds ``factory()``'s widget once it has been shown (or ``build()`` was called)."""

    def __init__(self, factory: Callable[[], QWidget], parent=None) -> None:
        super().__init__(parent)
        self._factory = factory
        self.widget: QWidget | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)

    def build(self) -> QWidget:
        """The view, built now if it was not yet."""
        if self.widget is None:
            self.widget = self._factory()
            self.layout().addWidget(self.widget)
        return self.widget

    def showEvent(self, event: QShowEvent) -> None:
        self.build()
        super().showEvent(event)
