"""The catalog editor: one sortable, filterable, editable table per catalog section."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from infercost.gui.catalog_table import SORT_ROLE, QCatalogTableModel
from infercost.gui.columns import edit_text
from infercost.gui.events import subscribe
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.catalog import SECTIONS
from infercost.model.catalog.fileio import default_catalog
from infercost.model.edits.commands import Change, InsertRows, RemoveRows, section_list, unused_id
from infercost.model.errors import InferCostError
from infercost.model.interchange.cell_text import tsv_text


class _Delegate(QStyledItemDelegate):
    """A combo box for fields with fixed choices, a line edit for the rest."""

    def createEditor(self, parent, option, index):
        model = index.model()
        source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else model
        col = source.columns[index.column()]
        if col.choices:
            box = QComboBox(parent)
            box.addItems(([""] if col.optional else []) + list(col.choices))
            return box
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index):
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class _Table(QTableView):
    """A table where Enter starts editing the current cell, as F2 does (on Linux and
    Windows Qt only uses Enter to "activate", which does nothing here)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not editing
            and self.currentIndex().isValid()
            and self.edit(self.currentIndex(), QAbstractItemView.EditTrigger.EditKeyPressed, event)
        ):
            return
        super().keyPressEvent(event)


class SectionPage(QWidget):
    """One section's table: the item model, a filter/sort proxy and the view."""

    def __init__(self, stack: DocumentUndoStack, section: str, parent=None) -> None:
        super().__init__(parent)
        self.section = section
        self.model = QCatalogTableModel(stack, section, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        # Like a spreadsheet, an edited row stays where it is until the user sorts again:
        # a row jumping away from the cursor mid-edit is disorienting, and re-sorting 5,000
        # rows plus a full repaint on every keystroke-commit costs more than a frame.
        self.proxy.setDynamicSortFilter(False)
        self.view = _Table(self)
        self.view.setObjectName(f"table_{section}")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(_Delegate(self.view))
        # Catalog order until a click: enabling sorting sorts by the header's indicator at
        # once (column 0 by default), which would sort every row only to put them back.
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        # Widths from a sample of rows: measuring all 5,000 rows of a big catalog is slow.
        header.setResizeContentsPrecision(60)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view)
        self._sized = False

    def fit_columns(self) -> None:
        """Size columns to their content once, capping long text (sources, notes)."""
        if self._sized:
            return
        self._sized = True
        self.view.resizeColumnsToContents()
        cap = self.view.fontMetrics().horizontalAdvance("M") * 28
        for c in range(self.model.columnCount()):
            if self.view.columnWidth(c) > cap:
                self.view.setColumnWidth(c, cap)

    def selected_rows(self) -> list[int]:
        """Source rows of the selection, in the order shown."""
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        current = self.view.currentIndex()
        if not rows and current.isValid():
            rows = {self.proxy.mapToSource(current).row()}
        order = {
            self.proxy.mapToSource(self.proxy.index(r, 0)).row(): r
            for r in range(self.proxy.rowCount())
        }
        return sorted(rows, key=lambda r: order.get(r, r))

    def select_source_rows(self, first: int, count: int) -> None:
        """Select and show source rows (after an add or duplicate)."""
        sel = self.view.selectionModel()
        sel.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for r in range(first, first + count):
            idx = self.proxy.mapFromSource(self.model.index(r, 0))
            if idx.isValid():
                sel.select(idx, flags)
        idx = self.proxy.mapFromSource(self.model.index(first, 0))
        if idx.isValid():
            # view.setCurrentIndex would replace the selection by the one row.
            sel.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(idx)


class CatalogEditor(QWidget):
    """Section list on the left, the section's table on the right, provenance underneath."""

    status_message = Signal(str)
    current_entry_changed = Signal(str, object)  # section, entry id or None

    def __init__(self, stack: DocumentUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.doc = stack.doc
        self.pages: dict[str, SectionPage] = {}

        self.section_list = QListWidget(self)
        self.section_list.setObjectName("section_list")
        for name, (_, title) in SECTIONS.items():
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.section_list.addItem(item)
        # Wide enough for the longest title by default, narrower on request (small screens).
        self._list_width = (
            self.fontMetrics().horizontalAdvance("Hosted open-weight offers (9999)") + 24
        )

        self.filter = QLineEdit(self)
        self.filter.setObjectName("filter")
        self.filter.setPlaceholderText("Filter rows: type any text from any column")
        self.filter.setClearButtonEnabled(True)
        # Room to see what was typed even when a small screen squeezes the row buttons.
        self.filter.setMinimumWidth(self.fontMetrics().horizontalAdvance("Filter rows…  ") + 24)
        self.filter.textChanged.connect(self._on_q_filter_changed)

        self.add_action = QAction("&Add Row", self, shortcut=QKeySequence("Ctrl+Shift+N"))
        self.add_action.setToolTip("Add a row, started as a copy of the selected one")
        self.duplicate_action = QAction("D&uplicate Rows", self, shortcut=QKeySequence("Ctrl+D"))
        self.delete_action = QAction(
            "&Delete Rows", self, shortcut=QKeySequence(QKeySequence.StandardKey.Delete)
        )
        self.copy_action = QAction(
            "&Copy Rows", self, shortcut=QKeySequence(QKeySequence.StandardKey.Copy)
        )
        self.copy_action.setToolTip(
            "Copy the selected rows as tab-separated text (paste into a spreadsheet)"
        )
        self.find_action = QAction(
            "&Find…", self, shortcut=QKeySequence(QKeySequence.StandardKey.Find)
        )
        for action, slot in (
            (self.add_action, self.add_row),
            (self.duplicate_action, self.duplicate_rows),
            (self.delete_action, self.delete_rows),
            (self.copy_action, self.copy_rows),
            (self.find_action, self._on_q_find),
        ):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)

        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        for action in (
            self.add_action,
            self.duplicate_action,
            self.delete_action,
            self.copy_action,
        ):
            # One word ("Duplicate"): next to the table it plainly acts on rows, and the bar's
            # width sets how narrow the window can get at 200% scaling. The menus keep the
            # full text; a tool button shows the icon text (and keeps it on action changes).
            action.setIconText(action.text().replace("&", "").split()[0])
            if not action.toolTip() or action.toolTip() == action.iconText():
                action.setToolTip(action.text().replace("&", ""))
            button = QToolButton(self)
            button.setDefaultAction(action)
            bar.addWidget(button)

        self.pages_widget = QStackedWidget(self)
        # Row shortcuts act where the rows are: Delete pressed while browsing the section
        # list must not delete the row that happens to be current in the hidden-from-focus
        # table (menus and buttons still reach every action).
        self.pages_widget.addActions([self.duplicate_action, self.delete_action, self.copy_action])
        self.addActions([self.add_action, self.find_action])
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #d04040;")
        self.message.hide()
        self.provenance = QLabel(self)
        self.provenance.setObjectName("provenance")
        self.provenance.setWordWrap(True)
        self.provenance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        right = QWidget(self)
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.addLayout(bar)
        rlay.addWidget(self.pages_widget, 1)
        rlay.addWidget(self.message)
        rlay.addWidget(self.provenance)
        split = QSplitter(self)
        split.addWidget(self.section_list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setCollapsible(1, False)
        split.setSizes([self._list_width, 10 * self._list_width])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(split)

        self.section_list.currentRowChanged.connect(self._on_q_section_changed)
        subscribe(self, self.doc.changed, self._on_doc_changed)
        # A refusal explains the edit that failed; once anything is done or undone it is stale.
        self.stack.indexChanged.connect(self._on_q_index_changed)
        self.section_list.setCurrentRow(0)
        self._refresh_counts()

    # --- navigation --------------------------------------------------------------------

    @property
    def section(self) -> str:
        return self.section_list.currentItem().data(Qt.ItemDataRole.UserRole)

    @property
    def page(self) -> SectionPage:
        return self.page_for(self.section)

    def page_for(self, section: str) -> SectionPage:
        """The page of a section, created on first use (keeps start-up fast)."""
        if section not in self.pages:
            page = SectionPage(self.stack, section, self)
            page.proxy.setFilterFixedString(self.filter.text())
            page.model.edit_refused.connect(self._on_refused)
            page.view.selectionModel().currentRowChanged.connect(self._on_q_current_changed)
            page.proxy.modelReset.connect(self._on_q_page_reset)
            self.pages[section] = page
            self.pages_widget.addWidget(page)
        return self.pages[section]

    def show_section(self, section: str) -> SectionPage:
        """Switch to a section's table."""
        self.section_list.setCurrentRow(list(SECTIONS).index(section))
        return self.page

    def _on_q_section_changed(self, _row: int) -> None:
        page = self.page
        self.pages_widget.setCurrentWidget(page)
        page.fit_columns()
        if not page.view.currentIndex().isValid() and page.proxy.rowCount():
            page.view.setCurrentIndex(page.proxy.index(0, 0))
        self._on_q_current_changed()

    def _on_q_filter_changed(self, text: str) -> None:
        for page in self.pages.values():
            page.proxy.setFilterFixedString(text)
        self._on_q_current_changed()

    def _on_q_find(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def current_entry(self):
        """The entry under the cursor of the shown table, or None."""
        idx = self.page.view.currentIndex()
        if not idx.isValid():
            return None
        row = self.page.proxy.mapToSource(idx).row()
        entries = section_list(self.doc.project, self.section)
        return entries[row] if 0 <= row < len(entries) else None

    def _on_q_current_changed(self, *_: object) -> None:
        entry = self.current_entry()
        self.set_provenance(entry)
        self.current_entry_changed.emit(self.section, entry.id if entry is not None else None)

    def set_provenance(self, entry) -> None:
        """Show where the current entry's figures come from, in full."""
        if entry is None:
            text = ""
            if self.page.proxy.rowCount() == 0:
                text = (
                    "No rows match the filter."
                    if self.filter.text()
                    else f"{SECTIONS[self.section][1]} has no rows: Add Row starts one "
                    "from the default catalog (Undo brings deleted rows back)."
                )
            self.provenance.setText(text)
            return
        source = entry.source or "not recorded"
        as_of = entry.as_of or "not recorded"
        notes = f"<br><b>Notes:</b> {escape(entry.notes)}" if entry.notes else ""
        self.provenance.setText(
            f"<b>{escape(entry.id)}</b> &mdash; <b>Source:</b> {escape(source)} "
            f"&nbsp;<b>As of:</b> {escape(as_of)}{notes}"
        )

    def _on_q_page_reset(self) -> None:
        # After File > Open the table keeps a row under the cursor, and the summary a figure.
        page = self.page
        if not page.view.currentIndex().isValid() and page.proxy.rowCount():
            page.view.setCurrentIndex(page.proxy.index(0, 0))
        self._on_q_current_changed()

    def _on_doc_changed(self, change: Change) -> None:
        if change.kind != "set":
            self._refresh_counts()

        if change.touches(self.section):
            self._on_q_current_changed()

    def _refresh_counts(self) -> None:
        for i in range(self.section_list.count()):
            item = self.section_list.item(i)
            name = item.data(Qt.ItemDataRole.UserRole)
            n = len(section_list(self.doc.project, name))
            item.setText(f"{SECTIONS[name][1]} ({n})")

    # --- feedback ----------------------------------------------------------------------

    def _on_refused(self, reason: str) -> None:
        self.show_message(reason)
        view = self.page.view
        rect = view.visualRect(view.currentIndex())
        QToolTip.showText(view.viewport().mapToGlobal(rect.bottomLeft()), reason, view)

    def _on_q_index_changed(self, _index: int) -> None:
        self.message.hide()

    def show_message(self, text: str) -> None:
        """Say why something was refused, under the table and in the status bar."""
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.status_message.emit(text)

    def _run(self, make) -> bool:
        try:
            self.stack.push_command(make())
        except InferCostError as exc:
            self.show_message(str(exc))
            return False
        self.show_message("")
        return True

    # --- row operations ------------------------------------------------------------------

    def add_row(self) -> None:
        """Add a row started as a copy of the current one (or the last), provenance cleared."""
        page, section = self.page, self.section
        entries = section_list(self.doc.project, section)
        rows = page.selected_rows()
        if entries:
            template = entries[rows[0] if rows else -1]
        else:
            # An emptied section is no dead end: start from the default catalog's first entry.
            defaults = default_catalog().section(section)
            if not defaults:
                self.show_message(f"{SECTIONS[section][1]} has no entry to start a row from")
                return
            template = defaults[0]
        new = template.model_copy(
            update={
                "id": unused_id(self.doc.project, f"new-{template.id}"),
                "source": "",
                "as_of": "",
                "notes": f"Started as a copy of {template.id}: replace its figures with yours.",
            }
        )
        at = (rows[-1] + 1) if rows else len(entries)
        if self._run(lambda: InsertRows(self.doc, section, at, [new], f"Add {new.id}")):
            page.select_source_rows(at, 1)

    def duplicate_rows(self) -> None:
        """Insert copies of the selected rows after the last of them (one undo step)."""
        page, section = self.page, self.section
        rows = page.selected_rows()
        if not rows:
            self.show_message("Select the rows to duplicate first")
            return
        entries = section_list(self.doc.project, section)
        copies = []
        for r in rows:
            probe = self.doc.project.model_copy()
            new_id = unused_id(probe, f"{entries[r].id}-copy")
            while any(c.id == new_id for c in copies):
                new_id = unused_id(probe, f"{new_id}-copy")
            copies.append(entries[r].model_copy(update={"id": new_id}))
        at = max(rows) + 1
        originals = [entries[r].id for r in rows]
        text = (
            f"Duplicate {', '.join(originals)}"
            if len(rows) <= 3
            else f"Duplicate {len(rows)} rows of {SECTIONS[section][1]}"
        )
        if self._run(lambda: InsertRows(self.doc, section, at, copies, text)):
            page.select_source_rows(at, len(copies))

    def delete_rows(self) -> None:
        """Delete the selected rows (one undo step); refused while something refers to them."""
        rows = self.page.selected_rows()
        if not rows:
            self.show_message("Select the rows to delete first")
            return
        self._run(lambda: RemoveRows(self.doc, self.section, rows))

    def copy_rows(self) -> None:
        """Copy the selected rows (with a header row) as tab-separated text."""
        page = self.page
        rows = page.selected_rows()
        if not rows:
            self.show_message("Select the rows to copy first")
            return
        cols = page.model.columns
        table = [[f"{c.label} ({c.unit})" if c.unit else c.label for c in cols]]
        for r in rows:
            entry = page.model.entries[r]
            table.append(
                [
                    edit_text(entry, c) if c.editable else page.model.index(r, i).data()
                    for i, c in enumerate(cols)
                ]
            )
        QGuiApplication.clipboard().setText(tsv_text(table))
        self.status_message.emit(f"Copied {len(rows)} row(s)")


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import sample_document

    app = QApplication(sys.argv)
    editor = CatalogEditor(DocumentUndoStack(sample_document()))
    editor.resize(1200, 700)
    editor.show()
    sys.exit(app.exec())
