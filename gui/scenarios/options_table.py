"""The options a scenario compares, as a Qt table model: label (editable), kind, what it uses,
how it is run, and its quality tier; rows added, removed and moved through item commands."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from infercost.gui.events import ITEM_MODEL, subscribe
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.quality import tier_label
from infercost.model.catalog.scenario import Scenario
from infercost.model.costing.advice_text import option_details, option_uses
from infercost.model.costing.evaluation import option_quality
from infercost.model.edits.commands import Change
from infercost.model.edits.scenario_edits import RenameOption
from infercost.model.errors import InferCostError

KIND_WORDS = {"api": "API", "rental": "GPU rental", "owned": "Owned build"}

Index = QModelIndex | QPersistentModelIndex


class Col(IntEnum):
    LABEL = 0
    KIND = 1
    USES = 2
    DETAILS = 3
    QUALITY = 4


HEADERS = {
    Col.LABEL: "Option",
    Col.KIND: "Kind",
    Col.USES: "Uses",
    Col.DETAILS: "How it is run",
    Col.QUALITY: "Quality",
}


class QOptionsTableModel(QAbstractTableModel):
    """The options of one scenario of the document (none until ``set_scenario``)."""

    refused = Signal(str)

    def __init__(self, stack: DocumentUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.scenario_id: str | None = None
        self._count = 0
        subscribe(self, stack.doc.changed, self._after, priority=ITEM_MODEL)

    def set_scenario(self, scenario_id: str | None) -> None:
        """Show the options of this scenario."""
        self.beginResetModel()
        self.scenario_id = scenario_id
        self._count = len(self._options())
        self.endResetModel()

    def scenario_row(self) -> int | None:
        """The row of the shown scenario in the project (None when it is gone)."""
        for i, s in enumerate(self.stack.doc.project.scenarios):
            if s.id == self.scenario_id:
                return i
        return None

    def scenario(self) -> Scenario | None:
        row = self.scenario_row()
        return None if row is None else self.stack.doc.project.scenarios[row]

    def _options(self) -> list:
        s = self.scenario()
        return [] if s is None else s.options

    # --- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Col)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Col(section)]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == Col.LABEL else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        options = self._options()
        if not index.isValid() or not 0 <= index.row() < min(len(options), self._count):
            return None
        so = options[index.row()]
        col = Col(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col is Col.LABEL:
                return so.label
            if col is Col.KIND:
                return KIND_WORDS[so.option.kind]
            if col is Col.USES:
                return option_uses(so.option)
            if col is Col.DETAILS:
                return option_details(so.option)
            return tier_label(self._quality(so)[0])
        if role == Qt.ItemDataRole.ToolTipRole and col is Col.QUALITY:
            return f"From {self._quality(so)[1]}"
        if role == Qt.ItemDataRole.ToolTipRole and col is Col.LABEL:
            return "The option's name in the comparison and the charts (double-click to rename)"
        return None

    def _quality(self, so):
        try:
            return option_quality(self.stack.doc.project, so)
        except InferCostError as exc:
            return None, str(exc)

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != Col.LABEL or role != Qt.ItemDataRole.EditRole:
            return False
        row = self.scenario_row()
        if row is None:
            return False
        text = str(value).strip()
        options = self._options()
        if text == options[index.row()].label:
            return False
        if any(o.label == text for i, o in enumerate(options) if i != index.row()):
            self.refused.emit(f"Another option is already called '{text}'; labels tell them apart")
            return False
        try:
            self.stack.push_command(RenameOption(self.stack.doc, row, index.row(), text))
        except InferCostError as exc:
            self.refused.emit(str(exc))
            return False
        return True

    # --- document events -------------------------------------------------------------------

    def _after(self, change: Change) -> None:
        # A nested-list edit replaces the scenario's option list in one step: the row count
        # is known only afterwards, so a changed count resets the model (before any view asks).
        if not any(change.touches(s) for s in ("scenarios", "api_offers", "hosted_offers", "llms")):
            return
        n = len(self._options())
        if n != self._count or change.section is None:
            self.beginResetModel()
            self._count = n
            self.endResetModel()
        elif n:
            self.dataChanged.emit(self.index(0, 0), self.index(n - 1, len(Col) - 1))


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication, QTableView

    from infercost.gui.sample import sample_document

    app = QApplication(sys.argv)
    model = QOptionsTableModel(DocumentUndoStack(sample_document()))
    model.set_scenario("seed-1-startup")
    view = QTableView()
    view.setModel(model)
    view.resize(900, 260)
    view.show()
    sys.exit(app.exec())
