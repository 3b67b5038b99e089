"""The preview of an import: added, changed (old -> new), rejected rows and notes, then Apply."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from infercost.model.catalog.catalog import SECTIONS
from infercost.model.guard import printable
from infercost.model.interchange.import_preview import ImportPreview

MAX_ROWS_SHOWN = 20_000


class ImportPreviewDialog(QDialog):
    """Shows what an import would do; Apply is enabled only when something would change."""

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(f"Import {Path(preview.origin).name}")
        self.resize(860, 520)
        layout = QVBoxLayout(self)
        head = QLabel(self._headline(), self)
        head.setWordWrap(True)
        head.setObjectName("import_summary")
        layout.addWidget(head)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("import_tabs")
        layout.addWidget(self.tabs)
        title = lambda s: SECTIONS[s][1]  # noqa: E731
        self.added = self._table(
            "Added",
            ("Section", "ID", "Read from"),
            [(title(a.section), a.id, a.location) for a in preview.added],
        )
        self.changed = self._table(
            "Changed",
            ("Section", "ID", "Field", "Old", "New", "Read from"),
            [
                (title(c.section), c.id, f.field, _text(f.old), _text(f.new), c.location)
                for c in preview.changed
                for f in c.fields
            ],
        )
        self.rejected = self._table(
            "Rejected", ("Where", "Reason"), [(r.location, r.reason) for r in preview.rejected]
        )
        self.unchanged = self._table(
            "Unchanged",
            ("Section", "ID"),
            [(title(u.section), u.id) for u in preview.unchanged],
        )
        self.notes = self._table("Notes", ("Note",), [(n,) for n in preview.notes])
        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(preview.changes_anything)
        self.apply_button.setDefault(preview.changes_anything)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        first = next(
            (i for i in range(self.tabs.count()) if not self.tabs.tabText(i).endswith("(0)")), 0
        )
        self.tabs.setCurrentIndex(first)

    def _headline(self) -> str:
        pv = self.preview
        text = f"{printable(Path(pv.origin).name)} ({pv.kind}): {pv.summary()}."
        if pv.changes_anything:
            text += " Apply changes the catalog in one step; Edit ▸ Undo takes it back."
        else:
            text += " Nothing to apply: the catalog already holds every row that could be read."
        return text

    def _table(self, name: str, headers: tuple[str, ...], rows: list[tuple]) -> QTableWidget:
        table = QTableWidget(min(len(rows), MAX_ROWS_SHOWN), len(headers), self)
        table.setObjectName(f"import_{name.lower()}")
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setWordWrap(False)
        for r, row in enumerate(rows[:MAX_ROWS_SHOWN]):
            for c, value in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(printable(str(value))))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        for c in range(len(headers) - 1):
            table.setColumnWidth(c, min(table.columnWidth(c), 260))
        self.tabs.addTab(table, f"{name} ({len(rows):,})")
        return table


def _text(value) -> str:
    return "(empty)" if value is None or value == "" else str(value)


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import new_project
    from infercost.model.interchange.import_file import read_import

    app = QApplication(sys.argv)
    shared = Path(__file__).resolve().parents[2] / "shared" / "data"
    pv = read_import(shared / "skypilot-catalog-v8-lambda-vms.csv", new_project().catalog)
    dialog = ImportPreviewDialog(pv)
    dialog.show()
    sys.exit(app.exec())
