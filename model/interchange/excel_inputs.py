"""The Inputs sheet of an exported workbook: the workload's input cells (with units and
comments), the quality needed and the tiers' ranks, and the table of the exported scenario's
per-option inputs (one column per option)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from infercost.model.catalog.quality import BANDS, rank
from infercost.model.catalog.scenario import Scenario, Workload
from infercost.model.costing.tco import build_cost
from infercost.model.errors import InferCostError
from infercost.model.interchange import excel_formulas as xf
from infercost.model.interchange.excel_cells import (
    HEADER,
    INPUT,
    NOTE,
    TITLE,
    addr,
    put,
    put_text,
    widths,
)

INPUT_TABLE_ROW = 21  # header row of the exported scenario's option inputs on the Inputs sheet
TOKENS = "#,##0"

# Workload inputs: key, defined name, label, unit, format.
WORKLOAD_INPUTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("tokens", "MonthlyTokens", "Tokens per month", "tokens/month", TOKENS),
    ("input_share", "InputShare", "Share of tokens that are input", "0-1", "0.0%"),
    (
        "cached_input_share",
        "CachedInputShare",
        "Share of input from the prompt cache",
        "0-1",
        "0.0%",
    ),
    ("batch_share", "BatchShare", "Share of traffic through the batch API", "0-1", "0.0%"),
    ("routing_share", "RoutingShare", "Share of tokens routed to the routing offer", "0-1", "0.0%"),
    ("routing_offer", "RoutingOffer", "Routing offer ID (empty: none)", "", "@"),
    ("prompt", "PromptTokens", "Typical prompt length", "tokens", TOKENS),
    ("hours", "HoursPerMonth", "Hours in a month", "h", "0.##"),
)
INPUT_MEANINGS = {
    "MonthlyTokens": "tokens per month of the exported scenario's workload",
    "InputShare": "share of tokens that are input (0-1); sets the API blend and the "
    "self-hosted throughput blend",
    "CachedInputShare": "share of input tokens read from the prompt cache (0-1)",
    "BatchShare": "share of traffic sent through the batch API (0-1)",
    "RoutingShare": "share of tokens routed to the routing offer (0-1)",
    "RoutingOffer": "the routing offer's ID (empty: no routing)",
    "PromptTokens": "typical prompt length (for long-context tiers)",
    "HoursPerMonth": "hours in a month (the seed uses 720, InferCost's default is 730)",
    "UsdPerKwh": "electricity price for every build, $/kWh (empty: each build's own tariff)",
    "QualityNeeded": "lowest quality tier acceptable (a tier ID from the table below; empty: any)",
}
WORKLOAD_FIELDS = {
    "tokens": "monthly_tokens",
    "input_share": "input_share",
    "cached_input_share": "cached_input_share",
    "batch_share": "batch_share",
    "routing_share": "routing_share",
    "routing_offer": "routing_offer_id",
    "prompt": "prompt_tokens",
    "hours": "hours_per_month",
}


def write_workload(ws: Worksheet, top: int, workload: Workload) -> dict[str, str]:
    """Workload input cells from row ``top``; returns key -> absolute address."""
    put(ws, top, 1, "Workload inputs", HEADER)
    put(ws, top, 2, "Value", HEADER)
    put(ws, top, 3, "Unit", HEADER)
    put(ws, top, 4, "Comments", HEADER)
    out = {}
    for i, (key, _name, label, unit, fmt) in enumerate(WORKLOAD_INPUTS, start=top + 1):
        put(ws, i, 1, label)
        value = getattr(workload, WORKLOAD_FIELDS[key])
        if isinstance(value, str) or key == "routing_offer":
            put_text(ws, i, 2, value or "", INPUT)
        else:
            put(ws, i, 2, value, INPUT, fmt)
        put(ws, i, 3, unit)
        put(ws, i, 4, INPUT_MEANINGS[_name], NOTE)
        out[key] = addr(ws, i, 2)
    return out


# Per-option inputs of the exported scenario, as columns of a table on the Inputs sheet: the
# typed values, then InferCost's judgement (quality, feasibility), then notes.
OPTION_INPUTS: tuple[tuple[str, str], ...] = (
    ("id", "Catalog ID"),
    ("prefill", "Prefill rate (tok/s)"),
    ("decode", "Decode rate, all sequences (tok/s)"),
    ("tps_typed", "Throughput typed (tok/s; empty: blended from the two rates)"),
    ("util", "Utilization (0-1)"),
    ("on_hours", "Share of hours on (0-1)"),
    ("instances", "Instances per unit"),
    ("price", "Price (on_demand, discounted)"),
    ("mode", "Mode (always_on, per_use)"),
    ("energy_basis", "Energy basis (build, volume)"),
    ("markup_id", "Platform markup ID"),
    ("markup_point", "Markup point (low, mid, high)"),
    ("quality", "Quality tier (InferCost)"),
    ("feasible", "Feasible (1 yes, 0 no; InferCost)"),
    ("source", "Throughput from"),
    ("claim", "Pinned or measured claim"),
    ("comment", "Comments"),
)
NOTE_COLUMNS = ("source", "claim", "comment")


@dataclass
class OptionInputs:
    """Where the exported scenario's per-option inputs live: one column per option (from
    column B), one row per input, as on the scenario sheet."""

    ws: Worksheet
    head: int

    def write_head(self, n: int) -> None:
        ws = self.ws
        put(ws, self.head - 1, 1, "Options of the exported scenario", HEADER)
        put(ws, self.head, 1, "Option", HEADER)
        for r, (key, label) in enumerate(OPTION_INPUTS, start=self.head + 1):
            cell = put(ws, r, 1, label, HEADER if key == "id" else None)
            if key in NOTE_COLUMNS:
                ws.row_dimensions[r].height = 64
                cell.alignment = Alignment(vertical="top")
        ws.row_dimensions[self.head].height = 30
        end = self.last_row
        put(ws, end + 1, 1, "Empty cells do not apply to that kind of option.", NOTE)
        put(
            ws,
            end + 2,
            1,
            "Prefill and decode rates are InferCost's estimate at the exported prompt length "
            "(PromptTokens); a changed prompt length is not re-estimated here.",
            NOTE,
        )

    @property
    def last_row(self) -> int:
        return self.head + len(OPTION_INPUTS)

    def label_cell(self, index: int) -> tuple[int, int]:
        return self.head, 2 + index

    def cell(self, index: int, key: str) -> tuple[int, int]:
        row = self.head + 1 + [k for k, _ in OPTION_INPUTS].index(key)
        return row, 2 + index


@dataclass(frozen=True)
class Quality:
    """Where a scenario sheet finds the quality it needs and the tiers' ranks."""

    needed: str
    tiers: str
    ranks: str


def write_inputs(ws, workload, scenario, cat, names) -> tuple[Callable[[str], str], Quality]:
    put(ws, 1, 1, "Inputs", TITLE)
    put(ws, 2, 1, "Yellow cells are inputs: change one and every sheet follows.", NOTE)
    if workload is None:
        workload = _placeholder_workload()
    put_text(ws, 3, 1, f"Workload: {workload.name} ({workload.id})")
    refs = write_workload(ws, 4, workload)
    for key, name, *_ in WORKLOAD_INPUTS:
        names[name] = (refs[key], INPUT_MEANINGS[name])
    r = 6 + len(WORKLOAD_INPUTS)
    put(ws, r, 1, "Electricity price for every build", HEADER)
    kwh = _common_kwh(cat)
    put(ws, r, 2, kwh, INPUT, "$0.000") if kwh is not None else put(ws, r, 2, None, INPUT)
    put(ws, r, 3, "$/kWh")
    put(ws, r, 4, "Empty: each build uses its own tariff (Build settings sheet).", NOTE)
    names["UsdPerKwh"] = (addr(ws, r, 2), INPUT_MEANINGS["UsdPerKwh"])
    put(ws, r + 1, 1, "Quality needed by the scenario", HEADER)
    needed = scenario.quality_needed.value if scenario and scenario.quality_needed else ""
    put_text(ws, r + 1, 2, needed, INPUT)
    put(ws, r + 1, 3, "tier ID")
    put(ws, r + 1, 4, INPUT_MEANINGS["QualityNeeded"], NOTE)
    names["QualityNeeded"] = (addr(ws, r + 1, 2), INPUT_MEANINGS["QualityNeeded"])
    put(ws, r + 3, 1, "Amortization, utilization and power of each build: Build settings.", NOTE)
    put(ws, r + 4, 1, "Electricity tariffs and every price: the catalog sheets.", NOTE)
    tiers_top = OptionInputs(ws, INPUT_TABLE_ROW).last_row + 4
    put(ws, tiers_top - 1, 1, "Quality tiers: the seed's 2026 pricing bands, best first", NOTE)
    put(ws, tiers_top, 1, "Examples", HEADER)
    for j, text in enumerate(("Tier ID", "Label", "Rank (higher is better)"), start=2):
        put(ws, tiers_top, j, text, HEADER)
    for i, band in enumerate(BANDS, start=tiers_top + 1):
        put_text(ws, i, 1, band.examples)
        put_text(ws, i, 2, band.tier.value)
        put_text(ws, i, 3, band.label)
        put(ws, i, 4, rank(band.tier), None, "0")
    last = tiers_top + len(BANDS)
    tiers = f"Inputs!$B${tiers_top + 1}:$B${last}"
    ranks = f"Inputs!$D${tiers_top + 1}:$D${last}"
    top = last + 2
    put(ws, top, 1, "Constants", HEADER)
    for j, text in enumerate(("Value", "Unit", "Comments"), start=2):
        put(ws, top, j, text, HEADER)
    for i, (name, value, unit, meaning) in enumerate(xf.CONSTANTS, start=top + 1):
        put(ws, i, 1, name)
        put(ws, i, 2, value, INPUT, "#,##0.###")
        put(ws, i, 3, unit)
        put(ws, i, 4, meaning, NOTE)
        names[name] = (addr(ws, i, 2), meaning)
    n = len(scenario.options) if scenario else 0
    widths(ws, 44, *([24] * max(n, 3)))
    by_key = {key: name for key, name, *_ in WORKLOAD_INPUTS}
    by_key["usd_per_kwh"] = "UsdPerKwh"
    return by_key.__getitem__, Quality("QualityNeeded", tiers, ranks)


def _placeholder_workload():
    from infercost.model.catalog.scenario import Workload

    return Workload(id="none", name="No scenario in the project")


def _common_kwh(cat) -> float | None:
    """The electricity price every build uses, when they agree (else None: each its own)."""
    prices = set()
    for build in cat.builds:
        try:
            prices.add(build_cost(build, cat).usd_per_kwh)
        except InferCostError:
            return None
    return prices.pop() if len(prices) == 1 else None


def quality_cell(ws, row: int, scenario: Scenario, quality: Quality) -> Quality:
    put(ws, row, 1, "Quality needed (tier ID; empty: any)", HEADER)
    needed = scenario.quality_needed.value if scenario.quality_needed else ""
    put_text(ws, row, 2, needed, INPUT)
    put(ws, row, 3, "tiers: Inputs sheet", NOTE)
    return Quality(addr(ws, row, 2), quality.tiers, quality.ranks)
