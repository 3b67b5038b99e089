"""The configurator's live summary: purchase, power and its limits, $/hour over 2 and 3 years,
and what a chosen LLM runs at and costs on the build."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from infercost.model.catalog.build import Build
from infercost.model.catalog.catalog import Catalog
from infercost.model.costing.build_readout import BuildReadout, LlmOnBuild, llm_on_build
from infercost.model.errors import InferCostError
from infercost.model.estimator.estimate import MAX_CONCURRENCY, MAX_CONTEXT_TOKENS
from infercost.model.formatting import format_number as _format

WARNING_STYLE = "color: #d9534f; font-weight: bold;"


def format_number(value: float, unit: str) -> str:
    """A computed figure at reading precision ($0.197 / hr; cents above $1)."""
    return _format(value, unit, "reading")


def _watts(v: float) -> str:
    return f"{v:,.0f} W"


class BuildSummary(QWidget):
    """Shows a BuildReadout; the LLM part recomputes when its choices change."""

    llm_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.readout: BuildReadout | None = None
        self.llm_result: LlmOnBuild | None = None
        self._build: Build | None = None
        self._catalog: Catalog | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)

        self.title = QLabel(self)
        self.title.setObjectName("summary_title")
        # A font, not a style sheet: a style sheet fixes the palette when first polished, and
        # the heading stayed black after a switch to the dark scheme.
        heading = self.title.font()
        heading.setPixelSize(15)
        heading.setBold(True)
        self.title.setFont(heading)
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        figures = QFormLayout()
        figures.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.purchase = QLabel(self)
        self.gpu_power = QLabel(self)
        self.wall_power = QLabel(self)
        self.electricity = QLabel(self)
        self.residual = QLabel(self)
        self.monthly = QLabel(self)
        figures.addRow("Purchase", self.purchase)
        figures.addRow("GPU power", self.gpu_power)
        figures.addRow("Wall power", self.wall_power)
        figures.addRow("Electricity", self.electricity)
        figures.addRow("Resale at the end", self.residual)
        figures.addRow("Per month", self.monthly)
        for lab in (
            self.purchase,
            self.gpu_power,
            self.wall_power,
            self.electricity,
            self.residual,
            self.monthly,
        ):
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lab.setWordWrap(True)
        self.gpu_power.setToolTip("GPU boards at load / idle")
        self.wall_power.setToolTip(
            "The whole system at the wall at load / idle: PSU losses and PUE included"
        )
        outer.addLayout(figures)
        self.warnings = QLabel(self)
        self.warnings.setObjectName("power_warnings")
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.warnings.setWordWrap(True)
        outer.addWidget(self.warnings)

        box = QGroupBox("Amortized cost per hour (seed §3)", self)
        self.grid = QGridLayout(box)
        self.grid_labels: dict[tuple[int, int], QLabel] = {}
        outer.addWidget(box)

        llm_box = QGroupBox("Serving an LLM", self)
        llm_form = QFormLayout(llm_box)
        self.llm = QComboBox(llm_box)
        self.llm.setObjectName("llm")
        self.quant = QComboBox(llm_box)
        self.quant.setObjectName("quant")
        for box in (self.llm, self.quant):
            # Long names ("AWQ INT4 (group 128)") must not widen the whole summary.
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(12)
        self.concurrency = QSpinBox(llm_box)
        self.concurrency.setObjectName("concurrency")
        self.concurrency.setRange(1, MAX_CONCURRENCY)
        self.concurrency.setToolTip("Sequences decoded together")
        self.context = QSpinBox(llm_box)
        self.context.setObjectName("context")
        self.context.setRange(1, MAX_CONTEXT_TOKENS)
        self.context.setSingleStep(1024)
        self.context.setValue(4096)
        self.context.setSuffix(" tokens")
        self.context.setGroupSeparatorShown(True)
        self.context.setToolTip("Tokens held per sequence")
        for w in (self.llm, self.quant):
            w.currentIndexChanged.connect(self._on_q_llm_changed)
        for w in (self.concurrency, self.context):
            w.valueChanged.connect(self._on_q_llm_changed)
        llm_form.addRow("LLM", self.llm)
        llm_form.addRow("Format", self.quant)
        llm_form.addRow("Concurrency", self.concurrency)
        llm_form.addRow("Context", self.context)
        self.fit = QLabel(llm_box)
        self.fit.setObjectName("fit")
        self.fit.setWordWrap(True)
        self.speed = QLabel(llm_box)
        self.speed.setObjectName("speed")
        self.speed.setWordWrap(True)
        self.per_mtok = QLabel(llm_box)
        self.per_mtok.setObjectName("per_mtok")
        self.per_mtok.setWordWrap(True)
        llm_form.addRow("Fits", self.fit)
        llm_form.addRow("Decode", self.speed)
        llm_form.addRow("Per Mtok", self.per_mtok)
        outer.addWidget(llm_box)
        outer.addStretch(1)

    # --- choices ---------------------------------------------------------------------------

    def set_catalog_choices(self, catalog: Catalog) -> None:
        """Fill the LLM and format lists, keeping the current choice when it still exists."""
        for box, entries in ((self.llm, catalog.llms), (self.quant, catalog.quants)):
            current = box.currentData()
            with QSignalBlocker(box):
                box.clear()
                for e in entries:
                    box.addItem(e.name, e.id)
                i = box.findData(current)
                box.setCurrentIndex(i if i >= 0 else 0)

    def choose_llm(self, llm_id: str, quant_id: str) -> None:
        """Set the LLM and format (a click in the what-fits table)."""
        for box, value in ((self.llm, llm_id), (self.quant, quant_id)):
            with QSignalBlocker(box):
                i = box.findData(value)
                if i >= 0:
                    box.setCurrentIndex(i)
        self._on_q_llm_changed()

    def _on_q_llm_changed(self, *_: object) -> None:
        self._show_llm()
        self.llm_changed.emit()

    # --- figures ---------------------------------------------------------------------------

    def show_readout(
        self, build: Build | None, catalog: Catalog, readout: BuildReadout | None, error: str = ""
    ) -> None:
        """Show a build's figures, or why there are none."""
        self._build, self._catalog, self.readout = build, catalog, readout
        if build is None:
            self.title.setText("No build selected: add one with New")
        else:
            self.title.setText(build.name)
        if readout is None:
            for lab in (
                self.purchase,
                self.gpu_power,
                self.wall_power,
                self.electricity,
                self.residual,
                self.monthly,
            ):
                lab.setText("—")
            self.warnings.setText(error)
            self._fill_grid(None)
            self._show_llm()
            return
        r, c = readout, readout.cost
        self.purchase.setText(
            f"{format_number(r.purchase_usd, '$')}  "
            f"(GPUs {format_number(r.gpu_purchase_usd, '$')}, {c.price_point} prices)"
        )
        self.gpu_power.setText(f"{_watts(r.gpu_load_w)} at load, {_watts(r.gpu_idle_w)} idle")
        self.wall_power.setText(f"{_watts(r.wall_load_w)} at load, {_watts(r.wall_idle_w)} idle")
        scope = "GPU boards" if c.power_scope == "gpu" else "the wall"
        self.electricity.setText(
            f"{format_number(c.load_energy_usd_per_hour, '$/hr')} at load, "
            f"{format_number(c.energy_usd_per_hour, '$/hr')} at {c.utilization:.0%} use"
        )
        self.electricity.setToolTip(f"At ${c.usd_per_kwh:g}/kWh, counting {scope}")
        self.residual.setText(f"{format_number(c.residual_usd, '$')} after {c.years:g} years")
        self.monthly.setText(
            f"{format_number(r.usd_per_month, '$/month')} "
            f"({r.hours_per_month:g} h, {c.utilization:.0%} use)"
        )
        self.monthly.setToolTip(
            "Utilization lowers the energy bill only: idle hardware still loses value"
        )
        self.warnings.setText("\n".join(r.warnings))
        self._fill_grid(r)
        self._show_llm()

    def _cell(self, row: int, col: int, text: str, bold: bool = False) -> None:
        lab = self.grid_labels.get((row, col))
        if lab is None:
            lab = QLabel(self)
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if col > 0:
                lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(lab, row, col)
            self.grid_labels[(row, col)] = lab
        lab.setText(f"<b>{text}</b>" if bold else text)
        self._shown.add((row, col))

    def _fill_grid(self, r: BuildReadout | None) -> None:
        self._shown: set[tuple[int, int]] = set()
        if r is not None:
            self._fill_cells(r)
        # Cells of a horizon no longer shown (a build's own years back to 2 or 3) are hidden.
        for key, lab in self.grid_labels.items():
            if lab.isVisibleTo(self) != (key in self._shown):
                lab.setVisible(key in self._shown)

    def _fill_cells(self, r: BuildReadout) -> None:
        c = r.cost
        rows = [
            ("Build, amortized", [h.amortization_usd_per_hour for h in r.horizons]),
            ("GPUs alone, amortized", [h.gpu_amortization_usd_per_hour for h in r.horizons]),
            ("Electricity", [c.energy_usd_per_hour] * len(r.horizons)),
            ("Ops and colocation", [c.fixed_usd_per_hour] * len(r.horizons)),
            ("Total", [h.usd_per_hour for h in r.horizons]),
        ]
        for j, h in enumerate(r.horizons):
            mark = " ✓" if h.years == c.years else ""
            self._cell(0, j + 1, f"{h.years:g} years{mark}", bold=True)
        for i, (name, values) in enumerate(rows, start=1):
            self._cell(i, 0, name, bold=name == "Total")
            for j, v in enumerate(values):
                self._cell(i, j + 1, f"${v:,.4f}" if v < 10 else f"${v:,.2f}", bold=name == "Total")

    def _show_llm(self) -> None:
        self.llm_result = None
        b, cat = self._build, self._catalog
        llm_id, quant_id = self.llm.currentData(), self.quant.currentData()
        if b is None or cat is None or self.readout is None or not llm_id or not quant_id:
            for lab in (self.fit, self.speed, self.per_mtok):
                lab.setText("—")
            return
        try:
            res = llm_on_build(
                b,
                cat,
                llm_id,
                quant_id,
                context_tokens=self.context.value(),
                concurrency=self.concurrency.value(),
                usd_per_hour=self.readout.cost.usd_per_hour,
            )
        except InferCostError as exc:
            self.fit.setText(str(exc))
            self.speed.setText("—")
            self.per_mtok.setText("—")
            return
        self.llm_result = res
        if res.fits:
            self.fit.setText("Yes, in VRAM")
            self.fit.setStyleSheet("")
        else:
            ram = "" if res.host_ram_enough is not False else "; not enough system RAM either"
            self.fit.setText(
                f"No: {res.offload_share:.0%} of the weights offloaded to system RAM, "
                f"at {res.offload_speed_share:.0%} of the in-VRAM speed{ram}"
            )
            self.fit.setStyleSheet(WARNING_STYLE)
        what = "measured" if res.source == "measured" else "estimate"
        seqs = f"{res.concurrency:,} sequence{'s' if res.concurrency != 1 else ''}"
        if res.low_tokens_per_s == res.high_tokens_per_s:
            self.speed.setText(f"{res.tokens_per_s:,.1f} tok/s ({what}), {seqs}")
        else:
            self.speed.setText(
                f"{res.tokens_per_s:,.1f} tok/s, band {res.low_tokens_per_s:,.1f}-"
                f"{res.high_tokens_per_s:,.1f} ({what}), {seqs}"
            )
        if res.claim is not None:
            c = res.claim
            said = f"{c.low_tokens_per_s:,.0f}-{c.high_tokens_per_s:,.0f}"
            self.speed.setText(f"{self.speed.text()}; the source claims {said} tok/s")
            self.speed.setToolTip(f"{c.id}: {c.source}. {c.notes}")
        else:
            self.speed.setToolTip("")
        if res.usd_per_mtok is None:
            self.per_mtok.setText("— (0 % utilization delivers no tokens)")
        else:
            low, high = res.low_usd_per_mtok or 0.0, res.high_usd_per_mtok or 0.0
            self.per_mtok.setText(
                f"{format_number(res.usd_per_mtok, '$/Mtok')} generated, band "
                f"{format_number(low, '$')}-{format_number(high, '$')}"
            )


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import sample_document
    from infercost.model.costing.build_readout import build_readout

    app = QApplication(sys.argv)
    cat = sample_document().project.catalog
    summary = BuildSummary()
    summary.set_catalog_choices(cat)
    build = cat.build("rtx-5090-rig")
    summary.show_readout(build, cat, build_readout(build, cat))
    summary.choose_llm("llama-3.3-70b", "q4_k_m")
    summary.show()
    sys.exit(app.exec())
