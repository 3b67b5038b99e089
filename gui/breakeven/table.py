"""The numbers beside the break-even chart as Qt item models: each option at the workload's
volume (the Evaluation's cheapest in bold, each row's status), and every crossing in words, those
where the cheapest option changes first; both copy as TSV."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette

from infercost.model.costing.chart_data import ChartData, CrossingMark, Crossings, OptionSeries
from infercost.model.formatting import format_money
from infercost.model.formatting import format_tokens as tokens
from infercost.model.interchange.cell_text import tsv_text

Index = QModelIndex | QPersistentModelIndex


class OptionCol(IntEnum):
    OPTION = 0
    KIND = 1
    UNITS = 2
    FIXED = 3
    VARIABLE = 4
    TOTAL = 5
    PER_MTOK = 6
    STATUS = 7
    THROUGHPUT = 8
    PLAUSIBILITY = 9


OPTION_HEADERS = {
    OptionCol.OPTION: "Option",
    OptionCol.KIND: "Kind",
    OptionCol.UNITS: "Units",
    OptionCol.FIXED: "Fixed $/month",
    OptionCol.VARIABLE: "Variable $/month",
    OptionCol.TOTAL: "Total $/month",
    OptionCol.PER_MTOK: "$/Mtok",
    OptionCol.STATUS: "Status",
    OptionCol.THROUGHPUT: "tok/s per unit",
    OptionCol.PLAUSIBILITY: "Throughput check (estimator)",
}
_NUMERIC = {OptionCol.UNITS, OptionCol.FIXED, OptionCol.VARIABLE, OptionCol.TOTAL,
            OptionCol.PER_MTOK, OptionCol.THROUGHPUT}  # fmt: skip


def option_cells(s: OptionSeries) -> list[str]:
    """The display text of one option's row."""
    oc, f = s.at_workload, s.function
    units = "-" if oc.capacity_tokens_per_unit is None else str(oc.units)
    per = "-" if oc.usd_per_mtok is None else f"${oc.usd_per_mtok:.4f}"
    # The number and where it came from; the full sentence is the cell's tooltip.
    origin = s.option.throughput_origin
    tps = "-" if f.tokens_per_s is None else f"{f.tokens_per_s:,.0f} ({origin})"
    check = s.check.text if s.check is not None else ""
    t = f.throughput
    if t is not None and t.claim_rejected:
        check = f"not used: {check}"
    return [s.label, s.kind, units, format_money(oc.fixed_usd), format_money(oc.variable_usd),
            format_money(oc.usd), per, s.status, tps, check]  # fmt: skip


class QOptionCostModel(QAbstractTableModel):
    """One row per option: its cost at the workload's volume; the evaluation's cheapest
    (comparable, feasible) row in bold, the rows that cannot be chosen dimmed with the reason,
    as in the Scenarios tab."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.data_: ChartData | None = None
        self._rows: list[list[str]] = []

    def set_data(self, data: ChartData) -> None:
        rows = [option_cells(s) for s in data.series]
        old, self.data_ = self._rows, data
        _apply_rows(self, old, rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(OptionCol)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(OptionCol):
            if role == Qt.ItemDataRole.DisplayRole:
                return OPTION_HEADERS[OptionCol(section)]
            if role == Qt.ItemDataRole.ToolTipRole and self.data_ is not None:
                return (
                    f"At {tokens(self.data_.workload_tokens)} tokens/month, the workload's volume"
                )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.data_ is None:
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= c < len(OptionCol)):
            return None
        if role == Qt.ItemDataRole.ToolTipRole and c == OptionCol.THROUGHPUT:
            f = self.data_.series[r].function
            return f"{self._rows[r][c]}: {f.throughput_source}" if f.tokens_per_s else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[r][c]
        if role == Qt.ItemDataRole.TextAlignmentRole and c in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        cheapest = self.data_.series[r].label == self.data_.cheapest_at_workload
        if role == Qt.ItemDataRole.FontRole and cheapest:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and not self.data_.series[r].eligible:
            return QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.UserRole:
            return self.data_.series[r]
        return None


class CrossingCol(IntEnum):
    NUMBER = 0
    VOLUME = 1
    COST = 2
    KIND = 3
    CHEAPEST = 4
    SENTENCE = 5


CROSSING_HEADERS = {
    CrossingCol.NUMBER: "#",
    CrossingCol.VOLUME: "tokens/month",
    CrossingCol.COST: "$/month there",
    CrossingCol.KIND: "Kind",
    CrossingCol.CHEAPEST: "Cheapest from here",
    CrossingCol.SENTENCE: "What changes",
}


def crossing_cells(i: int, m: CrossingMark) -> list[str]:
    kind = "added unit" if m.crossing.kind == "step" else "lines meet"
    cheapest = m.envelope.after if m.envelope is not None else ""
    return [str(i + 1), tokens(m.volume_tokens), format_money(m.usd_per_month), kind, cheapest,
            m.sentence]  # fmt: skip


class QCrossingModel(QAbstractTableModel):
    """Every crossing of the model's break-even analysis, numbered as on the chart: first
    those where the cheapest option changes (in bold), then the others by volume. Rows are
    written when shown (a 300-option scenario has tens of thousands)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.crossings: Crossings | None = None
        self._rows: dict[int, list[str]] = {}
        self._key: tuple = ()

    def set_data(self, data: ChartData) -> None:
        cr = data.crossings
        # Unchanged crossings (a drag of the volume line): no reset, the view keeps its place.
        key = (cr.envelope_count, cr.volumes.tobytes(), cr.usd.tobytes(), data.labels())
        if key == self._key:
            return
        if self.crossings is not None and len(cr) == len(self.crossings) and len(cr):
            # Same count (a price edit moves them): the rows change in place, the view keeps
            # its column widths and repaints the rows it shows (a reset re-measured them all).
            self.crossings, self._key, self._rows = cr, key, {}
            self.dataChanged.emit(self.index(0, 0), self.index(len(cr) - 1, len(CrossingCol) - 1))
            return
        self.beginResetModel()
        self.crossings, self._key, self._rows = cr, key, {}
        self.endResetModel()

    def cells(self, r: int) -> list[str]:
        assert self.crossings is not None
        row = self._rows.get(r)
        if row is None:
            row = self._rows[r] = crossing_cells(r, self.crossings[r])
        return row

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.crossings is None else len(self.crossings)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CrossingCol)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(CrossingCol)
        ):
            return CROSSING_HEADERS[CrossingCol(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.crossings is None:
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self.crossings) and 0 <= c < len(CrossingCol)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cells(r)[c]
        if role == Qt.ItemDataRole.TextAlignmentRole and c in (
            CrossingCol.VOLUME,
            CrossingCol.COST,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and r < self.crossings.envelope_count:
            font = QFont()
            font.setBold(True)
            return font
        return None


def _apply_rows(model, old: list[list[str]], new: list[list[str]]) -> None:
    """Swap in new rows: a reset when the count changes, else dataChanged for the rows whose
    text changed (a view repaints those rows only; a drag changes few of them)."""
    if len(old) != len(new):
        model.beginResetModel()
        model._rows = new
        model.endResetModel()
        return
    model._rows = new
    last = model.columnCount() - 1
    for r, (a, b) in enumerate(zip(old, new, strict=True)):
        if a != b:
            model.dataChanged.emit(model.index(r, 0), model.index(r, last))
    if new and model is not None and isinstance(model, QOptionCostModel):
        # The bold cheapest row can move without any text changing.
        model.dataChanged.emit(
            model.index(0, 0), model.index(len(new) - 1, 0), [Qt.ItemDataRole.FontRole]
        )


def tsv(model: QAbstractTableModel) -> str:
    """The model as tab-separated text: a header line, then one line per row."""
    cols = range(model.columnCount())
    rows = [[model.headerData(c, Qt.Orientation.Horizontal) for c in cols]]
    rows += [[model.index(r, c).data() for c in cols] for r in range(model.rowCount())]
    return tsv_text(rows)


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication, QTableView

    from infercost.gui.sample import new_project
    from infercost.model.costing.chart_data import chart_data

    app = QApplication(sys.argv)
    model = QOptionCostModel()
    model.set_data(chart_data(new_project(), "seed-1-startup"))
    view = QTableView()
    view.setModel(model)
    view.resizeColumnsToContents()
    view.resize(1000, 240)
    view.show()
    sys.exit(app.exec())
