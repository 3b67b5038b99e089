"""Bugs found on the way (issue 15): options that cost $0 and a volume of 0 tokens.

Two $0 options made the runner-up's share of the margin None, which `advise`, `scenarios
--compare` and the Scenarios tab formatted as a number (exit 3, a TypeError dialog)."""

import json

from infercost import cli
from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.scenario import ApiOption, Scenario, ScenarioOption
from infercost.model.costing.advice_text import comparison_headline, report
from infercost.model.costing.advisor import advise
from infercost.model.costing.evaluation import evaluate
from infercost.model.interchange.project_io import save_project


def free_project():
    """The default project plus a scenario of two API offers that cost nothing."""
    p = default_project()
    base = p.catalog.offer("deepinfra/llama-3.3-70b")
    for k in (1, 2):
        free = base.model_copy(
            update={"id": f"free/offer-{k}", "input_usd_per_mtok": 0, "output_usd_per_mtok": 0}
        )
        p.catalog.hosted_offers.append(free)
    opts = [
        ScenarioOption(label=f"Free {k}", option=ApiOption(offer_id=f"free/offer-{k}"))
        for k in (1, 2)
    ]
    p.scenarios.append(Scenario(id="free", name="Free", workload_id="seed-startup-70b",
                                options=opts))  # fmt: skip
    return p


def test_two_free_options_have_a_margin_without_a_share():
    ev = evaluate(free_project(), "free")
    assert ev.cheapest.usd == 0 and ev.runner_up.usd == 0
    assert ev.margin_usd == 0 and ev.margin_pct is None
    assert comparison_headline(ev).endswith("$0 below Free 2.")
    assert any("margin $0/month." in n for n in report(advise(free_project(), "free")).numbers)


def test_advise_and_scenarios_compare_run_with_two_free_options(tmp_path, capsys):
    path = tmp_path / "free.infercost"
    save_project(free_project(), path)
    assert cli.main(["advise", "free", "--project", str(path)]) == 0
    assert "Free 1 is cheapest at $0.00/month" in capsys.readouterr().out
    assert cli.main(["scenarios", "free", "--compare", "--project", str(path), "--json"]) == 0
    (one,) = json.loads(capsys.readouterr().out)
    assert one["cheapest"] == "Free 1" and one["margin_pct"] is None
    assert cli.main(["scenarios", "--compare", "--project", str(path)]) == 0


def test_a_volume_of_zero_is_evaluated_and_put_into_words():
    p = default_project()
    for w in p.workloads:
        w.monthly_tokens = 0
    for s in p.scenarios:
        ev = evaluate(p, s)
        assert ev.volume_tokens == 0 and ev.cheapest is not None
        text = report(advise(p, s.id, ev))
        assert "0 tokens/month" in comparison_headline(ev) and text.numbers
