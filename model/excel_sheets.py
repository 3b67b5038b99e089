"""The calculation sheets of an exported workbook: the workload inputs block, the options'
inputs table, and one sheet per scenario (option table, break-even volumes, curves, chart)."""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from infercost.model import excel_formulas as xf
from infercost.model.catalog import Catalog
from infercost.model.evaluation import Evaluation, OptionEval
from infercost.model.excel_catalog import SHEET_NAMES, columns
from infercost.model.excel_cells import (
    CALC,
    HEADER,
    INPUT,
    NOTE,
    TITLE,
    addr,
    col_range,
    put,
    put_text,
    sheet_ref,
    widths,
)
from infercost.model.excel_chart import write_curves
from infercost.model.excel_throughput import sheet_throughput
from infercost.model.project import Project
from infercost.model.scenario import ApiOption, OwnedOption, RentalOption, Scenario, Workload

CHART_ROWS = 24  # rows the chart covers (11 cm at the default row height)
USD = "$#,##0.00"
USD_FINE = "$#,##0.0000"
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


@dataclass
class Layout:
    """Where things are: each section's sheet columns, and the Builds sheet's rows and columns."""

    catalog: Catalog
    col: dict[tuple[str, str], int] = field(default_factory=dict)
    build_row: dict[str, int] = field(default_factory=dict)
    build_col: dict[str, int] = field(default_factory=dict)

    def column(self, section: str, name: str) -> str:
        return col_range(SHEET_NAMES[section], self.col[(section, name)])

    def index(self, section: str, row_cell: str):
        return lambda name: f"INDEX({self.column(section, name)},{row_cell})"


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


@dataclass
class ScenarioCells:
    """What a scenario sheet exposes: each option's label and monthly-cost cells."""

    title: str
    labels: list[str]
    label_cells: list[str]
    cost_cells: list[str]
    per_mtok_cells: list[str]
    volume_cell: str
    rows: dict[str, int] = field(default_factory=dict)
    needed_cell: str = ""
    print_rows: int = 0
    columns: int = 2
    cheapest_cell: str = ""

    def row_range(self, key: str) -> str:
        """The row ``key`` across the options: ``'Break-even'!$C$40:$F$40``."""
        n = len(self.labels)
        last = get_column_letter(2 + max(n, 1))
        r = self.rows[key]
        return f"{sheet_ref(self.title)}!$C${r}:${last}${r}"

    def pick(self, key: str, rank: int) -> str:
        """INDEX of row ``key`` at the option ranked ``rank`` (1 = cheapest)."""
        return f"INDEX({self.row_range(key)},MATCH({rank},{self.row_range('rank')},0))"


@dataclass(frozen=True)
class Quality:
    """Where a scenario sheet finds the quality it needs and the tiers' ranks."""

    needed: str
    tiers: str
    ranks: str


def write_scenario(
    ws: Worksheet,
    lay: Layout,
    project: Project,
    ev: Evaluation,
    w,
    top: int,
    quality: Quality,
    inputs: OptionInputs | None = None,
):
    """Option table, cost at the workload's volume, the cheapest comparable feasible option,
    break-even volumes, curves and a chart, for the scenario ``ev`` evaluates.

    With ``inputs`` the options' typed values (throughput, utilization, price, mode ...) go to
    that table on the Inputs sheet and the option table refers to them.
    """
    scenario = project.scenario(ev.scenario_id)
    workload = project.workload(scenario.workload_id)
    rows = {key: top + i for i, (key, _l, _u) in enumerate(xf.OPTION_ROWS)}
    for key, label, unit in xf.OPTION_ROWS:
        put(ws, rows[key], 1, label, HEADER if key == "label" else None)
        put(ws, rows[key], 2, unit, HEADER if key == "label" else NOTE)
    n = len(scenario.options)
    routing_col = 3 + n if workload.routing_offer_id else None
    out = ScenarioCells(ws.title, [], [], [], [], w("tokens"), rows, quality.needed)
    if inputs is not None:
        inputs.write_head(n)
    last = get_column_letter(2 + max(n, 1))
    every = f"$C${rows['eligible']}:${last}${rows['eligible']}"
    payg = f"$C${rows['payg']}:${last}${rows['payg']}"
    for j, (so, oe) in enumerate(zip(scenario.options, ev.options, strict=True), start=3):
        place = None
        if inputs is not None:
            place = lambda key, i=j - 3: inputs.cell(i, key)  # noqa: E731
            put(inputs.ws, *inputs.label_cell(j - 3), f"={addr(ws, rows['label'], j)}", HEADER)
        col = _Column(ws, lay, project, workload, rows, j, w, inputs, place)
        col.write(so, oe, routing_col)
        L = get_column_letter(j)
        upto = f"$C${rows['eligible']}:{L}${rows['eligible']}"
        choice = xf.choice_rows(
            col.a, quality.needed, quality.tiers, quality.ranks, every, upto, so.option.kind
        )
        if isinstance(so.option, OwnedOption):
            brow = f"MATCH({col.a('id')},Builds!$A:$A,0)"
            choice.update(
                xf.owned_choice_rows(
                    col.a,
                    _builds_index(lay, "purchase", brow),
                    _builds_index(lay, "amort", brow),
                    payg,
                )
            )
        for key, formula in choice.items():
            put(ws, rows[key], j, formula, CALC, _fmt(key))
        out.labels.append(so.label)
        out.label_cells.append(addr(ws, rows["label"], j))
        out.cost_cells.append(addr(ws, rows["cost"], j))
        out.per_mtok_cells.append(addr(ws, rows["per_mtok"], j))
    out.columns = 2 + n
    if routing_col is not None:
        _routing_column(ws, lay, rows, routing_col, w, workload)
        out.columns += 1
    end = top + len(xf.OPTION_ROWS) + 1
    if n:
        labels = f"$C${rows['label']}:${last}${rows['label']}"
        ranks = f"$C${rows['rank']}:${last}${rows['rank']}"
        put(ws, end, 1, "Cheapest comparable feasible option", HEADER)
        put(ws, end, 3, xf.pick_formula(labels, ranks, 1), CALC)
        out.cheapest_cell = addr(ws, end, 3)
        put(ws, end + 1, 1, "Runner-up", HEADER)
        put(ws, end + 1, 3, xf.pick_formula(labels, ranks, 2), CALC)
        end += 1
    ws.freeze_panes = ws.cell(row=rows["kind"], column=3)
    widths(ws, 34, 18, *([24] * (2 * n + 1)))
    ws.row_dimensions[rows["label"]].height = 30
    end = _breakevens(ws, scenario, rows, end + 2)
    # The chart below the break-even volumes, printed on the page with them; its data (the
    # curve grid) below it.
    chart_rows = CHART_ROWS if n else 0
    out.print_rows = end + 1 + chart_rows
    span = (scenario.volume_min_tokens, scenario.volume_max_tokens)
    write_curves(ws, n, rows, out.print_rows + 2, w("tokens"), span, f"A{end + 2}")
    return out


class _Column:
    """One option's column of a scenario sheet: its typed values and its formulas."""

    def __init__(self, ws, lay, project, workload, rows, j, w, inputs, place):
        self.ws, self.lay, self.project, self.workload = ws, lay, project, workload
        self.rows, self.j, self.w, self.inputs, self.place = rows, j, w, inputs, place
        letter = get_column_letter(j)
        self.a = lambda k: f"${letter}${rows[k]}"

    def write(self, so, oe: OptionEval, routing_col: int | None) -> None:
        ws, lay, rows, j, a, w = self.ws, self.lay, self.rows, self.j, self.a, self.w
        opt = so.option
        put_text(ws, rows["label"], j, so.label, HEADER)
        put(ws, rows["kind"], j, opt.kind)
        values: dict[str, object] = {
            "quality": oe.quality.value if oe.quality is not None else "",
            "feasible": 1 if oe.feasible else 0,
        }
        notes = {"comment": _comment(oe)}
        if isinstance(opt, ApiOption):
            section = (
                "hosted_offers"
                if opt.offer_id in {o.id for o in lay.catalog.hosted_offers}
                else "api_offers"
            )
            values.update(
                id=opt.offer_id, markup_id=opt.markup_id or "", markup_point=opt.markup_point
            )
            ix = lay.index(section, a("row"))
            mrow = f"MATCH({a('markup_id')},{lay.column('platform_markups', 'id')},0)"
            routed = f"${get_column_letter(routing_col)}${rows['batch']}" if routing_col else None
            formulas = xf.api_rows(a, w, ix, lay.index("platform_markups", mrow), routed)
            formulas["tps"] = '=""'
        else:
            section = "gpu_rentals" if isinstance(opt, RentalOption) else "builds"
            t = sheet_throughput(self.project, so, self.workload)
            values.update(util=opt.utilization)
            if t.blended:
                values.update(prefill=t.prefill, decode=t.decode)
            else:
                values.update(tps_typed=t.tokens_per_s)
            notes.update(source=t.source, claim=t.claim)
            if isinstance(opt, RentalOption):
                values.update(
                    id=opt.rental_id,
                    price=opt.price,
                    mode=opt.mode,
                    instances=opt.instances,
                    on_hours=opt.on_hours_share,
                )
                formulas = xf.rental_rows(a, w, lay.index(section, a("row")))
            else:
                assert isinstance(opt, OwnedOption)
                values.update(id=opt.build_id, energy_basis=opt.energy_basis)
                brow = f"MATCH({a('id')},Builds!$A:$A,0)"
                formulas = xf.owned_rows(a, w, lambda k, r=brow: _builds_index(lay, k, r))
            formulas["tps"] = xf.throughput_formula(a, w)
        if section != "builds":
            formulas["row"] = xf.catalog_row(a, lay.column(section, "id"))
        else:
            formulas["row"] = '=""'
        formulas.update(xf.at_volume_rows(a, w("tokens")))
        self._values(values, xf.INPUT_ROWS[opt.kind] + xf.JUDGED_ROWS)
        self._notes(notes)
        for key, formula in formulas.items():
            put(ws, rows[key], j, formula, CALC, _fmt(key))

    def _values(self, values: dict, typed: tuple[str, ...]) -> None:
        for key, value in values.items():
            if value is None:
                continue
            style = INPUT if key in typed else None
            target_ws, r, c = self.ws, self.rows[key], self.j
            if self.inputs is not None:
                (r, c), target_ws = self.place(key), self.inputs.ws
                ref = addr(self.inputs.ws, r, c)
                put(self.ws, self.rows[key], self.j, f'=IF({ref}="","",{ref})', CALC, _fmt(key))
            if isinstance(value, str):
                put_text(target_ws, r, c, value, style)
            else:
                put(target_ws, r, c, value, style, _fmt(key))

    def _notes(self, notes: dict[str, str]) -> None:
        """Where a figure came from: the Inputs table's note columns, else beside the rows."""
        if self.inputs is not None:
            for key, text in notes.items():
                if text:
                    cell = put_text(self.inputs.ws, *self.place(key), text, NOTE)
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            return
        text = "; ".join(t for t in (notes.get("source"), notes.get("claim")) if t)
        if text:
            below = self.rows["per_mtok"] + len(xf.OPTION_ROWS)  # under the table, by column
            put_text(self.ws, below, self.j, text, NOTE)


def _comment(oe: OptionEval) -> str:
    parts = [f"quality: {oe.quality_source}"]
    if not oe.feasible:
        parts.append(f"not feasible: {oe.infeasible_reason}")
    if not oe.comparable:
        parts.append("below the quality needed")
    if oe.kind == "owned" and not oe.operations_included:
        parts.append("operations not included ($0/month on the build)")
    return "; ".join(parts)


def _builds_index(lay: Layout, key: str, row: str) -> str:
    return f"INDEX({col_range('Builds', lay.build_col[key])},{row})"


def _routing_column(ws, lay, rows, j, w, workload):
    L = get_column_letter(j)
    a = lambda k: f"${L}${rows[k]}"  # noqa: E731
    put(ws, rows["label"], j, "Routing offer (direct price)", HEADER)
    put(ws, rows["kind"], j, "routing")
    put(ws, rows["id"], j, f"={w('routing_offer')}", CALC)
    rid = workload.routing_offer_id or ""
    hosted = {o.id for o in lay.catalog.hosted_offers}
    section = "hosted_offers" if rid in hosted else "api_offers"
    put(ws, rows["row"], j, xf.routing_row(a, lay.column(section, "id")), CALC)
    for key, formula in xf.api_rows(a, w, lay.index(section, a("row")), None, None).items():
        put(ws, rows[key], j, formula, CALC, _fmt(key))


def _fmt(key: str) -> str:
    if key in ("volume", "cap"):
        return TOKENS
    if key in ("units", "row", "instances", "comparable", "feasible", "rank", "quality_rank"):
        return "0"
    if key in ("fixed_usd", "var_usd", "cost", "fixed", "eligible", "upfront", "running", "payg"):
        return USD
    if key in ("paid", "markup_pct", "util", "on_hours"):
        return "#,##0.##"
    if key in ("prefill", "decode", "tps_typed", "tps"):
        return "#,##0.0"
    if key == "payback":
        return "0.0"
    return USD_FINE


def _breakevens(ws, scenario: Scenario, rows, top: int) -> int:
    put(ws, top, 1, "Break-even volumes (one unit each)", TITLE)
    heads = {1: "Option A", 3: "Option B", 4: "Break-even (tokens/month)",
             5: "Within one unit's capacity"}  # fmt: skip
    for j, text in heads.items():
        put(ws, top + 1, j, text, HEADER)
    ws.row_dimensions[top + 1].height = 30
    r = top + 2
    n = len(scenario.options)
    for i in range(n):
        for k in range(i + 1, n):
            ci, ck = get_column_letter(3 + i), get_column_letter(3 + k)
            c = lambda col, key: f"${col}${rows[key]}"  # noqa: E731
            put(ws, r, 1, f"={c(ci, 'label')}", CALC)
            put(ws, r, 3, f"={c(ck, 'label')}", CALC)
            put(
                ws,
                r,
                4,
                xf.breakeven_formula(
                    c(ci, "fixed"),
                    c(ci, "var"),
                    c(ci, "cap"),
                    c(ck, "fixed"),
                    c(ck, "var"),
                    c(ck, "cap"),
                ),
                CALC,
                TOKENS,
            )
            put(ws, r, 5, xf.within_capacity_formula(f"$D${r}", c(ci, "cap"), c(ck, "cap")), CALC)
            r += 1
    put(
        ws,
        r,
        1,
        "A break-even past one unit's capacity is not a real crossing: the option "
        "adds a unit (a cost step) before it.",
        NOTE,
    )
    return r + 1


def catalog_columns(lay: Layout) -> None:
    for section in SHEET_NAMES:
        for j, col in enumerate(columns(section), start=1):
            lay.col[(section, col.field)] = j
