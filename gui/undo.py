"""The undo stack: one generic QUndoCommand adapter that runs model commands on the Document."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from infercost.model.edits.commands import Command, SetField
from infercost.model.edits.document import Document

# Any id other than -1 lets Qt ask mergeWith; the model command's merge_key decides.
_MERGEABLE_ID = 1


class QModelCommand(QUndoCommand):
    """Runs one model command forward (redo) and backward (undo) on a document."""

    def __init__(self, doc: Document, command: Command, *, applied: bool = False) -> None:
        super().__init__(command.text)
        self.doc = doc
        self.command = command
        # The stack calls redo() on push; a command already applied (to learn whether it
        # is refused before it enters the history) must not run twice.
        self._skip_redo = applied

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self.doc.apply(self.command)

    def undo(self) -> None:
        self.doc.revert(self.command)

    def id(self) -> int:
        return _MERGEABLE_ID if self.command.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, QModelCommand) or not self.command.merge(other.command):
            return False
        cmd = self.command
        if isinstance(cmd, SetField) and cmd.new == cmd.old:
            self.setObsolete(True)  # typed back to where it was: no step left to undo
        return True


class DocumentUndoStack(QUndoStack):
    """A QUndoStack bound to one Document; ``push_command`` is the only way edits go in."""

    pushed = Signal(str)

    def __init__(self, doc: Document, parent=None) -> None:
        super().__init__(parent)
        self.doc = doc

    def push_command(self, command: Command) -> None:
        """Apply a validated model command and record it as one undo step."""
        self.doc.apply(command)
        self.push(QModelCommand(self.doc, command, applied=True))
        self.pushed.emit(command.text)


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication, QHBoxLayout, QUndoView, QWidget

    from infercost.gui.catalog_editor import CatalogEditor
    from infercost.gui.sample import sample_document

    app = QApplication(sys.argv)
    stack = DocumentUndoStack(sample_document())
    window = QWidget()
    layout = QHBoxLayout(window)
    layout.addWidget(CatalogEditor(stack), 3)
    layout.addWidget(QUndoView(stack), 1)
    window.resize(1400, 700)
    window.show()
    sys.exit(app.exec())
