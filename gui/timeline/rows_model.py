"""A read-only table of text rows (headers and cells), reset as a whole when its figures change."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class QRowsModel(QAbstractTableModel):
    """Rows of strings under string headers; numeric columns right-aligned.

    ``editable`` columns hand a typed text to ``on_edit(row, column, text)``, which pushes the
    edit as a command; the table shows the result when the document event refreshes it.
    """

    def __init__(
        self,
        headers: list[str],
        parent=None,
        editable: tuple[int, ...] = (),
        on_edit: Callable[[int, int, str], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[list[str]] = []
        self.tips: list[str] = []
        self.editable = editable
        self.on_edit = on_edit

    def set_rows(self, rows: list[list[str]], tips: list[str] | None = None) -> None:
        """Replace every row (``tips``: one tooltip per row)."""
        if rows == self.rows and (tips or []) == self.tips:
            return
        self.beginResetModel()
        self.rows = [list(r) for r in rows]
        self.tips = list(tips or [])
        self.endResetModel()

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in self.editable and self.on_edit is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or index.column() not in self.editable
            or self.on_edit is None
        ):
            return False
        return self.on_edit(index.row(), index.column(), str(value))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        text = self.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role == Qt.ItemDataRole.ToolTipRole and index.row() < len(self.tips):
            return self.tips[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
