"""QCatalogTableModel: a Qt table adapter over one section of the document's catalog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyle

from infercost.gui.columns import Column, columns_for, display_text, edit_text, sort_key
from infercost.gui.events import ITEM_MODEL, subscribe
from infercost.gui.guide import GUIDE_ROLE
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.catalog import SECTIONS
from infercost.model.catalog.fields import coerce_text
from infercost.model.edits.commands import (
    Change,
    EditRefused,
    SetField,
    entry_class,
    section_list,
)
from infercost.model.errors import InferCostError

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.DecorationRole,
        SORT_ROLE,
        ENTRY_ROLE,
    }
)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_REFUSED_BACKGROUND = QColor(220, 60, 60, 90)

_Index = QModelIndex | QPersistentModelIndex


def _refused_icon() -> QIcon:
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


class QCatalogTableModel(QAbstractTableModel):
    """Rows are the entries of one section, columns their fields (generated, with units).

    Edits go through the undo stack as commands; the table changes only when the document
    says it changed, so undo, redo and File > Open refresh it the same way as a cell edit.
    A refused edit leaves the data as it was and marks the cell with the reason.
    """

    edit_refused = Signal(str)

    def __init__(self, stack: DocumentUndoStack, section: str, parent=None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.doc = stack.doc
        self.section = section
        self.entry_class = entry_class(section)
        self.title = SECTIONS[section][1] if section in SECTIONS else section.capitalize()
        self.columns: list[Column] = columns_for(section)
        self._refused: dict[tuple[int, int], str] = {}
        # Commands edit this list in place; only a reset replaces it.
        self._entries: list[Any] = section_list(self.doc.project, section)
        subscribe(self, self.doc.about_to_change, self._on_doc_about_to_change, priority=ITEM_MODEL)
        subscribe(self, self.doc.changed, self._on_doc_changed, priority=ITEM_MODEL)

    # --- document -> Qt -------------------------------------------------------------

    def _on_doc_about_to_change(self, change: Change) -> None:
        if not change.touches(self.section):
            return
        self._refused.clear()
        last = change.first + change.count - 1
        if change.kind == "insert":
            self.beginInsertRows(QModelIndex(), change.first, last)
        elif change.kind == "remove":
            self.beginRemoveRows(QModelIndex(), change.first, last)
        elif change.kind == "reset":
            self.beginResetModel()

    def _on_doc_changed(self, change: Change) -> None:
        if not change.touches(self.section):
            return
        if change.kind == "insert":
            self.endInsertRows()
        elif change.kind == "remove":
            self.endRemoveRows()
        elif change.kind == "reset":
            # A new catalog or project brings new list objects.
            self._entries = section_list(self.doc.project, self.section)
            self.endResetModel()
        else:
            last = change.first + change.count - 1
            self.dataChanged.emit(
                self.index(change.first, 0), self.index(last, len(self.columns) - 1)
            )

    # --- Qt model API -----------------------------------------------------------------

    @property
    def entries(self) -> list[Any]:
        """The section's list in the document (the same object until a reset)."""
        return self._entries

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def column_of(self, field: str) -> int:
        """The column showing a field."""
        return next(i for i, c in enumerate(self.columns) if c.field == field)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
                return str(section + 1)
            return None
        if not 0 <= section < len(self.columns):
            return None
        col = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.header
        if role == Qt.ItemDataRole.ToolTipRole:
            unit = f" [{col.unit}]" if col.unit else ""
            text = f"{col.label}{unit}: {col.description}" if col.description else col.label
            return f"{text}\n{col.help_line}"
        if role == GUIDE_ROLE:
            return col.anchor
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per visible cell on every repaint: answer the
        # unused ones before touching the entry (this keeps a 5,000-row edit within a frame).
        if role not in _ROLES or not index.isValid():
            return None
        entries = self._entries
        row = index.row()
        if row >= len(entries):
            return None
        entry = entries[row]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display_text(entry, col)
        if role == Qt.ItemDataRole.EditRole:
            return edit_text(entry, col)
        if role == SORT_ROLE:
            return sort_key(entry, col)
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.numeric else _LEFT
        refused = self._refused.get((row, index.column())) if self._refused else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if refused:
                return f"Not changed: {refused}"
            return _cell_tip(entry, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            return _REFUSED_BACKGROUND if refused else None
        if role == Qt.ItemDataRole.DecorationRole:
            # The background is hidden under the selection highlight (the edited row is
            # selected); a warning sign shows at the refused cell either way.
            return _refused_icon() if refused else None
        # ForegroundRole: dim the "—" of an empty figure.
        if getattr(entry, col.field) in (None, []):
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].editable:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, column = index.row(), index.column()
        col = self.columns[column]
        entry = self.entries[row]
        try:
            if not col.editable:
                raise EditRefused(f"{col.label} of {entry.id} is edited in its own editor")
            text = "" if value is None else str(value)
            if text == edit_text(entry, col):
                return True  # nothing changed: no undo step
            command = SetField(
                self.doc,
                self.section,
                row,
                col.field,
                coerce_text(self.entry_class, col.field, text),
            )
            if command.new == command.old:
                return True
        except InferCostError as exc:
            self._refused[(row, column)] = str(exc)
            self.dataChanged.emit(index, index)
            self.edit_refused.emit(str(exc))
            return False
        self.stack.push_command(command)
        return True


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QTableView

    from infercost.gui.sample import sample_document

    app = QApplication(sys.argv)
    view = QTableView()
    view.setModel(QCatalogTableModel(DocumentUndoStack(sample_document()), "api_offers", view))
    view.resize(1200, 500)
    view.show()
    sys.exit(app.exec())


def _cell_tip(entry, col: Column) -> str:
    """A cell's tooltip: its value in full when long, its unit and where the entry's figures
    come from (the source and date every catalog entry carries)."""
    lines = []
    text = display_text(entry, col)
    if len(text) > 30:
        lines.append(text)
    if col.unit:
        lines.append(f"{col.label}, in {col.unit}")
    source = getattr(entry, "source", "") or "no source given"
    as_of = getattr(entry, "as_of", "")
    lines.append(f"Source: {source}" + (f" ({as_of})" if as_of else ""))
    return "\n".join(lines)
