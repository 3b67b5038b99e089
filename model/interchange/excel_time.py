"""The workbook's Timeline and Sensitivity sheets for the exported scenario.

Timeline: each option's cost so far, month by month, as live formulas on the Break-even
sheet's monthly cost (``Option<k>_MonthlyCost``) and ``HoursPerMonth``: an API or rental
month is today's cost x (1 - decline) ** (elapsed years); an owned build's cost so far is its
purchase plus running costs minus what it is worth that month (from its depreciation rate, or
linearly to its residual). Change a price, the volume or a decline and the timeline follows.

Sensitivity: the inputs ranked by swing with their low/high ends and results, each option's
cost band and P(cheapest) as InferCost computed them (each end is a whole evaluation: the
estimator, capacity steps; LibreOffice does not compute Excel Data Tables written by
openpyxl), with the swing and rank as formulas on those figures.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import Scenario
from infercost.model.costing.timeline import Timeline, timeline
from infercost.model.interchange.excel_cells import (
    CALC,
    HEADER,
    INPUT,
    NOTE,
    TITLE,
    addr,
    put,
    put_text,
    widths,
)
from infercost.model.uncertainty.sensitivity import sensitivity

TIMELINE_SHEET = "Timeline"
SENSITIVITY_SHEET = "Sensitivity"
HEAD_ROW = 8  # option labels
MONTH_ROW = 19  # month 0
ROWS = {
    "kind": 9,
    "decline": 10,
    "cost": 11,
    "purchase": 12,
    "residual": 13,
    "years": 14,
    "rate": 15,
    "running": 16,
}


def write_time_sheets(
    wb: Workbook, project: Project, scenario: Scenario, names: dict[str, tuple[str, str]]
) -> Timeline:
    """Add both sheets for ``scenario`` and the ``HorizonMonths`` name; returns the timeline
    whose figures the Timeline sheet recomputes."""
    t = timeline(project, scenario)
    _timeline_sheet(wb.create_sheet(TIMELINE_SHEET), t, names)
    _sensitivity_sheet(wb.create_sheet(SENSITIVITY_SHEET), project, scenario)
    return t


def _timeline_sheet(ws, t: Timeline, names: dict[str, tuple[str, str]]) -> None:
    put_text(ws, 1, 1, f"Timeline: {t.scenario_id}", TITLE)
    put(
        ws,
        2,
        1,
        "Cost so far per option, net of what owned hardware could be sold for that month. "
        "Yellow cells are inputs; the monthly costs come live from the Break-even sheet.",
        NOTE,
    )
    put(ws, 4, 1, "Horizon", HEADER)
    put(ws, 4, 2, t.horizon_months, INPUT, "0")
    put(ws, 4, 3, "months (rows below run to 600; past the horizon they show blank)", NOTE)
    names["HorizonMonths"] = (addr(ws, 4, 2), "months the Timeline sheet covers")
    put(ws, 5, 1, "Hours per month", HEADER)
    put(ws, 5, 2, "=HoursPerMonth", CALC, "0")
    horizon, hours = "$B$4", "$B$5"
    labels = [
        ("kind", "Kind", ""),
        ("decline", "Price falls", "%/yr"),
        ("cost", "Monthly cost today", "$/month"),
        ("purchase", "Purchase (owned)", "$"),
        ("residual", "Worth at the end of the write-off", "$"),
        ("years", "Write-off years", "years"),
        ("rate", "Depreciation (empty: linear)", "%/yr"),
        ("running", "Running cost (owned)", "$/month"),
    ]
    put(ws, HEAD_ROW, 1, "Option", HEADER)
    for key, label, unit in labels:
        put(ws, ROWS[key], 1, label, HEADER)
        put(ws, ROWS[key], 2, unit, NOTE)
    put(ws, MONTH_ROW - 1, 1, "Month", HEADER)
    put(ws, MONTH_ROW - 1, 2, "years", HEADER)
    last_month = MONTH_ROW + 600
    for m in range(601):
        r = MONTH_ROW + m
        # Month m is the month above plus one, up to the horizon: one formula down the column.
        up = f"A{r - 1}"
        put(ws, r, 1, f'=IF({up}="","",IF({up}+1>{horizon},"",{up}+1))' if m else 0, CALC, "0")
        put(ws, r, 2, f'=IF(A{r}="","",A{r}*{hours}/HoursPerYear)', CALC, "0.000")
    for k, o in enumerate(t.options, start=1):
        col = 2 + k
        c = get_column_letter(col)
        put(ws, HEAD_ROW, col, f"=Option{k}_Label", HEADER)
        put(ws, ROWS["kind"], col, o.kind)
        put(ws, ROWS["cost"], col, f"=Option{k}_MonthlyCost", CALC, "#,##0.00")
        owned = o.purchase_usd > 0
        if owned:
            _owned_inputs(ws, col, o, hours)
        else:
            put(ws, ROWS["decline"], col, o.decline_pct_per_year, INPUT, "0.0")
        for m in range(601):
            r = MONTH_ROW + m
            if m == 0:
                put(ws, r, col, 0, CALC, "#,##0")
                continue
            if owned:
                f = _owned_cell(c, r)
            else:
                decline = f"(1-{c}${ROWS['decline']}/100)"
                month = f"{c}${ROWS['cost']}*{decline}^((A{r}-1)*{hours}/HoursPerYear)"
                f = f"{c}{r - 1}+{month}"
            put(ws, r, col, f'=IF(A{r}="","",{f})', CALC, "#,##0")
    n = len(t.options)
    if n:
        first, end = get_column_letter(3), get_column_letter(2 + n)
        at = f"INDEX($C${MONTH_ROW}:${end}${last_month},{horizon}+1,0)"
        put(ws, 6, 1, "Cheapest so far at the horizon", HEADER)
        put(
            ws,
            6,
            2,
            f"=INDEX(${first}${HEAD_ROW}:${end}${HEAD_ROW},MATCH(MIN({at}),{at},0))",
            CALC,
        )
    ws.freeze_panes = ws.cell(row=MONTH_ROW, column=3)
    widths(ws, 34, 10, *([20] * n))


def _owned_inputs(ws, col: int, o, hours: str) -> None:
    c = get_column_letter(col)
    put(ws, ROWS["decline"], col, 0, None, "0.0")
    put(ws, ROWS["purchase"], col, o.purchase_usd, INPUT, "#,##0")
    put(ws, ROWS["residual"], col, o.residual_usd, INPUT, "#,##0")
    put(ws, ROWS["years"], col, o.write_off_years, INPUT, "0.00")
    if o.depreciation_rate_pct is not None:
        put(ws, ROWS["rate"], col, o.depreciation_rate_pct, INPUT, "0.0")
    else:
        put(ws, ROWS["rate"], col, None, INPUT)
    # Running = today's monthly cost less the month's write-off (purchase - residual, linear).
    p, res, y = (f"{c}${ROWS[k]}" for k in ("purchase", "residual", "years"))
    put(
        ws,
        ROWS["running"],
        col,
        f"={c}${ROWS['cost']}-({p}-{res})*{hours}/(HoursPerYear*{y})",
        CALC,
        "#,##0.00",
    )


def _owned_cell(c: str, r: int) -> str:
    p, res, y, rate, run = (
        f"{c}${ROWS[k]}" for k in ("purchase", "residual", "years", "rate", "running")
    )
    t = f"$B{r}"
    value = f'IF({rate}="",{p}-({p}-{res})*MIN({t}/{y},1),{p}*(1-{rate}/100)^{t})'
    return f"{p}+{run}*$A{r}-({value})"


def _sensitivity_sheet(ws, project: Project, scenario: Scenario) -> None:
    s = sensitivity(project, scenario)
    put_text(ws, 1, 1, f"Sensitivity: {scenario.name}", TITLE)
    put(
        ws,
        2,
        1,
        "Each input alone at its low and high end, as InferCost computed it (each end is a whole "
        "evaluation); the swing and rank are formulas on those figures. Margin: the next "
        f"option's monthly cost minus that of {s.cheapest or 'the cheapest'}; below 0 another "
        "option wins.",
        NOTE,
    )
    head = [
        "Rank",
        "Input",
        "Address",
        "Unit",
        "Low",
        "Today",
        "High",
        "Margin at low",
        "Margin at high",
        "Swing",
        "Cheapest at low",
        "Cheapest at high",
        "Range from",
    ]
    top = 4
    for j, h in enumerate(head, start=1):
        put(ws, top, j, h, HEADER)
    first, last = top + 1, top + max(len(s.swings), 1)
    for i, w in enumerate(s.swings):
        r = top + 1 + i
        inp = w.input
        put(ws, r, 1, f"=RANK(J{r},$J${first}:$J${last})", CALC, "0")
        put_text(ws, r, 2, inp.label)
        put_text(ws, r, 3, inp.address)
        put_text(ws, r, 4, inp.unit)
        for j, v in ((5, inp.low), (6, inp.base), (7, inp.high)):
            put(ws, r, j, v, None, "#,##0.####")
        put(ws, r, 8, w.metric_low, None, "#,##0.00")
        put(ws, r, 9, w.metric_high, None, "#,##0.00")
        put(ws, r, 10, f'=IF(OR(H{r}="",I{r}=""),"",ABS(I{r}-H{r}))', CALC, "#,##0.00")
        put_text(ws, r, 11, w.cheapest_low or "")
        put_text(ws, r, 12, w.cheapest_high or "")
        put_text(ws, r, 13, inp.source)
    r = last + 2
    put(ws, r, 1, "Monthly cost at the volume", HEADER)
    cols = ["Option", "Low", "Today (live)", "High", "P(cheapest)", "P5", "P95"]
    for j, h in enumerate(cols, start=1):
        put(ws, r + 1, j, h, HEADER)
    mc = s.monte_carlo
    for k, b in enumerate(s.costs):
        row = r + 2 + k
        put_text(ws, row, 1, b.label)
        put(ws, row, 2, b.low, None, "#,##0.00")
        put(ws, row, 3, f"=Option{k + 1}_MonthlyCost", CALC, "#,##0.00")
        put(ws, row, 4, b.high, None, "#,##0.00")
        if mc is not None:
            put(ws, row, 5, mc.p_cheapest[k], None, "0.0%")
            put(ws, row, 6, mc.cost_p5[k], None, "#,##0")
            put(ws, row, 7, mc.cost_p95[k], None, "#,##0")
    row = r + 3 + len(s.costs)
    be = s.break_even
    if be is not None:
        put(ws, row, 1, "Break-even", HEADER)
        put_text(ws, row, 2, be.label)
        put(ws, row + 1, 1, "Low, tokens/month", HEADER)
        put(ws, row + 1, 2, be.low if be.low is not None else "never", None, "#,##0")
        put(ws, row + 2, 1, "High, tokens/month", HEADER)
        put(ws, row + 2, 2, be.high if be.high is not None else "never", None, "#,##0")
    if mc is not None:
        put(ws, row + 4, 1, f"Monte Carlo: {mc.draws:,} draws, seed {mc.seed}, each input "
            "uniform over its range.", NOTE)  # fmt: skip
    ws.freeze_panes = ws.cell(row=top + 1, column=3)
    widths(ws, 8, 40, 40, 10, 12, 12, 12, 14, 14, 12, 26, 26, 60)
