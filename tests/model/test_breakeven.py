"""Exact crossings of step cost functions: worked cases, 'never', capacity, dense checks."""

import itertools

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from infercost.model.catalog.defaults import default_project
from infercost.model.costing.breakeven import (
    MAX_BREAKPOINTS,
    analyse,
    analyse_functions,
    crossings,
    never_pairs,
    single_unit_breakeven,
)
from infercost.model.costing.curves import CostFunction
from infercost.model.errors import InferCostError


def line(label: str, usd_per_token: float) -> CostFunction:
    return CostFunction(label, "api", 0.0, usd_per_token, None)


def steps(label: str, fixed: float, cap: float, usd_per_token: float = 0.0) -> CostFunction:
    return CostFunction(label, "owned", fixed, usd_per_token, cap)


def test_api_against_a_step_function_crosses_three_times():
    # $100 per unit of 1,000 tokens vs $0.15 per token: the unit wins at 666.7, loses when
    # the second unit is added at 1,000, wins again at 1,333.3; from 2,000 on it stays cheaper
    # (at 2,000 it only touches the line, which is no crossing).
    be = analyse_functions([line("api", 0.15), steps("box", 100, 1000)], 5000)
    got = [(round(c.volume_tokens, 2), c.kind, c.cheaper_after, c.units_b) for c in be.crossings]
    assert got == [
        (666.67, "slope", "box", 1),
        (1000.0, "step", "api", 2),
        (1333.33, "slope", "box", 2),
    ]
    assert [c.beyond_capacity for c in be.crossings] == [False, True, True]
    assert be.crossings[0].usd_per_month == pytest.approx(100)
    assert be.crossings[1].usd_per_month == pytest.approx(150)  # the API's cost at the step
    assert be.crossings[1].cheaper_before == "box"
    assert be.never == ()


def test_break_even_past_one_units_capacity_is_never_and_says_why():
    be = analyse_functions([line("api", 0.09), steps("box", 100, 1000)], 1e6)
    assert be.crossings == ()
    (n,) = be.never
    assert n.cheaper == "api"
    assert n.scope == "any volume"  # $0.10 per token on average beats... nothing: API is cheaper
    assert n.single_unit_breakeven_tokens == pytest.approx(1111.11, abs=0.01)
    assert n.single_unit_beyond_capacity
    assert "past one unit's capacity of 1000" in n.reason


def test_two_lines_never_cross_or_cost_the_same():
    be = analyse_functions([line("a", 1e-6), line("b", 2e-6), line("c", 1e-6)], 1e9)
    assert be.crossings == ()
    by_pair = {(n.a, n.b): n for n in be.never}
    assert by_pair[("a", "b")].cheaper == "a"
    assert by_pair[("a", "b")].scope == "any volume"
    assert by_pair[("a", "c")].cheaper is None
    assert "cost the same at any volume" in by_pair[("a", "c")].reason


def test_crossing_beyond_the_range_is_reported_as_never_within_it():
    fa, fb = line("api", 1e-6), steps("box", 1000, 1e12)
    assert single_unit_breakeven(fa, fb) == pytest.approx(1e9)
    (n,) = analyse_functions([fa, fb], 5e8).never
    assert n.cheaper == "api" and n.scope == "range"
    assert "past the range" in n.reason
    (c,) = analyse_functions([fa, fb], 5e9).crossings
    assert c.volume_tokens == pytest.approx(1e9)


def test_two_step_functions_with_different_capacities():
    # a: $100 per 1,000 tokens; b: $150 per 1,600 tokens. b adds units at 1,600, 3,200 ...
    be = analyse_functions([steps("a", 100, 1000), steps("b", 150, 1600)], 4000)
    got = [(c.volume_tokens, c.cheaper_after) for c in be.crossings]
    # a cheaper to 1,000; at 1,000 a costs 200 > 150; at 1,600 b costs 300 > 200; from 2,000
    # both cost 300 until a's fourth unit at 3,000: the break-even is where the tie begins;
    # at 3,200 b costs 450 > 400.
    assert got == [(1000, "b"), (1600, "a"), (2000, "b"), (3200, "a")]
    assert all(c.kind == "step" for c in be.crossings)


def test_inputs_are_checked():
    with pytest.raises(InferCostError, match="positive volume"):
        analyse_functions([line("a", 1), line("b", 2)], 0)
    with pytest.raises(InferCostError, match="option 'tiny' would need"):
        analyse_functions([line("a", 1), steps("tiny", 1, 1)], MAX_BREAKPOINTS * 2.0)
    assert analyse_functions([line("a", 1)], 10).crossings == ()


def test_project_entry_points_agree():
    p = default_project()
    s = p.scenario("seed-2-enterprise")
    be = analyse(p, s)
    assert crossings(p, s) == list(be.crossings)
    assert never_pairs(p, s) == list(be.never)
    assert [c.volume_tokens for c in be.crossings] == sorted(c.volume_tokens for c in be.crossings)
    assert (
        be.between("8x H100 on Lambda (405B)", "GPT-4.1")[0].cheaper_after
        == "8x H100 on Lambda (405B)"
    )
    assert analyse(p, s, volume_max_tokens=1e8).crossings == ()


money = st.floats(1, 1e4)
cap = st.floats(10, 1e4)
per_token = st.floats(0, 1)


def option(label: str):
    return st.one_of(
        st.builds(line, st.just(label), per_token),
        st.builds(steps, st.just(label), money, cap, per_token),
    )


@given(option("a"), option("b"))
@example(steps("a", 4.0, 10.0, 0.0), steps("b", 4.0, 10.000000000000002, 0.125))
def test_crossings_match_a_dense_scan(fa, fb):
    vmax = 5e4
    be = analyse_functions([fa, fb], vmax)
    found = np.array([c.volume_tokens for c in be.crossings])
    grid = np.linspace(0, vmax, 4001)
    d = fa.usd(grid) - fb.usd(grid)
    scale = 1e-9 * (np.abs(fa.usd(grid)) + np.abs(fb.usd(grid)))
    sign = np.where(np.abs(d) <= scale, 0, np.sign(d))
    nz = np.nonzero(sign)[0]
    for i, k in itertools.pairwise(nz):
        if sign[i] != sign[k]:  # a change seen by the scan lies at a reported crossing
            assert np.any((found >= grid[i] - 1e-6) & (found <= grid[k] + 1e-6)), (grid[i], grid[k])
    for c in be.crossings:  # and every reported crossing really changes the order
        eps = 1e-7 * max(c.volume_tokens, 1.0)
        before = fa.usd(c.volume_tokens - eps) - fb.usd(c.volume_tokens - eps)
        after = fa.usd(c.volume_tokens + eps) - fb.usd(c.volume_tokens + eps)
        assume(abs(before) > 1e-6 and abs(after) > 1e-6)
        assert np.sign(before) != np.sign(after)
        assert (after < 0) == (c.cheaper_after == "a")
    if not be.crossings:
        (n,) = be.never
        assert n.cheaper in ("a", "b", None)


@given(money, cap, st.floats(1e-3, 1), st.floats(1e-3, 1))
def test_break_even_moves_down_as_the_api_price_rises(fixed, capacity, p1, p2):
    lo, hi = sorted((p1, p2))
    box = steps("box", fixed, capacity)
    first = lambda p: next(  # noqa: E731
        (
            c.volume_tokens
            for c in analyse_functions([line("api", p), box], 100 * capacity).crossings
        ),
        None,
    )
    v_lo, v_hi = first(lo), first(hi)
    if v_lo is not None:
        assert v_hi is not None and v_hi <= v_lo * (1 + 1e-9)
