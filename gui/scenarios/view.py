"""The scenarios view: the list of scenarios, the chosen one's workload, facts and options, and
what they compute to (comparison, the document's figures, every scenario, the advice)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from infercost.gui.events import FrameThrottle, subscribe
from infercost.gui.scenarios.advice import AdvicePanel
from infercost.gui.scenarios.comparison import AllScenariosTable, ComparisonPanel, FiguresTable
from infercost.gui.scenarios.facts_form import FactsForm
from infercost.gui.scenarios.header import ScenarioHeader
from infercost.gui.scenarios.option_editor import OptionEditor
from infercost.gui.scenarios.options_table import QOptionsTableModel
from infercost.gui.scenarios.scenario_list import ID_ROLE, QScenarioListModel
from infercost.gui.scenarios.widgets import button_row, group_box
from infercost.gui.scenarios.workload_form import WorkloadForm
from infercost.gui.undo import DocumentUndoStack
from infercost.model.costing.advisor import advise
from infercost.model.costing.evaluation import evaluate
from infercost.model.edits.commands import Change, move_item, remove_item
from infercost.model.edits.scenario_edits import (
    DeleteScenario,
    add_option,
    duplicate_scenario,
    new_scenario,
)
from infercost.model.errors import InferCostError

SCOPED = Qt.ShortcutContext.WidgetWithChildrenShortcut


class ScenariosView(QWidget):
    """Scenarios, edited and compared live; ``scenario_selected`` says which one is shown."""

    scenario_selected = Signal(str)
    status_message = Signal(str)

    def __init__(self, stack: DocumentUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("scenarios_view")
        self.stack = stack
        self.scenario_id: str | None = None
        self._last_row = 0
        self._next_option: int | None = None  # the option to select after the list resets
        self._kept_option: int | None = None
        self.evaluation = None
        self.advice = None

        self.list_model = QScenarioListModel(stack, self)
        self.list = QListView()
        self.list.setObjectName("scenario_list")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setModel(self.list_model)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.list.selectionModel().currentChanged.connect(self._on_q_scenario_changed)

        self.header = ScenarioHeader()
        self.workload_form = WorkloadForm(stack)
        self.facts_form = FactsForm(stack)
        self.options_model = QOptionsTableModel(stack, self)
        self.options = QTableView()
        self.options.setObjectName("options_table")
        self.options.setModel(self.options_model)
        self.options.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.options.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.options.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.options.setWordWrap(False)
        self.options.setAlternatingRowColors(True)
        self.options.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.options.horizontalHeader().setStretchLastSection(True)
        self.options.setMinimumHeight(7 * (self.fontMetrics().height() + 8))
        self.options.selectionModel().selectionChanged.connect(
            lambda *_: self._on_q_option_changed()
        )
        self.options_model.modelAboutToBeReset.connect(self._keep_option)
        self.options_model.modelReset.connect(self._reselect_option)
        self.option_editor = OptionEditor(stack)

        self.comparison_panel = ComparisonPanel()
        self.figures = FiguresTable()
        self.every = AllScenariosTable()
        self.advice_panel = AdvicePanel()

        self._make_actions()
        self._lay_out()
        for source in (self.workload_form, self.facts_form, self.option_editor):
            source.status_message.connect(self.status_message)
        for model in (self.list_model, self.options_model):
            model.refused.connect(self.status_message)
        self.throttle = FrameThrottle(self._recompute, self)
        subscribe(self, stack.doc.changed, self._on_doc_changed)
        if stack.doc.project.scenarios:
            self.select_scenario(stack.doc.project.scenarios[0].id)
        else:
            self._show(None)

    # --- building --------------------------------------------------------------------------

    def _action(self, text: str, slot, key: str | QKeySequence.StandardKey | None, tip: str):
        action = QAction(text, self)
        if key is not None:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(SCOPED)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _make_actions(self) -> None:
        sk = QKeySequence.StandardKey
        new_tip = "A new scenario with its own workload"
        self.new_action = self._action("New", self.new_scenario, "Ctrl+Shift+N", new_tip)
        dup_tip = "A copy of this scenario and its workload"
        self.duplicate_action = self._action(
            "Duplicate", self.duplicate_scenario, "Ctrl+D", dup_tip
        )
        self.rename_action = self._action("Rename", self.rename_scenario, "F2", "Rename it")
        del_tip = "Delete this scenario (and the workload only it used)"
        self.delete_action = self._action("Delete", self.delete_scenario, sk.Delete, del_tip)
        self.list.addActions([self.duplicate_action, self.rename_action, self.delete_action])
        self.addAction(self.new_action)
        self.add_menu = QMenu(self)
        for kind, text in (("api", "API or hosted offer"), ("rental", "GPU rental"),
                           ("owned", "Owned build")):  # fmt: skip
            self.add_menu.addAction(text, lambda k=kind: self.add_option(k))
        self.remove_option_action = self._action("Remove", self.remove_option, sk.Delete,
                                                 "Remove the selected option")  # fmt: skip
        self.up_action = self._action("Up", lambda: self.move_option(-1), "Ctrl+Up", "Move up")
        self.down_action = self._action("Down", lambda: self.move_option(1), "Ctrl+Down",
                                        "Move down")  # fmt: skip
        self.options.addActions([self.remove_option_action, self.up_action, self.down_action])

    def _lay_out(self) -> None:
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("<b>Scenarios</b>"))
        ll.addWidget(self.list, 1)
        grid = QGridLayout()
        for i, action in enumerate(
            (self.new_action, self.duplicate_action, self.rename_action, self.delete_action)
        ):
            b = QToolButton()
            b.setDefaultAction(action)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            grid.addWidget(b, i // 2, i % 2)
        ll.addLayout(grid)

        center = QWidget()
        cl = QVBoxLayout(center)
        cl.addWidget(self.header)
        cl.addWidget(group_box("Workload", self.workload_form))
        cl.addWidget(group_box("Decision facts", self.facts_form))
        opts = QWidget()
        ol = QVBoxLayout(opts)
        ol.setContentsMargins(0, 0, 0, 0)
        add = QToolButton()
        add.setText("Add")
        add.setObjectName("add_option")
        add.setToolTip("Add an option to compare")
        add.setMenu(self.add_menu)
        add.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar = button_row(self.remove_option_action, self.up_action, self.down_action)
        bar.insertWidget(0, add)
        ol.addWidget(self.options, 1)
        ol.addLayout(bar)
        cl.addWidget(group_box("Options compared", opts), 1)
        cl.addWidget(group_box("Selected option", self.option_editor))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(center)
        # Sized to show the form whole; on a small screen it scrolls rather than clips.
        self._center_width = center.minimumSizeHint().width() + 20

        self.results = QTabWidget()
        self.results.setObjectName("results")
        self.results.addTab(self.comparison_panel, "Comparison")
        self.results.addTab(self.figures, "Document figures")
        self.results.addTab(self.every, "All scenarios")
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.results)
        right.addWidget(group_box("Decision advisor (seed §6 matrix)", self.advice_panel))
        right.setSizes([420, 380])

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(scroll)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 0)
        split.setStretchFactor(2, 1)
        self.split = split
        self._sized = False
        lay = QHBoxLayout(self)
        lay.addWidget(split)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self.throttle.request()
        if not self._sized:
            # The form whole when there is room; the results take the rest (at least 360 px).
            self._sized = True
            room = max(self.split.width(), 800)
            center = min(self._center_width, room - 170 - 360)
            self.split.setSizes([170, center, room - 170 - center])

    # --- selection -------------------------------------------------------------------------

    def select_scenario(self, scenario_id: str) -> None:
        """Show this scenario (its row in the list becomes current)."""
        row = self.list_model.row_of(scenario_id)
        if row is None:
            return
        self.list.selectionModel().setCurrentIndex(
            self.list_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self._show(scenario_id)

    def _on_q_scenario_changed(self, current, _previous) -> None:
        sid = current.data(ID_ROLE) if current.isValid() else None
        if sid != self.scenario_id:
            self._show(sid)

    def _show(self, scenario_id: str | None) -> None:
        self.scenario_id = scenario_id
        self._last_row = self._row() or 0
        self._next_option = None
        s = None if scenario_id is None else self.stack.doc.project.scenario(scenario_id)
        self.workload_form.set_workload(None if s is None else s.workload_id)
        self.facts_form.set_scenario(scenario_id)
        self.options_model.set_scenario(scenario_id)
        self.options.resizeColumnsToContents()
        if s is not None and s.options:
            self.options.selectRow(0)
        self._on_q_option_changed()
        for a in (self.duplicate_action, self.rename_action, self.delete_action):
            a.setEnabled(s is not None)
        self._show_header()
        self.throttle.request()
        if scenario_id is not None:
            self.scenario_selected.emit(scenario_id)

    def current_option(self) -> int | None:
        """The selected option's index, None when none is."""
        rows = self.options.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _on_q_option_changed(self) -> None:
        self.option_editor.set_option(self.scenario_id, self.current_option())
        self._show_throughput()

    def _keep_option(self) -> None:
        self._kept_option = (
            self.current_option() if self._next_option is None else self._next_option
        )
        self._next_option = None

    def _reselect_option(self) -> None:
        self.options.resizeColumnsToContents()
        n = self.options_model.rowCount()
        if n:
            self.options.selectRow(min(self._kept_option or 0, n - 1))
        self._on_q_option_changed()

    # --- edits -----------------------------------------------------------------------------

    def _push(self, factory) -> bool:
        try:
            self.stack.push_command(factory())
        except InferCostError as exc:
            self.status_message.emit(str(exc))
            return False
        return True

    def _row(self) -> int | None:
        return self.list_model.row_of(self.scenario_id)

    def new_scenario(self) -> None:
        """Add a scenario with its own workload and show it."""
        n = len(self.stack.doc.project.scenarios)
        if self._push(lambda: new_scenario(self.stack.doc)):
            self.select_scenario(self.stack.doc.project.scenarios[n].id)

    def duplicate_scenario(self) -> None:
        row = self._row()
        if row is not None and self._push(lambda: duplicate_scenario(self.stack.doc, row)):
            self.select_scenario(self.stack.doc.project.scenarios[row + 1].id)

    def rename_scenario(self) -> None:
        row = self._row()
        if row is not None:
            self.list.edit(self.list_model.index(row))

    def delete_scenario(self) -> None:
        row = self._row()
        if row is not None:
            self._push(lambda: DeleteScenario(self.stack.doc, row))

    def add_option(self, kind: str) -> None:
        """Add an option of this kind (the catalog's first offer, rental or build)."""
        row = self._row()
        if row is None:
            return
        self._next_option = len(self.stack.doc.project.scenarios[row].options)
        self._push(lambda: add_option(self.stack.doc, row, kind))

    def remove_option(self) -> None:
        row, index = self._row(), self.current_option()
        if row is not None and index is not None:
            self._next_option = index
            self._push(lambda: remove_item(self.stack.doc, "scenarios", row, "options", index))

    def move_option(self, step: int) -> None:
        row, index = self._row(), self.current_option()
        if row is None or index is None or not 0 <= index + step < self.options_model.rowCount():
            return
        if self._push(
            lambda: move_item(self.stack.doc, "scenarios", row, "options", index, index + step)
        ):
            self.options.selectRow(index + step)

    # --- results ---------------------------------------------------------------------------

    def _on_doc_changed(self, change: Change) -> None:
        scenarios = self.stack.doc.project.scenarios
        if self._row() is None:
            # The shown scenario is gone (deleted, an undone add, another file): show the one
            # now in its place.
            if scenarios:
                self.select_scenario(scenarios[min(self._last_row, len(scenarios) - 1)].id)
            elif self.scenario_id is not None:
                self._show(None)
        elif change.section is None and self.scenario_id is not None:
            self.select_scenario(self.scenario_id)  # the list was reset: select it again
        self._show_header()
        self.throttle.request()

    def _show_header(self) -> None:
        self.header.set_scenario(self.stack.doc.project, self.scenario_id)

    def _recompute(self) -> None:
        if not self.isVisible():
            self._stale = True  # another tab is shown: recompute when this one is again
            return
        self._stale = False
        project = self.stack.doc.project
        results = []
        self.evaluation = self.advice = None
        message = "No scenario selected: add one with New."
        for s in project.scenarios:
            try:
                comp = evaluate(project, s)
                adv = advise(project, s.id, comp)
                results.append((s.name, comp, adv, ""))
            except InferCostError as exc:
                comp = adv = None
                results.append((s.name, None, None, str(exc)))
                if s.id == self.scenario_id:
                    message = str(exc)
            if s.id == self.scenario_id:
                self.evaluation, self.advice = comp, adv
        self.comparison_panel.set_evaluation(self.evaluation, message)
        self.figures.set_evaluation(self.evaluation)
        self.every.set_results(results)
        self.advice_panel.set_advice(self.advice, message)
        self._show_throughput()

    def _show_throughput(self) -> None:
        index, comp = self.current_option(), self.evaluation
        text, used = "", None
        if comp is not None and index is not None and index < len(comp.options):
            r = comp.options[index]
            f = r.cost.function if r.cost is not None else None
            if r.cost is None:
                text = r.error or ""
            elif f is not None and f.tokens_per_s is not None:
                text = f"{f.tokens_per_s:,.0f} tok/s per unit ({f.throughput_source})"
                used = f.tokens_per_s
        self.option_editor.set_throughput(text, used)


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import sample_document

    app = QApplication(sys.argv)
    view = ScenariosView(DocumentUndoStack(sample_document()))
    view.resize(1400, 820)
    view.show()
    sys.exit(app.exec())
