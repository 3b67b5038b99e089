"""The per-scenario evaluation and the reconciliation of the seed's figures with ours.

``D`` is the default project at the document's own method (its pinned tok/s used as stated);
``P`` the default project as the app opens it, where a pin above the physical ceiling is not
used and the option is costed at the estimate."""

import pytest

from infercost.model.catalog.defaults import default_project, document_method
from infercost.model.catalog.quality import QualityTier
from infercost.model.catalog.scenario import ApiOption, DocumentFigure, ScenarioOption
from infercost.model.catalog.seed_figures import S1_API, S1_H100, S1_HAIKU, S1_HALF, S1_RIG
from infercost.model.costing.evaluation import evaluate, evaluate_all

P = default_project()
D = document_method(P)


def test_scenario_1_at_its_3b_workload_at_the_documents_method():
    c = evaluate(D, "seed-1-startup")
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


def test_scenario_1_by_default_costs_the_rig_at_its_estimate_and_the_api_wins():
    c = evaluate(P, "seed-1-startup")
    rig = c.option(S1_RIG)
    assert rig.claim_rejected and rig.throughput_origin == "estimate"
    assert rig.claim.figure_tokens_per_s == 400 and rig.claim.verdict == "above ceiling"
    assert 80 < rig.tokens_per_s < 130 and rig.units == 11
    assert "pinned 400 tok/s not used" in rig.function.throughput_source
    assert (c.cheapest.label, c.runner_up.label) == (S1_API, S1_RIG)
    assert rig.upfront_usd == pytest.approx(11 * 3350)
    assert rig.payback_against == S1_API


def test_compare_all_covers_every_scenario():
    found = evaluate_all(D)
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
        assert f.computed is not None or f.claim_note, (f.figure.what, f.error)
        assert f.agrees or f.figure.reason or f.claim_note, f.figure.what
        if f.claim_note:  # the document's own method is shown beside it
            assert f.computed_at_claim is not None


def test_a_figure_at_a_rejected_pin_shows_the_documents_method_beside_it():
    checks = {f.figure.what: f for f in evaluate(P, "seed-1-startup").figures}
    f = checks["RunPod H100 cost per token (at full use)"]
    assert f.computed > 5 * f.computed_at_claim  # 542 tok/s: 2 units at 7.8B, not 1
    assert f.computed_at_claim == pytest.approx(0.2306, abs=1e-4)  # the document's $0.23
    assert "3,000 tok/s is not used" in f.claim_note and "ceiling" in f.claim_note


def test_the_reconciled_differences():
    checks = {f.figure.what: f for f in evaluate(D, D.scenario("seed-1-startup")).figures}
    assert checks["H100 24/7 at 10B tokens"].computed == pytest.approx(2 * 1792.8)
    assert checks["H100 24/7 at 50B tokens"].computed == pytest.approx(7 * 1792.8)
    assert checks["Self-host advantage at 50B tokens"].computed == pytest.approx(14900 / 12549.6)
    assert checks["H100 at 50% of hours, 5B tokens"].computed == pytest.approx(1792.8)
    assert checks["Break-even, H100 vs Claude Haiku"].computed == pytest.approx(1792.8 / 2.08e-6)
    assert not checks["Break-even, H100 vs Claude Haiku"].agrees
    assert checks["Break-even, one H100 24/7 vs the cheapest API"].agrees  # 6.02B vs ~6B
    s2 = {f.figure.what: f for f in evaluate(D, D.scenario("seed-2-enterprise")).figures}
    assert s2["Break-even vs GPT-4.1 ($8/M output)"].computed == pytest.approx(1.7928e9)
    s3 = {f.figure.what: f for f in evaluate(D, D.scenario("seed-3-local")).figures}
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
    from infercost.model.costing.advice_text import row_status

    p = P.model_copy(deep=True)
    s = p.scenario("seed-1-startup")
    s.options[3].option = s.options[3].option.model_copy(update={"llm_id": None, "quant_id": None})
    c = evaluate(p, s)
    rig = c.option(S1_RIG)
    assert rig.quality is None and rig.comparable and c.cheapest is rig
    assert row_status(c, rig) == "cheapest comparable (quality not rated: name the LLM it serves)"


# --- the lower envelope ----------------------------------------------------------------------


def _functions(seed: int, n: int):
    import numpy as np

    from infercost.model.costing.curves import CostFunction

    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        kind = ["api", "rental", "owned"][i % 3]
        if kind == "api":
            out.append(CostFunction(f"api{i}", "api", 0.0, rng.uniform(0.1, 3) / 1e6, None))
        else:
            cap = rng.uniform(2e8, 5e9)
            out.append(CostFunction(f"{kind}{i}", kind, rng.uniform(100, 3000),
                                    rng.uniform(0, 0.05) / 1e6, cap))  # fmt: skip
    return out


@pytest.mark.parametrize("seed", range(6))
def test_the_envelope_is_where_the_cheapest_changes_on_a_dense_grid(seed):
    import numpy as np

    from infercost.model.costing.breakeven import analyse_functions
    from infercost.model.costing.evaluation import lower_envelope

    funcs = _functions(seed, 9)
    eligible = [i != 4 for i in range(len(funcs))]  # one option is not comparable
    be = analyse_functions(funcs, 2e10)
    env = lower_envelope(be, eligible)
    keep = [i for i, ok in enumerate(eligible) if ok]
    grid = np.linspace(1e6, 2e10, 200_001)
    best = np.array(keep)[np.vstack([funcs[i].usd(grid) for i in keep]).argmin(axis=0)]
    changes = np.flatnonzero(best[1:] != best[:-1])
    # Every change on the grid is an envelope crossing within one grid step, same sides.
    assert len(env) == len(changes)
    step = grid[1] - grid[0]
    for x, j in zip(env, changes, strict=True):
        assert grid[j] - step <= x.volume_tokens <= grid[j + 1] + step
        assert (x.before_index, x.after_index) == (best[j], best[j + 1])
        assert 4 not in (x.before_index, x.after_index)
        assert x.usd_per_month == pytest.approx(float(funcs[x.after_index].usd(x.volume_tokens)))


def test_the_envelope_of_scenario_3_is_its_break_even():
    ev = evaluate(P, "seed-3-local")
    (x,) = ev.envelope
    assert (x.before, x.after) == ("GPT-4o-mini", "RTX 5090 local rig (7B-14B)")
    assert x.volume_tokens == pytest.approx(141.4608 / 0.6e-6, rel=1e-4)
