"""The bill of materials of one build: a Qt table model over its part and cost lines, and the
widget that adds, reorders and removes them."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from infercost.gui.columns import EMPTY
from infercost.gui.events import ITEM_MODEL, subscribe
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.build import Build, BuildLine, CustomLine
from infercost.model.catalog.entries import Gpu
from infercost.model.catalog.fields import coerce_text, field_rule
from infercost.model.edits.commands import (
    Change,
    insert_item,
    move_item,
    remove_item,
    set_item_field,
)
from infercost.model.errors import EditRefused, InferCostError, UnknownIdError
from infercost.model.formatting import format_number

# The default parent of rowCount and columnCount: the root.
_ROOT = QModelIndex()


class Col(IntEnum):
    ITEM = 0
    KIND = 1
    QUANTITY = 2
    UNIT_PRICE = 3
    PRICE = 4
    POWER = 5
    NOTE = 6


# (header, tooltip) from the field rules of the line types.
def _header(cls, name: str) -> tuple[str, str]:
    rule = field_rule(cls, name)
    return rule.header, rule.description


_HEADERS = {
    Col.ITEM: ("Item", "The catalog part, or the name of a custom line"),
    Col.KIND: ("Kind", "GPU, a part's role, or a custom line"),
    Col.QUANTITY: _header(BuildLine, "quantity"),
    Col.UNIT_PRICE: ("Unit price ($)", "Price of one, at the build's price point"),
    Col.PRICE: ("Price ($)", "Quantity x unit price"),
    Col.POWER: ("Load (W)", "Draw at load of the whole line"),
    Col.NOTE: _header(CustomLine, "note"),
}
# Which field of a custom line each editable column writes.
_CUSTOM_FIELDS = {
    Col.ITEM: "name",
    Col.UNIT_PRICE: "price_usd",
    Col.POWER: "power_w",
    Col.NOTE: "note",
}


class QBomModel(QAbstractTableModel):
    """Rows: the build's catalog lines, then its custom lines. Edits go through the stack."""

    refused = Signal(str)

    def __init__(self, stack: DocumentUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.doc = stack.doc
        self.build_id: str | None = None
        # Each row's values, read once per change (data() is called hundreds of times a paint).
        self._cache: list[dict[Col, Any]] = []
        self._tips: list[str] = []
        subscribe(self, self.doc.changed, self._on_doc_changed, priority=ITEM_MODEL)

    # --- which build -----------------------------------------------------------------------

    def set_build(self, build_id: str | None) -> None:
        self.beginResetModel()
        self.build_id = build_id
        self._fill_cache()
        self.endResetModel()

    def _fill_cache(self) -> None:
        b = self.build()
        n = 0 if b is None else len(b.lines) + len(b.custom_lines)
        self._cache = [self._row_values(r) for r in range(n)]
        self._tips = [self._tip(r) for r in range(n)]

    def _tip(self, row: int) -> str:
        """Where a line's figures come from: the catalog part's id and source, or 'custom'."""
        b = self.build()
        field, i = self.line_of(row)
        if b is None or field == "custom_lines":
            return "A custom line: edit its name, price, load power and note in place"
        try:
            item = self.doc.project.catalog.item(b.lines[i].item_id)
        except UnknownIdError:
            return b.lines[i].item_id
        return f"Catalog {'GPU' if isinstance(item, Gpu) else 'part'} {item.id}: {item.source}"

    def build_row(self) -> int | None:
        builds = self.doc.project.catalog.builds
        return next((i for i, b in enumerate(builds) if b.id == self.build_id), None)

    def build(self) -> Build | None:
        row = self.build_row()
        return None if row is None else self.doc.project.catalog.builds[row]

    def line_of(self, row: int) -> tuple[str, int]:
        """("lines" or "custom_lines", index in that list) of a table row."""
        b = self.build()
        n = len(b.lines) if b else 0
        return ("lines", row) if row < n else ("custom_lines", row - n)

    def _on_doc_changed(self, change: Change) -> None:
        if change.touches("builds") or change.touches("gpus") or change.touches("parts"):
            self.beginResetModel()
            self._fill_cache()
            self.endResetModel()

    # --- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._cache)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(Col)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Col):
            return None
        header, tip = _HEADERS[Col(section)]
        if role == Qt.ItemDataRole.DisplayRole:
            return header
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        field, _ = self.line_of(index.row())
        col = Col(index.column())
        editable = col == Col.QUANTITY if field == "lines" else col in _CUSTOM_FIELDS
        return base | Qt.ItemFlag.ItemIsEditable if editable else base

    def _row_values(self, row: int) -> dict[Col, Any]:
        b = self.build()
        assert b is not None
        field, i = self.line_of(row)
        if field == "custom_lines":
            c = b.custom_lines[i]
            return {
                Col.ITEM: c.name,
                Col.KIND: "custom",
                Col.QUANTITY: 1,
                Col.UNIT_PRICE: c.price_usd,
                Col.PRICE: c.price_usd,
                Col.POWER: c.power_w,
                Col.NOTE: c.note,
            }
        line = b.lines[i]
        cat = self.doc.project.catalog
        try:
            item = cat.item(line.item_id)
        except UnknownIdError:
            return {Col.ITEM: line.item_id, Col.KIND: "unknown", Col.QUANTITY: line.quantity}
        unit = item.price_usd(b.price_point)
        return {
            Col.ITEM: item.name,
            Col.KIND: "GPU" if isinstance(item, Gpu) else str(item.kind.value),
            Col.QUANTITY: line.quantity,
            Col.UNIT_PRICE: unit,
            Col.PRICE: None if unit is None else unit * line.quantity,
            Col.POWER: item.power_w * line.quantity,
            Col.NOTE: item.notes,
        }

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._cache):
            return None
        col = Col(index.column())
        values = self._cache[index.row()]
        value = values.get(col)
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return "no price" if col in (Col.UNIT_PRICE, Col.PRICE) else EMPTY
            if col in (Col.UNIT_PRICE, Col.PRICE):
                return format_number(float(value), "$")
            if col == Col.POWER:
                return format_number(float(value), "W")
            return str(value)
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None else (f"{value:g}" if isinstance(value, float) else value)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (
            Col.QUANTITY,
            Col.UNIT_PRICE,
            Col.PRICE,
            Col.POWER,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col in (Col.ITEM, Col.NOTE):
            return self._tips[index.row()] if col == Col.ITEM else str(value or "")
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        row = self.build_row()
        if role != Qt.ItemDataRole.EditRole or row is None or not index.isValid():
            return False
        field, i = self.line_of(index.row())
        col = Col(index.column())
        name = "quantity" if field == "lines" else _CUSTOM_FIELDS.get(col)
        if name is None or (field == "lines" and col != Col.QUANTITY):
            return False
        cls = BuildLine if field == "lines" else CustomLine
        try:
            typed = coerce_text(cls, name, str(value))
            self.stack.push_command(set_item_field(self.doc, "builds", row, field, i, name, typed))
        except EditRefused as exc:
            self.refused.emit(str(exc))
            return False
        return True


class BomEditor(QWidget):
    """The table plus its buttons: add a catalog part (searchable), add a custom line, move a
    line up or down, remove it."""

    refused = Signal(str)

    def __init__(self, stack: DocumentUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.doc = stack.doc
        self.model = QBomModel(stack, self)
        self.model.refused.connect(self.refused)
        self.view = QTableView(self)
        self.view.setObjectName("bom_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Col.NOTE, QHeaderView.ResizeMode.Stretch)
        # Long part names are cut with an ellipsis rather than pushing the figures off screen.
        header.setSectionResizeMode(Col.ITEM, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(Col.ITEM, 230)
        self.view.setWordWrap(False)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )

        self.part_picker = QComboBox(self)
        self.part_picker.setObjectName("part_picker")
        self.part_picker.setEditable(True)
        self.part_picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.part_picker.lineEdit().setPlaceholderText("Search GPUs and parts…")
        self.part_picker.setToolTip("Type to search the catalog's GPUs and parts, then Add part")
        self.part_picker.setMinimumContentsLength(12)
        completer = QCompleter(self.part_picker.model(), self.part_picker)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.part_picker.setCompleter(completer)
        self.add_part_button = QPushButton("Add part", self)
        self.add_part_button.setToolTip("Add the chosen catalog GPU or part (quantity 1)")
        self.add_part_button.clicked.connect(self.add_part)
        self.part_picker.lineEdit().returnPressed.connect(self.add_part)
        self.add_custom_button = QPushButton("Add custom", self)
        self.add_custom_button.setToolTip("A cost the catalog does not carry: a quote, a UPS")
        self.add_custom_button.clicked.connect(self.add_custom)
        self.up_button = QPushButton("Up", self)
        self.up_button.setToolTip("Move the selected line up (within parts or custom lines)")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton("Down", self)
        self.down_button.setToolTip("Move the selected line down")
        self.down_button.clicked.connect(lambda: self.move(1))
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setToolTip("Remove the selected line (Delete in the table)")
        self.remove_button.clicked.connect(self.remove)
        # Delete in the table only: the catalog editor's Delete acts on catalog rows.
        self.remove_action = QAction("Remove line", self.view)
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action.triggered.connect(self.remove)
        self.view.addAction(self.remove_action)

        buttons = QHBoxLayout()
        buttons.addWidget(self.part_picker, 1)
        for b in (
            self.add_part_button,
            self.add_custom_button,
            self.up_button,
            self.down_button,
            self.remove_button,
        ):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self._fill_picker()
        subscribe(self, self.doc.changed, self._on_doc_changed)

    def set_build(self, build_id: str | None) -> None:
        self.model.set_build(build_id)
        self.setEnabled(build_id is not None)

    def _on_doc_changed(self, change: Change) -> None:
        if change.touches("gpus") or change.touches("parts"):
            self._fill_picker()

    def _fill_picker(self) -> None:
        cat = self.doc.project.catalog
        self.part_picker.clear()
        for gpu in cat.gpus:
            self.part_picker.addItem(f"GPU · {gpu.name}", gpu.id)
        for part in sorted(cat.parts, key=lambda p: (p.kind.value, p.name)):
            self.part_picker.addItem(f"{part.kind.value} · {part.name}", part.id)
        self.part_picker.setCurrentIndex(-1)

    def _push(self, make) -> bool:
        try:
            self.stack.push_command(make())
        except InferCostError as exc:
            self.refused.emit(str(exc))
            return False
        return True

    def add_part(self) -> None:
        """Add the picked catalog item; a search text names one by its label."""
        row = self.model.build_row()
        if row is None:
            return
        idx = self.part_picker.findText(self.part_picker.currentText())
        item_id = self.part_picker.itemData(idx) if idx >= 0 else None
        if item_id is None:
            self.refused.emit("Choose a GPU or part from the list to add")
            return
        line = BuildLine(item_id=item_id)
        self._push(lambda: insert_item(self.doc, "builds", row, "lines", line))

    def add_custom(self) -> None:
        row = self.model.build_row()
        if row is None:
            return
        line = CustomLine(name="Custom line", price_usd=0)
        if self._push(lambda: insert_item(self.doc, "builds", row, "custom_lines", line)):
            self.select(self.model.rowCount() - 1)

    def selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.view.selectRow(row)

    def move(self, step: int) -> None:
        """Move the selected line within its list (parts, or custom lines)."""
        row, sel = self.model.build_row(), self.selected_row()
        if row is None or sel is None:
            return
        field, i = self.model.line_of(sel)
        if self._push(lambda: move_item(self.doc, "builds", row, field, i, i + step)):
            self.select(sel + step)

    def remove(self) -> None:
        row, sel = self.model.build_row(), self.selected_row()
        if row is None or sel is None:
            return
        field, i = self.model.line_of(sel)
        if self._push(lambda: remove_item(self.doc, "builds", row, field, i)):
            self.select(min(sel, self.model.rowCount() - 1))


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import sample_document

    app = QApplication(sys.argv)
    editor = BomEditor(DocumentUndoStack(sample_document()))
    editor.set_build("rtx-5090-rig")
    editor.resize(900, 300)
    editor.show()
    sys.exit(app.exec())
