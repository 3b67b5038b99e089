"""The project's scenarios as a Qt list model: the names (editable: a rename is a command)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from infercost.gui.events import ITEM_MODEL, subscribe
from infercost.gui.undo import DocumentUndoStack
from infercost.model.edits.commands import Change
from infercost.model.edits.scenario_edits import rename_scenario
from infercost.model.errors import InferCostError

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole


class QScenarioListModel(QAbstractListModel):
    """One row per scenario of the document, in project order."""

    refused = Signal(str)

    def __init__(self, stack: DocumentUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.stack = stack
        self._count = len(stack.doc.project.scenarios)
        subscribe(self, stack.doc.changed, self._after, priority=ITEM_MODEL)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        scenarios = self.stack.doc.project.scenarios
        if not index.isValid() or not 0 <= index.row() < min(len(scenarios), self._count):
            return None
        s = scenarios[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return s.name
        if role == ID_ROLE:
            return s.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{s.id}: {s.notes}" if s.notes else s.id
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value).strip()
        if text == self.stack.doc.project.scenarios[index.row()].name:
            return False
        try:
            self.stack.push_command(rename_scenario(self.stack.doc, index.row(), text))
        except InferCostError as exc:
            self.refused.emit(str(exc))
            return False
        return True

    def row_of(self, scenario_id: str | None) -> int | None:
        """The row of a scenario id (None when it is not in the project)."""
        for i, s in enumerate(self.stack.doc.project.scenarios):
            if s.id == scenario_id:
                return i
        return None

    def _after(self, change: Change) -> None:
        if not change.touches("scenarios"):
            return
        n = len(self.stack.doc.project.scenarios)
        if n != self._count or change.section is None:
            self.beginResetModel()
            self._count = n
            self.endResetModel()
        elif n:
            self.dataChanged.emit(self.index(0), self.index(n - 1))


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication, QListView

    from infercost.gui.sample import sample_document

    app = QApplication(sys.argv)
    view = QListView()
    view.setModel(QScenarioListModel(DocumentUndoStack(sample_document())))
    view.resize(320, 200)
    view.show()
    sys.exit(app.exec())
