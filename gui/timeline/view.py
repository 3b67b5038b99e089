"""The Time & ranges tab: for one scenario, each option's cumulative cost month by month under
its time assumptions (editable here, one undo step each), and the sensitivity: a tornado of
the inputs that move the decision, each option's cost band, the break-even as a range and the
Monte Carlo probability that each option is cheapest.

Any document change redraws the timeline on the next frame; the sensitivity (a few dozen
evaluations) runs on a worker thread on a snapshot of the project, and a result that an
edit has overtaken is dropped.
"""

from __future__ import annotations

import contextlib
import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from infercost.gui.events import FrameThrottle, subscribe
from infercost.gui.timeline.rows_model import QRowsModel
from infercost.gui.timeline.timeline_chart import TimelineChart
from infercost.gui.timeline.tornado_chart import TornadoChart
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.assumptions import DECLINE_NOTE, InputRange
from infercost.model.costing.buy_or_wait import buy_or_wait, floor_notes
from infercost.model.costing.evaluation import evaluate
from infercost.model.costing.timeline import Timeline, timeline
from infercost.model.edits.commands import Change, SetField
from infercost.model.errors import EditRefused, InferCostError
from infercost.model.formatting import format_tokens, usd
from infercost.model.guard import NumberError, strict_number
from infercost.model.uncertainty.sensitivity import Sensitivity, sensitivity
from infercost.model.uncertainty.time_text import band_text, wait_lines

DRAWS = 10_000
LOW_COL, HIGH_COL = 2, 4
DECLINE_COL = 1
_SUFFIX = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}


def parse_amount(text: str) -> float:
    """A typed amount: 25000, $25,000, 1.5B, 80 %, 0.8; ValueError says what is wrong."""
    t = text.strip().replace(",", "").replace("$", "").replace("%", "").strip()
    t = t.split(" ")[0] if " " in t else t  # a unit after the number ("80 tok/s")
    mult = 1.0
    if t and t[-1].lower() in _SUFFIX:
        mult, t = _SUFFIX[t[-1].lower()], t[:-1]
    try:
        return strict_number(t, where="the value") * mult
    except NumberError as exc:
        raise ValueError(f"{text!r} is not a number (type 25000, 1.5B or 0.8)") from exc


# (field of TimeAssumptions, label, tooltip, low, high, decimals, suffix)
_FIELDS = (
    ("horizon_months", "Horizon", "Months the timeline covers", 1, 600, 0, " months"),
    ("api_decline_pct_per_year", "API prices fall", DECLINE_NOTE, 0, 99, 1, " %/yr"),
    ("rental_decline_pct_per_year", "Rentals fall", "Annual decline of GPU rental prices",
     0, 99, 1, " %/yr"),
    ("discount_rate_pct_per_year", "Discount rate", "Cost of capital for the NPV column",
     0, 100, 1, " %/yr"),
)  # fmt: skip


class _Relay(QObject):
    """Lives on the GUI thread; the worker's result arrives here queued."""

    done = Signal(int, object)


class TimeView(QWidget):
    """The timeline and sensitivity of one scenario; ``set_scenario(id)`` chooses which."""

    scenario_changed = Signal(str)
    status_message = Signal(str)
    sensitivity_ready = Signal()

    def __init__(self, stack: DocumentUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("time_view")
        self.stack = stack
        self.doc = stack.doc
        self.scenario_id: str | None = None
        self.timeline: Timeline | None = None
        self.sensitivity: Sensitivity | None = None
        self._serial = 0
        self._stale = False
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_sensitivity_done)

        self.scenario = QComboBox(self)
        self.scenario.setObjectName("time_scenario")
        self.scenario.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scenario.currentIndexChanged.connect(self._on_q_scenario_changed)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Scenario:", self))
        bar.addWidget(self.scenario, 1)
        self.spins: dict[str, QSpinBox | QDoubleSpinBox] = {}
        for field, label, tip, low, high, decimals, suffix in _FIELDS:
            spin: QSpinBox | QDoubleSpinBox = (
                QSpinBox(self) if decimals == 0 else QDoubleSpinBox(self)
            )
            if isinstance(spin, QDoubleSpinBox):
                spin.setDecimals(decimals)
            spin.setRange(low, high)
            spin.setSuffix(suffix)
            spin.setToolTip(tip)
            spin.setKeyboardTracking(False)
            spin.setObjectName(f"time_{field}")
            spin.valueChanged.connect(lambda v, f=field: self._on_q_time_changed(f, v))
            caption = QLabel(label + ":", self)
            caption.setToolTip(tip)
            bar.addWidget(caption)
            bar.addWidget(spin)
            self.spins[field] = spin

        self.chart = TimelineChart(self)
        self.timeline_note = _note(self, "timeline_note")
        self.timeline_model = QRowsModel(
            ["option", "price falls", "units", "purchase", "month 1", "at horizon",
             "NPV", "average/month", "steady/month"], self,
            editable=(DECLINE_COL,), on_edit=self._on_q_decline_edited,
        )  # fmt: skip
        self.timeline_table = _table(self.timeline_model)
        self.timeline_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.timeline_table.setToolTip(
            "Double-click an API or rental option's 'price falls' to set its own annual decline"
        )
        timeline_tab = _stacked(self, self.timeline_note, self.chart, self.timeline_table)

        self.tornado = TornadoChart(self)
        self.sens_note = _note(self, "sensitivity_note")
        self.cost_model = QRowsModel(
            ["option", "P(cheapest)", "low", "today", "high", "P5", "P95"], self
        )
        self.input_model = QRowsModel(
            ["#", "input", "low", "today", "high", "margin at low", "at high", "range from"],
            self,
            editable=(LOW_COL, HIGH_COL),
            on_edit=self._on_q_range_edited,
        )
        self.input_table = _table(self.input_model)
        self.input_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.input_table.setToolTip(
            "Type your own low or high (e.g. 25000, 1.5B, 0.8): it is saved in the scenario "
            "and replaces the range InferCost derived"
        )
        self.forget_button = QPushButton("Use InferCost's range", self)
        self.forget_button.setToolTip("Drop your own range for the selected input")
        self.forget_button.clicked.connect(self._on_q_forget_range)
        inputs_box = QWidget(self)
        box = QVBoxLayout(inputs_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.input_table, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("Double-click a low or high to set your own range.", self))
        row.addStretch(1)
        row.addWidget(self.forget_button)
        box.addLayout(row)
        tables = QTabWidget(self)
        tables.addTab(_table(self.cost_model), "Cost bands and P(cheapest)")
        tables.addTab(inputs_box, "Inputs and their ranges")
        sens_tab = _stacked(self, self.sens_note, self.tornado, tables)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("time_tabs")
        self.tabs.addTab(timeline_tab, "Timeline")
        self.tabs.addTab(sens_tab, "Sensitivity")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

        self.throttle = FrameThrottle(self.refresh, self)
        subscribe(self, self.doc.changed, self._on_doc_changed)
        self._fill_scenarios()
        self.refresh()

    # --- public ------------------------------------------------------------------------------

    def set_scenario(self, scenario_id: str) -> None:
        """Show ``scenario_id`` (raises InferCostError for an unknown id)."""
        self.doc.project.scenario(scenario_id)
        i = self.scenario.findData(scenario_id)
        if i >= 0 and i != self.scenario.currentIndex():
            self.scenario.setCurrentIndex(i)

    def wait_sensitivity(self, timeout_s: float = 60.0) -> None:
        """Block until the running sensitivity is shown (tests, screenshots)."""
        thread = getattr(self, "_thread", None)
        if thread is not None:
            thread.join(timeout_s)
        from PySide6.QtCore import QCoreApplication

        QCoreApplication.sendPostedEvents()

    # --- model -> view -----------------------------------------------------------------------

    def _on_doc_changed(self, change: Change) -> None:
        if change.touches("scenarios"):
            self._fill_scenarios()
        if self.isVisible():
            self.throttle.request()
        else:
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
        """Recompute the timeline now and start the sensitivity on a worker."""
        if self.scenario_id is None:
            self._say(self.timeline_note, "The project has no scenario yet.")
            return
        project = self.doc.project
        try:
            scenario = project.scenario(self.scenario_id)
            ev = evaluate(project, scenario)
            t = timeline(project, scenario, ev)
            extra = wait_lines(buy_or_wait(t, scenario), floor_notes(project, scenario, ev))
        except InferCostError as exc:
            self._say(self.timeline_note, f"Cannot compute {self.scenario_id}: {exc}")
            return
        self._show_time(scenario.time)
        self.timeline = t
        self.chart.set_data(t)
        self._show_timeline(t, extra)
        self._start_sensitivity()

    def _show_time(self, time) -> None:
        for field, spin in self.spins.items():
            value = getattr(time, field)
            if spin.value() != value:
                spin.blockSignals(True)
                spin.setValue(value)
                spin.blockSignals(False)

    def _show_timeline(self, t: Timeline, extra: list[str]) -> None:
        rows, h = [], t.horizon_months
        for o in t.options:
            rows.append([
                o.label + ("" if o.eligible else " (not comparable)"),
                f"{o.decline_pct_per_year:g} %/yr", "" if o.units is None else str(o.units),
                usd(o.purchase_usd, 0) if o.purchase_usd else "",
                usd(float(o.cumulative_usd[1]), 0), usd(float(o.cumulative_usd[h]), 0),
                usd(o.npv_usd, 0), usd(o.average_usd_per_month, 0),
                usd(o.steady_usd_per_month, 0),
            ])  # fmt: skip
        self.timeline_model.set_rows(rows)
        vol = format_tokens(t.volume_tokens)
        head = f"{h} months of {t.hours_per_month:g} h at {vol} tokens/month. "
        if t.changes:
            words = "; ".join(f"month {c.month}: {c.after} overtakes {c.before}" for c in t.changes)
            text = head + f"Break-even {words}."
        else:
            text = head + f"{t.leader} stays cheapest so far over the whole horizon."
        text += " Cost so far is net of what owned hardware could be sold for that month."
        text = "\n".join([text, *extra])
        self._say(self.timeline_note, text)

    def _start_sensitivity(self) -> None:
        self._serial += 1
        serial, sid = self._serial, self.scenario_id
        project = self.doc.project.model_copy(deep=True)
        self._say(self.sens_note, "Computing the ranges…")

        def work() -> None:
            try:
                result: object = sensitivity(project, project.scenario(sid), draws=DRAWS)
            except InferCostError as exc:
                result = exc
            with contextlib.suppress(RuntimeError):  # the view is gone
                self._relay.done.emit(serial, result)

        self._thread = threading.Thread(target=work, name="sensitivity", daemon=True)
        self._thread.start()

    def _on_sensitivity_done(self, serial: int, result: object) -> None:
        if serial != self._serial:
            return  # an edit overtook it: the next result is on its way
        if isinstance(result, Exception):
            self._say(self.sens_note, f"Cannot compute the ranges: {result}")
            return
        assert isinstance(result, Sensitivity)
        self.sensitivity = result
        self.tornado.set_data(result)
        self._show_sensitivity(result)
        self.sensitivity_ready.emit()

    def _show_sensitivity(self, s: Sensitivity) -> None:
        mc = s.monte_carlo
        rows = []
        for k, b in enumerate(s.costs):
            p = "" if mc is None else f"{mc.p_cheapest[k]:.1%}"
            p5 = "" if mc is None else _money(mc.cost_p5[k])
            p95 = "" if mc is None else _money(mc.cost_p95[k])
            rows.append([b.label, p, _money(b.low), _money(b.base), _money(b.high), p5, p95])
        self.cost_model.set_rows(rows)
        rows, tips = [], []
        for i, w in enumerate(s.swings, start=1):
            inp = w.input
            rows.append([
                str(i), inp.label, _value(inp.low, inp.unit), _value(inp.base, inp.unit),
                _value(inp.high, inp.unit), _money(w.metric_low), _money(w.metric_high),
                inp.source,
            ])  # fmt: skip
            tips.append(f"{inp.address}: {inp.source}")
        self.input_model.set_rows(rows, tips)
        draws = ""
        if mc is not None:
            draws = f" P(cheapest): {mc.draws:,} draws (seed {mc.seed}), inputs uniform in range."
        self._say(
            self.sens_note,
            f"Bars: how far each input alone moves the margin of {s.cheapest or 'the cheapest'} "
            "over the next option (blue: input at its low end, orange: its high end; left of "
            "the dashed $0 line another option wins). Break-even: "
            + band_text(s.break_even)
            + "."
            + draws,
        )

    def _say(self, label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)

    # --- view -> model -----------------------------------------------------------------------

    def _on_q_scenario_changed(self, _i: int) -> None:
        self.scenario_id = self.scenario.currentData()
        self.refresh()
        if self.scenario_id is not None:
            self.scenario_changed.emit(self.scenario_id)

    def _on_q_decline_edited(self, row: int, _column: int, text: str) -> bool:
        """Set the annual price decline of one API offer or rental: one undo step."""
        if self.scenario_id is None or self.timeline is None:
            return False
        project = self.doc.project
        s_row = next(i for i, s in enumerate(project.scenarios) if s.id == self.scenario_id)
        scenario = project.scenarios[s_row]
        label = self.timeline.options[row].label
        opt = next(so.option for so in scenario.options if so.label == label)
        target = {"api": f"offer:{getattr(opt, 'offer_id', '')}",
                  "rental": f"rental:{getattr(opt, 'rental_id', '')}"}.get(opt.kind)  # fmt: skip
        if target is None:
            self.status_message.emit(
                f"{label}: an owned build does not fall in price; it depreciates (set its "
                "depreciation rate or residual value on the Builds tab)"
            )
            return False
        try:
            pct = parse_amount(text)
        except ValueError as exc:
            self.status_message.emit(f"{label}: {exc}")
            return False
        time = scenario.time.model_dump()
        time["declines"] = [d for d in time["declines"] if d["target"] != target]
        time["declines"].append({"target": target, "pct_per_year": pct})
        return self._push(s_row, "time", time, None)

    def _on_q_range_edited(self, row: int, column: int, text: str) -> bool:
        """Set your own low or high for the input in ``row``: one undo step."""
        if self.sensitivity is None or not 0 <= row < len(self.sensitivity.swings):
            return False
        inp = self.sensitivity.swings[row].input
        try:
            value = parse_amount(text)
        except ValueError as exc:
            self.status_message.emit(f"{inp.label}: {exc}")
            return False
        low, high = (value, inp.high) if column == LOW_COL else (inp.low, value)
        mine = InputRange(address=inp.address, low=0, high=0).model_dump()
        mine.update(low=low, high=high, note="your range")
        return self._set_ranges(inp.address, mine)

    def _on_q_forget_range(self) -> None:
        rows = self.input_table.selectionModel().selectedRows()
        if self.sensitivity is None or not rows:
            self.status_message.emit("Select an input to use InferCost's range for it again.")
            return
        self._set_ranges(self.sensitivity.swings[rows[0].row()].input.address, None)

    def _set_ranges(self, address: str, mine: dict | None) -> bool:
        project = self.doc.project
        row = next(i for i, s in enumerate(project.scenarios) if s.id == self.scenario_id)
        ranges = [r.model_dump() for r in project.scenarios[row].input_ranges]
        ranges = [r for r in ranges if r["address"] != address]
        if mine is not None:
            ranges.append(mine)
        return self._push(row, "input_ranges", ranges, None)

    def _on_q_time_changed(self, field: str, value: float) -> None:
        if self.scenario_id is None:
            return
        project = self.doc.project
        row = next(i for i, s in enumerate(project.scenarios) if s.id == self.scenario_id)
        time = project.scenarios[row].time.model_dump()
        time[field] = int(value) if field == "horizon_months" else float(value)
        self._push(row, "time", time, ("time", row, field))

    def _push(self, row: int, field: str, value, merge_key) -> bool:
        """Set a field of scenario ``row`` as one undo step (merging edits of ``merge_key``);
        a refused value is said in the status bar."""
        try:
            cmd = SetField(self.doc, "scenarios", row, field, value)
        except EditRefused as exc:
            self.status_message.emit(str(exc))
            return False
        cmd.merge_key = merge_key
        self.stack.push_command(cmd)
        return True


def _money(x: float | None) -> str:
    if x is None or x != x:
        return "n/a"
    return usd(x, 0) if abs(x) >= 100 else usd(x)


def _value(x: float, unit: str) -> str:
    if unit == "tokens/month":
        return format_tokens(x)
    if unit in ("$", "$/h", "$/Mtok", "$/kWh"):
        return usd(x, 0) if x >= 1000 else usd(x)
    return f"{x:,.4g} {unit}".strip()


def _note(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _table(model: QRowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _stacked(parent: QWidget, note: QLabel, chart: QWidget, below: QWidget) -> QWidget:
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(note)
    split = QSplitter(Qt.Orientation.Vertical, box)
    split.addWidget(chart)
    split.addWidget(below)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 1)
    split.setSizes([480, 260])
    layout.addWidget(split, 1)
    return box


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import new_project
    from infercost.model.edits.document import Document

    app = QApplication(sys.argv)
    stack = DocumentUndoStack(Document(new_project()))
    view = TimeView(stack)
    view.resize(1200, 800)
    view.show()
    sys.exit(app.exec())
