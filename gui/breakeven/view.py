"""The break-even view: a scenario chooser, the cost chart (or USD per Mtok), the utilization
chart, and the numbers at the workload's volume. Any document change redraws it once per frame;
dragging the volume line edits the workload's monthly tokens (one undo step per drag)."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from infercost.gui.breakeven.chart import BreakEvenChart
from infercost.gui.breakeven.table import QCrossingModel, QOptionCostModel, tsv
from infercost.gui.breakeven.utilization_chart import UtilizationChart
from infercost.gui.events import FrameThrottle, subscribe
from infercost.gui.lazy_view import LazyView
from infercost.gui.undo import DocumentUndoStack
from infercost.model.costing.chart_data import ChartData, chart_data
from infercost.model.edits.commands import Change, SetField
from infercost.model.errors import EditRefused, InferCostError
from infercost.model.formatting import format_tokens as tokens


class BreakEvenView(QWidget):
    """Shows one scenario's break-even chart; ``set_scenario(id)`` chooses which, and
    ``scenario_changed`` says when the user picked another."""

    scenario_changed = Signal(str)
    status_message = Signal(str)

    def __init__(self, stack: DocumentUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("breakeven_view")
        self.stack = stack
        self.doc = stack.doc
        self.data: ChartData | None = None
        self.scenario_id: str | None = None
        self._drag_serial = 0
        self._stale = False
        self._dragging = False

        self.scenario = QComboBox(self)
        self.scenario.setObjectName("breakeven_scenario")
        self.scenario.setToolTip("The scenario whose options are compared")
        self.scenario.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scenario.currentIndexChanged.connect(self._on_q_scenario_changed)
        self.per_mtok = QPushButton("USD per &Mtok", self)
        self.per_mtok.setCheckable(True)
        self.per_mtok.setToolTip("Show the cost per million tokens instead of the monthly cost")
        self.per_mtok.toggled.connect(self._on_q_mode_toggled)
        self.export_button = QPushButton("Export chart…", self)
        self.export_button.setToolTip(
            "Save the chart alone (title, axis units, whole legend) as PNG at a chosen width, "
            "or as SVG or PDF (vector)"
        )
        self.export_button.clicked.connect(self.export_dialog)
        self.copy_button = QPushButton("Copy table", self)
        self.copy_button.setToolTip("Copy the options and crossings as tab-separated text")
        self.copy_button.clicked.connect(self.copy_tsv)
        self.message = QLabel(self)
        self.message.setObjectName("breakeven_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Scenario:", self))
        bar.addWidget(self.scenario, 1)
        bar.addWidget(self.per_mtok)
        bar.addWidget(self.export_button)
        bar.addWidget(self.copy_button)

        self.chart = BreakEvenChart(self)
        self.chart.volume_dragged.connect(self._on_q_volume_dragged)
        self.chart.volume_drag_finished.connect(self._on_q_drag_finished)
        # The second chart is built when its tab is first shown (start-up draws one plot).
        self.utilization_tab = LazyView(UtilizationChart, self)
        self.charts = QTabWidget(self)
        self.charts.setObjectName("breakeven_charts")
        self.charts.addTab(self.chart, "Cost against volume")
        self.charts.addTab(self.utilization_tab, "Cost against utilization")
        self._utilization_stale = True
        self.charts.currentChanged.connect(lambda _i: self._show_utilization())

        self.options_model = QOptionCostModel(self)
        self.crossings_model = QCrossingModel(self)
        self.options_table = _table(self.options_model, self)
        self.options_table.setObjectName("breakeven_options")
        self.crossings_table = _table(self.crossings_model, self)
        self.crossings_table.setObjectName("breakeven_crossings")
        self.crossings_table.horizontalHeader().setStretchLastSection(True)
        # Tabs, not two stacked tables: at 200% scaling on a laptop two tables under the
        # chart leave room for one row each.
        self.tables = QTabWidget(self)
        self.tables.setObjectName("breakeven_tables")
        self.tables.addTab(self.options_table, "Costs")
        self.tables.addTab(self.crossings_table, "Crossings")
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.charts)
        split.addWidget(self.tables)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.charts.setMinimumHeight(self.fontMetrics().height() * 16)
        split.setSizes([650, 350])
        main = QVBoxLayout(self)
        main.addLayout(bar)
        main.addWidget(self.message)
        main.addWidget(split, 1)

        self.copy_action = QAction("Copy Table as TSV", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(self.copy_tsv)
        self.addAction(self.copy_action)

        self.throttle = FrameThrottle(self.refresh, self)
        subscribe(self, self.doc.changed, self._on_doc_changed)
        self._fill_scenarios()
        self.refresh()

    # --- public API ------------------------------------------------------------------------

    def set_scenario(self, scenario_id: str) -> None:
        """Show the scenario ``scenario_id`` (refused with a message when it is unknown)."""
        i = self.scenario.findData(scenario_id)
        if i < 0:
            raise InferCostError(f"there is no scenario '{scenario_id}' in the project")
        self.scenario.setCurrentIndex(i)

    def copy_tsv(self) -> str:
        """Copy the options table, a blank line and the crossings table as TSV."""
        text = tsv(self.options_model) + "\n" + tsv(self.crossings_model)
        QGuiApplication.clipboard().setText(text)
        self.status_message.emit("Copied the break-even table")
        return text

    def figure(self):
        """The chart as report data (the curves shown, in the current mode), from the one
        Evaluation: what Export chart and the proposal report draw."""
        from dataclasses import replace

        from infercost.model.costing.evaluation import evaluate
        from infercost.model.report.report_breakeven import evaluation_figure

        if self.scenario_id is None:
            raise InferCostError("the project has no scenario to draw")
        project = self.doc.project
        scenario = project.scenario(self.scenario_id)
        fig = evaluation_figure(scenario, evaluate(project, scenario), self.chart.mode)
        hidden = self.chart.hidden
        return replace(fig, series=tuple(s for s in fig.series if s.label not in hidden))

    def export_chart(self, path: Path | str, width: int = 2000) -> Path:
        """Save the chart as PNG (``width`` pixels wide), SVG or PDF, by the file's suffix."""
        from infercost.gui.report.files import save_chart

        return save_chart(self.figure(), path, width, dark=self.chart.dark)

    def export_png(self, path: Path | str, width: int) -> None:
        """Save the chart as a PNG ``width`` pixels wide."""
        self.export_chart(Path(path).with_suffix(".png"), width)

    def export_dialog(self) -> None:
        name = f"{self.scenario_id or 'breakeven'}.png"
        path, _ = QFileDialog.getSaveFileName(
            self, "Export chart", name, "PNG image (*.png);;SVG vector image (*.svg);;PDF (*.pdf)"
        )
        if not path:
            return
        width = 2000
        if Path(path).suffix.lower() not in (".svg", ".pdf"):
            width, ok = QInputDialog.getInt(
                self, "Export chart", "Width in pixels:", max(self.chart.width(), 1600), 300,
                10_000,
            )  # fmt: skip
            if not ok:
                return
        try:
            self.export_chart(path, width)
        except InferCostError as exc:
            self.status_message.emit(str(exc))
            return
        self.status_message.emit(f"Saved {path}")

    # --- model -> view ---------------------------------------------------------------------

    def _on_doc_changed(self, change: Change) -> None:
        if change.touches("scenarios"):
            self._fill_scenarios()
        if self.isVisible():
            self.throttle.request()
        else:  # on another tab: catalog edits do not pay for a chart nobody sees
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def _fill_scenarios(self) -> None:
        current = self.scenario_id
        self.scenario.blockSignals(True)
        self.scenario.clear()
        for s in self.doc.project.scenarios:
            self.scenario.addItem(s.name, s.id)
        i = self.scenario.findData(current)
        self.scenario.setCurrentIndex(max(i, 0) if self.scenario.count() else -1)
        self.scenario.blockSignals(False)
        self.scenario_id = self.scenario.currentData()

    def refresh(self) -> None:
        """Recompute the chart data from the document and show it (through the throttle)."""
        if self.scenario_id is None:
            self._show_message("The project has no scenario yet: add one to compare options.")
            return
        try:
            data = chart_data(self.doc.project, self.scenario_id)
        except InferCostError as exc:
            self._show_message(f"Cannot draw {self.scenario_id}: {exc}")
            return
        self.data = data
        self.chart.set_data(data)
        self._utilization_stale = True
        if self.charts.currentWidget() is self.utilization_tab:
            self._show_utilization()
        self.options_model.set_data(data)
        self.crossings_model.set_data(data)
        # Only when the text changes: a new tab text re-lays out the tab bar and what it holds.
        costs = f"Costs at {tokens(data.workload_tokens)} tokens/month"
        if self.tables.tabText(0) != costs:
            self.tables.setTabText(0, costs)
        self.tables.setTabToolTip(
            0,
            f"Each option at the workload's volume ({data.workload_name}); the cheapest in bold",
        )
        crossings = f"Crossings ({len(data.crossings)})"
        if self.tables.tabText(1) != crossings:
            self.tables.setTabText(1, crossings)
        self.tables.setTabToolTip(
            1,
            "Every volume where the cheaper of two options changes. First, in bold, those where "
            "the cheapest option changes, numbered and labelled on the chart; the others are "
            "dots on the chart, named when the mouse is over them.",
        )
        problems = "; ".join(data.problems)
        if not data.series:
            problems = problems or "the scenario has no options to compare yet"
        self._show_message(f"Not drawn: {problems}" if problems else "")

    @property
    def utilization(self) -> UtilizationChart:
        """The utilization chart (built now if its tab was never shown)."""
        return self.utilization_tab.ensure_built()

    def _show_utilization(self) -> None:
        """The hidden chart is drawn when its tab is shown, not at every edit."""
        if self.charts.currentWidget() is not self.utilization_tab:
            return
        if self._utilization_stale and self.data is not None:
            self.utilization.set_data(self.data)
            self._utilization_stale = False

    def _show_message(self, text: str) -> None:
        if text != self.message.text():
            self.message.setText(text)
        if self.message.isVisibleTo(self) != bool(text):
            self.message.setVisible(bool(text))

    # --- view -> model ---------------------------------------------------------------------

    def _on_q_scenario_changed(self, _i: int) -> None:
        self.scenario_id = self.scenario.currentData()
        self.refresh()
        if self.scenario_id is not None:
            self.scenario_changed.emit(self.scenario_id)

    def _on_q_mode_toggled(self, on: bool) -> None:
        self.chart.set_mode("per_mtok" if on else "usd")

    def _on_q_volume_dragged(self, volume: float) -> None:
        """Edit the workload's monthly tokens; every move of one drag merges into one step."""
        if self.data is None:
            return
        if not self._dragging:
            self._dragging = True
            self._drag_serial += 1
        value = float(f"{volume:.3g}") if volume > 0 and math.isfinite(volume) else volume
        row = self.data.workload_row
        try:
            cmd = SetField(self.doc, "workloads", row, "monthly_tokens", value)
        except EditRefused as exc:
            self.status_message.emit(str(exc))
            return
        cmd.merge_key = ("drag volume", row, self._drag_serial)
        self.stack.push_command(cmd)

    def _on_q_drag_finished(self) -> None:
        self._dragging = False
        self.throttle.request()


def _table(model, parent) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
    # Columns fit their contents when the rows change, not at every recompute (measuring
    # every cell of a table at each frame of a drag costs more than the chart).
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    model.modelReset.connect(view.resizeColumnsToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setWordWrap(False)
    return view


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui import theme
    from infercost.gui.sample import sample_document

    app = QApplication(sys.argv)
    if "--dark" in sys.argv:
        theme.apply_theme(app, "dark")
    view = BreakEvenView(DocumentUndoStack(sample_document()))
    view.resize(1200, 860)
    view.show()
    sys.exit(app.exec())
