"""The build configurator: the project's builds, a bill of materials and its assumptions, the
live summary, what fits, and own or rent."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from infercost.gui.builds.assumptions_form import AssumptionsForm
from infercost.gui.builds.bom_table import BomEditor
from infercost.gui.builds.fits_table import FitsTable
from infercost.gui.builds.own_or_rent_plot import OwnOrRentPlot
from infercost.gui.builds.summary import WARNING_STYLE, BuildSummary
from infercost.gui.events import FrameThrottle, subscribe
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.entries import Gpu
from infercost.model.costing.build_readout import build_readout
from infercost.model.costing.fits import FIT_CONTEXT_TOKENS, fits_on_hardware, hardware_key, priced
from infercost.model.costing.payback import payback
from infercost.model.edits.build_commands import PRESETS, duplicate_build, new_build
from infercost.model.edits.commands import Change, RemoveRows, SetField
from infercost.model.errors import InferCostError


class BuildsView(QWidget):
    """Everything about the project's builds; recomputes once a frame after any change."""

    status_message = Signal(str)
    current_build_changed = Signal(object)  # the shown build's id, or None

    def __init__(self, stack: DocumentUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("builds_view")
        self.stack = stack
        self.doc = stack.doc
        self.build_id: str | None = None
        self.throttle = FrameThrottle(self.recompute, self)
        self._fits_cache = None

        # Left: the builds and what can be done to them.
        self.list = QListWidget(self)
        self.list.setObjectName("build_list")
        self.list.currentItemChanged.connect(self._on_q_current_changed)
        # Renamed in place (double click or F2), like a file in a file manager.
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.list.itemChanged.connect(self._on_q_item_renamed)
        self.new_button = QToolButton(self)
        self.new_button.setText("New")
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.new_button)
        menu.addAction("Empty build", lambda: self.new(None))
        for preset, what in PRESETS.items():
            menu.addAction(f"From {what}", lambda p=preset: self.new(p))
        self.new_button.setMenu(menu)
        self.new_button.setToolTip("Start a build, empty or from a preset")
        # Delete where the list is (the catalog's own Delete acts on catalog rows).
        for key, slot, text in (
            (QKeySequence(QKeySequence.StandardKey.Delete), self.delete, "Delete build"),
        ):
            action = QAction(text, self.list)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _=False, f=slot: f())
            self.list.addAction(action)
        self.duplicate_button = QPushButton("Duplicate", self)
        self.duplicate_button.clicked.connect(self.duplicate)
        self.rename_button = QPushButton("Rename", self)
        self.rename_button.setToolTip(
            "Rename the build in place (F2 or a double click in the list)"
        )
        # Not connected to rename directly: clicked(bool) would arrive as the name.
        self.rename_button.clicked.connect(lambda _checked=False: self.rename())
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip("Delete the build (Delete in the list); undo brings it back")
        self.delete_button.clicked.connect(self.delete)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel("<b>Builds</b>", left))
        lv.addWidget(self.list, 1)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        row1.addWidget(self.new_button)
        row1.addWidget(self.duplicate_button)
        row2.addWidget(self.rename_button)
        row2.addWidget(self.delete_button)
        lv.addLayout(row1)
        lv.addLayout(row2)

        # Middle: bill of materials over assumptions; right: the live summary.
        self.bom = BomEditor(stack, self)
        self.assumptions = AssumptionsForm(stack, self)
        self.summary = BuildSummary(self)
        self.fits = FitsTable(self)
        self.own_or_rent = OwnOrRentPlot(self)
        for w in (self.bom, self.assumptions):
            w.refused.connect(self.show_refusal)
        self.fits.chosen.connect(self.summary.choose_llm)

        middle = QWidget(self)
        mv = QVBoxLayout(middle)
        mv.setContentsMargins(0, 0, 0, 0)
        mv.addWidget(QLabel("<b>Bill of materials</b>", middle))
        mv.addWidget(self.bom, 1)
        self.lower = QTabWidget(middle)
        self.lower.setObjectName("builds_tabs")
        scroll = QScrollArea(self.lower)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.assumptions)
        self.lower.addTab(scroll, "Assumptions")
        self.lower.addTab(self.fits, "What fits")
        self.lower.addTab(self.own_or_rent, "Own or rent")
        # What fits costs ~20 ms of estimates: computed only while its tab is shown.
        self.lower.currentChanged.connect(lambda _i: self.recompute())
        mv.addWidget(self.lower, 2)
        self.message = QLabel(middle)
        self.message.setObjectName("builds_message")
        self.message.setStyleSheet(WARNING_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        mv.addWidget(self.message)
        summary_scroll = QScrollArea(self)
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setWidget(self.summary)
        self.summary_scroll = summary_scroll

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(summary_scroll)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([150, 700, 340])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.message.hide)

        subscribe(self, self.doc.changed, self._on_doc_changed)
        self.summary.set_catalog_choices(self.doc.project.catalog)
        # The seed's example of a model that fits a home card; a catalog without it keeps the
        # first LLM and format listed.
        self.summary.choose_llm("llama-3.1-8b", "q4_k_m")
        self._fill_list()
        self.recompute()
        # About as wide as the filled summary needs (its figures are longer than its empty
        # labels), capped so that a 1,300-pixel window still fits; past it, a scroll bar.
        self.summary_scroll.setMinimumWidth(min(self.summary.minimumSizeHint().width() + 24, 320))

    # --- the list --------------------------------------------------------------------------

    def _fill_list(self) -> None:
        builds = self.doc.project.catalog.builds
        with QSignalBlocker(self.list):
            self.list.clear()
            for b in builds:
                item = QListWidgetItem(b.name, self.list)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                item.setData(Qt.ItemDataRole.UserRole, b.id)
                item.setToolTip(f"{b.id}: {b.source}" if b.source else b.id)
            ids = [b.id for b in builds]
            if self.build_id not in ids:
                self.build_id = ids[0] if ids else None
            if self.build_id is not None:
                self.list.setCurrentRow(ids.index(self.build_id))
        self._show_build()

    def _show_build(self) -> None:
        self.current_build_changed.emit(self.build_id)
        self.bom.set_build(self.build_id)
        self.assumptions.set_build(self.build_id)
        has = self.build_id is not None
        for b in (self.duplicate_button, self.rename_button, self.delete_button):
            b.setEnabled(has)

    def select_build(self, build_id: str) -> None:
        """Show a build (by id) in the configurator."""
        self.build_id = build_id
        self._fill_list()
        self.recompute()

    def _on_q_current_changed(self, current: QListWidgetItem | None, _previous) -> None:
        self.build_id = None if current is None else current.data(Qt.ItemDataRole.UserRole)
        self._show_build()
        self.recompute()

    def _row(self) -> int | None:
        ids = [b.id for b in self.doc.project.catalog.builds]
        return ids.index(self.build_id) if self.build_id in ids else None

    # --- edits -----------------------------------------------------------------------------

    def show_refusal(self, text: str) -> None:
        """A refused edit: say why beside the view and in the status bar; nothing changed."""
        self.message.setText(text)
        self.message.show()
        self._message_timer.start(8000)
        self.status_message.emit(text)

    def _push(self, make) -> bool:
        try:
            self.stack.push_command(make())
        except InferCostError as exc:
            self.show_refusal(str(exc))
            return False
        return True

    def new(self, preset: str | None) -> None:
        if self._push(lambda: new_build(self.doc, preset)):
            self.select_build(self.doc.project.catalog.builds[-1].id)

    def duplicate(self) -> None:
        row = self._row()
        if row is not None and self._push(lambda: duplicate_build(self.doc, row)):
            self.select_build(self.doc.project.catalog.builds[row + 1].id)

    def rename(self, name: str | None = None) -> None:
        """Rename the shown build to ``name``; without one, start editing its name in place."""
        row = self._row()
        if row is None:
            return
        if name is None:
            self.list.setFocus()
            self.list.editItem(self.list.currentItem())
            return
        if not self._push(lambda: SetField(self.doc, "builds", row, "name", name)):
            self._fill_list()  # a refused name: the list shows the name kept

    def _on_q_item_renamed(self, item: QListWidgetItem) -> None:
        build_id = item.data(Qt.ItemDataRole.UserRole)
        builds = self.doc.project.catalog.builds
        row = next((i for i, b in enumerate(builds) if b.id == build_id), None)
        if row is None or builds[row].name == item.text():
            return
        self.build_id = build_id
        # After the edit has closed: the list is rebuilt when the rename lands.
        name = item.text()
        QTimer.singleShot(0, self, lambda: self.rename(name))

    def delete(self) -> None:
        row = self._row()
        if row is not None:
            self._push(lambda: RemoveRows(self.doc, "builds", [row]))

    # --- recompute -------------------------------------------------------------------------

    def _on_doc_changed(self, change: Change) -> None:
        if change.touches("builds"):
            self._fill_list()
        if change.touches("llms") or change.touches("quants"):
            self.summary.set_catalog_choices(self.doc.project.catalog)
        self.throttle.request()

    def flush(self) -> None:
        """Run a pending recompute now (tests, screenshots)."""
        self.throttle.flush()

    def _fits(self, build, cat, usd_per_hour: float):
        """What fits, the estimates reused while the hardware and catalog entries are the same
        (typing a price or a tariff reprices the rows instead of re-estimating 126 of them)."""
        key = hardware_key(cat, build, FIT_CONTEXT_TOKENS)
        cached = self._fits_cache
        if cached is None or cached[0][:3] != key[:3]:
            cached = self._fits_cache = (key, fits_on_hardware(cat, build, FIT_CONTEXT_TOKENS))
        return priced(cached[1], usd_per_hour, build.utilization)

    @staticmethod
    def _gpu_hint(build, cat) -> str:
        """Why a build has no what-fits table or payback ('' when it has one GPU type)."""
        gpus = sorted({ln.item_id for ln in build.lines if isinstance(cat.item(ln.item_id), Gpu)})
        if not gpus:
            return (
                "Add a GPU to the bill of materials to see what fits and to compare owning "
                "with renting."
            )
        if len(gpus) > 1:
            return (
                "What fits and own or rent need GPUs of one type (tensor parallel across "
                f"different cards is not modelled); this build has {', '.join(gpus)}."
            )
        return ""

    def recompute(self) -> None:
        cat = self.doc.project.catalog
        row = self._row()
        build = None if row is None else cat.builds[row]
        if build is None:
            self.summary.show_readout(None, cat, None)
            self.fits.set_fits(None, "No build selected: add one with New")
            self.own_or_rent.set_payback(None, "No build selected")
            return
        try:
            readout = build_readout(build, cat)
        except InferCostError as exc:
            self.summary.show_readout(build, cat, None, str(exc))
            self.fits.set_fits(None, str(exc))
            self.own_or_rent.set_payback(None, str(exc))
            return
        self.summary.show_readout(build, cat, readout)
        hint = self._gpu_hint(build, cat)
        if hint:
            self.fits.set_fits(None, hint)
            self.own_or_rent.set_payback(None, hint)
            return
        try:
            if self.lower.currentWidget() is self.fits:
                self.fits.set_fits(self._fits(build, cat, readout.cost.usd_per_hour))
            self.own_or_rent.set_payback(payback(build, cat))
        except InferCostError as exc:
            self.fits.set_fits(None, str(exc))
            self.own_or_rent.set_payback(None, str(exc))


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import sample_document

    app = QApplication(sys.argv)
    view = BuildsView(DocumentUndoStack(sample_document()))
    view.resize(1400, 820)
    view.show()
    sys.exit(app.exec())
