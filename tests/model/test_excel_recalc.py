"""The exported workbook recalculated by LibreOffice gives the app's own numbers (0.1 %), with
no error value anywhere; after MonthlyTokens changes, every OptionK_MonthlyCost equals
``infercost-cli cost`` at the new volume."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import openpyxl
import pytest
from excel_helpers import needs_soffice, recalc, rich_project

from infercost.model.costing.breakeven import analyse, single_unit_breakeven
from infercost.model.costing.curves import cost_function, option_cost_at
from infercost.model.costing.tco import build_cost
from infercost.model.interchange import excel_formulas as xf
from infercost.model.interchange.excel_chart import GRID_POINTS
from infercost.model.interchange.excel_export import export_workbook
from infercost.model.interchange.project_io import save_project

pytestmark = needs_soffice
TOP = 4  # first row of the option table on the Break-even sheet
ERRORS = ("#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "Err:")


def close(got, want, what):
    assert isinstance(got, int | float), f"{what}: {got!r} is not a number"
    assert got == pytest.approx(want, rel=1e-3, abs=1e-9), f"{what}: {got} != {want}"


def named(wb, name):
    ((sheet, ref),) = list(wb.defined_names[name].destinations)
    return wb[sheet][ref.replace("$", "")]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xl")
    project = rich_project()
    src = tmp / "rich.xlsx"
    export_workbook(project, src, "rich")
    return project, src, openpyxl.load_workbook(recalc(src, tmp / "out"), data_only=True)


def test_no_error_value_in_any_sheet(exported):
    _, _, wb = exported
    bad = [
        (ws.title, c.coordinate, c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith(ERRORS)
    ]
    assert bad == []


def test_every_option_row_matches_the_model(exported):
    project, _, wb = exported
    ws = wb["Break-even"]
    rows = {key: TOP + i for i, (key, _l, _u) in enumerate(xf.OPTION_ROWS)}
    scenario = project.scenario("rich")
    workload = project.workload("rich")
    volume = workload.monthly_tokens
    for j, so in enumerate(scenario.options, start=3):
        f = cost_function(project, so, workload)
        oc = option_cost_at(project, so, workload, volume)

        def cell(key, j=j):
            return ws.cell(rows[key], j).value

        label = so.label
        assert cell("label") == label
        close(cell("fixed"), f.fixed_usd_per_unit, f"{label} fixed")
        close(cell("var"), f.variable_usd_per_token * 1e6, f"{label} variable")
        if f.capacity_tokens_per_unit is None:
            assert cell("cap") in (None, ""), label
        else:
            close(cell("cap"), f.capacity_tokens_per_unit, f"{label} capacity")
        if f.unit_usd_per_hour is not None:
            close(cell("unit_hr"), f.unit_usd_per_hour, f"{label} $/hr")
        if f.blend is not None:
            b = f.blend
            close(cell("list"), b.list_usd_per_mtok, f"{label} list")
            close(cell("caching"), b.step("caching").usd_per_mtok, f"{label} caching")
            close(cell("batch"), b.step("batch").usd_per_mtok, f"{label} batch")
            close(cell("markup_pct"), b.markup_pct, f"{label} markup")
            close(cell("final"), b.usd_per_mtok, f"{label} blend")
        close(cell("units"), oc.units, f"{label} units")
        close(cell("cost"), oc.usd, f"{label} cost")
        close(cell("per_mtok"), oc.usd_per_mtok, f"{label} $/Mtok")
        close(named(wb, f"Option{j - 2}_MonthlyCost").value, oc.usd, f"Option{j - 2}")
        assert named(wb, f"Option{j - 2}_Label").value == label
    cheapest = min(
        (option_cost_at(project, so, workload, volume) for so in scenario.options),
        key=lambda c: c.usd,
    )
    assert ws.cell(TOP + len(xf.OPTION_ROWS) + 1, 3).value == cheapest.label


def test_builds_match_build_cost(exported):
    project, _, wb = exported
    ws = wb["Builds"]
    cols = {key: j for j, (key, _l, _u) in enumerate(xf.BUILD_COLUMNS, start=1)}
    ids = [ws.cell(r, 1).value for r in range(5, 5 + len(project.catalog.builds))]
    ids = [i for i in ids if i]
    assert set(ids) == {"8x-h100-node", "test-rig"}, "the builds the scenario uses"
    for r, build_id in enumerate(ids, start=5):
        build = project.catalog.build(build_id)
        bc = build_cost(build, project.catalog)
        for key, want in (
            ("purchase", bc.purchase_usd),
            ("residual", bc.residual_usd),
            ("load_w", bc.load_power_w),
            ("idle_w", bc.idle_power_w),
            ("avg_w", bc.average_power_w),
            ("kwh", bc.usd_per_kwh),
            ("amort", bc.amortization_usd_per_hour),
            ("energy", bc.energy_usd_per_hour),
            ("fixed_hr", bc.fixed_usd_per_hour),
            ("usd_hr", bc.usd_per_hour),
            ("load_e", bc.load_energy_usd_per_hour),
            ("idle_e", bc.idle_energy_usd_per_hour),
        ):
            close(ws.cell(r, cols[key]).value, want, f"{build.id} {key}")


def test_curves_and_breakevens_match(exported):
    project, _, wb = exported
    ws = wb["Break-even"]
    scenario = project.scenario("rich")
    workload = project.workload("rich")
    fs = [cost_function(project, so, workload) for so in scenario.options]
    head = next(
        r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Volume (tokens/month)"
    )
    n = len(fs)
    exact = analyse(project, scenario, volume_max_tokens=1e13)
    volumes = [ws.cell(head + 1 + k, 1).value for k in range(GRID_POINTS)]
    np.testing.assert_allclose(volumes, np.logspace(0, np.log10(5e11), GRID_POINTS), rtol=1e-9)
    for k, v in enumerate(volumes):
        for i, f in enumerate(fs):
            close(ws.cell(head + 1 + k, 3 + i).value, float(f.usd(v)), f"{f.label} at {v:g}")
            close(ws.cell(head + 1 + k, 3 + n + i).value, float(f.units(v)), "units")
    top = next(
        r
        for r in range(1, ws.max_row + 1)
        if ws.cell(r, 1).value == "Break-even volumes (one unit each)"
    )
    r = top + 2
    checked = 0
    for i in range(n):
        for k in range(i + 1, n):
            want = single_unit_breakeven(fs[i], fs[k])
            got = ws.cell(r, 4).value
            if want is None:
                assert got == "none", (fs[i].label, fs[k].label, got)
            else:
                close(got, want, f"V* {fs[i].label} / {fs[k].label}")
            if ws.cell(r, 5).value == "yes":
                checked += 1
                # Within one unit's capacity the one-unit V* is the pair's first real crossing.
                first = exact.between(fs[i].label, fs[k].label)[0]
                close(got, first.volume_tokens, f"first crossing {fs[i].label} / {fs[k].label}")
            r += 1
    assert checked >= 5, checked


@pytest.mark.parametrize("volume", [2.5e7, 3.3e10])
def test_changing_monthly_tokens_matches_the_cli(tmp_path, volume):
    project = rich_project()
    proj = tmp_path / "rich.infercost"
    save_project(project, proj)
    src = tmp_path / "edited.xlsx"
    export_workbook(project, src, "rich")
    wb = openpyxl.load_workbook(src)
    named(wb, "MonthlyTokens").value = volume
    wb.save(src)
    got = openpyxl.load_workbook(recalc(src, tmp_path / "out"), data_only=True)
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "infercost.cli",
            "cost",
            "--project",
            str(proj),
            "--scenario",
            "rich",
            "--volume",
            f"{volume:g}",
            "--json",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    options = json.loads(cli.stdout)["options"]
    assert len(options) == len(project.scenario("rich").options)
    for k, option in enumerate(options, start=1):
        assert named(got, f"Option{k}_Label").value == option["label"]
        close(named(got, f"Option{k}_MonthlyCost").value, option["usd"], option["label"])


def test_default_project_recalculates_to_the_seed_numbers(tmp_path):
    from infercost.model.catalog.defaults import default_project, document_method

    # The seed's numbers at its own method: its pinned tok/s used as stated ("use my figure").
    project = document_method(default_project())
    src = tmp_path / "default.xlsx"
    export_workbook(project, src)
    wb = openpyxl.load_workbook(recalc(src, tmp_path / "out"), data_only=True)
    s = project.scenarios[0]
    w = project.workload(s.workload_id)
    for k, so in enumerate(s.options, start=1):
        close(
            named(wb, f"Option{k}_MonthlyCost").value,
            option_cost_at(project, so, w, w.monthly_tokens).usd,
            so.label,
        )
    # Every other scenario has its sheet (with --all), computed at its own workload.
    src = tmp_path / "all.xlsx"
    export_workbook(project, src, all_scenarios=True)
    wb = openpyxl.load_workbook(recalc(src, tmp_path / "out"), data_only=True)
    for s in project.scenarios[1:]:
        ws = next(ws for ws in wb.worksheets if ws.cell(1, 1).value == s.name)
        w = project.workload(s.workload_id)
        top = 5 + 8
        cost_row = top + [k for k, *_ in xf.OPTION_ROWS].index("cost")
        for j, so in enumerate(s.options, start=3):
            close(
                ws.cell(cost_row, j).value,
                option_cost_at(project, so, w, w.monthly_tokens).usd,
                f"{s.id} {so.label}",
            )


def test_changing_an_options_utilization_on_the_inputs_sheet(tmp_path):
    from infercost.model.interchange.excel_export import INPUT_TABLE_ROW
    from infercost.model.interchange.excel_sheets import OptionInputs

    project = rich_project()
    src = tmp_path / "util.xlsx"
    export_workbook(project, src, "rich")
    wb = openpyxl.load_workbook(src)
    table = OptionInputs(wb["Inputs"], INPUT_TABLE_ROW)
    for index, util in ((3, 0.5), (6, 0.45)):  # the p5 rental and the owned 8x H100 node
        r, c = table.cell(index, "util")
        option = project.scenarios[0].options[index].option
        assert wb["Inputs"].cell(r, c).value == option.utilization
        wb["Inputs"].cell(r, c).value = util
    named(wb, "MonthlyTokens").value = 1e11  # past one unit's capacity: utilization counts
    wb.save(src)
    got = openpyxl.load_workbook(recalc(src, tmp_path / "out"), data_only=True)
    data = project.model_dump()
    data["scenarios"][0]["options"][3]["option"]["utilization"] = 0.5
    data["scenarios"][0]["options"][6]["option"]["utilization"] = 0.45
    changed = type(project).model_validate(data)
    scenario, workload = changed.scenario("rich"), changed.workload("rich")
    for k, so in enumerate(scenario.options, start=1):
        want = option_cost_at(changed, so, workload, 1e11)
        close(named(got, f"Option{k}_MonthlyCost").value, want.usd, so.label)
        before = option_cost_at(project, project.scenario("rich").options[k - 1], workload, 1e11)
        if k in (4, 7):
            assert want.units > before.units, "the edit adds units: the test would catch it"
