"""Export a project to an Excel workbook that recalculates on its own (no macro, no constant
that depends on an input): Summary, Cover, Inputs, Break-even with a chart, one sheet per other
exported scenario, Checks, Builds, one Table per catalog section; printable on every sheet."""

from __future__ import annotations

import contextlib
import io
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.table import Table, TableStyleInfo

from infercost.model.catalog.catalog import SECTIONS, Catalog
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import Scenario
from infercost.model.costing.evaluation import Evaluation, evaluate
from infercost.model.interchange.excel_builds import write_builds
from infercost.model.interchange.excel_catalog import (
    BUILD_PARTS_COLUMNS,
    BUILD_PARTS_HEADERS,
    BUILD_PARTS_SHEET,
    SHEET_NAMES,
    cell_value,
    columns,
    number_format,
)
from infercost.model.interchange.excel_cells import (
    HEADER,
    INPUT,
    NOTE,
    TITLE,
    add_styles,
    put,
    put_text,
    sheet_title,
    widths,
)
from infercost.model.interchange.excel_cover import MARKER, write_cover
from infercost.model.interchange.excel_inputs import INPUT_TABLE_ROW, quality_cell, write_inputs
from infercost.model.interchange.excel_print import set_print
from infercost.model.interchange.excel_scope import chosen_scenarios, used_catalog
from infercost.model.interchange.excel_sheets import (
    WORKLOAD_INPUTS,
    Layout,
    OptionInputs,
    ScenarioCells,
    catalog_columns,
    write_scenario,
    write_workload,
)
from infercost.model.interchange.excel_summary import write_checks, write_summary
from infercost.model.interchange.excel_time import (
    MONTH_ROW,
    SENSITIVITY_SHEET,
    TIMELINE_SHEET,
    write_time_sheets,
)
from infercost.model.interchange.project_io import atomic_write_bytes

__all__ = ["MARKER", "ExportResult", "WorkbookParts", "build_workbook", "export_workbook"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    scenario_id: str | None
    sheets: tuple[str, ...]
    names: tuple[str, ...]
    scenario_ids: tuple[str, ...] = ()


@dataclass
class WorkbookParts:
    """What a sheet writer added after the standard sheets can build on: the project, the
    exported scenarios with their evaluations and sheet cells, the catalog layout and the
    workload input cells (``inputs(key)``, keys of ``WORKLOAD_INPUTS``)."""

    project: Project
    scenarios: list[Scenario]
    evaluations: list[Evaluation]
    cells: list[ScenarioCells]
    layout: Layout
    inputs: Callable[[str], str]
    names: dict[str, tuple[str, str]] = field(default_factory=dict)


SheetWriter = Callable[[Workbook, WorkbookParts], None]
"""Writes one or more extra sheets (a timeline, a sensitivity table); it may add defined names
to ``parts.names`` and should call ``excel_print.set_print`` on what it adds."""

EXTRA_SHEET_WRITERS: list[SheetWriter] = []
"""Writers every export runs after the standard sheets, in order (modules append theirs)."""


def export_workbook(
    project: Project,
    path: str | Path,
    scenarios: str | Sequence[str] | None = None,
    progress=None,
    *,
    all_scenarios: bool = False,
    full_catalog: bool | None = None,
    extra_sheets: Sequence[SheetWriter] | None = None,
) -> ExportResult:
    """Write the workbook atomically; a file held open elsewhere gets a clear message.

    ``scenarios``: the scenario id(s) to export (default: the project's first);
    ``all_scenarios``: every scenario. ``full_catalog`` (default: with ``all_scenarios``, or
    when no scenario is exported) writes the whole catalog, else the entries the exported
    scenarios use. ``extra_sheets`` run after ``EXTRA_SHEET_WRITERS``.
    """
    wb, names, chosen = build_workbook(
        project,
        scenarios,
        progress,
        all_scenarios=all_scenarios,
        full_catalog=full_catalog,
        extra_sheets=extra_sheets,
    )
    if progress is not None:
        progress(1, 1)  # the last point where a cancel stops the export: nothing written yet
    buf = io.BytesIO()
    with _exact_floats():
        wb.save(buf)
    target = Path(path)
    atomic_write_bytes(target, buf.getvalue())
    ids = tuple(s.id for s in chosen)
    return ExportResult(target, ids[0] if ids else None, tuple(wb.sheetnames), tuple(names), ids)


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


def build_workbook(
    project: Project,
    scenarios: str | Sequence[str] | None = None,
    progress=None,
    *,
    all_scenarios: bool = False,
    full_catalog: bool | None = None,
    extra_sheets: Sequence[SheetWriter] | None = None,
):
    """The workbook, the defined names it carries and the scenarios it holds."""
    project.check()
    chosen = chosen_scenarios(project, scenarios, all_scenarios)
    full = (all_scenarios or not chosen) if full_catalog is None else full_catalog
    cat = project.catalog if full else used_catalog(project, chosen)
    evs = [evaluate(project, s) for s in chosen]
    wb = Workbook()
    # No formula has a saved value: Excel and LibreOffice compute every one on opening.
    wb.calculation = CalcProperties(fullCalcOnLoad=True)
    add_styles(wb)
    summary = wb.active
    summary.title = "Summary"
    cover = wb.create_sheet("Cover")
    inputs = wb.create_sheet("Inputs")
    taken = {"summary", "cover", "inputs", "checks", "builds", "break-even"}
    taken |= {TIMELINE_SHEET.lower(), SENSITIVITY_SHEET.lower()}
    taken |= {t.lower() for t in SHEET_NAMES.values()} | {BUILD_PARTS_SHEET.lower()}
    sheets = [wb.create_sheet("Break-even")] if chosen else []
    sheets += [wb.create_sheet(sheet_title(s.name.replace(":", " -"), taken)) for s in chosen[1:]]
    checks = wb.create_sheet("Checks")
    builds_ws = wb.create_sheet("Builds") if full or cat.builds else None
    lay = Layout(cat)
    catalog_columns(lay)
    total = sum(len(cat.section(s)) for s in SECTIONS) or 1
    done = 0
    catalog_sheets = []
    for section in _sections(cat, chosen, full):
        done = _catalog_sheet(wb, section, cat.section(section), done, total, progress)
        catalog_sheets.append(wb[SHEET_NAMES[section]])
    parts_rows = _build_parts_sheet(wb, cat) if builds_ws is not None else {}

    first = chosen[0] if chosen else None
    workload = project.workload(first.workload_id) if first else None
    names: dict[str, tuple[str, str]] = {}
    w_inputs, quality = write_inputs(inputs, workload, first, cat, names)
    if builds_ws is not None:
        write_builds(builds_ws, lay, parts_rows, w_inputs)
    cells: list[ScenarioCells] = []
    shares: list[dict[str, str]] = []
    for k, (scenario, ev, ws) in enumerate(zip(chosen, evs, sheets, strict=True)):
        title = "Break-even: " if k == 0 else ""
        put_text(ws, 1, 1, f"{title}{scenario.name}", TITLE)
        top = 5 + len(WORKLOAD_INPUTS)
        if k == 0:
            put(ws, 2, 1, "Workload inputs are on the Inputs sheet; yellow cells are inputs.", NOTE)
            refs, q, table, top = w_inputs, quality, OptionInputs(inputs, INPUT_TABLE_ROW), 4
        elif scenario.workload_id == chosen[0].workload_id:
            # The same workload as the Inputs sheet's: one set of inputs drives both sheets.
            put(ws, 3, 1, "Workload inputs: the Inputs sheet (the same workload).", NOTE)
            refs, table = w_inputs, None
            q = quality_cell(ws, top - 1, scenario, quality)
        else:
            local = write_workload(ws, 3, project.workload(scenario.workload_id))
            local["usd_per_kwh"] = "UsdPerKwh"
            refs, table = local.__getitem__, None
            q = quality_cell(ws, top - 1, scenario, quality)
        sc = write_scenario(ws, lay, project, ev, refs, top, q, table)
        cells.append(sc)
        shares.append({key: refs(key) for key, *_ in WORKLOAD_INPUTS})
        if k == 0:
            for i, (label_cell, cost_cell) in enumerate(
                zip(sc.label_cells, sc.cost_cells, strict=True), start=1
            ):
                names[f"Option{i}_Label"] = (label_cell, f"label of option {i} of '{scenario.id}'")
                names[f"Option{i}_MonthlyCost"] = (
                    cost_cell,
                    f"monthly cost of option {i} at MonthlyTokens, $/month",
                )
            if sc.cheapest_cell:
                names["Cheapest"] = (
                    sc.cheapest_cell,
                    f"the cheapest comparable feasible option of '{scenario.id}'",
                )
    master = write_checks(checks, cells, shares)
    names["MasterCheck"] = (master, "1 when every check on the Checks sheet passes, else 0")
    end = write_summary(summary, cells, evs, master)
    parts = WorkbookParts(project, chosen, evs, cells, lay, w_inputs, names)
    for writer in [time_sheets, *EXTRA_SHEET_WRITERS, *(extra_sheets or ())]:
        writer(wb, parts)
    for name, (ref, _meaning) in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    write_cover(cover, project, chosen, cat, full, names, _version())
    _print_setup(project.name, summary, end, cover, inputs, sheets, cells, checks, builds_ws)
    if builds_ws is not None:
        catalog_sheets.append(wb[BUILD_PARTS_SHEET])
    for ws in catalog_sheets:
        set_print(ws, title_rows="1:1", title_cols="A:A", project=project.name)
    return wb, list(names), chosen


def time_sheets(wb: Workbook, parts: WorkbookParts) -> None:
    """The Timeline and Sensitivity sheets of the first exported scenario, after Checks."""
    if not parts.scenarios or not parts.scenarios[0].options:
        return
    t = write_time_sheets(wb, parts.project, parts.scenarios[0], parts.names)
    after = wb.sheetnames.index("Checks") + 1
    for k, title in enumerate((TIMELINE_SHEET, SENSITIVITY_SHEET)):
        ws = wb[title]
        wb.move_sheet(ws, after + k - wb.sheetnames.index(title))
        # The Timeline prints to its horizon (its rows run on, blank, for a longer one).
        timeline = title == TIMELINE_SHEET
        rows = MONTH_ROW + t.horizon_months if timeline else ws.max_row
        set_print(
            ws,
            title_rows=f"{MONTH_ROW - 1}:{MONTH_ROW - 1}" if timeline else None,
            title_cols="A:A",
            area=(1, 1, rows, ws.max_column),
            project=parts.project.name,
        )


def _sections(cat: Catalog, chosen: list[Scenario], full: bool) -> list[str]:
    """The catalog sheets to write: all of them for the whole catalog; else those with an
    entry, and Platform markups wherever an API option's formula looks a markup up."""
    if full:
        return list(SECTIONS)
    api = any(so.option.kind == "api" for s in chosen for so in s.options)
    return [s for s in SECTIONS if cat.section(s) or (s == "platform_markups" and api)]


def _print_setup(name, summary, end, cover, inputs, sheets, cells, checks, builds_ws) -> None:
    set_print(summary, area=(1, 1, end, 10), project=name)
    set_print(cover, project=name, one_page=True)
    set_print(inputs, title_cols="A:A", project=name, one_page=True)
    for ws, sc in zip(sheets, cells, strict=True):
        # The option table, the cheapest, the break-even volumes and the chart; the curve
        # grid below stays on screen only.
        set_print(
            ws,
            title_rows=f"{sc.rows['label']}:{sc.rows['label']}",
            title_cols="A:A",
            area=(1, 1, sc.print_rows, max(sc.columns, 5)),
            project=name,
        )
    set_print(checks, title_rows="6:6", project=name)
    if builds_ws is not None:
        set_print(builds_ws, title_rows="4:4", title_cols="A:A", project=name)


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


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("infercost")
    except metadata.PackageNotFoundError:
        return "unknown"
