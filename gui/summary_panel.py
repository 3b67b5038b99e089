"""A live readout of what the selected catalog entry costs, recomputed on every document change."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget
from superqt.utils import signals_blocked

from infercost.gui.columns import format_number as _exact
from infercost.gui.events import subscribe
from infercost.model.commands import Change
from infercost.model.document import Document
from infercost.model.errors import InferCostError
from infercost.model.pricing import blended_usd_per_mtok
from infercost.model.project import Project
from infercost.model.scenario import Workload
from infercost.model.tco import build_cost


def format_number(value: float, unit: str) -> str:
    """A computed figure to reading precision: three significant digits below $1 ($0.197 / hr,
    the seed's own rounding), cents above. Catalog cells keep their exact values instead."""
    if unit.startswith("$") and 0 < abs(value) < 1:
        return _exact(float(f"{value:.3g}"), unit)
    if unit.startswith("$"):
        return _exact(round(value, 2), unit)
    return _exact(value, unit)


# Used when the project defines no workload yet: the Workload defaults (75% input, no
# caching, no batch), which is also how the seed compares list prices.
DEFAULT_WORKLOAD = Workload(id="typical", name="75% input, 25% output")


@dataclass(frozen=True)
class Readout:
    """What the panel shows: a title, one headline figure and the lines that explain it."""

    title: str
    headline: str = ""
    caption: str = ""
    lines: list[tuple[str, str]] = field(default_factory=list)


def readout(
    project: Project, section: str, entry_id: str | None, workload_id: str | None = None
) -> Readout:
    """Compute the readout for an entry from the catalog with the model's own formulas.

    API offers are priced for ``workload_id`` (the project's first workload when None or
    gone, the Workload defaults when the project has none).
    """
    if entry_id is None:
        return Readout("Nothing selected", caption=_HINT)
    cat = project.catalog
    try:
        if section in ("api_offers", "hosted_offers"):
            workload = _workload(project, workload_id)
            blend = blended_usd_per_mtok(entry_id, workload, cat)
            lines = [
                (
                    s.label,
                    format_number(s.usd_per_mtok, "$/Mtok") + (f"  ({s.note})" if s.note else ""),
                )
                for s in blend.steps
                # Steps that change nothing for this workload are noise in a readout.
                if s.name == "list" or s.delta_usd_per_mtok != 0
            ]
            return Readout(
                entry_id,
                format_number(blend.usd_per_mtok, "$/Mtok"),
                f"blended price for workload “{workload.name}”",
                lines,
            )
        if section == "builds":
            build = cat.build(entry_id)
            cost = build_cost(build, cat)
            return Readout(
                entry_id,
                format_number(cost.usd_per_hour, "$/hr"),
                f"to own, {cost.years:g} years at {cost.utilization:.0%} utilization",
                [
                    ("Purchase", format_number(cost.purchase_usd, "$")),
                    ("Amortization", format_number(cost.amortization_usd_per_hour, "$/hr")),
                    (
                        "Energy",
                        format_number(cost.energy_usd_per_hour, "$/hr")
                        + f"  ({cost.average_power_w:,.0f} W at ${cost.usd_per_kwh:g}/kWh)",
                    ),
                    ("Operations", format_number(cost.fixed_usd_per_hour, "$/hr")),
                    (
                        "Per month",
                        format_number(cost.usd_per_month(build.hours_per_month), "$/month"),
                    ),
                ],
            )
        if section == "gpu_rentals":
            rental = cat.rental(entry_id)
            lines = [("GPUs per unit", str(rental.gpus_per_instance))]
            if rental.discounted_usd_per_hour is not None:
                lines.append(
                    (
                        f"Discounted ({rental.discount_kind.value})",
                        format_number(rental.unit_usd_per_hour("discounted"), "$/hr"),
                    )
                )
            return Readout(
                entry_id,
                format_number(rental.unit_usd_per_hour(), "$/hr"),
                "per rented unit, mid of the on-demand range",
                lines,
            )
    except InferCostError as exc:
        return Readout(entry_id, caption=f"Cannot compute: {exc}")
    # The title names the selected row, so "select an API offer" alone reads as if the
    # selection had not registered: say why there is no figure for it.
    return Readout(entry_id, caption=_OTHER_SECTION)


def _workload(project: Project, workload_id: str | None) -> Workload:
    for w in project.workloads:
        if w.id == workload_id:
            return w
    return project.workloads[0] if project.workloads else DEFAULT_WORKLOAD


_HINT = "Select an API offer, a GPU rental or a build to see what it costs."
_OTHER_SECTION = (
    "The summary prices API offers, hosted offers, GPU rentals and builds; "
    "select one of those to see what it costs."
)


class SummaryPanel(QWidget):
    """Shows the readout of the entry selected in the catalog editor, always up to date."""

    def __init__(self, doc: Document, parent=None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.section = ""
        self.entry_id: str | None = None
        self.title = QLabel(self)
        self.title.setObjectName("summary_title")
        self.title.setStyleSheet("font-weight: 600;")
        self.title.setWordWrap(True)
        self.headline = QLabel(self)
        self.headline.setObjectName("summary_headline")
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.headline.setFont(font)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.details = QLabel(self)
        self.details.setObjectName("summary_details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        lay = QVBoxLayout(self)
        self.workload = QComboBox(self)
        self.workload.setObjectName("summary_workload")
        self.workload.setToolTip("The workload whose token mix prices the API offers")
        # As wide as the longest workload when there is room, but allowed to shrink to a
        # short name: at 200% scaling on a small screen the panel's minimum width decides
        # whether the window fits at all.
        self.workload.setMinimumWidth(self.fontMetrics().horizontalAdvance("M" * 10))
        self.workload.currentIndexChanged.connect(lambda _i: self.refresh())
        self.workload_row = QWidget(self)
        row = QHBoxLayout(self.workload_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Workload:", self.workload_row))
        row.addWidget(self.workload, 1)
        lay.addWidget(self.workload_row)
        for w in (self.title, self.headline, self.caption, self.details):
            lay.addWidget(w)
        subscribe(self, doc.changed, self._on_doc_changed)
        self._fill_workloads()
        self.refresh()

    def _fill_workloads(self) -> None:
        current = self.workload.currentData()
        with signals_blocked(self.workload):
            self.workload.clear()
            for w in self.doc.project.workloads or [DEFAULT_WORKLOAD]:
                self.workload.addItem(w.name, w.id)
            i = self.workload.findData(current)
            self.workload.setCurrentIndex(max(i, 0))

    def set_entry(self, section: str, entry_id: str | None) -> None:
        """Follow the selection of the catalog editor."""
        self.section, self.entry_id = section, entry_id
        self.refresh()

    def _on_doc_changed(self, change: Change) -> None:
        if change.touches("workloads"):
            self._fill_workloads()
        # Any change can move the figure (a tariff edit changes a build's $/hr), and one
        # readout costs microseconds, so every change recomputes.
        self.refresh()

    def refresh(self) -> None:
        """Recompute from the document and show."""
        r = readout(self.doc.project, self.section, self.entry_id, self.workload.currentData())
        # The token mix only matters for per-token prices.
        self.workload_row.setVisible(self.section in ("api_offers", "hosted_offers"))
        self.title.setText(r.title)
        self.headline.setText(r.headline)
        self.headline.setVisible(bool(r.headline))
        self.caption.setText(r.caption)
        rows = "".join(
            f"<tr><td style='padding-right:8px'>{_html(k)}</td><td>{_html(v)}</td></tr>"
            for k, v in r.lines
        )
        self.details.setText(f"<table>{rows}</table>" if rows else "")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from infercost.gui.sample import sample_document

    app = QApplication(sys.argv)
    panel = SummaryPanel(sample_document())
    panel.set_entry("api_offers", "openai/gpt-4o")
    panel.resize(360, 300)
    panel.show()
    sys.exit(app.exec())
