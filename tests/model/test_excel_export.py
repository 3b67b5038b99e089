"""The exported workbook's structure and safety (no LibreOffice needed)."""

from __future__ import annotations

import os
import re
import zipfile

import openpyxl
import pytest
from excel_helpers import rich_project

from infercost.model.catalog.defaults import default_project
from infercost.model.errors import FileFormatError
from infercost.model.interchange import excel_formulas as xf
from infercost.model.interchange import project_io
from infercost.model.interchange.excel_export import export_workbook

# ABS and RANK: the Sensitivity sheet's swing and rank; SUMPRODUCT ... SMALL: the cheapest's
# rank and the checks (classic functions, no _xlfn. prefix).
ALLOWED = {
    "IF", "AND", "OR", "ISNUMBER", "INDEX", "MATCH", "MAX", "MIN", "ROUNDUP", "SUM", "SUMIF",
    "ABS", "RANK", "SUMPRODUCT", "COUNT", "COUNTIF", "IFERROR", "ISERROR", "SMALL",
}  # fmt: skip


def hostile_project():
    p = rich_project()
    data = p.model_dump()
    offer = data["catalog"]["api_offers"][0]
    offer["provider"] = '=HYPERLINK("http://evil.example","x")'
    offer["notes"] = "@SUM(A1:A9)\x07 bell"
    offer["llm_name"] = "+1-2"
    data["scenarios"][0]["options"][0]["label"] = "-cmd|' /C calc'!A0"
    return type(p).model_validate(data)


def test_text_from_the_catalog_or_a_label_never_becomes_a_formula(tmp_path):
    out = tmp_path / "hostile.xlsx"
    export_workbook(hostile_project(), out, "rich", full_catalog=True)
    wb = openpyxl.load_workbook(out)
    ws = wb["API offers"]
    row = [c.value for c in ws[2]]
    assert '=HYPERLINK("http://evil.example","x")' in row
    assert "@SUM(A1:A9) bell" in row  # the BEL control character is stripped
    assert "+1-2" in row
    for c in ws[2]:
        assert c.data_type != "f", c.coordinate
        if isinstance(c.value, str) and c.value[:1] in "=+-@":
            assert c.quotePrefix, c.coordinate
    label = wb["Break-even"].cell(4, 3)
    assert label.value == "-cmd|' /C calc'!A0" and label.data_type == "s" and label.quotePrefix
    with zipfile.ZipFile(out) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>HYPERLINK" not in xml and b"calc'!A0</f>" not in xml


def test_formulas_use_only_functions_both_excel_and_libreoffice_evaluate(tmp_path):
    out = tmp_path / "p.xlsx"
    export_workbook(rich_project(), out, "rich")
    wb = openpyxl.load_workbook(out)
    used = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    text = re.sub(r'"[^"]*"', '""', c.value)
                    used |= set(re.findall(r"([A-Z][A-Z0-9.]*)\(", text))
    assert used <= ALLOWED, used - ALLOWED


def test_computed_cells_are_formulas_and_inputs_are_named(tmp_path):
    out = tmp_path / "p.xlsx"
    export_workbook(rich_project(), out, "rich")
    wb = openpyxl.load_workbook(out)
    ws = wb["Break-even"]
    computed = ("unit_hr", "cap", "fixed", "var", "units", "cost", "per_mtok", "final")
    rows = {key: 4 + i for i, (key, _l, _u) in enumerate(xf.OPTION_ROWS)}
    for j in range(3, 3 + 8):
        kind = ws.cell(rows["kind"], j).value
        for key in computed:
            cell = ws.cell(rows[key], j)
            if cell.value is not None:
                assert cell.data_type == "f", (kind, key, cell.value)
    names = set(wb.defined_names)
    need = {
        "MonthlyTokens",
        "InputShare",
        "CachedInputShare",
        "BatchShare",
        "HoursPerMonth",
        "UsdPerKwh",
    }
    need |= {f"Option{k}_{x}" for k in range(1, 9) for x in ("Label", "MonthlyCost")}
    assert need <= names
    cover = {c.value for row in wb["Cover"].iter_rows() for c in row}
    assert need <= cover, "every defined name is listed on the Cover sheet"
    assert "Option9_Label" not in names
    chart = ws._charts[0]
    assert chart.x_axis.scaling.logBase == 10 and chart.y_axis.scaling.logBase == 10
    assert len(chart.series) == 8 + 1, "every option and the workload's volume marker"
    assert chart.style is None, "no theme style (c:style 13 draws every series olive)"
    lines = [s.graphicalProperties.line for s in chart.series]
    colours = [getattr(ln.solidFill.srgbClr, "val", ln.solidFill.srgbClr) for ln in lines]
    dashes = [ln.prstDash for ln in lines]
    assert len(set(colours)) == len(colours), colours
    assert len(set(zip(colours[:5], dashes[:5], strict=True))) == 5
    assert len(set(dashes[:5])) == 5, "the first five options differ in dash too"


def test_catalog_sections_are_tables_with_units_in_the_headers(tmp_path):
    out = tmp_path / "p.xlsx"
    export_workbook(default_project(), out)
    wb = openpyxl.load_workbook(out)
    ws = wb["API offers"]
    headers = [c.value for c in ws[1]]
    assert "Input price ($/Mtok)" in headers
    assert "Batch discount (%)" in headers
    assert list(ws.tables) == ["T_api_offers"]
    assert ws.cell(2, headers.index("Input price ($/Mtok)") + 1).number_format.startswith("$")
    assert wb.sheetnames[:5] == ["Summary", "Cover", "Inputs", "Break-even", "Checks"]
    # Without --scenario the workbook holds the first scenario only.
    assert wb["Break-even"].cell(1, 1).value.endswith(default_project().scenarios[0].name)
    titles = {ws.cell(1, 1).value for ws in wb.worksheets}
    assert not {s.name for s in default_project().scenarios[1:]} & titles
    export_workbook(default_project(), out, all_scenarios=True)
    wb = openpyxl.load_workbook(out)
    titles = {ws.cell(1, 1).value for ws in wb.worksheets}
    assert {s.name for s in default_project().scenarios[1:]} <= titles


def test_scenario_flag_picks_the_named_scenario(tmp_path):
    out = tmp_path / "p.xlsx"
    export_workbook(default_project(), out, "seed-3-local")
    wb = openpyxl.load_workbook(out)
    ((sheet, ref),) = list(wb.defined_names["Option1_Label"].destinations)
    assert wb[sheet][ref.replace("$", "")].value == "GPT-4o-mini"
    ((sheet, ref),) = list(wb.defined_names["MonthlyTokens"].destinations)
    assert wb[sheet][ref.replace("$", "")].value == 5e8


def test_the_write_is_atomic_and_a_held_file_gets_a_clear_message(tmp_path, monkeypatch):
    out = tmp_path / "p.xlsx"
    out.write_bytes(b"old workbook")
    monkeypatch.setattr(project_io, "REPLACE_RETRY_S", 0.2)

    def held(src, dst):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", held)
    with pytest.raises(FileFormatError, match="another program is holding the file"):
        export_workbook(default_project(), out)
    monkeypatch.undo()
    assert out.read_bytes() == b"old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["p.xlsx"], "no temporary file is left"
    with pytest.raises(FileFormatError, match="folder does not exist"):
        export_workbook(default_project(), tmp_path / "missing" / "p.xlsx")


def test_cli_export(tmp_path, capsys):
    from infercost.cli import main

    out = tmp_path / "cli.xlsx"
    assert main(["export", str(out), "--scenario", "seed-2-enterprise", "--json"]) == 0
    assert '"scenario": "seed-2-enterprise"' in capsys.readouterr().out
    assert zipfile.is_zipfile(out)
    assert main(["export", str(tmp_path / "x.csv")]) == 2
    assert "must end in .xlsx" in capsys.readouterr().err
    two = ["--scenario", "seed-3-local", "--scenario", "seed-1-startup"]
    assert main(["export", str(out), *two, "--json"]) == 0
    assert '"scenarios": [\n    "seed-3-local",\n    "seed-1-startup"\n  ]' in (
        capsys.readouterr().out
    )
    wb = openpyxl.load_workbook(out)
    assert wb["Break-even"].cell(1, 1).value.endswith("Scenario 3: local RTX 5090")
    assert "Scenario 1 - small startup" in wb.sheetnames
    assert "Scenario 2 - enterprise" not in " ".join(wb.sheetnames)
    assert main(["export", str(out), "--all"]) == 0
    assert "scenarios seed-1-startup, seed-2-enterprise, seed-3-local" in capsys.readouterr().out
    assert main(["export", str(out), "--scenario", "nope"]) != 0
    assert "nope" in capsys.readouterr().err


def test_a_scenario_on_the_exported_workload_shares_the_inputs(tmp_path):
    project = default_project()
    data = project.model_dump()
    twin = dict(data["scenarios"][0], id="twin", name="Twin of scenario 1")
    twin["options"] = twin["options"][:2]
    data["scenarios"].append(twin)
    project = type(project).model_validate(data)
    out = tmp_path / "twin.xlsx"
    export_workbook(project, out, [project.scenarios[0].id, "twin"])
    wb = openpyxl.load_workbook(out)
    ws = next(ws for ws in wb.worksheets if ws.cell(1, 1).value == "Twin of scenario 1")
    assert "the Inputs sheet" in ws.cell(3, 1).value
    assert any(c.value == "=MonthlyTokens" for row in ws.iter_rows() for c in row)


def test_an_extra_sheet_writer_builds_on_the_standard_sheets(tmp_path):
    """The hook a timeline or sensitivity sheet uses: it sees the evaluations and the input
    cells, adds its sheet before the names are written, and the sheet is set up to print."""
    from infercost.model.interchange.excel_cells import put
    from infercost.model.interchange.excel_print import set_print

    seen = []

    def timeline(wb, parts):
        ws = wb.create_sheet("Yearly", 5)
        seen.append((parts.scenarios[0].id, parts.evaluations[0].cheapest.label))
        put(ws, 1, 1, f"={parts.inputs('tokens')}*12")
        parts.names["TokensPerYear"] = ("'Yearly'!$A$1", "tokens per year")
        set_print(ws, project=parts.project.name)

    out = tmp_path / "hook.xlsx"
    export_workbook(default_project(), out, "seed-3-local", extra_sheets=[timeline])
    wb = openpyxl.load_workbook(out)
    from infercost.model.costing.evaluation import evaluate

    assert seen == [("seed-3-local", evaluate(default_project(), "seed-3-local").cheapest.label)]
    assert wb["Yearly"]["A1"].value == "=MonthlyTokens*12"
    assert "TokensPerYear" in wb.defined_names
    assert "TokensPerYear" in {c.value for row in wb["Cover"].iter_rows() for c in row}


# Unit conversions a formula may spell out (FAST / ICAEW: no other number typed into a formula):
# 0 and 1, a midpoint's 2, percent, months a year, W per kW, tokens per million.
CONVERSIONS = {0.0, 1.0, 2.0, 100.0, 12.0, 1000.0, 1e6}


def literals(formula: str) -> set[float]:
    """The numbers typed into ``formula`` (strings, sheet names, cell refs and names removed)."""
    text = re.sub(r'"[^"]*"', '""', formula)
    text = re.sub(r"'[^']*'!", "", text)
    text = re.sub(r"\$?[A-Z]{1,3}\$?[0-9]+", "R", text)
    text = re.sub(r"[A-Za-z_][A-Za-z0-9_.]*", "N", text)
    return {float(x) for x in re.findall(r"[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?", text)}


def test_no_constant_is_typed_into_a_formula(tmp_path):
    assert literals("=$C$4*3600+Option1_Label+'API offers'!$E$5/1000") == {3600.0, 1000.0}
    out = tmp_path / "p.xlsx"
    export_workbook(rich_project(), out, "rich")
    wb = openpyxl.load_workbook(out)
    typed = {
        (ws.title, c.coordinate, n)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
        for n in literals(c.value) - CONVERSIONS
    }
    assert typed == set(), sorted(typed)[:10]
    for name in ("SecondsPerHour", "HoursPerYear", "GpuIdleShare", "PartIdleShare"):
        assert name in wb.defined_names, name
