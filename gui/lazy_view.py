"""A placeholder tab that builds its real view the first time it is shown.

Start-up must not pay for views that are not on screen (the break-even chart imports
pyqtgraph and numpy-heavy model code). Wrap any view's constructor::

    lazy = LazyView(lambda: BreakEvenView(stack))
    window.add_view(lazy, "Break-even")
    ...
    view = lazy.ensure_built()   # from code that needs the view now (a menu, a test)

The factory runs once, on the first ``showEvent`` (or ``ensure_built``); the view then fills
the placeholder and ``built`` is emitted with it, so callers can connect its signals.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyView(QWidget):
    """Holds the place of a view in a tab and builds it with ``factory`` when first shown."""

    built = Signal(QWidget)

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory: Callable[[], QWidget] | None = factory
        self._view: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        # True: the first show paints the placeholder and builds the view on the next turn of
        # the event loop (a window that opens on this tab shows itself before the view exists).
        self.defer_first_build = False

    @property
    def view(self) -> QWidget | None:
        """The built view, or None while it has never been shown."""
        return self._view

    def ensure_built(self) -> QWidget:
        """Build the view now if it is not built yet, and return it."""
        if self._view is None:
            assert self._factory is not None
            factory, self._factory = self._factory, None
            view = factory()
            self._layout.addWidget(view)
            self._view = view
            self.built.emit(view)
        return self._view

    def showEvent(self, event: QShowEvent) -> None:
        if self.defer_first_build and self._view is None:
            self.defer_first_build = False
            QTimer.singleShot(0, self.ensure_built)
        else:
            self.ensure_built()
        super().showEvent(event)


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication, QLabel, QTabWidget

    app = QApplication(sys.argv)
    tabs = QTabWidget()
    tabs.addTab(QLabel("The first tab; the second is built when you open it."), "First")
    tabs.addTab(LazyView(lambda: QLabel("Built on first show.")), "Second")
    tabs.resize(480, 200)
    tabs.show()
    sys.exit(app.exec())
