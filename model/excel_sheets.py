"""The calculation sheets of an exported workbook: the workload inputs block, the options'
inputs table, and one sheet per scenario (option table, break-even volumes, curves, chart)."""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.chart import Reference, ScatterChart, Series
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from infercost.model import excel_formulas as xf
from infercost.model.catalog import Catalog
from infercost.model.curves import option_throughput
from infercost.model.errors import InferCostError
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
    widths,
)
from infercost.model.project import Project
from infercost.model.scenario import ApiOption, OwnedOption, RentalOption, Scenario, Workload

GRID_POINTS = 61
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
    out = {}
    for i, (key, _name, label, unit, fmt) in enumerate(WORKLOAD_INPUTS, start=top + 1):
        put(ws, i, 1, label)
        value = getattr(workload, WORKLOAD_FIELDS[key])
        if isinstance(value, str) or key == "routing_offer":
            put_text(ws, i, 2, value or "", INPUT)
        else:
            put(ws, i, 2, value, INPUT, fmt)
        put(ws, i, 3, unit)
        out[key] = addr(ws, i, 2)
    return out


# Per-option inputs of the exported scenario, as columns of a table on the Inputs sheet.
OPTION_INPUTS: tuple[tuple[str, str], ...] = (
    ("id", "Catalog ID"),
    ("tps", "Throughput of one unit (tok/s)"),
    ("util", "Utilization (0-1)"),
    ("on_hours", "Share of hours on (0-1)"),
    ("instances", "Instances per unit"),
    ("price", "Price (on_demand, discounted)"),
    ("mode", "Mode (always_on, per_use)"),
    ("energy_basis", "Energy basis (build, volume)"),
    ("markup_id", "Platform markup ID"),
    ("markup_point", "Markup point (low, mid, high)"),
    ("source", "Throughput from"),
)


@dataclass
class OptionInputs:
    """Where the exported scenario's per-option inputs live: one row per option."""

    ws: Worksheet
    head: int

    def write_head(self, n: int) -> None:
        put(self.ws, self.head - 1, 1, "Options of the exported scenario", HEADER)
        put(self.ws, self.head, 1, "Option", HEADER)
        for c, (_key, label) in enumerate(OPTION_INPUTS, start=2):
            put(self.ws, self.head, c, label, HEADER)
        self.ws.row_dimensions[self.head].height = 45
        put(self.ws, self.head + n + 1, 1, "Empty cells do not apply to that kind of option.", NOTE)

    def cell(self, index: int, key: str) -> tuple[int, int]:
        col = 2 + [k for k, _ in OPTION_INPUTS].index(key)
        return self.head + 1 + index, col


@dataclass
class ScenarioCells:
    """What a scenario sheet exposes: each option's label and monthly-cost cells."""

    title: str
    labels: list[str]
    label_cells: list[str]
    cost_cells: list[str]
    per_mtok_cells: list[str]
    volume_cell: str


def write_scenario(
    ws: Worksheet,
    lay: Layout,
    project: Project,
    scenario: Scenario,
    w,
    top: int,
    inputs: OptionInputs | None = None,
):
    """Option table, cost at the workload's volume, break-even volumes, curves and a chart.

    With ``inputs`` the options' typed values (throughput, utilization, price, mode ...) go to
    that table on the Inputs sheet and the option table refers to them.
    """
    cat = lay.catalog
    workload = project.workload(scenario.workload_id)
    rows = {key: top + i for i, (key, _l, _u) in enumerate(xf.OPTION_ROWS)}
    for key, label, unit in xf.OPTION_ROWS:
        put(ws, rows[key], 1, label, HEADER if key == "label" else None)
        put(ws, rows[key], 2, unit, HEADER if key == "label" else NOTE)
    n = len(scenario.options)
    routing_col = 3 + n if workload.routing_offer_id else None
    out = ScenarioCells(ws.title, [], [], [], [], "")
    if inputs is not None:
        inputs.write_head(n)
    for j, so in enumerate(scenario.options, start=3):
        place = None
        if inputs is not None:
            place = lambda key, i=j - 3: inputs.cell(i, key)  # noqa: E731
            r, _c = inputs.cell(j - 3, "id")
            put(inputs.ws, r, 1, f"={addr(ws, rows['label'], j)}", CALC)
        _option_column(ws, lay, project, so, workload, rows, j, w, routing_col, inputs, place)
        out.labels.append(so.label)
        out.label_cells.append(addr(ws, rows["label"], j))
        out.cost_cells.append(addr(ws, rows["cost"], j))
        out.per_mtok_cells.append(addr(ws, rows["per_mtok"], j))
    if routing_col is not None:
        _routing_column(ws, lay, rows, routing_col, w, cat, workload)
    out.volume_cell = w("tokens")
    end = top + len(xf.OPTION_ROWS) + 1
    if n:
        first, last = get_column_letter(3), get_column_letter(2 + n)
        costs = f"${first}${rows['cost']}:${last}${rows['cost']}"
        labels = f"${first}${rows['label']}:${last}${rows['label']}"
        put(ws, end, 1, "Cheapest at this volume", HEADER)
        put(ws, end, 3, f"=INDEX({labels},MATCH(MIN({costs}),{costs},0))", CALC)
    ws.freeze_panes = ws.cell(row=rows["kind"], column=3)
    widths(ws, 34, 18, *([24] * (2 * n + 1)))
    ws.row_dimensions[rows["label"]].height = 30
    end = _breakevens(ws, scenario, rows, end + 2)
    # The chart sits beside the option table, in view when the sheet opens.
    _curves(ws, scenario, rows, end + 2, f"{get_column_letter(n + 5)}{top}")
    return out


def _option_column(ws, lay, project, so, workload, rows, j, w, routing_col, inputs, place):
    opt = so.option
    L = get_column_letter(j)
    a = lambda k: f"${L}${rows[k]}"  # noqa: E731
    put_text(ws, rows["label"], j, so.label, HEADER)
    kind = opt.kind
    put(ws, rows["kind"], j, kind)
    values: dict[str, object] = {}
    if isinstance(opt, ApiOption):
        section = (
            "hosted_offers"
            if opt.offer_id in {o.id for o in lay.catalog.hosted_offers}
            else "api_offers"
        )
        values.update(id=opt.offer_id, markup_id=opt.markup_id or "", markup_point=opt.markup_point)
        ix = lay.index(section, a("row"))
        mrow = f"MATCH({a('markup_id')},{lay.column('platform_markups', 'id')},0)"
        routed = f"${get_column_letter(routing_col)}${rows['batch']}" if routing_col else None
        formulas = xf.api_rows(a, w, ix, lay.index("platform_markups", mrow), routed)
    else:
        section = "gpu_rentals" if isinstance(opt, RentalOption) else "builds"
        try:
            tps, source = option_throughput(project, so, workload)
        except InferCostError:
            tps, source = None, "no throughput"
        values.update(tps=tps, util=opt.utilization)
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
        if source and source != "pinned":
            if inputs is None:
                put_text(ws, rows["tps"], 2, f"tok/s ({source})", NOTE)
            else:
                put_text(inputs.ws, *place("source"), source, NOTE)
    if section != "builds":
        formulas["row"] = xf.catalog_row(a, lay.column(section, "id"))
    else:
        formulas["row"] = '=""'
    formulas.update(xf.at_volume_rows(a, w("tokens")))
    typed = xf.INPUT_ROWS[kind]
    for key, value in values.items():
        if value is None:
            continue
        style = INPUT if key in typed else None
        target_ws, r, c = ws, rows[key], j
        if inputs is not None:
            (r, c), target_ws = place(key), inputs.ws
            ref = addr(inputs.ws, r, c)
            put(ws, rows[key], j, f'=IF({ref}="","",{ref})', CALC, "#,##0.###")
        if isinstance(value, str):
            put_text(target_ws, r, c, value, style)
        else:
            put(target_ws, r, c, value, style, "#,##0.###")
    for key, formula in formulas.items():
        put(ws, rows[key], j, formula, CALC, _fmt(key))


def _builds_index(lay: Layout, key: str, row: str) -> str:
    return f"INDEX({col_range('Builds', lay.build_col[key])},{row})"


def _routing_column(ws, lay, rows, j, w, cat, workload):
    L = get_column_letter(j)
    a = lambda k: f"${L}${rows[k]}"  # noqa: E731
    put(ws, rows["label"], j, "Routing offer (direct price)", HEADER)
    put(ws, rows["kind"], j, "routing")
    put(ws, rows["id"], j, f"={w('routing_offer')}", CALC)
    rid = workload.routing_offer_id or ""
    section = "hosted_offers" if rid in {o.id for o in cat.hosted_offers} else "api_offers"
    put(ws, rows["row"], j, xf.routing_row(a, lay.column(section, "id")), CALC)
    for key, formula in xf.api_rows(a, w, lay.index(section, a("row")), None, None).items():
        put(ws, rows[key], j, formula, CALC, _fmt(key))


def _fmt(key: str) -> str:
    if key in ("volume", "cap"):
        return TOKENS
    if key in ("units", "row", "instances"):
        return "0"
    if key in ("fixed_usd", "var_usd", "cost", "fixed"):
        return USD
    if key in ("paid", "markup_pct"):
        return "#,##0.##"
    return USD_FINE


# A scenario may hold up to MAX_SCENARIO_OPTIONS options. The pairwise break-even table grows
# as n(n-1)/2 rows (2,000 options: 2 million rows, past Excel's 1,048,576) and a chart series
# per option is unreadable past a few dozen, so a larger scenario is exported without them and
# says so; every option's own column and cost curve is still written.
MAX_PAIR_TABLE_OPTIONS = 40
MAX_CHART_SERIES = 40


def _breakevens(ws, scenario: Scenario, rows, top: int) -> int:
    put(ws, top, 1, "Break-even volumes (one unit each)", TITLE)
    heads = {1: "Option A", 3: "Option B", 4: "Break-even (tokens/month)",
             5: "Within one unit's capacity"}  # fmt: skip
    for j, text in heads.items():
        put(ws, top + 1, j, text, HEADER)
    ws.row_dimensions[top + 1].height = 30
    r = top + 2
    n = len(scenario.options)
    if n > MAX_PAIR_TABLE_OPTIONS:
        put(
            ws,
            r,
            1,
            f"Not written: {n:,} options make {n * (n - 1) // 2:,} pairs; the table is written "
            f"for scenarios of at most {MAX_PAIR_TABLE_OPTIONS} options (InferCost's "
            "Break-even tab lists the crossings that matter).",
            NOTE,
        )
        return r + 2
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


def _curves(ws, scenario: Scenario, rows, top: int, anchor: str) -> None:
    n = len(scenario.options)
    put(ws, top, 1, "Chart from (tokens/month)", HEADER)
    put(ws, top, 2, scenario.volume_min_tokens, INPUT, TOKENS)
    put(ws, top + 1, 1, "Chart to (tokens/month)", HEADER)
    put(ws, top + 1, 2, scenario.volume_max_tokens, INPUT, TOKENS)
    put(ws, top + 2, 1, "Grid start (at least 1 token)")
    put(ws, top + 2, 2, f"=MAX($B${top},1)", CALC, TOKENS)
    put(ws, top + 3, 1, "Grid end (at least 10 x start)")
    put(ws, top + 3, 2, f"=MAX($B${top + 1},$B${top + 2}*10)", CALC, TOKENS)
    lo, hi = f"$B${top + 2}", f"$B${top + 3}"
    head = top + 5
    put(ws, head, 1, "Volume (tokens/month)", HEADER)
    for i in range(n):
        col = get_column_letter(3 + i)
        put(ws, head, 3 + i, f"={col}{rows['label']}", HEADER)
        put(ws, head, 3 + n + i, f'={col}{rows["label"]}&" units"', HEADER)
    ws.row_dimensions[head].height = 30
    for k in range(GRID_POINTS):
        r = head + 1 + k
        put(ws, r, 1, xf.grid_volume(lo, hi, k, GRID_POINTS), CALC, TOKENS)
        for i in range(n):
            col = get_column_letter(3 + i)
            cap, fixed, var = (f"${col}${rows[x]}" for x in ("cap", "fixed", "var"))
            put(ws, r, 3 + i, xf.cost_formula(f"$A{r}", cap, fixed, var), CALC, USD)
            put(ws, r, 3 + n + i, f"={xf.units_formula(f'$A{r}', cap)}", CALC, "0")
    if not n or n > MAX_CHART_SERIES:
        if n:
            put(ws, top + 4, 1, f"No chart: {n:,} curves (charted up to {MAX_CHART_SERIES}).", NOTE)
        return
    chart = ScatterChart()
    chart.title = "Monthly cost by volume"
    chart.style = 13
    chart.x_axis.title = "Tokens per month"
    chart.y_axis.title = "USD per month"
    chart.x_axis.scaling.logBase = 10
    chart.y_axis.scaling.logBase = 10
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height, chart.width = 11, 22
    chart.x_axis.number_format = '[>=1000000000]#,##0,,,"B";[>=1000000]#,##0,,"M";#,##0'
    chart.y_axis.number_format = "$#,##0"
    chart.x_axis.majorGridlines = None
    chart.legend.position = "b"
    xs = Reference(ws, min_col=1, min_row=head + 1, max_row=head + GRID_POINTS)
    for i in range(n):
        ys = Reference(ws, min_col=3 + i, min_row=head, max_row=head + GRID_POINTS)
        series = Series(ys, xs, title_from_data=True)
        series.marker.symbol = "none"
        series.smooth = False
        chart.series.append(series)
    ws.add_chart(chart, anchor)


def catalog_columns(lay: Layout) -> None:
    for section in SHEET_NAMES:
        for j, col in enumerate(columns(section), start=1):
            lay.col[(section, col.field)] = j
