"""The form of a scenario's workload: its name, volume (spin box + log slider), token shares,
routing, prompt length and hours; every widget's limits, unit and tooltip come from the field
rules."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSlider,
    QSpinBox,
    QWidget,
)

from infercost.gui.events import subscribe
from infercost.gui.scenarios.widgets import (
    LogSlider,
    TokensSpinBox,
    fill_combo,
    names_may_change,
    narrow,
    number_box,
)
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.fields import field_rule
from infercost.model.catalog.scenario import Workload
from infercost.model.edits.commands import Change, SetField
from infercost.model.edits.project_edits import rename_workload
from infercost.model.errors import InferCostError

SHARES = ("input_share", "cached_input_share", "batch_share", "routing_share")
LABELS = {
    "monthly_tokens": "Volume",
    "input_share": "Input share",
    "cached_input_share": "Cached input",
    "batch_share": "Batch API",
    "routing_share": "Routed",
    "routing_offer_id": "Routed to",
    "prompt_tokens": "Prompt length",
    "hours_per_month": "Hours per month",
}


class WorkloadForm(QWidget):
    """Edits one workload of the document; every change is one command on the undo stack."""

    status_message = Signal(str)

    def __init__(self, stack: DocumentUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.workload_id: str | None = None
        self._offers: list | None = None  # the routing combo's items, until offer names change
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.boxes: dict[str, QWidget] = {}
        self.sliders: dict[str, QSlider] = {}

        # Renamed here (its id, which scenarios refer to, stays): one undo step per rename.
        self.name_box = QLineEdit()
        self.name_box.setObjectName("workload_name")
        self.name_box.setToolTip("The workload's name (scenarios that share it see the new one)")
        self.name_box.setMaxLength(200)
        self.name_box.editingFinished.connect(self._on_q_name_edited)
        form.addRow("Name", self.name_box)

        self.volume_box = TokensSpinBox(field_rule(Workload, "monthly_tokens"))
        self.volume_box.setObjectName("monthly_tokens")
        self.volume_box.valueChanged.connect(lambda v: self._push("monthly_tokens", v))
        self.volume_slider = LogSlider()
        self.volume_slider.setObjectName("monthly_tokens_slider")
        self.volume_slider.volume_changed.connect(lambda v: self._push("monthly_tokens", v))
        self.boxes["monthly_tokens"] = self.volume_box
        form.addRow(LABELS["monthly_tokens"], _pair(self.volume_box, self.volume_slider))

        for name in SHARES:
            box = number_box(field_rule(Workload, name), percent=True)
            box.setObjectName(name)
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setObjectName(f"{name}_slider")
            slider.setRange(0, 100)
            slider.setToolTip(box.toolTip())
            box.valueChanged.connect(lambda v, n=name: self._push(n, round(v / 100, 6)))
            slider.valueChanged.connect(lambda v, n=name: self._push(n, v / 100))
            self.boxes[name], self.sliders[name] = box, slider
            form.addRow(LABELS[name], _pair(box, slider))

        self.routing_combo = QComboBox()

        narrow(self.routing_combo)
        self.routing_combo.setObjectName("routing_offer_id")
        self.routing_combo.setToolTip(field_rule(Workload, "routing_offer_id").description)
        self.routing_combo.currentIndexChanged.connect(self._on_q_routing_changed)
        self.boxes["routing_offer_id"] = self.routing_combo
        form.addRow(LABELS["routing_offer_id"], self.routing_combo)

        for name in ("prompt_tokens", "hours_per_month"):
            box = number_box(field_rule(Workload, name), decimals=1)
            box.setObjectName(name)
            box.valueChanged.connect(lambda v, n=name: self._push(n, v))
            self.boxes[name] = box
            form.addRow(LABELS[name], box)
        subscribe(self, stack.doc.changed, self._on_doc_changed)
        self.setEnabled(False)

    # --- model -> view ---------------------------------------------------------------------

    def set_workload(self, workload_id: str | None) -> None:
        """Show (and edit) the workload with this id; None empties the form."""
        self.workload_id = workload_id
        self.refresh()

    def _workload(self) -> tuple[int, Workload] | None:
        for i, w in enumerate(self.stack.doc.project.workloads):
            if w.id == self.workload_id:
                return i, w
        return None

    def refresh(self) -> None:
        """Write the workload's values into the widgets, their signals blocked."""
        found = self._workload()
        self.setEnabled(found is not None)
        if found is None:
            return
        w = found[1]
        blockers = [QSignalBlocker(x) for x in [*self.boxes.values(), *self.sliders.values()]]
        if not self.name_box.isModified():  # not under the user's typing
            with QSignalBlocker(self.name_box):
                self.name_box.setText(w.name)
        self.volume_box.setValue(w.monthly_tokens)
        self.volume_slider.set_volume(w.monthly_tokens)
        for name in SHARES:
            share = getattr(w, name)
            self.boxes[name].setValue(share * 100)  # type: ignore[attr-defined]
            self.sliders[name].setValue(round(share * 100))
        cat = self.stack.doc.project.catalog
        if self._offers is None:
            offers = [*cat.api_offers, *cat.hosted_offers]
            self._offers = [("(none)", None), *((f"{o.id} ({o.llm_name})", o.id) for o in offers)]
        fill_combo(self.routing_combo, self._offers, w.routing_offer_id)
        prompt = self.boxes["prompt_tokens"]
        hours = self.boxes["hours_per_month"]
        assert isinstance(prompt, QSpinBox) and isinstance(hours, QDoubleSpinBox)
        prompt.setValue(w.prompt_tokens)
        hours.setValue(w.hours_per_month)
        del blockers

    def _on_doc_changed(self, change: Change) -> None:
        if names_may_change(change, ("api_offers", "hosted_offers")):
            self._offers = None
            self.refresh()
        elif change.touches("workloads"):
            self.refresh()

    # --- view -> model ---------------------------------------------------------------------

    def _on_q_name_edited(self) -> None:
        self.name_box.setModified(False)  # typed and committed: model events may write it
        found = self._workload()
        if found is None or self.name_box.text().strip() == found[1].name:
            return
        try:
            self.stack.push_command(rename_workload(self.stack.doc, found[0], self.name_box.text()))
        except InferCostError as exc:
            self.status_message.emit(str(exc))
            with QSignalBlocker(self.name_box):
                self.name_box.setText(found[1].name)  # the name kept

    def _on_q_routing_changed(self, index: int) -> None:
        self._push("routing_offer_id", self.routing_combo.itemData(index))

    def _push(self, name: str, value: Any) -> None:
        found = self._workload()
        if found is None:
            return
        row, w = found
        if getattr(w, name) == value:
            return
        try:
            self.stack.push_command(SetField(self.stack.doc, "workloads", row, name, value))
        except InferCostError as exc:
            self.status_message.emit(str(exc))
            self.refresh()


def _pair(box: QWidget, slider: QWidget) -> QWidget:
    holder = QWidget()
    lay = QHBoxLayout(holder)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(box, 2)
    lay.addWidget(slider, 3)
    return holder


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import sample_document

    app = QApplication(sys.argv)
    form = WorkloadForm(DocumentUndoStack(sample_document()))
    form.set_workload("seed-startup-70b")
    form.resize(520, 300)
    form.show()
    sys.exit(app.exec())
