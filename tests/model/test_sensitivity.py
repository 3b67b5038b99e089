"""Ranges: monotone bands, the tornado's order on a hand-built case, and a Monte Carlo that is
reproducible and converges to the closed-form probability."""

import numpy as np
import pytest
from time_helpers import HOURS, VOLUME, two_option_project

from infercost.model.catalog.assumptions import InputRange
from infercost.model.catalog.defaults import default_project
from infercost.model.costing.evaluation import evaluate
from infercost.model.uncertainty.inputs import scenario_inputs, with_overrides
from infercost.model.uncertainty.sensitivity import monte_carlo, sensitivity

P = default_project()
PRICE = "offer:test/api.output_usd_per_mtok"
RENT = "rental:test/rent.usd_per_hour"


@pytest.mark.parametrize("sid", ["seed-1-startup", "seed-2-enterprise", "seed-3-local"])
def test_each_option_cost_is_monotone_in_each_input(sid):
    s = P.scenario(sid)
    for inp in scenario_inputs(P, s):
        costs = []
        for x in np.linspace(inp.low, inp.high, 5):
            q = with_overrides(P, {inp.address: float(x)}, sid)
            costs.append([o.usd for o in evaluate(q, sid).options])
        for k, col in enumerate(np.array(costs, dtype=float).T):
            d = np.diff(col)
            assert (d >= -1e-9).all() or (d <= 1e-9).all(), (inp.address, k, col)


@pytest.mark.parametrize("sid", ["seed-1-startup", "seed-2-enterprise", "seed-3-local"])
def test_bands_hold_todays_figure(sid):
    s = sensitivity(P, P.scenario(sid), draws=0)
    for b in s.costs:
        assert b.low <= b.base + 1e-9 and b.base <= b.high + 1e-9
    assert [w.swing for w in s.swings] == sorted((w.swing for w in s.swings), reverse=True)


def test_tornado_ranks_by_swing_on_a_hand_built_case():
    # API: 2B tokens x $0.5-1.5/M = $1,000-3,000; rent: 730 h x $2-4 = $1,460-2,920.
    ranges = [InputRange(address=PRICE, low=0.5, high=1.5)]
    p = two_option_project(ranges)
    s = sensitivity(p, p.scenario("test-sc"), draws=0)
    assert s.cheapest == "API" and s.base_margin == pytest.approx(2190 - 2000)
    first, second = s.swings
    assert first.input.address == PRICE and second.input.address == RENT
    assert first.swing == pytest.approx(VOLUME * 1e-6 * 1.0)  # $2,000 of API cost
    assert second.swing == pytest.approx(HOURS * 2.0)  # $1,460 of rent
    assert (first.metric_low, first.metric_high) == pytest.approx((2190 - 1000, 2190 - 3000))
    assert first.cheapest_high == "Rent"  # the API at $1.50/M loses
    # Break-even: 730 h x $3 / ($1/M) = 2.19B today; $2-4/h at $1.50-0.50/M from 0.97B to 5.8B.
    be = s.break_even
    assert be.base == pytest.approx(2.19e9)
    assert (be.low, be.high) == pytest.approx((HOURS * 2 / 1.5e-6, HOURS * 4 / 0.5e-6))
    api, rent = s.costs
    assert (api.low, api.high, rent.low, rent.high) == pytest.approx((1000, 3000, 1460, 2920))


def _closed_form(a1, a2, b1, b2):
    """P(X < Y) for X ~ U(a1, a2), Y ~ U(b1, b2) independent: the mean over Y of P(X < y)."""
    y = np.linspace(b1, b2, 2_000_001)
    return float(np.clip((y - a1) / (a2 - a1), 0, 1).mean())


def test_monte_carlo_converges_to_the_closed_form_probability():
    p = two_option_project([InputRange(address=PRICE, low=0.5, high=1.5)])
    s = p.scenario("test-sc")
    inputs = scenario_inputs(p, s)
    mc = monte_carlo(p, s, inputs, draws=400_000, seed=7)
    exact = _closed_form(1000, 3000, HOURS * 2, HOURS * 4)
    assert 0.3 < exact < 0.7
    assert mc.p_cheapest[0] == pytest.approx(exact, abs=0.004)  # ~5 standard errors
    assert sum(mc.p_cheapest) == pytest.approx(1.0)
    assert mc.cost_p50[0] == pytest.approx(2000, rel=0.01)


def test_monte_carlo_is_reproducible_for_a_seed():
    s = P.scenario("seed-1-startup")
    inputs = scenario_inputs(P, s)
    a = monte_carlo(P, s, inputs, draws=2_000, seed=3)
    b = monte_carlo(P, s, inputs, draws=2_000, seed=3)
    c = monte_carlo(P, s, inputs, draws=2_000, seed=4)
    assert a == b and a.p_cheapest != c.p_cheapest


def test_monte_carlo_agrees_with_full_evaluations_on_a_seed_scenario():
    """The vectorized draws against evaluate() run on each drawn project (first-order
    combination of inputs that scale each other: within a few points)."""
    s = P.scenario("seed-2-enterprise")
    inputs = scenario_inputs(P, s)
    mc = monte_carlo(P, s, inputs, draws=200, seed=1)
    rng = np.random.default_rng(1)
    draws = np.array([rng.uniform(i.low, i.high, 200) for i in inputs])
    owned = []
    for j in range(0, 200, 10):
        q = with_overrides(P, {i.address: float(draws[n, j]) for n, i in enumerate(inputs)}, s.id)
        owned.append(evaluate(q, s.id).option("8x H100 node, owned (405B)").usd)
    assert np.median(owned) == pytest.approx(mc.cost_p50[3], rel=0.05)


def test_each_envelope_change_is_a_low_high_pair():
    s = sensitivity(P, P.scenario("seed-2-enterprise"), draws=0)
    ev = evaluate(P, "seed-2-enterprise")
    assert [b.base for b in s.envelope] == [e.volume_tokens for e in ev.envelope]
    (node,) = s.envelope  # GPT-4.1 -> the owned node at 1.05B tokens/month
    assert node.low < node.base < node.high
    assert node.low == pytest.approx(s.break_even.low) and node.high == pytest.approx(
        s.break_even.high
    )
