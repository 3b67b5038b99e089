"""The per-scenario comparison and the reconciliation of the seed's figures with ours."""

import pytest

from infercost.model.defaults import default_project
from infercost.model.evaluation import evaluate, evaluate_all
from infercost.model.quality import QualityTier
from infercost.model.scenario import ApiOption, DocumentFigure, ScenarioOption
from infercost.model.seed_figures import S1_API, S1_H100, S1_HAIKU, S1_HALF, S1_RIG

P = default_project()


def test_scenario_1_at_its_3b_workload():
    c = evaluate(P, P.scenario("seed-1-startup"))
    assert c.volume_tokens == 3e9
    usd = {r.label: r.usd for r in c.options}
    assert usd[S1_API] == pytest.approx(894.0)  # 3,000M x $0.298
    assert usd[S1_H100] == pytest.approx(1792.8)  # $2.49 x 720 h
    assert usd[S1_HALF] == pytest.approx(896.4)
    # 400 tok/s x 3600 x 720 = 1.04B a rig: 3B needs three at $141.46.
    assert c.option(S1_RIG).cost.units == 3
    assert usd[S1_RIG] == pytest.approx(3 * 141.4608, rel=1e-5)
    assert usd[S1_HAIKU] == pytest.approx(3000 * 2.08)
    assert (c.cheapest.label, c.runner_up.label) == (S1_RIG, S1_API)
    assert c.margin_usd == pytest.approx(894.0 - 424.3825, abs=1e-3)
    assert c.margin_pct == pytest.approx(c.margin_usd / 894.0 * 100)
    api_h100 = [x for x in c.crossings_of(S1_API) if S1_H100 in (x.a, x.b)]
    assert api_h100[0].volume_tokens == pytest.approx(1792.8 / 0.298e-6)


def test_options_below_the_quality_needed_are_not_comparable():
    p = P.model_copy(deep=True)
    s = p.scenario("seed-2-enterprise")
    s.options.append(ScenarioOption(label="mini", option=ApiOption(offer_id="openai/gpt-4o-mini")))
    c = evaluate(p, s)
    mini = c.option("mini")
    assert mini.usd == pytest.approx(2000 * 0.60)  # the cheapest by far at $1,200 ...
    assert mini.quality is QualityTier.GOOD_GENERAL and not mini.comparable
    assert c.cheapest.label == "8x H100 node, owned (405B)"  # ... but not the answer
    s.quality_needed = None
    assert evaluate(p, s).cheapest.label == "mini"


def test_an_option_that_cannot_be_costed_is_shown_with_its_reason():
    p = P.model_copy(deep=True)
    s = p.scenario("seed-1-startup")
    s.options[3].option = s.options[3].option.model_copy(
        update={"tokens_per_s": None, "llm_id": None, "quant_id": None}
    )
    c = evaluate(p, s)
    assert c.option(S1_RIG).cost is None and "needs tokens_per_s" in c.option(S1_RIG).error
    assert c.cheapest.label == S1_API


def test_compare_all_covers_every_scenario():
    found = evaluate_all(P)
    assert [c.scenario_id for c in found] == [s.id for s in P.scenarios]
    assert [c.cheapest.label for c in found] == [
        S1_RIG,
        "8x H100 node, owned (405B)",
        "RTX 5090 local rig (7B-14B)",
    ]


# --- reconciliation ------------------------------------------------------------------------


@pytest.mark.parametrize("sid", [s.id for s in P.scenarios])
def test_every_seed_figure_agrees_or_says_why_not(sid):
    checks = evaluate(P, P.scenario(sid)).figures
    assert checks
    for f in checks:
        assert f.computed is not None, (f.figure.what, f.error)
        assert f.agrees or f.figure.reason, f.figure.what


def test_the_reconciled_differences():
    checks = {f.figure.what: f for f in evaluate(P, P.scenario("seed-1-startup")).figures}
    assert checks["H100 24/7 at 10B tokens"].computed == pytest.approx(2 * 1792.8)
    assert checks["H100 24/7 at 50B tokens"].computed == pytest.approx(7 * 1792.8)
    assert checks["Self-host advantage at 50B tokens"].computed == pytest.approx(14900 / 12549.6)
    assert checks["H100 at 50% of hours, 5B tokens"].computed == pytest.approx(1792.8)
    assert checks["Break-even, H100 vs Claude Haiku"].computed == pytest.approx(1792.8 / 2.08e-6)
    assert not checks["Break-even, H100 vs Claude Haiku"].agrees
    assert checks["Break-even, one H100 24/7 vs the cheapest API"].agrees  # 6.02B vs ~6B
    s2 = {f.figure.what: f for f in evaluate(P, P.scenario("seed-2-enterprise")).figures}
    assert s2["Break-even vs GPT-4.1 ($8/M output)"].computed == pytest.approx(1.7928e9)
    s3 = {f.figure.what: f for f in evaluate(P, P.scenario("seed-3-local")).figures}
    assert s3["Break-even vs a GPT-4o-mini-tier API"].computed == pytest.approx(236e6, rel=0.005)
    assert s3["Local advantage at 1B tokens"].computed == pytest.approx(4.24, abs=0.005)


def test_figures_follow_the_workload():
    p = P.model_copy(deep=True)
    p.workload("seed-startup-70b").input_share = 0.0  # every token at the $0.40 output price
    checks = {f.figure.what: f for f in evaluate(p, p.scenario("seed-1-startup")).figures}
    assert checks["API cost at 1B tokens"].computed == pytest.approx(400)


def test_a_figure_naming_a_missing_option_says_so():
    p = P.model_copy(deep=True)
    s = p.scenario("seed-3-local")
    s.options[0].label = "renamed"
    checks = evaluate(p, s).figures
    assert checks[0].computed is None and "no option 'GPT-4o-mini'" in checks[0].error


def test_a_figure_needs_what_its_kind_computes_from():
    with pytest.raises(ValueError, match="needs volume_tokens"):
        DocumentFigure(what="x", kind="cost", option="a", document_value=1)
    with pytest.raises(ValueError, match="needs the other option"):
        DocumentFigure(what="x", kind="break_even", option="a", document_value=1)


def test_an_unrated_option_is_compared_and_says_it_is_not_rated():
    from infercost.model.advice_text import row_status

    p = P.model_copy(deep=True)
    s = p.scenario("seed-1-startup")
    s.options[3].option = s.options[3].option.model_copy(update={"llm_id": None, "quant_id": None})
    c = evaluate(p, s)
    rig = c.option(S1_RIG)
    assert rig.quality is None and rig.comparable and c.cheapest is rig
    assert row_status(c, rig) == "cheapest comparable (quality not rated: name the LLM it serves)"
