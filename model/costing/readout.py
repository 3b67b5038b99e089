"""What the Summary shows for one catalog entry, as a frozen result: the panel, the command
line (``infercost-cli summary``), the Excel export and the report all call :func:`readout`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import Workload
from infercost.model.costing.pricing import blended_usd_per_mtok
from infercost.model.costing.tco import build_cost
from infercost.model.errors import InferCostError
from infercost.model.formatting import format_number

# Used when the project defines no workload yet: the Workload defaults (75% input, no
# caching, no batch), which is also how the seed compares list prices.
DEFAULT_WORKLOAD = Workload(id="typical", name="75% input, 25% output")

PRICED_SECTIONS = ("api_offers", "hosted_offers", "gpu_rentals", "builds")
PER_TOKEN_SECTIONS = ("api_offers", "hosted_offers")

HINT = "Select an API offer, a GPU rental or a build to see what it costs."
OTHER_SECTION = (
    "The summary prices API offers, hosted offers, GPU rentals and builds; "
    "select one of those to see what it costs."
)


@dataclass(frozen=True, slots=True)
class Figure:
    """One computed number with its unit (a unit of "" is a count) and an optional note."""

    label: str
    value: float
    unit: str
    note: str = ""

    @property
    def text(self) -> str:
        """The figure at reading precision, with its note: "$0.197 / hr  (575 W at ...)"."""
        text = format_number(self.value, self.unit, "reading")
        return f"{text}  ({self.note})" if self.note else text


@dataclass(frozen=True, slots=True)
class Readout:
    """A title, one headline figure (None when there is nothing to price), a caption saying
    what the headline is, and the figures that explain it."""

    title: str
    headline: Figure | None = None
    caption: str = ""
    figures: tuple[Figure, ...] = ()

    @property
    def headline_text(self) -> str:
        """The headline at reading precision, or "" when there is none."""
        return (
            ""
            if self.headline is None
            else format_number(self.headline.value, self.headline.unit, "reading")
        )

    @property
    def lines(self) -> tuple[tuple[str, str], ...]:
        """(label, text) of each explaining figure."""
        return tuple((f.label, f.text) for f in self.figures)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON or a worksheet: values unrounded, texts as shown."""

        def fig(f: Figure) -> dict[str, Any]:
            return {
                "label": f.label,
                "value": f.value,
                "unit": f.unit,
                "note": f.note,
                "text": f.text,
            }

        return {
            "title": self.title,
            "headline": None if self.headline is None else fig(self.headline),
            "caption": self.caption,
            "figures": [fig(f) for f in self.figures],
        }


def summary_workload(project: Project, workload_id: str | None) -> Workload:
    """The workload that prices API offers: ``workload_id``, else the project's first, else
    the Workload defaults."""
    for w in project.workloads:
        if w.id == workload_id:
            return w
    return project.workloads[0] if project.workloads else DEFAULT_WORKLOAD


def readout(
    project: Project, section: str, entry_id: str | None, workload_id: str | None = None
) -> Readout:
    """What one catalog entry costs, with the model's own formulas.

    API and hosted offers are priced for ``workload_id`` (see :func:`summary_workload`);
    builds to own at their own years, utilization and tariff; rentals per rented unit. A
    catalog that cannot price the entry (a part without a price, a missing tariff) gives a
    readout whose caption says why, never an exception.
    """
    if entry_id is None:
        return Readout("Nothing selected", caption=HINT)
    cat = project.catalog
    try:
        if section in PER_TOKEN_SECTIONS:
            workload = summary_workload(project, workload_id)
            blend = blended_usd_per_mtok(entry_id, workload, cat)
            figures = tuple(
                Figure(s.label, s.usd_per_mtok, "$/Mtok", s.note)
                for s in blend.steps
                # Steps that change nothing for this workload are noise in a readout.
                if s.name == "list" or s.delta_usd_per_mtok != 0
            )
            return Readout(
                entry_id,
                Figure("Blended price", blend.usd_per_mtok, "$/Mtok"),
                f"blended price for workload “{workload.name}”",
                figures,
            )
        if section == "builds":
            build = cat.build(entry_id)
            cost = build_cost(build, cat)
            energy_note = f"{cost.average_power_w:,.0f} W at ${cost.usd_per_kwh:g}/kWh"
            return Readout(
                entry_id,
                Figure("To own", cost.usd_per_hour, "$/hr"),
                f"to own, {cost.years:g} years at {cost.utilization:.0%} utilization",
                (
                    Figure("Purchase", cost.purchase_usd, "$"),
                    Figure("Amortization", cost.amortization_usd_per_hour, "$/hr"),
                    Figure("Energy", cost.energy_usd_per_hour, "$/hr", energy_note),
                    Figure("Operations", cost.fixed_usd_per_hour, "$/hr"),
                    Figure("Per month", cost.usd_per_month(build.hours_per_month), "$/month"),
                ),
            )
        if section == "gpu_rentals":
            rental = cat.rental(entry_id)
            figures = [Figure("GPUs per unit", rental.gpus_per_instance, "")]
            if rental.discounted_usd_per_hour is not None:
                figures.append(
                    Figure(
                        f"Discounted ({rental.discount_kind.value})",
                        rental.unit_usd_per_hour("discounted"),
                        "$/hr",
                    )
                )
            return Readout(
                entry_id,
                Figure("On demand", rental.unit_usd_per_hour(), "$/hr"),
                "per rented unit, mid of the on-demand range",
                tuple(figures),
            )
    except InferCostError as exc:
        return Readout(entry_id, caption=f"Cannot compute: {exc}")
    # The title names the selected row, so "select an API offer" alone reads as if the
    # selection had not registered: say why there is no figure for it.
    return Readout(entry_id, caption=OTHER_SECTION)
