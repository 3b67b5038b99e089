"""What fits on the build's GPUs: two sortable tables (in VRAM, and only with offload); a row
chosen sets the summary's LLM."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from infercost.model.costing.fits import FitRow, Fits
from infercost.model.formatting import format_number as _format

# The default parent of rowCount and columnCount: the root.
_ROOT = QModelIndex()


def format_number(value: float, unit: str) -> str:
    """A computed figure at reading precision ($0.197; cents above $1)."""
    return _format(value, unit, "reading")


class Col(IntEnum):
    # Speed and cost first: what a reader scans for, visible in a narrow pane.
    LLM = 0
    QUANT = 1
    TOKENS_PER_S = 2
    USD_PER_MTOK = 3
    MAX_CONTEXT = 4
    MAX_CONCURRENCY = 5
    WEIGHTS = 6
    OFFLOAD = 7


_HEADERS = {
    Col.LLM: ("LLM", "The catalog LLM"),
    Col.QUANT: ("Format", "Weight format (quantization)"),
    Col.WEIGHTS: ("Weights\nGB", "Memory the weights take"),
    Col.MAX_CONTEXT: ("Max context\n1 seq", "Longest context one sequence can hold in VRAM"),
    Col.MAX_CONCURRENCY: ("Seqs at\n4k ctx", "How many sequences of 4,096 tokens fit in VRAM"),
    Col.TOKENS_PER_S: ("Decode\ntok/s", "One sequence's decode speed (measured when marked)"),
    Col.USD_PER_MTOK: ("$/Mtok", "The build's $/hour over the tokens one sequence generates"),
    Col.OFFLOAD: ("Offloaded", "Share of the weights held in system RAM"),
}


class QFitsModel(QAbstractTableModel):
    """Rows of a what-fits table; ``Qt.UserRole`` gives the sort value of a cell."""

    def __init__(self, offloaded: bool, parent=None) -> None:
        super().__init__(parent)
        self.offloaded = offloaded
        self.rows: tuple[FitRow, ...] = ()

    def set_rows(self, rows: tuple[FitRow, ...]) -> bool:
        """Show ``rows``; True when the set of rows changed (a reset), False when only their
        figures did (a price edit: one dataChanged, the view keeps its sort and scroll)."""
        same = [(r.llm_id, r.quant_id) for r in rows] == [(r.llm_id, r.quant_id) for r in self.rows]
        if same and rows:
            self.rows = rows
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, last))
            return False
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()
        return True

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else (len(Col) if self.offloaded else len(Col) - 1)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        header, tip = _HEADERS[Col(section)]
        if role == Qt.ItemDataRole.DisplayRole:
            return header
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r, col = self.rows[index.row()], Col(index.column())
        values = {
            Col.LLM: r.llm_name,
            Col.QUANT: r.quant_name,
            Col.WEIGHTS: r.weights_gb,
            Col.MAX_CONTEXT: r.max_context,
            Col.MAX_CONCURRENCY: r.max_concurrency,
            Col.TOKENS_PER_S: r.tokens_per_s,
            Col.USD_PER_MTOK: r.usd_per_mtok,
            Col.OFFLOAD: r.offload_share,
        }
        value = values[col]
        if role == Qt.ItemDataRole.UserRole:
            return float("inf") if value is None else value
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return "—"
            if col == Col.WEIGHTS:
                return f"{value:,.1f}"
            if col in (Col.MAX_CONTEXT, Col.MAX_CONCURRENCY):
                return f"{value:,}"
            if col == Col.TOKENS_PER_S:
                return f"{value:,.1f}" + (" ✓" if r.source == "measured" else "")
            if col == Col.USD_PER_MTOK:
                return format_number(value, "$")
            if col == Col.OFFLOAD:
                return f"{value:.0%}"
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and col not in (Col.LLM, Col.QUANT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == Col.TOKENS_PER_S:
            return "measured in the catalog" if r.source == "measured" else "estimate"
        return None


class FitsTable(QWidget):
    """Both tables with their headings; ``chosen`` carries (llm_id, quant_id) of a clicked row."""

    chosen = Signal(str, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.fitting_model = QFitsModel(False, self)
        self.fitting_view = self._table(self.fitting_model, "fits_table")
        layout.addWidget(self.fitting_view, 3)
        self.offload_heading = QLabel(
            "Fit only with weights offloaded to system RAM, read far slower than VRAM:", self
        )
        layout.addWidget(self.offload_heading)
        self.offloaded_model = QFitsModel(True, self)
        self.offloaded_view = self._table(self.offloaded_model, "offload_table")
        layout.addWidget(self.offloaded_view, 2)

    def _table(self, model: QFitsModel, name: str) -> QTableView:
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(model)
        proxy.setSortRole(Qt.ItemDataRole.UserRole)
        view = QTableView(self)
        view.setObjectName(name)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        # Sized to the contents when the rows change, not on every repaint (126 rows).
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        view.clicked.connect(lambda idx, m=model, p=proxy: self._on_q_clicked(m, p, idx))
        view.activated.connect(lambda idx, m=model, p=proxy: self._on_q_clicked(m, p, idx))
        return view

    def _on_q_clicked(self, model: QFitsModel, proxy: QSortFilterProxyModel, index) -> None:
        row = model.rows[proxy.mapToSource(index).row()]
        self.chosen.emit(row.llm_id, row.quant_id)

    def set_fits(self, fits: Fits | None, message: str = "") -> None:
        if fits is None:
            self.heading.setText(message or "No build selected")
            self.fitting_model.set_rows(())
            self.offloaded_model.set_rows(())
            return
        self.heading.setText(
            f"{len(fits.fitting)} LLM × format combinations fit in {fits.gpu_count} × "
            f"{fits.gpu_id} at a {fits.context_tokens:,}-token context (✓ measured). "
            "Click a row to price it in the summary."
        )
        for model, view in (
            (self.fitting_model, self.fitting_view),
            (self.offloaded_model, self.offloaded_view),
        ):
            rows = fits.fitting if model is self.fitting_model else fits.offloaded
            if model.set_rows(rows):
                view.resizeColumnsToContents()
        self.offload_heading.setVisible(bool(fits.offloaded))
        self.offloaded_view.setVisible(bool(fits.offloaded))


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import sample_document
    from infercost.model.costing.fits import what_fits

    app = QApplication(sys.argv)
    cat = sample_document().project.catalog
    table = FitsTable()
    table.set_fits(what_fits(cat.build("8x-h100-node"), cat))
    table.chosen.connect(lambda llm, quant: print(llm, quant))
    table.resize(900, 600)
    table.show()
    sys.exit(app.exec())
