"""Export a project to an Excel workbook that recalculates on its own (no macro, no constant
that depends on an input): Cover, Inputs, Break-even with a chart, Scenarios, one sheet per
other scenario, Builds, one Table per catalog section."""

from __future__ import annotations

import contextlib
import io
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableStyleInfo

from infercost.model.catalog import SECTIONS
from infercost.model.errors import InferCostError
from infercost.model.excel_builds import write_builds
from infercost.model.excel_catalog import (
    BUILD_PARTS_COLUMNS,
    BUILD_PARTS_HEADERS,
    BUILD_PARTS_SHEET,
    SHEET_NAMES,
    cell_value,
    columns,
    number_format,
)
from infercost.model.excel_cells import (
    HEADER,
    INPUT,
    NOTE,
    TITLE,
    add_styles,
    addr,
    put,
    put_text,
    sheet_title,
    widths,
)
from infercost.model.excel_sheets import (
    WORKLOAD_INPUTS,
    Layout,
    OptionInputs,
    ScenarioCells,
    catalog_columns,
    write_scenario,
    write_workload,
)
from infercost.model.excel_time import write_time_sheets
from infercost.model.project import Project
from infercost.model.project_io import atomic_write_bytes
from infercost.model.tco import build_cost

MARKER = "InferCost workbook"
INPUT_TABLE_ROW = 21  # header row of the exported scenario's option inputs on the Inputs sheet
INPUT_MEANINGS = {
    "MonthlyTokens": "tokens per month of the exported scenario's workload",
    "InputShare": "share of tokens that are input (0-1)",
    "CachedInputShare": "share of input tokens read from the prompt cache (0-1)",
    "BatchShare": "share of traffic sent through the batch API (0-1)",
    "RoutingShare": "share of tokens routed to the routing offer (0-1)",
    "RoutingOffer": "the routing offer's ID (empty: no routing)",
    "PromptTokens": "typical prompt length (for long-context tiers)",
    "HoursPerMonth": "hours in a month (the seed uses 720, InferCost's default is 730)",
    "UsdPerKwh": "electricity price for every build, $/kWh (empty: each build's own tariff)",
}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    scenario_id: str | None
    sheets: tuple[str, ...]
    names: tuple[str, ...]


def export_workbook(
    project: Project, path: str | Path, scenario_id: str | None = None, progress=None
) -> ExportResult:
    """Write the workbook atomically; a file held open elsewhere gets a clear message."""
    wb, names, chosen = build_workbook(project, scenario_id, progress)
    if progress is not None:
        progress(1, 1)  # the last point where a cancel stops the export: nothing written yet
    buf = io.BytesIO()
    with _exact_floats():
        wb.save(buf)
    target = Path(path)
    atomic_write_bytes(target, buf.getvalue())
    return ExportResult(target, chosen, tuple(wb.sheetnames), tuple(names))


_SAVE_LOCK = threading.Lock()


@contextlib.contextmanager
def _exact_floats():
    """openpyxl writes numbers with 16 significant digits ("%.16g"); a float needs up to 17 to
    read back identical (100000000.80859375). Excel and LibreOffice read 17 digits, so the
    catalog survives an export and import exactly."""
    from openpyxl.cell import _writer

    original = _writer.safe_string

    def exact(value):
        if type(value) is float and math.isfinite(value):
            return repr(value)
        return original(value)

    with _SAVE_LOCK:
        _writer.safe_string = exact
        try:
            yield
        finally:
            _writer.safe_string = original


def build_workbook(project: Project, scenario_id: str | None = None, progress=None):
    """The workbook, the defined names it carries and the scenario they refer to."""
    project.check()
    chosen = project.scenario(scenario_id) if scenario_id else (project.scenarios or [None])[0]
    cat = project.catalog
    wb = Workbook()
    # No formula has a saved value: Excel and LibreOffice compute every one on opening.
    wb.calculation = CalcProperties(fullCalcOnLoad=True)
    add_styles(wb)
    cover = wb.active
    cover.title = "Cover"
    inputs = wb.create_sheet("Inputs")
    taken = {"cover", "inputs", "scenarios", "builds", "break-even", "timeline", "sensitivity"}
    taken |= {t.lower() for t in SHEET_NAMES.values()} | {BUILD_PARTS_SHEET.lower()}
    be = wb.create_sheet("Break-even") if chosen else None
    summary = wb.create_sheet("Scenarios")
    others = [
        (s, wb.create_sheet(sheet_title(s.name.replace(":", " -"), taken)))
        for s in project.scenarios
        if s is not chosen
    ]
    builds_ws = wb.create_sheet("Builds")
    lay = Layout(cat)
    catalog_columns(lay)
    total = sum(len(cat.section(s)) for s in SECTIONS) or 1
    done = 0
    for section in SECTIONS:
        done = _catalog_sheet(wb, section, cat.section(section), done, total, progress)
    parts_rows = _build_parts_sheet(wb, cat)

    workload = project.workload(chosen.workload_id) if chosen else None
    names: dict[str, tuple[str, str]] = {}
    w_inputs = _inputs_sheet(inputs, workload, cat, names)
    write_builds(builds_ws, lay, parts_rows, w_inputs)
    cells: list[ScenarioCells] = []
    if chosen is not None and be is not None:
        put_text(be, 1, 1, f"Break-even: {chosen.name}", TITLE)
        put(be, 2, 1, "Workload inputs are on the Inputs sheet; yellow cells are inputs.", NOTE)
        table = OptionInputs(inputs, INPUT_TABLE_ROW)
        first = write_scenario(be, lay, project, chosen, w_inputs, 4, table)
        for k, (label_cell, cost_cell) in enumerate(
            zip(first.label_cells, first.cost_cells, strict=True), start=1
        ):
            names[f"Option{k}_Label"] = (label_cell, f"label of option {k} of '{chosen.id}'")
            names[f"Option{k}_MonthlyCost"] = (
                cost_cell,
                f"monthly cost of option {k} at MonthlyTokens, $/month",
            )
        cells.append(first)
    for scenario, ws in others:
        put_text(ws, 1, 1, scenario.name, TITLE)
        top = 5 + len(WORKLOAD_INPUTS)
        if chosen is not None and scenario.workload_id == chosen.workload_id:
            # The same workload as the Inputs sheet's: one set of inputs drives both sheets.
            put(ws, 3, 1, "Workload inputs: the Inputs sheet (the same workload).", NOTE)
            refs = w_inputs
        else:
            local = write_workload(ws, 3, project.workload(scenario.workload_id))
            local["usd_per_kwh"] = "UsdPerKwh"
            refs = local.__getitem__
        cells.append(write_scenario(ws, lay, project, scenario, refs, top))
    _summary_sheet(summary, project, chosen, others, cells)
    if chosen is not None and chosen.options:
        write_time_sheets(wb, project, chosen, names)
    for name, (ref, _meaning) in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    _cover(cover, project, chosen, names)
    for ws in [cover, inputs, summary, builds_ws, *(ws for _, ws in others), be]:
        if ws is not None:  # printed landscape, one page wide
            ws.page_setup.orientation = "landscape"
            ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
            ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    return wb, list(names), chosen.id if chosen else None


def _catalog_sheet(wb, section, entries, done, total, progress) -> int:
    ws = wb.create_sheet(SHEET_NAMES[section])
    cols = columns(section)
    for j, col in enumerate(cols, start=1):
        put(ws, 1, j, col.header, HEADER)
    formats = [number_format(c) for c in cols]
    for i, entry in enumerate(entries, start=2):
        for j, col in enumerate(cols, start=1):
            value = cell_value(getattr(entry, col.field))
            if value is None or value == "":
                continue
            if isinstance(value, str):
                put_text(ws, i, j, value)
            else:
                put(ws, i, j, value, None, formats[j - 1])
        done += 1
        if progress is not None and done % 500 == 0:
            progress(done, total)
    _table(ws, f"T_{section}", len(cols), len(entries))
    widths(ws, 28, *([16] * (len(cols) - 1)))
    return done


def _table(ws, name: str, ncols: int, nrows: int) -> None:
    from openpyxl.utils import get_column_letter

    ref = f"A1:{get_column_letter(ncols)}{max(nrows, 1) + 1}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "B2"


def _build_parts_sheet(wb, cat) -> dict[str, list[tuple[int, str]]]:
    ws = wb.create_sheet(BUILD_PARTS_SHEET)
    for j, key in enumerate(BUILD_PARTS_COLUMNS, start=1):
        put(ws, 1, j, BUILD_PARTS_HEADERS[key], HEADER)
    gpus = {g.id for g in cat.gpus}
    rows: dict[str, list[tuple[int, str]]] = {}
    r = 2
    for build in cat.builds:
        for line in build.lines:
            put_text(ws, r, 1, build.id)
            put_text(ws, r, 2, "part")
            put_text(ws, r, 3, line.item_id, INPUT)
            put(ws, r, 4, line.quantity, INPUT)
            rows.setdefault(build.id, []).append((r, "gpu" if line.item_id in gpus else "part"))
            r += 1
        for custom in build.custom_lines:
            put_text(ws, r, 1, build.id)
            put_text(ws, r, 2, "custom")
            put_text(ws, r, 5, custom.name, INPUT)
            put(ws, r, 6, custom.price_usd, INPUT, "$#,##0.00")
            put(ws, r, 7, custom.power_w, INPUT, "#,##0.#")
            rows.setdefault(build.id, []).append((r, "custom"))
            r += 1
    _table(ws, "T_build_parts", len(BUILD_PARTS_COLUMNS), r - 2)
    widths(ws, 22, 12, 24, 10, 24, 14, 14)
    return rows


def _inputs_sheet(ws, workload, cat, names) -> Callable[[str], str]:
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
    put(ws, r + 1, 1, "Empty: each build uses its own tariff (Build settings sheet).", NOTE)
    names["UsdPerKwh"] = (addr(ws, r, 2), INPUT_MEANINGS["UsdPerKwh"])
    put(
        ws,
        r + 3,
        1,
        "Amortization years, utilization and power of each build: Build settings.",
        NOTE,
    )
    put(ws, r + 4, 1, "Electricity tariffs and every price: the catalog sheets.", NOTE)
    widths(ws, 44, 26, 16, 14, 14, 12, 16, 16, 16, 16, 16, 24)
    by_key = {key: name for key, name, *_ in WORKLOAD_INPUTS}
    by_key["usd_per_kwh"] = "UsdPerKwh"
    return by_key.__getitem__


def _placeholder_workload():
    from infercost.model.scenario import Workload

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


def _summary_sheet(ws, project, chosen, others, cells: list[ScenarioCells]) -> None:
    put(ws, 1, 1, "Scenarios: every option's monthly cost at its workload's volume", TITLE)
    heads = (
        "Scenario",
        "Sheet",
        "Option",
        "Volume (tokens/month)",
        "Monthly cost ($)",
        "Cost per Mtok ($)",
        "Cheapest",
    )
    for j, text in enumerate(heads, start=1):
        put(ws, 3, j, text, HEADER)
    scenarios = ([chosen] if chosen else []) + [s for s, _ in others]
    r = 4
    for scenario, sc in zip(scenarios, cells, strict=True):
        first = r
        for label_cell, cost_cell, mtok_cell in zip(
            sc.label_cells, sc.cost_cells, sc.per_mtok_cells, strict=True
        ):
            put_text(ws, r, 1, scenario.name)
            put_text(ws, r, 2, sc.title)
            put(ws, r, 3, f"={label_cell}")
            put(ws, r, 4, f"={sc.volume_cell}", None, "#,##0")
            put(ws, r, 5, f"={cost_cell}", None, "$#,##0.00")
            put(ws, r, 6, f"={mtok_cell}", None, "$#,##0.0000")
            r += 1
        for k in range(first, r):
            put(ws, k, 7, f'=IF(E{k}=MIN($E${first}:$E${r - 1}),"cheapest","")')
        r += 1
    widths(ws, 40, 28, 32, 18, 16, 16, 10)
    ws.freeze_panes = "A4"


def _cover(ws, project: Project, chosen, names) -> None:
    cat = project.catalog
    put(ws, 1, 1, MARKER, TITLE)
    rows = [
        ("Project", project.name),
        ("Exported", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("InferCost version", _version()),
        ("Scenario on Break-even", f"{chosen.name} ({chosen.id})" if chosen else "none"),
    ]
    for i, (k, v) in enumerate(rows, start=3):
        put(ws, i, 1, k, HEADER)
        put_text(ws, i, 2, v)
    r = 4 + len(rows)
    put(ws, r, 1, "Catalog", HEADER)
    for section, (_cls, title) in SECTIONS.items():
        entries = cat.section(section)
        sources = sorted({e.source for e in entries if e.source})
        dates = sorted({e.as_of for e in entries if e.as_of})
        r += 1
        put_text(ws, r, 1, f"{title} ({SHEET_NAMES[section]} sheet)")
        text = f"{len(entries)} entries from {len(sources)} sources"
        if dates:
            text += f", as of {dates[0]}" + (f" to {dates[-1]}" if len(dates) > 1 else "")
        put_text(ws, r, 2, text)
    r += 2
    put(ws, r, 1, "Assumptions", HEADER)
    for line in ASSUMPTIONS:
        r += 1
        put(ws, r, 1, line)
    r += 2
    put(ws, r, 1, "Defined names (workbook scope)", HEADER)
    put(ws, r, 2, "Refers to", HEADER)
    put(ws, r, 3, "Meaning", HEADER)
    for name, (ref, meaning) in names.items():
        r += 1
        put(ws, r, 1, name)
        put(ws, r, 2, ref.replace("$", ""))
        put(ws, r, 3, meaning)
    widths(ws, 40, 60, 70)


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("infercost")
    except metadata.PackageNotFoundError:
        return "unknown"


ASSUMPTIONS = (
    "API: the blended price splits tokens into input and output at InputShare; cached input "
    "(CachedInputShare of input) is billed at the cache rate, the batch share at the batch "
    "discount, a platform markup on top, and RoutingShare of tokens at the routing offer.",
    "A prompt longer than an offer's long-context threshold bills the whole request at the "
    "tier prices (the cache rate scales like the input rate).",
    "Rental, always on: a unit costs its hourly price x HoursPerMonth x its share of hours on, "
    "and serves tok/s x 3600 x those hours x utilization tokens; per use: only the hours the "
    "volume needs are paid, with no capacity steps.",
    "Owned build: purchase minus residual value written off over 8,760-hour years, energy at "
    "the average of load and idle power, operations and colocation per hour; a unit serves "
    "tok/s x 3600 x HoursPerMonth x utilization tokens.",
    "A volume past one unit's capacity needs ROUNDUP(volume / capacity) units: the cost steps.",
    "Throughput figures that InferCost estimated or took from a measurement are typed into "
    "the Inputs sheet as inputs (the column beside them says where they came from); other "
    "scenarios keep their inputs on their own sheets.",
)
