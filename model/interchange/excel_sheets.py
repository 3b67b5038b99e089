"""The scenario sheets of an exported workbook: the option table (one column per option), the
cheapest comparable feasible option, the break-even volumes, the curves and the chart."""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import OwnedOption, Scenario
from infercost.model.costing.evaluation import Evaluation
from infercost.model.interchange import excel_formulas as xf
from infercost.model.interchange.excel_catalog import SHEET_NAMES, columns
from infercost.model.interchange.excel_cells import (
    CALC,
    HEADER,
    NOTE,
    TITLE,
    addr,
    col_range,
    put,
    sheet_ref,
    widths,
)
from infercost.model.interchange.excel_chart import write_curves
from infercost.model.interchange.excel_inputs import (
    INPUT_MEANINGS,
    OPTION_INPUTS,
    WORKLOAD_FIELDS,
    WORKLOAD_INPUTS,
    OptionInputs,
    Quality,
    write_workload,
)
from infercost.model.interchange.excel_option import (
    TOKENS,
    USD,
    USD_FINE,
    OptionColumn,
    builds_index,
    fmt,
    routing_column,
)

CHART_ROWS = 24  # rows the chart covers (11 cm at the default row height)


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


__all__ = [
    "INPUT_MEANINGS",
    "OPTION_INPUTS",
    "TOKENS",
    "USD",
    "USD_FINE",
    "WORKLOAD_FIELDS",
    "WORKLOAD_INPUTS",
    "Layout",
    "OptionInputs",
    "Quality",
    "ScenarioCells",
    "catalog_columns",
    "write_scenario",
    "write_workload",
]


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
        col = OptionColumn(ws, lay, project, workload, rows, j, w, inputs, place)
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
                    builds_index(lay, "purchase", brow),
                    builds_index(lay, "amort", brow),
                    payg,
                )
            )
        for key, formula in choice.items():
            put(ws, rows[key], j, formula, CALC, fmt(key))
        out.labels.append(so.label)
        out.label_cells.append(addr(ws, rows["label"], j))
        out.cost_cells.append(addr(ws, rows["cost"], j))
        out.per_mtok_cells.append(addr(ws, rows["per_mtok"], j))
    out.columns = 2 + n
    if routing_col is not None:
        routing_column(ws, lay, rows, routing_col, w, workload)
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


# A scenario may hold up to MAX_SCENARIO_OPTIONS options. The pairwise break-even table grows
# as n(n-1)/2 rows (2,000 options: 2 million rows, past Excel's 1,048,576) and a chart series
# per option is unreadable past a few dozen (excel_chart.MAX_CHART_SERIES), so a larger scenario
# is exported without them and says so; every option's own column and cost curve is written.
MAX_PAIR_TABLE_OPTIONS = 40


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


def catalog_columns(lay: Layout) -> None:
    for section in SHEET_NAMES:
        for j, col in enumerate(columns(section), start=1):
            lay.col[(section, col.field)] = j
