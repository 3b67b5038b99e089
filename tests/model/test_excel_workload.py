"""The workbook follows the workload as the app does: after InputShare and MonthlyTokens change
in the file and LibreOffice recalculates, every option's units and monthly cost match
``infercost-cli cost`` at those inputs (0.1 %), and the cheapest is the app's cheapest
comparable feasible option, before and after the quality needed changes."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pytest
from excel_helpers import needs_soffice, recalc, rich_project

from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import RentalOption, ScenarioOption
from infercost.model.costing.evaluation import evaluate
from infercost.model.interchange import excel_formulas as xf
from infercost.model.interchange.excel_export import INPUT_TABLE_ROW, export_workbook
from infercost.model.interchange.excel_sheets import OptionInputs
from infercost.model.interchange.excel_throughput import sheet_throughput
from infercost.model.interchange.project_io import save_project

pytestmark = needs_soffice
TOP = 4  # first row of the option table on the Break-even sheet
ROWS = {key: TOP + i for i, (key, _l, _u) in enumerate(xf.OPTION_ROWS)}


def named(wb, name):
    ((sheet, ref),) = list(wb.defined_names[name].destinations)
    return wb[sheet][ref.replace("$", "")]


def close(got, want, what):
    assert isinstance(got, int | float), f"{what}: {got!r} is not a number"
    assert got == pytest.approx(want, rel=1e-3, abs=1e-9), f"{what}: {got} != {want}"


def estimated_rich() -> Project:
    """The rich project plus a rental costed at the estimate (no pin), so every throughput
    kind is there: pinned, estimated, offloaded."""
    p = rich_project()
    data = p.model_dump()
    extra = ScenarioOption(
        label="Lambda H100, 70B estimated",
        option=RentalOption(
            rental_id="lambda/h100-sxm", llm_id="llama-3.3-70b", quant_id="fp8", concurrency=6
        ),
    )
    data["scenarios"][0]["options"].append(extra.model_dump())
    return Project.model_validate(data)


def cli_cost(project: Project, scenario_id: str, volume: float, tmp_path) -> dict:
    path = tmp_path / "p.infercost"
    save_project(project, path)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "infercost.cli",
            "cost",
            "--project",
            str(path),
            "--scenario",
            scenario_id,
            "--volume",
            f"{volume!r}",
            "--json",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def with_share(project: Project, scenario_id: str, share: float) -> Project:
    data = project.model_dump()
    wid = project.scenario(scenario_id).workload_id
    for w in data["workloads"]:
        if w["id"] == wid:
            w["input_share"] = share
    return Project.model_validate(data)


CASES = [
    ("default", "seed-1-startup", 0.3, 2e10),
    ("default", "seed-2-enterprise", 0.3, 2e10),  # the issue's Lambda at 20B, 30 % input
    ("rich", "rich", 0.9, 3.3e9),
]


@pytest.mark.parametrize(("which", "sid", "share", "volume"), CASES)
def test_input_share_and_volume_edited_in_the_file_match_the_cli(
    tmp_path, which, sid, share, volume
):
    project = default_project() if which == "default" else estimated_rich()
    src = tmp_path / "edit.xlsx"
    export_workbook(project, src, sid)
    wb = openpyxl.load_workbook(src)
    named(wb, "InputShare").value = share
    named(wb, "MonthlyTokens").value = volume
    wb.save(src)
    got = openpyxl.load_workbook(recalc(src, tmp_path / "out"), data_only=True)
    changed = with_share(project, sid, share)
    cli = cli_cost(changed, sid, volume, tmp_path)
    ws = got["Break-even"]
    blended = 0
    for j, option in enumerate(cli["options"], start=3):
        label = option["label"]
        assert ws.cell(ROWS["label"], j).value == label
        close(ws.cell(ROWS["cost"], j).value, option["usd"], f"{label} cost")
        if option["capacity_tokens_per_unit"] is not None:
            assert ws.cell(ROWS["units"], j).value == option["units"], label
        if option["tokens_per_s"] is not None:
            close(ws.cell(ROWS["tps"], j).value, option["tokens_per_s"], f"{label} tok/s")
            blended += isinstance(ws.cell(ROWS["prefill"], j).value, float)
    assert blended >= 1, "the case has an option whose tok/s is a blend of the input share"
    assert named(got, "Cheapest").value == cli["cheapest"]
    assert named(got, "MasterCheck").value == 1


def test_the_share_edit_changes_units_as_the_issue_says(tmp_path):
    """At 20B tokens the Lambda 8x H100 rental needs more units at 30 % input than at 0 %:
    with a constant tok/s the workbook would not see it."""
    project = default_project()
    before = evaluate(project, "seed-2-enterprise", 2e10).option("8x H100 on Lambda (405B)")
    after = evaluate(with_share(project, "seed-2-enterprise", 0.3), "seed-2-enterprise", 2e10)
    assert after.option("8x H100 on Lambda (405B)").units != before.units


def test_blended_rates_give_back_the_apps_figure():
    project = estimated_rich()
    scenario = project.scenario("rich")
    workload = project.workload("rich")
    kinds = set()
    for so in scenario.options:
        t = sheet_throughput(project, so, workload)
        if t.tokens_per_s is None:
            continue
        kinds.add(t.origin if not t.blended else "blended")
        if t.blended:
            s = workload.input_share
            assert 1 / (s / t.prefill + (1 - s) / t.decode) == pytest.approx(t.tokens_per_s)
    assert kinds == {"pinned", "blended"}


def quality_project() -> Project:
    """Scenario 2 (strong general needed) with a cheaper good-general API offer added."""
    data = default_project().model_dump()
    s2 = next(s for s in data["scenarios"] if s["id"] == "seed-2-enterprise")
    s2["options"].append(
        {
            "label": "DeepInfra Llama 3.3 70B",
            "option": {"kind": "api", "offer_id": "deepinfra/llama-3.3-70b"},
        }
    )
    return Project.model_validate(data)


def test_the_cheapest_is_comparable_and_follows_the_quality_needed(tmp_path):
    project = quality_project()
    ev = evaluate(project, "seed-2-enterprise")
    cheap = ev.option("DeepInfra Llama 3.3 70B")
    assert not cheap.comparable and cheap.usd < ev.cheapest.usd, "the filter decides"
    src = tmp_path / "q.xlsx"
    export_workbook(project, src, "seed-2-enterprise")
    got = openpyxl.load_workbook(recalc(src, tmp_path / "a"), data_only=True)
    assert named(got, "Cheapest").value == ev.cheapest.label
    summary = [[c.value for c in row] for row in got["Summary"].iter_rows()]
    row = next(r for r in summary if r[0] == "Cheapest comparable feasible option")
    assert row[1] == row[3] == ev.cheapest.label
    margin = next(r for r in summary if r[0] == "Margin (runner-up minus cheapest)")
    close(margin[1], ev.margin_usd, "margin")
    upfront = next(r for r in summary if r[0] == "Upfront cash (owned hardware)")
    close(upfront[1], ev.upfront_usd, "upfront")
    payback = next(r for r in summary if r[0] == "Payback month against paying as you go")
    close(payback[1], ev.cheapest.payback_month, "payback month")
    # Any quality: the cheaper offer wins, in the file as in the app.
    wb = openpyxl.load_workbook(src)
    named(wb, "QualityNeeded").value = ""
    wb.save(src)
    got = openpyxl.load_workbook(recalc(src, tmp_path / "b"), data_only=True)
    data = project.model_dump()
    next(s for s in data["scenarios"] if s["id"] == "seed-2-enterprise")["quality_needed"] = None
    anyq = evaluate(Project.model_validate(data), "seed-2-enterprise")
    assert anyq.cheapest.label == "DeepInfra Llama 3.3 70B"
    assert named(got, "Cheapest").value == anyq.cheapest.label


def test_a_failing_check_shows_on_the_summary(tmp_path):
    src = tmp_path / "c.xlsx"
    export_workbook(default_project(), src, "seed-1-startup")
    wb = openpyxl.load_workbook(src)
    named(wb, "InputShare").value = 1.5
    wb.save(src)
    got = openpyxl.load_workbook(recalc(src, tmp_path / "out"), data_only=True)
    assert named(got, "MasterCheck").value == 0
    assert got["Summary"]["B3"].value.startswith("CHECK FAILED")


def test_typed_inputs_sit_on_the_inputs_sheet(tmp_path):
    project = default_project()
    src = tmp_path / "t.xlsx"
    export_workbook(project, src, "seed-1-startup")
    wb = openpyxl.load_workbook(src)
    table = OptionInputs(wb["Inputs"], INPUT_TABLE_ROW)
    ws = wb["Inputs"]
    rig = 3  # the RTX 5090 rig: the 400 tok/s pin is above the ceiling
    assert isinstance(ws.cell(*table.cell(rig, "prefill")).value, float)
    assert ws.cell(*table.cell(rig, "tps_typed")).value is None
    assert "400 tok/s not used" in ws.cell(*table.cell(rig, "claim")).value
