"""The assumptions beside a bill of materials: years, resale, energy, facility, operations, use.

Every spin box takes its limits, unit suffix and tooltip from the Build field rules; every
edit is one undo step (typing into one field merges into one step).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QWidget,
)

from infercost.gui.events import subscribe
from infercost.gui.guide import tag
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.build import Build
from infercost.model.catalog.fields import FieldRule, field_rule
from infercost.model.edits.build_commands import SetFields
from infercost.model.edits.commands import Change, SetField
from infercost.model.errors import InferCostError

# Fields held as a share 0-1 but typed as a percentage.
_AS_PERCENT = {"utilization", "psu_efficiency"}
# The seed's 40-50 % a year: the middle is where a switch to a rate starts.
SEED_DEPRECIATION_PCT = 45.0
# A US household circuit, 15 A at 120 V: where a circuit check starts.
HOUSEHOLD_CIRCUIT_W = 1800.0
_OWN_PRICE = "__own__"


def spin_for(rule: FieldRule, parent: QWidget, *, percent: bool = False) -> QDoubleSpinBox:
    """A spin box bounded, labelled and explained by a field rule."""
    spin = QDoubleSpinBox(parent)
    scale = 100.0 if percent else 1.0
    low = 0.0 if rule.limits.low is None else rule.limits.low * scale
    high = 1e9 if rule.limits.high is None else rule.limits.high * scale
    if rule.integer or rule.unit in ("W", "h"):
        decimals = 0
    elif rule.unit == "$/kWh":
        decimals = 3
    elif percent or rule.unit in ("%", "years"):
        decimals = 1
    else:
        decimals = 2
    step = 10.0**-decimals
    # The bounds at the shown precision, inside the rule's: an open bound (above 0) starts one
    # step in, and a bound finer than a step (years from 0.01) rounds inward (0.1).
    lowest = math.ceil(round(low / step, 9)) * step
    if rule.limits.low_open and lowest <= low:
        lowest += step
    highest = math.floor(round(high / step, 9)) * step
    if rule.limits.high_open and highest >= high:
        highest -= step
    spin.setDecimals(decimals)
    spin.setRange(lowest, highest)
    unit = "%" if percent else rule.unit
    if unit.startswith("$"):
        spin.setPrefix("$")
        unit = unit[1:].lstrip("/")
        unit = f" / {unit}" if unit else ""
    elif unit:
        unit = f" {unit}" if unit != "%" else " %"
    spin.setSuffix(unit)
    spin.setGroupSeparatorShown(True)
    spin.setKeyboardTracking(True)
    lim = rule.limits
    if percent:  # a share typed as a percentage: its bounds in percent too
        lim = replace(lim, low=lim.low and lim.low * 100, high=lim.high and lim.high * 100)
    shown_unit = "%" if percent else rule.unit
    spin.setToolTip(
        f"{rule.description} ({lim.describe()}{' ' + shown_unit if shown_unit else ''})"
    )
    spin.setAccelerated(True)
    spin.setObjectName(rule.name)
    tag(spin, rule)
    return spin


class AssumptionsForm(QWidget):
    """Edits the current build's assumptions; shows whatever the document holds."""

    refused = Signal(str)

    def __init__(self, stack: DocumentUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.doc = stack.doc
        self.build_id: str | None = None
        self.spins: dict[str, QDoubleSpinBox] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)

        def label(name: str) -> str:
            text = field_rule(Build, name).label
            return text[:1].upper() + text[1:]

        def add(name: str, row_label: str | None = None) -> QDoubleSpinBox:
            spin = spin_for(field_rule(Build, name), self, percent=name in _AS_PERCENT)
            spin.valueChanged.connect(lambda v, n=name: self._on_q_spin_changed(n, v))
            self.spins[name] = spin
            form.addRow(row_label or label(name), spin)
            return spin

        self.price_point = self._combo("price_point")
        form.addRow(label("price_point"), self.price_point)
        add("amortization_years")

        self.residual_mode = QComboBox(self)
        self.residual_mode.setObjectName("residual_mode")
        self.residual_mode.addItem("Share left at the end", "share")
        self.residual_mode.addItem("Annual depreciation rate", "rate")
        self.residual_mode.setToolTip(field_rule(Build, "depreciation_rate_pct").description)
        self.residual_mode.currentIndexChanged.connect(self._on_q_residual_mode_changed)
        form.addRow("Resale value as", self.residual_mode)
        add("residual_value_pct")
        add("depreciation_rate_pct")

        self.tariff = QComboBox(self)
        self.tariff.setObjectName("tariff_id")
        self.tariff.setToolTip(
            f"{field_rule(Build, 'tariff_id').description}, or your own "
            f"{field_rule(Build, 'usd_per_kwh').label}"
        )
        self.tariff.currentIndexChanged.connect(self._on_q_tariff_changed)
        form.addRow("Electricity", self.tariff)
        add("usd_per_kwh")
        self.power_scope = self._combo("power_scope")
        form.addRow(label("power_scope"), self.power_scope)
        add("psu_efficiency")
        add("pue")
        circuit_row = QWidget(self)
        row = QHBoxLayout(circuit_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.circuit_check = QCheckBox("Check", circuit_row)
        self.circuit_check.setObjectName("circuit_check")
        self.circuit_check.setToolTip(field_rule(Build, "circuit_w").description)
        self.circuit_check.toggled.connect(self._on_q_circuit_toggled)
        circuit = spin_for(field_rule(Build, "circuit_w"), circuit_row)
        circuit.valueChanged.connect(lambda v: self._on_q_spin_changed("circuit_w", v))
        self.spins["circuit_w"] = circuit
        row.addWidget(self.circuit_check)
        row.addWidget(circuit)
        form.addRow("Wall circuit", circuit_row)
        add("ops_usd_per_month")
        add("colocation_usd_per_month")
        add("utilization")
        add("hours_per_month")
        self._form = form
        subscribe(self, self.doc.changed, self._on_doc_changed)
        self.set_build(None)

    def _combo(self, name: str) -> QComboBox:
        rule = field_rule(Build, name)
        box = QComboBox(self)
        box.setObjectName(name)
        box.setToolTip(rule.description)
        tag(box, rule)
        for choice in rule.choices or ():
            box.addItem(choice, choice)
        box.currentIndexChanged.connect(lambda _i, n=name, b=box: self._set(n, b.currentData()))
        return box

    # --- model -> widgets ------------------------------------------------------------------

    def build(self) -> tuple[int, Build] | None:
        for i, b in enumerate(self.doc.project.catalog.builds):
            if b.id == self.build_id:
                return i, b
        return None

    def set_build(self, build_id: str | None) -> None:
        self.build_id = build_id
        self.refresh()

    def _on_doc_changed(self, change: Change) -> None:
        if change.touches("builds") or change.touches("tariffs"):
            self.refresh()

    def refresh(self) -> None:
        found = self.build()
        # No build: no assumptions to show (disabled spin boxes would show their minimums).
        self.setVisible(found is not None)
        if found is None:
            return
        _, b = found
        blockers = [QSignalBlocker(w) for w in self.findChildren(QWidget)]
        tariffs = self.doc.project.catalog.tariffs
        self.tariff.clear()
        for t in tariffs:
            self.tariff.addItem(f"{t.name} (${t.usd_per_kwh:g}/kWh)", t.id)
        self.tariff.addItem("Own price per kWh", _OWN_PRICE)
        own = b.usd_per_kwh is not None or b.tariff_id is None
        self.tariff.setCurrentIndex(self.tariff.findData(_OWN_PRICE if own else b.tariff_id))
        self.price_point.setCurrentIndex(self.price_point.findData(b.price_point))
        self.power_scope.setCurrentIndex(self.power_scope.findData(b.power_scope))
        rate = b.depreciation_rate_pct is not None
        self.residual_mode.setCurrentIndex(1 if rate else 0)
        for name, spin in self.spins.items():
            value = getattr(b, name)
            if name == "usd_per_kwh" and value is None and b.tariff_id is not None:
                value = self.doc.project.catalog.tariff(b.tariff_id).usd_per_kwh
            if value is None:
                continue
            shown = value * 100 if name in _AS_PERCENT else value
            if not math.isclose(
                spin.value(), shown, rel_tol=0, abs_tol=10.0 ** -spin.decimals() / 2
            ):
                spin.setValue(shown)
        self.spins["usd_per_kwh"].setEnabled(own)
        self.spins["residual_value_pct"].setEnabled(not rate)
        self.spins["depreciation_rate_pct"].setEnabled(rate)
        self.circuit_check.setChecked(b.circuit_w is not None)
        self.spins["circuit_w"].setEnabled(b.circuit_w is not None)
        psu_used = b.power_scope == "system"
        self.spins["psu_efficiency"].setToolTip(
            field_rule(Build, "psu_efficiency").description
            + ("" if psu_used else "; it also sets the wall draw checked against the circuit")
        )
        del blockers

    # --- widgets -> model ------------------------------------------------------------------

    def _push(self, make) -> None:
        try:
            self.stack.push_command(make())
        except InferCostError as exc:
            self.refused.emit(str(exc))
            self.refresh()

    def _set(self, name: str, value: Any) -> None:
        found = self.build()
        if found is None:
            return
        row, b = found
        if getattr(b, name) == value:
            return
        self._push(lambda: SetField(self.doc, "builds", row, name, value))

    def _on_q_spin_changed(self, name: str, shown: float) -> None:
        value = shown / 100 if name in _AS_PERCENT else shown
        found = self.build()
        if found is None:
            return
        if name == "usd_per_kwh" and found[1].usd_per_kwh is None:
            return  # a tariff's price is shown, not edited
        self._set(name, int(value) if field_rule(Build, name).integer else value)

    def _on_q_residual_mode_changed(self, _index: int) -> None:
        rate = self.residual_mode.currentData() == "rate"
        self._set("depreciation_rate_pct", SEED_DEPRECIATION_PCT if rate else None)

    def _on_q_circuit_toggled(self, on: bool) -> None:
        self._set("circuit_w", HOUSEHOLD_CIRCUIT_W if on else None)

    def _on_q_tariff_changed(self, _index: int) -> None:
        found = self.build()
        if found is None:
            return
        row, b = found
        choice = self.tariff.currentData()
        if choice == _OWN_PRICE:
            kwh = self.spins["usd_per_kwh"].value()
            self._push(lambda: SetFields(self.doc, "builds", row, {"usd_per_kwh": kwh}))
        else:
            values = {"tariff_id": choice, "usd_per_kwh": None}
            self._push(
                lambda: SetFields(
                    self.doc, "builds", row, values, text=f"Price {b.id}'s energy at {choice}"
                )
            )


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import sample_document

    app = QApplication(sys.argv)
    form = AssumptionsForm(DocumentUndoStack(sample_document()))
    form.set_build("8x-h100-node")
    form.show()
    sys.exit(app.exec())
