"""The build configurator view. ``BuildsTab`` builds it the first time it is shown, so that a
start-up on another view never imports pyqtgraph or computes what fits."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from infercost.gui.undo import DocumentUndoStack


class BuildsTab(QWidget):
    """A tab page that holds the BuildsView once it has been shown."""

    # Relayed from the view, which does not exist until the tab is first shown.
    current_build_changed = Signal(object)
    status_message = Signal(str)

    def __init__(self, stack: DocumentUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("builds_tab")
        self.stack = stack
        self.view = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_view(self):
        """The BuildsView, built now if it was not yet."""
        if self.view is None:
            from infercost.gui.builds.view import BuildsView

            self.view = BuildsView(self.stack, self)
            self.view.current_build_changed.connect(self.current_build_changed)
            self.view.status_message.connect(self.status_message)
            self.current_build_changed.emit(self.view.build_id)
            self._layout.addWidget(self.view)
            self.view.show()  # a child added to a shown parent stays hidden until asked
        return self.view

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_view()
        super().showEvent(event)
