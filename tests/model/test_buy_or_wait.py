"""Buy now or wait for the next generation's price/performance; the document's cost floor."""

import pytest

from infercost.model.catalog.assumptions import TimeAssumptions
from infercost.model.catalog.defaults import default_project
from infercost.model.costing.buy_or_wait import buy_or_wait, floor_notes
from infercost.model.costing.evaluation import evaluate
from infercost.model.costing.timeline import timeline
from infercost.model.uncertainty.inputs import with_overrides

P = default_project()


def test_buying_now_is_the_timelines_own_net_cost_and_waiting_halves_the_price_per_generation():
    s = P.scenario("seed-2-enterprise")
    t = timeline(P, s)
    (node,) = buy_or_wait(t, s)
    owned = t.option(node.label)
    now = node.cases[0]
    assert now.months == 0 and now.total_usd == pytest.approx(float(owned.cumulative_usd[36]))
    wait = next(c for c in node.cases if c.months == 24)  # one generation: ~2x per dollar
    assert wait.purchase_usd == pytest.approx(owned.purchase_usd / 2)
    bridge = t.option(node.bridge)
    expected = (
        float(bridge.spend_usd[1:25].sum())
        + owned.purchase_usd / 2
        + float(owned.spend_usd[1:13].sum())
        - float(owned.value_usd[12]) / 2
    )
    assert wait.total_usd == pytest.approx(expected)


def test_with_flat_api_prices_and_no_gain_buying_now_wins():
    time = TimeAssumptions(api_decline_pct_per_year=0, generation_gain=1.0)
    scenarios = [s.model_copy(update={"time": time}) for s in P.scenarios]
    p = P.model_copy(update={"scenarios": scenarios})
    s = p.scenario("seed-2-enterprise")
    (node,) = buy_or_wait(timeline(p, s), s)
    assert node.best.months == 0


def test_a_cost_per_mtok_below_the_documents_floor_is_flagged_with_the_reason():
    s = P.scenario("seed-3-local")
    assert floor_notes(P, s, evaluate(P, s)) == {}
    q = with_overrides(
        P,
        {"option:2.tokens_per_s": 50_000, "workload:seed-local-small.monthly_tokens": 1e11},
        "seed-3-local",
    )
    notes = floor_notes(q, q.scenario("seed-3-local"), evaluate(q, "seed-3-local"))
    (note,) = notes.values()
    assert "below the document's cost floor of $0.01-0.05/Mtok for small models" in note
    assert "takeaway 7" in note
