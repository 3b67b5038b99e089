"""Read-only panels of computed results: one scenario's options at its volume, the document's
figures beside the computed ones, and every scenario side by side."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from infercost.model.catalog.quality import tier_label
from infercost.model.costing.advice_text import (
    comparison_headline,
    evaluation_notes,
    figure_value,
    margin_text,
    row_status,
)
from infercost.model.costing.advisor import Advice
from infercost.model.costing.evaluation import Evaluation, OptionEval
from infercost.model.formatting import format_tokens as tokens
from infercost.model.formatting import usd

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _table(headers: tuple[str, ...], name: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(list(headers))
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.setTextElideMode(Qt.TextElideMode.ElideRight)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
    t.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(
    t: QTableWidget, rows: list[list[str]], right: set[int], tips: list[str] | None = None
) -> bool:
    """Write the rows into the table; False (and nothing done) when it holds them already."""
    if t.property("rows") == (rows, tips):
        return False
    t.setProperty("rows", (rows, tips))
    t.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c in right:
                item.setTextAlignment(RIGHT)
            item.setToolTip(tips[r] if tips and tips[r] else text)
            t.setItem(r, c, item)
    t.resizeColumnsToContents()
    return True


def _dim(item: QTableWidgetItem | None, table: QTableWidget) -> None:
    if item is not None:
        item.setForeground(
            table.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        )


class ComparisonPanel(QWidget):
    """The options of one scenario at its workload's volume, cheapest comparable marked."""

    HEADERS = ("Option", "Quality", "Units", "$/month", "$/Mtok", "", "tok/s per unit",
               "Upfront")  # fmt: skip

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headline = QLabel()
        self.headline.setObjectName("comparison_headline")
        self.headline.setWordWrap(True)
        self.table = _table(self.HEADERS, "comparison_table")
        self.break_even = QLabel()
        self.break_even.setObjectName("comparison_break_even")
        self.break_even.setWordWrap(True)
        # What the numbers rest on: a pinned figure not used, upfront cash and payback.
        self.notes = QLabel()
        self.notes.setObjectName("comparison_notes")
        self.notes.setWordWrap(True)
        # Room for two wrapped lines: a narrow panel must not clip the sentence's first line.
        for label in (self.headline, self.break_even, self.notes):
            label.setMinimumHeight(2 * label.fontMetrics().lineSpacing() + 4)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.headline)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.break_even)
        lay.addWidget(self.notes)

    def set_evaluation(self, comp: Evaluation | None, message: str = "") -> None:
        """Show a comparison (None: show ``message`` instead)."""
        if comp is None:
            self.headline.setText(message)
            self.table.setProperty("rows", None)
            self.table.setRowCount(0)
            self.break_even.clear()
            self.notes.clear()
            return
        self.headline.setText(comparison_headline(comp))
        rows, tips = [], []
        for r in comp.options:
            oc = r.cost
            rows.append([
                r.label,
                tier_label(r.quality),
                "-" if oc is None or oc.capacity_tokens_per_unit is None else str(oc.units),
                usd(r.usd),
                "-" if oc is None or oc.usd_per_mtok is None else f"{oc.usd_per_mtok:.4f}",
                row_status(comp, r),
                throughput_cell(r),
                upfront_cell(r),
            ])  # fmt: skip
            tip = f"Quality from {r.quality_source}" if r.cost is not None else r.error or ""
            notes = [n for n in evaluation_notes(comp) if n.startswith(f"{r.label}: ")]
            tips.append("\n".join([tip, *notes]))
        self.break_even.setText(_break_even_text(comp))
        self.notes.setText(notes_line(comp))
        if not _fill(self.table, rows, {2, 3, 4, 6, 7}, tips):
            return
        for i, r in enumerate(comp.options):
            if not r.eligible:
                for c in range(len(self.HEADERS)):
                    _dim(self.table.item(i, c), self.table)
            if comp.cheapest is r:
                for c in range(len(self.HEADERS)):
                    item = self.table.item(i, c)
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
        self.table.resizeColumnsToContents()


def throughput_cell(r: OptionEval) -> str:
    """ "110 estimate (pin 400 not used)", "3,000 pinned", "400 your figure"; "-" for an API."""
    t = r.throughput
    if t is None:
        return "-"
    text = f"{t.tokens_per_s:,.0f} {t.origin}"
    if t.claim_rejected:
        assert t.claim is not None
        what = "pin" if t.claim.source == "pinned" else "measured"
        text += f" ({what} {t.claim.figure_tokens_per_s:,.0f} not used)"
    elif t.use_own_figure:
        text += " (your figure)"
    return text


def upfront_cell(r: OptionEval) -> str:
    """ "$36,850, payback month 107" for an owned option; "-" otherwise."""
    if r.upfront_usd is None:
        return "-"
    text = usd(r.upfront_usd, 0)
    if r.payback_against is not None:
        pay = "never" if r.payback_month is None else f"month {math.ceil(r.payback_month - 1e-9):,}"
        text += f", pays back {pay}"
    return text


def notes_line(comp: Evaluation) -> str:
    """One short line under the table; the sentences are in each row's tooltip and the advisor."""
    parts = []
    if comp.rejected_claims:
        parts.append(
            "A pin above the physical ceiling is not used: costed at the estimate (hover the row "
            "for why; Use my figure on the option overrides it)."
        )
    if any(o.upfront_usd is not None and not o.operations_included for o in comp.options):
        parts.append("Owned builds: operations not included (the build sets $0/month).")
    return " ".join(parts)


def _break_even_text(comp: Evaluation) -> str:
    if comp.break_even_error:
        return f"Break-even: {comp.break_even_error}"
    if comp.cheapest is None:
        return ""
    label = comp.cheapest.label
    parts = []
    for x in comp.crossings_of(label)[:5]:
        other = x.b if x.a == label else x.a
        parts.append(f"{tokens(x.volume_tokens)} vs {other}")
    if not parts:
        reach = tokens(comp.break_even.volume_max_tokens) if comp.break_even else "-"
        return f"Break-even: {label} crosses no other option up to {reach} tokens/month."
    return f"Break-even volumes of {label}: " + "; ".join(parts) + "."


class FiguresTable(QWidget):
    """The source document's figures for the scenario, the computed ones, and why they differ."""

    HEADERS = ("Figure", "Document", "Computed", "At the document's tok/s", "Difference",
               "Why it differs")  # fmt: skip

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.empty = QLabel("This scenario carries none of the source document's figures.")
        self.table = _table(self.HEADERS, "figures_table")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.empty)
        lay.addWidget(self.table, 1)

    def set_evaluation(self, comp: Evaluation | None) -> None:
        figures = comp.figures if comp is not None else ()
        self.empty.setVisible(not figures)
        rows, tips = [], []
        for f in figures:
            d = f.difference_pct
            printed = f.figure.document_text or figure_value(f, f.figure.document_value)
            why = f.error or f.figure.reason or ("agrees" if f.agrees else "")
            if f.claim_note:  # the flip: a pinned figure above the ceiling is not used
                why = f"{f.claim_note}. {why}".strip()
            at_claim = figure_value(f, f.computed_at_claim) if f.claim_note else "same"
            rows.append([f.figure.what, printed, figure_value(f, f.computed), at_claim,
                         "-" if d is None else f"{d:+.1f}%", why])  # fmt: skip
            tips.append(f"{f.figure.where}: {why}" if f.figure.where else why)
        if not _fill(self.table, rows, {2, 3, 4}, tips):
            return
        # Long texts are elided (the tooltip has them whole) so that the numbers stay in view.
        for col, cap in ((0, 210), (1, 130)):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), cap))
        self.table.setColumnWidth(5, 600)
        warn = QColor("#c0392b")
        for i, f in enumerate(figures):
            if not f.agrees:
                item = self.table.item(i, 4)
                if item is not None:
                    item.setForeground(warn)


class AllScenariosTable(QWidget):
    """Every scenario side by side: volume, cheapest comparable option, margin, matrix row."""

    HEADERS = ("Scenario", "Volume", "Cheapest comparable", "$/month", "Margin", "Runner-up",
               "Matrix")  # fmt: skip

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.table = _table(self.HEADERS, "all_scenarios_table")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)

    def set_results(self, results: list[tuple[str, Evaluation | None, Advice | None, str]]):
        """One row per scenario: (name, comparison, advice, error message)."""
        rows = []
        for name, comp, advice, error in results:
            if comp is None:
                rows.append([name, "-", error, "-", "-", "-", "-"])
                continue
            cheap, runner = comp.cheapest, comp.runner_up
            margin = "-"
            if comp.margin_usd is not None:
                margin = margin_text(comp)
            matrix = "-"
            if advice is not None:
                matrix = (
                    "no row fits"
                    if advice.rule is None
                    else (
                        ("agrees: " if advice.agrees else "disagrees: ")
                        + advice.rule.recommendation
                    )
                )
            rows.append([
                name, tokens(comp.volume_tokens), cheap.label if cheap else "none comparable",
                usd(cheap.usd if cheap else None),
                margin,
                runner.label if runner else "-", matrix,
            ])  # fmt: skip
        _fill(self.table, rows, {1, 3, 4})


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication, QTabWidget

    from infercost.gui.sample import new_project
    from infercost.model.costing.advisor import advise
    from infercost.model.costing.evaluation import evaluate

    app = QApplication(sys.argv)
    project = new_project()
    comp = evaluate(project, project.scenario("seed-1-startup"))
    tabs = QTabWidget()
    panel, figures, every = ComparisonPanel(), FiguresTable(), AllScenariosTable()
    panel.set_evaluation(comp)
    figures.set_evaluation(comp)
    every.set_results(
        [(s.name, evaluate(project, s), advise(project, s.id), "") for s in project.scenarios]
    )
    tabs.addTab(panel, "Comparison")
    tabs.addTab(figures, "Document figures")
    tabs.addTab(every, "All scenarios")
    tabs.resize(900, 500)
    tabs.show()
    sys.exit(app.exec())
