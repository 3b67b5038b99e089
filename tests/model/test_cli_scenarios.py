"""infercost-cli scenarios, workloads and advise: listings, one scenario, advice, JSON, errors."""

import json

import pytest

from infercost import cli
from infercost.model.catalog.defaults import default_project
from infercost.model.interchange.project_io import save_project


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_scenarios_lists_the_ids(capsys):
    code, out, _ = run(capsys, "scenarios")
    assert code == 0
    for sid in ("seed-1-startup", "seed-2-enterprise", "seed-3-local"):
        assert sid in out
    data = json.loads(run(capsys, "scenarios", "--json")[1])
    assert [d["id"] for d in data] == ["seed-1-startup", "seed-2-enterprise", "seed-3-local"]
    assert data[0]["monthly_tokens"] == 3e9 and data[0]["quality_needed"] == "good-general"


def test_one_scenario_shows_options_notes_and_the_documents_figures(capsys):
    code, out, _ = run(capsys, "scenarios", "seed-1-startup")
    assert code == 0
    assert "RunPod H100 12 h/day" in out and "50% of hours" in out
    assert "Notes: Break-even ~6B" in out
    assert "Self-host wins 8x" in out and "1.19x" in out
    assert "so 7 are needed ($12,549.60)" in out  # the reason, from the scenario data
    data = json.loads(run(capsys, "scenarios", "seed-3-local", "--json")[1])
    be = next(f for f in data["figures_computed"] if f["what"].startswith("Break-even"))
    assert be["computed"] == pytest.approx(236e6, rel=0.005) and not be["agrees"]
    assert "rounds it to ~250M" in be["reason"]


def test_workloads(capsys):
    code, out, _ = run(capsys, "workloads")
    assert code == 0 and "seed-startup-70b" in out and "60%" in out
    data = json.loads(run(capsys, "workloads", "--json")[1])
    assert [w["monthly_tokens"] for w in data] == [3e9, 2e9, 5e8]


def test_advise_text_and_json(capsys):
    code, out, _ = run(capsys, "advise", "seed-1-startup")
    assert code == 0
    assert "Matrix row: 1–10B tokens/mo, latency-tolerant" in out
    assert "$3,588/month cheaper than RunPod H100 12 h/day" in out  # 5 units at 542 tok/s
    assert "not the pinned 400 tok/s" in out and "above the physical ceiling" in out
    data = json.loads(run(capsys, "advise", "seed-3-local", "--json")[1])
    assert data["rule"]["id"] == "single-developer" and data["agrees"]
    assert data["choice"] == "RTX 5090 local rig (7B-14B)"
    assert data["margin_usd"] == pytest.approx(300 - 141.4608, abs=1e-3)


def test_advise_a_saved_project(capsys, tmp_path):
    p = default_project()
    p.workload("seed-enterprise-frontier").monthly_tokens = 5e8
    save_project(p, tmp_path / "p.infercost")
    data = json.loads(
        run(
            capsys,
            "advise",
            "seed-2-enterprise",
            "--project",
            str(tmp_path / "p.infercost"),
            "--json",
        )[1]
    )
    assert data["rule"]["id"] == "under-1b-frontier" and data["choice"] == "GPT-4.1"


def test_unknown_scenario_is_a_usage_error_naming_the_known_ones(capsys):
    code, _, err = run(capsys, "advise", "seed-9")
    assert code == 2 and "seed-1-startup" in err
    code, _, err = run(capsys, "scenarios", "nope")
    assert code == 2 and "Unknown scenario 'nope'" in err


def test_scenarios_compare_across_every_scenario(capsys):
    code, out, _ = run(capsys, "scenarios", "--compare")
    assert code == 0
    assert "$662 (43%) below RTX 5090 local rig (70B Q4)" in out
    assert "Break-even volumes of RTX 5090 local rig (7B-14B): 236M vs GPT-4o-mini" in out
    data = json.loads(run(capsys, "scenarios", "--compare", "--json")[1])
    assert [d["cheapest"] for d in data] == [
        "DeepInfra Llama 3.3 70B",
        "8x H100 node, owned (405B)",
        "RTX 5090 local rig (7B-14B)",
    ]
    assert data[1]["margin_usd"] == pytest.approx(14342.4 - 8372.2272, abs=0.01)
    one = json.loads(run(capsys, "scenarios", "seed-3-local", "--compare", "--json")[1])
    assert len(one) == 1 and one[0]["break_even"][0]["volume_tokens"] == pytest.approx(
        141.4608 / 0.6e-6, rel=1e-4
    )
