"""The workbook's Timeline sheet recalculated by LibreOffice equals the app's timeline (0.1 %),
live on the Break-even sheet's costs; the Sensitivity sheet carries low/high columns."""

import openpyxl
import pytest
from excel_helpers import needs_soffice, recalc

from infercost.model.catalog.defaults import default_project
from infercost.model.costing.timeline import timeline
from infercost.model.interchange.excel_export import export_workbook
from infercost.model.interchange.excel_time import HEAD_ROW, MONTH_ROW, ROWS
from infercost.model.uncertainty.inputs import with_overrides

pytestmark = needs_soffice


def _check(ws, t):
    for k, o in enumerate(t.options, start=3):
        assert ws.cell(HEAD_ROW, k).value == o.label
        for m in range(t.horizon_months + 1):
            got = ws.cell(MONTH_ROW + m, k).value
            want = float(o.cumulative_usd[m])
            assert got == pytest.approx(want, rel=1e-3, abs=1e-6), (o.label, m)
    assert ws.cell(MONTH_ROW + t.horizon_months + 1, 1).value in (None, "")


def _export_check(tmp_path, project, sids):
    for sid in sids:
        src = tmp_path / f"{sid}.xlsx"
        export_workbook(project, src, sid)
        wb = openpyxl.load_workbook(recalc(src, tmp_path / sid), data_only=True)
        _check(wb["Timeline"], timeline(project, project.scenario(sid)))


def test_the_timeline_sheet_recalculates_to_the_apps_timeline(tmp_path):
    # Owned builds written off linearly to a 20 % and a 30 % residual.
    project = with_overrides(
        default_project(),
        {
            "build:8x-h100-node.residual_value_pct": 20,
            "build:rtx-5090-rig.residual_value_pct": 30,
        },
    )
    _export_check(tmp_path, project, ("seed-2-enterprise", "seed-3-local"))


def test_a_depreciation_rate_reaches_the_workbook(tmp_path):
    project = with_overrides(default_project(), {"build:8x-h100-node.depreciation_rate_pct": 45})
    _export_check(tmp_path, project, ("seed-2-enterprise",))


def test_a_decline_typed_in_the_sheet_is_what_the_app_computes(tmp_path):
    project = default_project()
    src = tmp_path / "d.xlsx"
    export_workbook(project, src, "seed-2-enterprise")
    wb = openpyxl.load_workbook(src)
    ws = wb["Timeline"]
    ws.cell(ROWS["decline"], 3).value = 0  # GPT-4.1's prices stay
    ws.cell(4, 2).value = 24  # a two-year horizon
    wb.save(src)
    got = openpyxl.load_workbook(recalc(src, tmp_path / "out"), data_only=True)
    s = project.scenario("seed-2-enterprise")
    time = s.time.model_copy(update={"horizon_months": 24, "declines": []})
    from infercost.model.catalog.assumptions import Decline

    time = time.model_copy(
        update={"declines": [Decline(target="offer:openai/gpt-4.1", pct_per_year=0)]}
    )
    s = s.model_copy(update={"time": time})
    _check(got["Timeline"], timeline(project, s))
    sens = got["Sensitivity"]
    assert [sens.cell(4, j).value for j in (5, 6, 7)] == ["Low", "Today", "High"]
    assert sens.cell(5, 1).value == 1  # RANK of the largest swing
