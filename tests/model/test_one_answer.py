"""One answer everywhere (issue 15): every surface names the evaluation's cheapest option.

For every scenario of the default project, and one where the overall cheapest option is below
the quality the scenario needs, `cost --json`, `advise --json`, `scenarios --compare --json`
the Break-even chart's data and the exported workbook recalculated by LibreOffice (when it is
installed) name the same cheapest option as ``evaluate``. The GUI part (Scenarios comparison,
Break-even bold row) is tests/gui/test_one_answer_gui.py.
"""

import json
import shutil

import openpyxl
import pytest

from infercost import cli
from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import ApiOption, ScenarioOption
from infercost.model.costing.chart_data import chart_data
from infercost.model.costing.evaluation import evaluate
from infercost.model.interchange.excel_export import export_workbook
from infercost.model.interchange.project_io import save_project

QUALITY_SCENARIO = "seed-2-enterprise"
CHEAP_BUT_BELOW = "GPT-4o-mini (below the tier needed)"


def projects() -> list[tuple[str, Project, str]]:
    """(name, project, scenario id): the default scenarios, and scenario 2 with an option
    that is the cheapest of all but below its "strong general" quality needed."""
    p = default_project()
    out = [("default", p, s.id) for s in p.scenarios]
    q = default_project()
    q.scenario(QUALITY_SCENARIO).options.append(
        ScenarioOption(label=CHEAP_BUT_BELOW, option=ApiOption(offer_id="openai/gpt-4o-mini"))
    )
    out.append(("quality", q, QUALITY_SCENARIO))
    return out


CASES = projects()


def _json(capsys, *argv) -> object:
    assert cli.main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def answers(project: Project, sid: str, path, capsys) -> dict[str, str | None]:
    """The cheapest option each surface names for scenario ``sid`` of the saved ``project``."""
    src = ["--project", str(path)]
    return {
        "evaluate": (lambda ev: ev.cheapest and ev.cheapest.label)(evaluate(project, sid)),
        "cost --json": _json(capsys, "cost", "--scenario", sid, *src, "--json")["cheapest"],
        "advise --json": _json(capsys, "advise", sid, *src, "--json")["choice"],
        "scenarios --compare": _json(capsys, "scenarios", sid, "--compare", *src, "--json")[0][
            "cheapest"
        ],
        "break-even chart data": chart_data(project, sid).cheapest_at_workload,
        **(
            {"recalculated workbook": workbook_cheapest(project, sid, path.parent)}
            if SOFFICE
            else {}
        ),
    }


# LibreOffice recalculates the workbook; without it the workbook is left out of the answers.
SOFFICE = shutil.which("soffice")


def workbook_cheapest(project: Project, sid: str, folder) -> str:
    """The workbook's "Cheapest" cell after LibreOffice recalculates the export of ``sid``."""
    from excel_helpers import recalc  # tests/model is on the path once this module runs

    src = folder / f"{sid}.xlsx"
    export_workbook(project, src, sid)
    wb = openpyxl.load_workbook(recalc(src, folder / "recalc"), data_only=True)
    ((sheet, ref),) = list(wb.defined_names["Cheapest"].destinations)
    return wb[sheet][ref.replace("$", "")].value


@pytest.mark.parametrize(("name", "project", "sid"), CASES, ids=[f"{n}-{s}" for n, _, s in CASES])
def test_every_surface_names_the_same_cheapest(name, project, sid, tmp_path, capsys):
    path = tmp_path / "p.infercost"
    save_project(project, path)
    found = answers(project, sid, path, capsys)
    assert found["evaluate"] is not None
    assert set(found.values()) == {found["evaluate"]}, found


def test_the_quality_case_really_needs_the_comparable_filter():
    """Without the filter the below-tier option would be named: it is the cheapest of all."""
    _, project, sid = CASES[-1]
    ev = evaluate(project, sid)
    below = ev.option(CHEAP_BUT_BELOW)
    assert not below.comparable and all(below.usd < o.usd for o in ev.options if o is not below)
    assert ev.cheapest.label != CHEAP_BUT_BELOW and ev.cheapest.comparable


def test_scenario_1_does_not_name_the_rig_whose_pin_is_above_the_ceiling(capsys):
    """The seed's 400 tok/s for a 70B Q4 on one RTX 5090 is above the physical ceiling (and
    the model does not fit its memory): the rig is costed at the estimate and the API wins;
    advise says why. With "use my figure" the pin is used and every surface says so."""
    d = _json(capsys, "advise", "seed-1-startup", "--json")
    assert d["choice"] == "DeepInfra Llama 3.3 70B"
    assert cli.main(["advise", "seed-1-startup"]) == 0
    out = capsys.readouterr().out
    assert "RTX 5090 local rig (70B Q4): costed at the estimate" in out
    assert "not the pinned 400 tok/s" in out and "physical ceiling" in out


def test_use_my_figure_brings_the_pin_back_and_is_said(tmp_path, capsys):
    p = default_project()
    rig = p.scenario("seed-1-startup").options[3]
    rig.option = rig.option.model_copy(update={"use_own_figure": True})
    path = tmp_path / "own.infercost"
    save_project(p, path)
    found = answers(p, "seed-1-startup", path, capsys)
    assert set(found.values()) == {"RTX 5090 local rig (70B Q4)"}, found
    assert cli.main(["advise", "seed-1-startup", "--project", str(path)]) == 0
    assert "costed at your figure 400 tok/s" in capsys.readouterr().out
