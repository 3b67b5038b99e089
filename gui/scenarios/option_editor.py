"""The editor of one scenario option: an API or hosted offer (markup and point), a GPU rental
(price, mode, share of hours, instances, utilization) or an owned build (utilization, energy
basis); for rentals and builds the LLM, quantization, concurrency and context that estimate
the throughput, or a pinned tok/s."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QWidget

from infercost.gui.events import subscribe
from infercost.gui.scenarios.widgets import fill_combo, names_may_change, narrow, number_box
from infercost.gui.undo import DocumentUndoStack
from infercost.model.catalog.fields import field_rule
from infercost.model.catalog.scenario import ApiOption, OwnedOption, RentalOption
from infercost.model.edits.commands import Change
from infercost.model.edits.scenario_edits import replace_option, set_option_field
from infercost.model.errors import InferCostError

KINDS = (("api", "API or hosted offer"), ("rental", "GPU rental"), ("owned", "Owned build"))
CLASSES = {"api": ApiOption, "rental": RentalOption, "owned": OwnedOption}
# Which kinds show a field (the served-LLM fields are shared by rentals and builds).
SHOWN = {
    "offer_id": ("api",), "markup_id": ("api",), "markup_point": ("api",),
    "rental_id": ("rental",), "price": ("rental",), "mode": ("rental",),
    "on_hours_share": ("rental",), "instances": ("rental",),
    "build_id": ("owned",), "energy_basis": ("owned",),
    "utilization": ("rental", "owned"), "pinned": ("rental", "owned"),
    "tokens_per_s": ("rental", "owned"), "use_own_figure": ("rental", "owned"),
    "llm_id": ("rental", "owned"),
    "quant_id": ("rental", "owned"), "concurrency": ("rental", "owned"),
    "context_tokens": ("rental", "owned"), "throughput": ("rental", "owned"),
}  # fmt: skip
LABELS = {
    "offer_id": "Offer", "markup_id": "Platform markup", "markup_point": "Markup point",
    "rental_id": "Rental", "price": "Price", "mode": "Billing", "on_hours_share": "Share of hours",
    "instances": "Instances", "build_id": "Build", "energy_basis": "Energy basis",
    "utilization": "Utilization", "pinned": "Throughput", "tokens_per_s": "Pinned tok/s",
    "use_own_figure": "",
    "llm_id": "LLM served", "quant_id": "Quantization", "concurrency": "Concurrency",
    "context_tokens": "Context", "throughput": "Used",
}  # fmt: skip
PERCENT = ("on_hours_share", "utilization")
DEFAULT_QUANT = "fp8"


class OptionEditor(QWidget):
    """Edits option ``index`` of a scenario; each change is one command on the undo stack."""

    status_message = Signal(str)

    def __init__(self, stack: DocumentUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.scenario_id: str | None = None
        self.index: int | None = None
        self.form = QFormLayout(self)
        self.w: dict[str, QWidget] = {}
        self._choice_cache: dict[str, list] = {}  # combo items per field, until names change
        self.kind = QComboBox()
        narrow(self.kind)
        self.kind.setObjectName("kind")
        for key, text in KINDS:
            self.kind.addItem(text, key)
        self.kind.setToolTip("How the workload is served: pay per token, rent GPUs, or own them")
        self.kind.currentIndexChanged.connect(self._on_q_kind_changed)
        self.form.addRow("Kind", self.kind)
        for name in SHOWN:
            self.w[name] = widget = self._make(name)
            widget.setObjectName(name)
            self.form.addRow(LABELS[name], widget)
        subscribe(self, stack.doc.changed, self._on_doc_changed)
        self.set_option(None, None)

    def _make(self, name: str) -> QWidget:
        if name == "pinned":
            box = QCheckBox("Pin tok/s (else estimated from the LLM)")
            box.toggled.connect(self._on_q_pinned_toggled)
            return box
        if name == "use_own_figure":
            box = QCheckBox("Use my figure (measured on my own hardware)")
            box.setToolTip(field_rule(OwnedOption, name).description)
            box.toggled.connect(lambda on: self._set(use_own_figure=on))
            return box
        if name == "throughput":
            label = QLabel()
            label.setWordWrap(True)
            return label
        cls = RentalOption if name in SHOWN and "rental" in SHOWN[name] else CLASSES[SHOWN[name][0]]
        rule = field_rule(cls, name)
        if name.endswith("_id") or rule.choices:
            combo = QComboBox()
            narrow(combo)
            combo.setToolTip(rule.description)
            combo.currentIndexChanged.connect(lambda _i, n=name: self._on_q_combo_changed(n))
            return combo
        box = number_box(rule, percent=name in PERCENT, decimals=0)
        if name == "tokens_per_s":
            box.setSuffix(" tok/s")  # the field is named by its unit, which no suffix rule reads
        if name == "context_tokens":
            box.setMinimum(0)
            box.setSpecialValueText("the workload's prompt length")
        box.valueChanged.connect(lambda v, n=name: self._on_q_number_changed(n, v))
        return box

    # --- model -> view ---------------------------------------------------------------------

    def set_option(self, scenario_id: str | None, index: int | None) -> None:
        """Edit option ``index`` of this scenario (None: nothing selected)."""
        self.scenario_id, self.index = scenario_id, index
        self.refresh()

    def set_throughput(self, text: str, tokens_per_s: float | None = None) -> None:
        """The throughput the comparison used for this option (pinned, measured or estimated);
        pinning starts from it."""
        label = self.w["throughput"]
        assert isinstance(label, QLabel)
        label.setText(text)
        self._used_tokens_per_s = tokens_per_s

    def _where(self) -> tuple[int, Any] | None:
        for row, s in enumerate(self.stack.doc.project.scenarios):
            if s.id == self.scenario_id and self.index is not None and self.index < len(s.options):
                return row, s.options[self.index].option
        return None

    def refresh(self) -> None:
        """Show the option's values, signals blocked; rows of other kinds are hidden."""
        found = self._where()
        self.setEnabled(found is not None)
        if found is None:
            for name in SHOWN:
                self.form.setRowVisible(self.w[name], False)
            return
        opt = found[1]
        blockers = [QSignalBlocker(x) for x in [self.kind, *self.w.values()]]
        self.kind.setCurrentIndex(self.kind.findData(opt.kind))
        for name, widget in self.w.items():
            visible = opt.kind in SHOWN[name]
            self.form.setRowVisible(widget, visible)
            if visible:
                self._show_value(name, widget, opt)
        del blockers

    def _show_value(self, name: str, widget: QWidget, opt: Any) -> None:
        if name == "throughput":
            return
        if name == "pinned":
            assert isinstance(widget, QCheckBox)
            widget.setChecked(opt.tokens_per_s is not None)
            return
        if name == "use_own_figure":
            assert isinstance(widget, QCheckBox)
            widget.setChecked(opt.use_own_figure)
            return
        value = getattr(opt, name)
        if isinstance(widget, QComboBox):
            if name not in self._choice_cache:
                self._choice_cache[name] = self._choices(name, type(opt))
            fill_combo(widget, self._choice_cache[name], value)
            return
        if name == "tokens_per_s":
            widget.setEnabled(value is not None)
            value = 1000.0 if value is None else value
        if name == "context_tokens":
            value = value or 0
        scale = widget.property("scale") or 1.0
        widget.setValue(value * scale)  # type: ignore[attr-defined]

    def _choices(self, name: str, cls) -> list[tuple[str, Any]]:
        cat = self.stack.doc.project.catalog
        if name == "offer_id":
            return [(f"{o.id}  ({o.provider} {o.llm_name})", o.id)
                    for o in [*cat.api_offers, *cat.hosted_offers]]  # fmt: skip
        if name == "markup_id":
            markups = [(m.platform, m.id) for m in cat.platform_markups]
            return [("(none: direct price)", None), *markups]
        if name == "rental_id":
            return [(f"{r.id}  ({r.provider})", r.id) for r in cat.gpu_rentals]
        if name == "build_id":
            return [(b.name, b.id) for b in cat.builds]
        if name == "llm_id":
            return [("(none)", None), *((m.name, m.id) for m in cat.llms)]
        if name == "quant_id":
            return [("(none)", None), *((q.name, q.id) for q in cat.quants)]
        return [(c.replace("_", " "), c) for c in field_rule(cls, name).choices or ()]

    def _on_doc_changed(self, change: Change) -> None:
        sections = ("api_offers", "hosted_offers", "platform_markups", "gpu_rentals", "builds",
                    "llms", "quants")  # fmt: skip
        if names_may_change(change, sections):
            self._choice_cache.clear()
        elif not change.touches("scenarios"):
            return  # a price or a spec: nothing this editor shows
        self.refresh()

    # --- view -> model ---------------------------------------------------------------------

    def _push(self, cmd_factory) -> None:
        found = self._where()
        if found is None:
            return
        try:
            self.stack.push_command(cmd_factory(found[0]))
        except InferCostError as exc:
            self.status_message.emit(str(exc))
            self.refresh()

    def _set(self, **values: Any) -> None:
        found = self._where()
        if found is None or all(getattr(found[1], k) == v for k, v in values.items()):
            return
        assert self.index is not None
        self._push(lambda row: set_option_field(self.stack.doc, row, self.index, **values))

    def _on_q_number_changed(self, name: str, value: float) -> None:
        scale = self.w[name].property("scale") or 1.0
        v: Any = value / scale
        if name in ("instances", "concurrency"):
            v = int(value)
        if name == "context_tokens":
            v = int(value) or None  # 0: the workload's prompt length
        self._set(**{name: v})

    def _on_q_combo_changed(self, name: str) -> None:
        combo = self.w[name]
        assert isinstance(combo, QComboBox)
        value = combo.currentData()
        found = self._where()
        if found is None:
            return
        if name == "llm_id":
            # An LLM needs a format, and no LLM no format: change both in one step.
            quant = found[1].quant_id or self._default_quant() if value is not None else None
            self._set(llm_id=value, quant_id=quant)
        elif name == "quant_id" and value is None:
            self._set(llm_id=None, quant_id=None)
        elif name == "quant_id" and found[1].llm_id is None:
            self.status_message.emit("Choose the LLM served first; the format goes with it")
            self.refresh()
        else:
            self._set(**{name: value})

    def _default_quant(self) -> str:
        quants = [q.id for q in self.stack.doc.project.catalog.quants]
        return DEFAULT_QUANT if DEFAULT_QUANT in quants else quants[0]

    def _on_q_pinned_toggled(self, on: bool) -> None:
        box = self.w["tokens_per_s"]
        used = getattr(self, "_used_tokens_per_s", None)
        value = round(used, 1) if used else box.value()  # type: ignore[attr-defined]
        self._set(tokens_per_s=value if on else None)

    def _on_q_kind_changed(self, _index: int) -> None:
        found = self._where()
        kind = self.kind.currentData()
        if found is None or found[1].kind == kind:
            return
        old, cat = found[1], self.stack.doc.project.catalog
        keep = (
            "llm_id",
            "quant_id",
            "concurrency",
            "context_tokens",
            "tokens_per_s",
            "use_own_figure",
            "utilization",
        )
        served = {k: getattr(old, k) for k in keep} if old.kind != "api" else {}
        first = {
            "api": ("offer_id", [o.id for o in [*cat.api_offers, *cat.hosted_offers]]),
            "rental": ("rental_id", [r.id for r in cat.gpu_rentals]),
            "owned": ("build_id", [b.id for b in cat.builds]),
        }[kind]
        if not first[1]:
            self.status_message.emit(f"The catalog has no {self.kind.currentText().lower()} yet")
            self.refresh()
            return
        data = {"kind": kind, first[0]: first[1][0], **(served if kind != "api" else {})}
        assert self.index is not None
        self._push(lambda row: replace_option(self.stack.doc, row, self.index, data))


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import sample_document

    app = QApplication(sys.argv)
    editor = OptionEditor(DocumentUndoStack(sample_document()))
    editor.set_option("seed-1-startup", 2)
    editor.resize(460, 420)
    editor.show()
    sys.exit(app.exec())
