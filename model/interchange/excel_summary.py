"""The Summary sheet (the recommendation of each exported scenario, as formulas over its sheet,
beside InferCost's own answer at export) and the Checks sheet (check cells, one master check)."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from infercost.model.costing.evaluation import Evaluation
from infercost.model.interchange.excel_cells import (
    CALC,
    HEADER,
    NOTE,
    TITLE,
    addr,
    put,
    put_text,
    widths,
)
from infercost.model.interchange.excel_sheets import ScenarioCells

USD = "$#,##0.00"
TOKENS = "#,##0"
CHECK_FORMAT = '[=1]"1 pass";[=0]"0 FAIL";0'


def write_summary(ws: Worksheet, cells: list[ScenarioCells], evs: list[Evaluation], master: str):
    """The recommendation of each scenario and its options; returns the last row written."""
    put(ws, 1, 1, "Recommendation", TITLE)
    put(
        ws,
        2,
        1,
        "Every figure here is a formula over the scenario sheets: change a yellow input "
        "(Inputs sheet) and it follows. Column D is InferCost's own answer when exported.",
        NOTE,
    )
    put(ws, 3, 1, "Model checks", HEADER)
    put(ws, 3, 2, f'=IF({master}=1,"all checks pass","CHECK FAILED: see the Checks sheet")', CALC)
    r = 5
    for sc, ev in zip(cells, evs, strict=True):
        r = _block(ws, sc, ev, r) + 2
    widths(ws, 38, 34, 14, 34, 12, 12, 16, 14, 14, 12)
    return r - 2


def _block(ws: Worksheet, sc: ScenarioCells, ev: Evaluation, r: int) -> int:
    put_text(ws, r, 1, ev.name, TITLE)
    r += 1
    for j, text in enumerate(("", "This workbook", "Unit", "InferCost at export"), start=1):
        put(ws, r, j, text, HEADER)
    cheapest, runner = ev.cheapest, ev.runner_up
    pick = sc.pick
    rows = [
        ("Workload volume", f"={sc.volume_cell}", TOKENS, "tokens/month", ev.volume_tokens),
        (
            "Quality needed",
            f'=IF({sc.needed_cell}="","any",{sc.needed_cell})',
            "",
            "tier",
            ev.quality_needed.value if ev.quality_needed else "any",
        ),
        (
            "Cheapest comparable feasible option",
            f'=IFERROR({pick("label", 1)},"none")',
            "",
            "",
            cheapest.label if cheapest else "none",
        ),
        (
            "Its monthly cost",
            f'=IFERROR({pick("cost", 1)},"")',
            USD,
            "$/month",
            cheapest.usd if cheapest else "",
        ),
        (
            "Its cost per million tokens",
            f'=IFERROR({pick("per_mtok", 1)},"")',
            "$#,##0.0000",
            "$/Mtok",
            (cheapest.usd_per_mtok or "") if cheapest else "",
        ),
        (
            "Runner-up",
            f'=IFERROR({pick("label", 2)},"none")',
            "",
            "",
            runner.label if runner else "none",
        ),
        (
            "Runner-up's monthly cost",
            f'=IFERROR({pick("cost", 2)},"")',
            USD,
            "$/month",
            runner.usd if runner else "",
        ),
        (
            "Margin (runner-up minus cheapest)",
            f'=IFERROR({pick("cost", 2)}-{pick("cost", 1)},"")',
            USD,
            "$/month",
            ev.margin_usd if ev.margin_usd is not None else "",
        ),
        (
            "Margin, share of the runner-up's cost",
            f'=IFERROR(({pick("cost", 2)}-{pick("cost", 1)})/{pick("cost", 2)},"")',
            "0.0%",
            "",
            ev.margin_pct / 100 if ev.margin_pct is not None else "",
        ),
        (
            "Upfront cash (owned hardware)",
            f'=IFERROR(IF({pick("upfront", 1)}="","none: paid as it goes",'
            f'{pick("upfront", 1)}),"")',
            USD,
            "$",
            ev.upfront_usd if ev.upfront_usd is not None else "none: paid as it goes",
        ),
        (
            "Payback month against paying as you go",
            f'=IFERROR(IF({pick("payback", 1)}="","does not apply",{pick("payback", 1)}),"")',
            "0.0",
            "month",
            _payback(ev),
        ),
    ]
    for label, formula, fmt, unit, app in rows:
        r += 1
        put(ws, r, 1, label)
        put(ws, r, 2, formula, CALC, fmt)
        put(ws, r, 3, unit, NOTE)
        if isinstance(app, str):
            put_text(ws, r, 4, app, NOTE)
        else:
            put(ws, r, 4, app, NOTE, fmt)
    r += 2
    heads = (
        "Option",
        "Kind",
        "Quality",
        "Comparable (1/0)",
        "Feasible (1/0)",
        "Units",
        "Monthly cost ($)",
        "$/Mtok",
        "tok/s per unit",
        "Rank",
    )
    for j, text in enumerate(heads, start=1):
        put(ws, r, j, text, HEADER)
    ws.row_dimensions[r].height = 30
    keys = ("label", "kind", "quality", "comparable", "feasible", "units", "cost", "per_mtok")
    fmts = ("", "", "", "0", "0", "0", USD, "$#,##0.0000", "#,##0", "0")
    for i in range(len(sc.labels)):
        r += 1
        for j, key in enumerate((*keys, "tps", "rank"), start=1):
            ref = addr(sc.title, sc.rows[key], 3 + i)
            if key == "units":  # an option without capacity steps has no units
                cap = addr(sc.title, sc.rows["cap"], 3 + i)
                put(ws, r, j, f'=IF(ISNUMBER({cap}),{ref},"")', CALC, fmts[j - 1])
            else:
                put(ws, r, j, f'=IF({ref}="","",{ref})', CALC, fmts[j - 1])
    return r


def _payback(ev: Evaluation) -> float | str:
    c = ev.cheapest
    if c is None or c.upfront_usd is None:
        return "does not apply"
    if c.payback_month is None:
        return "never"
    return c.payback_month


def write_checks(ws: Worksheet, cells: list[ScenarioCells], shares: list[dict[str, str]]) -> str:
    """Check cells (1 pass, 0 fail) for each scenario and its options, and the master check
    (the lowest of them); returns the master check's address."""
    put(ws, 1, 1, "Checks", TITLE)
    put(
        ws,
        2,
        1,
        "Each check is 1 when it passes and 0 when it fails; the master check is the lowest of "
        "them. The Summary sheet shows it.",
        NOTE,
    )
    put(ws, 4, 1, "Master check", HEADER)
    head = 6
    for j, text in enumerate(("Check", "Scenario sheet", "Option", "Result"), start=1):
        put(ws, head, j, text, HEADER)
    r = head
    for sc, w in zip(cells, shares, strict=True):
        for label, formula in _scenario_checks(sc, w):
            r += 1
            put(ws, r, 1, label)
            put_text(ws, r, 2, sc.title)
            put(ws, r, 4, formula, CALC, CHECK_FORMAT)
        for i, _label in enumerate(sc.labels):
            for label, formula in _option_checks(sc, i):
                r += 1
                put(ws, r, 1, label)
                put_text(ws, r, 2, sc.title)
                put(ws, r, 3, f"={addr(sc.title, sc.rows['label'], 3 + i)}", CALC)
                put(ws, r, 4, formula, CALC, CHECK_FORMAT)
    last = max(r, head + 1)
    put(ws, 4, 4, f"=MIN($D${head + 1}:$D${last})", CALC, CHECK_FORMAT)
    put(ws, 4, 2, '=IF($D$4=1,"all checks pass","a check fails: find the 0 below")', CALC)
    widths(ws, 52, 30, 30, 12)
    ws.freeze_panes = ws.cell(row=head + 1, column=1)
    return addr(ws, 4, 4)


def _scenario_checks(sc: ScenarioCells, w: dict[str, str]) -> list[tuple[str, str]]:
    shares = ",".join(
        f"{w[k]}>=0,{w[k]}<=1"
        for k in ("input_share", "cached_input_share", "batch_share", "routing_share")
    )
    v = sc.volume_cell
    costs, eligible, ranks = sc.row_range("cost"), sc.row_range("eligible"), sc.row_range("rank")
    return [
        ("Workload shares lie between 0 and 1", f"=IF(AND({shares}),1,0)"),
        ("Volume is a number of tokens >= 0", f"=IF(AND(ISNUMBER({v}),{v}>=0),1,0)"),
        ("No monthly cost is an error value", f"=IF(SUMPRODUCT(ISERROR({costs})*1)=0,1,0)"),
        (
            "The cheapest is the lowest comparable feasible cost",
            f"=IF(COUNT({eligible})=0,1,IF({sc.pick('cost', 1)}=MIN({eligible}),1,0))",
        ),
        (
            "Ranks run 1..N over the comparable feasible options",
            f"=IF(SUM({ranks})=COUNT({eligible})*(COUNT({eligible})+1)/2,1,0)",
        ),
    ]


def _option_checks(sc: ScenarioCells, i: int) -> list[tuple[str, str]]:
    def c(key: str) -> str:
        return addr(sc.title, sc.rows[key], 3 + i)

    return [
        ("Monthly cost is a number >= 0", f"=IF(ISNUMBER({c('cost')}),IF({c('cost')}>=0,1,0),0)"),
        (
            "Self-hosted: throughput above 0 and utilization in (0, 1]",
            f'=IF({c("kind")}="api",1,IF(AND({c("tps")}>0,{c("util")}>0,{c("util")}<=1),1,0))',
        ),
        (
            "Units x capacity cover the volume",
            f"=IF(ISNUMBER({c('cap')}),IF({c('units')}*{c('cap')}>={c('volume')},1,0),1)",
        ),
    ]
