"""The scenario's facts the decision matrix reads: the quality needed and the situations."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGridLayout, QWidget

from infercost.gui.events import subscribe
from infercost.gui.scenarios.widgets import narrow
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.fields import field_rule
from infercost.model.catalog.quality import BANDS
from infercost.model.catalog.scenario import Scenario
from infercost.model.edits.commands import Change, SetField
from infercost.model.errors import InferCostError

FACTS = {
    "latency_tolerant": "Latency-tolerant",
    "predictable_load": "Predictable load",
    "privacy_critical": "Privacy-critical",
    "prototyping": "Prototyping",
    "single_developer": "Single developer",
}


class FactsForm(QWidget):
    """Edits one scenario's quality needed and decision-matrix facts (each a command)."""

    status_message = Signal(str)

    def __init__(self, stack: DocumentUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.scenario_id: str | None = None
        form = QFormLayout(self)
        self.quality = QComboBox()
        narrow(self.quality)
        self.quality.setObjectName("quality_needed")
        self.quality.addItem("Any quality", None)
        for b in BANDS:
            self.quality.addItem(f"{b.label} (e.g. {b.examples})", b.tier.value)
        self.quality.setToolTip(field_rule(Scenario, "quality_needed").description)
        self.quality.currentIndexChanged.connect(
            lambda i: self._push("quality_needed", self.quality.itemData(i))
        )
        form.addRow("Quality needed", self.quality)
        grid = QGridLayout()
        self.boxes: dict[str, QCheckBox] = {}
        for i, (name, text) in enumerate(FACTS.items()):
            box = QCheckBox(text)
            box.setObjectName(name)
            box.setToolTip(field_rule(Scenario, name).description)
            box.toggled.connect(lambda on, n=name: self._push(n, on))
            self.boxes[name] = box
            grid.addWidget(box, i // 2, i % 2)
        form.addRow("Situation", grid)
        subscribe(self, stack.doc.changed, self._on_doc_changed)
        self.setEnabled(False)

    def set_scenario(self, scenario_id: str | None) -> None:
        """Show (and edit) this scenario's facts."""
        self.scenario_id = scenario_id
        self.refresh()

    def _found(self) -> tuple[int, Scenario] | None:
        for i, s in enumerate(self.stack.doc.project.scenarios):
            if s.id == self.scenario_id:
                return i, s
        return None

    def refresh(self) -> None:
        found = self._found()
        self.setEnabled(found is not None)
        if found is None:
            return
        s = found[1]
        blockers = [QSignalBlocker(w) for w in [self.quality, *self.boxes.values()]]
        value = s.quality_needed.value if s.quality_needed else None
        self.quality.setCurrentIndex(max(self.quality.findData(value), 0))
        for name, box in self.boxes.items():
            box.setChecked(getattr(s, name))
        del blockers

    def _on_doc_changed(self, change: Change) -> None:
        if change.touches("scenarios"):
            self.refresh()

    def _push(self, name: str, value: Any) -> None:
        found = self._found()
        if found is None:
            return
        try:
            self.stack.push_command(SetField(self.stack.doc, "scenarios", found[0], name, value))
        except InferCostError as exc:
            self.status_message.emit(str(exc))
            self.refresh()


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import sample_document

    app = QApplication(sys.argv)
    form = FactsForm(DocumentUndoStack(sample_document()))
    form.set_scenario("seed-1-startup")
    form.resize(520, 140)
    form.show()
    sys.exit(app.exec())
