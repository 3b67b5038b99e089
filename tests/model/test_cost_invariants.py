"""Hypothesis invariants: costs never negative, API linear, break-even monotone, crossings real.

Options are drawn from the real catalog (every API/hosted offer, markup, rental and build) with
random workload shapes and option settings, and from abstract step functions.
"""

import dataclasses

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.scenario import ApiOption, OwnedOption, RentalOption, Workload
from infercost.model.costing.breakeven import analyse_functions
from infercost.model.costing.curves import CostFunction, cost_function, option_cost_at

P = default_project()
CAT = P.catalog
OFFERS = [o.id for o in CAT.api_offers + CAT.hosted_offers]
MARKUPS = [None, *(m.id for m in CAT.platform_markups)]
RENTALS = [r.id for r in CAT.gpu_rentals]
BUILDS = [b.id for b in CAT.builds]

share = st.floats(0, 1)
volume = st.one_of(st.just(0.0), st.floats(1, 1e13))  # whole tokens: no subnormal volumes


@st.composite
def workloads(draw) -> Workload:
    routed = draw(st.sampled_from([None, *OFFERS]))
    return Workload(
        id="w",
        name="W",
        input_share=draw(share),
        cached_input_share=draw(share),
        batch_share=draw(share),
        routing_share=draw(share) if routed else 0.0,
        routing_offer_id=routed,
        prompt_tokens=draw(st.integers(1, 2_000_000)),
        hours_per_month=draw(st.floats(1, 744)),
    )


api_options = st.builds(
    ApiOption,
    offer_id=st.sampled_from(OFFERS),
    markup_id=st.sampled_from(MARKUPS),
    markup_point=st.sampled_from(["low", "mid", "high"]),
)
rental_options = st.builds(
    RentalOption,
    rental_id=st.sampled_from(RENTALS),
    price=st.just("on_demand"),
    mode=st.sampled_from(["always_on", "per_use"]),
    tokens_per_s=st.floats(1, 50_000),
    utilization=st.floats(0.01, 1),
    on_hours_share=st.floats(0.01, 1),
    instances=st.integers(1, 16),
)
owned_options = st.builds(
    OwnedOption,
    build_id=st.sampled_from(BUILDS),
    tokens_per_s=st.floats(1, 50_000),
    utilization=st.floats(0.01, 1),
    energy_basis=st.sampled_from(["build", "volume"]),
)
any_option = st.one_of(api_options, rental_options, owned_options)


@given(any_option, workloads(), volume)
def test_no_cost_is_ever_negative(option, workload, v):
    oc = option_cost_at(P, option, workload, v)
    assert oc.fixed_usd >= 0 and oc.variable_usd >= 0 and oc.usd >= 0
    assert oc.usd == oc.fixed_usd + oc.variable_usd
    f = oc.function
    assert f.fixed_usd_per_unit >= 0 and f.variable_usd_per_token >= 0
    if f.blend is not None:
        assert all(step.usd_per_mtok >= 0 for step in f.blend.steps)


@given(api_options, workloads(), volume, volume, st.floats(0, 1e3))
def test_api_cost_is_linear_in_volume(option, workload, a, b, k):
    f = cost_function(P, option, workload)
    assert f.capacity_tokens_per_unit is None and f.fixed_usd_per_unit == 0
    assert float(f.usd(0.0)) == 0.0
    scale = 1e-9 * max(float(f.usd(a + b)), 1e-12)
    assert abs(float(f.usd(a + b)) - float(f.usd(a)) - float(f.usd(b))) <= scale
    assert np.isclose(f.usd(k * a), k * f.usd(a), rtol=1e-9, atol=1e-12)
    per_mtok = option_cost_at(P, option, workload, max(a, 1.0)).usd_per_mtok
    assert per_mtok is not None and np.isclose(per_mtok, f.variable_usd_per_token * 1e6)


money = st.floats(1, 1e4)
cap = st.floats(10, 1e4)
per_token = st.floats(0, 1)


def line(label: str, usd_per_token: float) -> CostFunction:
    return CostFunction(label, "api", 0.0, usd_per_token, None)


def steps(label: str, fixed: float, capacity: float, usd_per_token: float) -> CostFunction:
    return CostFunction(label, "owned", fixed, usd_per_token, capacity)


def abstract(label: str):
    return st.one_of(
        st.builds(line, st.just(label), per_token),
        st.builds(steps, st.just(label), money, cap, per_token),
    )


def first_loss(api: CostFunction, other: CostFunction, vmax: float) -> float | None:
    """The lowest volume past which ``other`` is cheaper than the API (the break-even)."""
    be = analyse_functions([api, other], vmax)
    return next((c.volume_tokens for c in be.crossings if c.cheaper_after == other.label), None)


@given(abstract("other"), st.floats(1e-4, 1), st.floats(1e-4, 1))
def test_a_higher_api_price_never_moves_break_even_up(other, p1, p2):
    lo, hi = sorted((p1, p2))
    vmax = 5e4
    v_lo, v_hi = first_loss(line("api", lo), other, vmax), first_loss(line("api", hi), other, vmax)
    if v_lo is not None:
        assert v_hi is not None and v_hi <= v_lo * (1 + 1e-9) + 1e-9


@given(api_options, st.one_of(rental_options, owned_options), workloads(), st.floats(1, 10))
def test_a_dearer_real_offer_breaks_even_sooner(api, other, workload, factor):
    fa = cost_function(P, api, workload)
    fo = cost_function(P, other, workload)
    assume(fa.variable_usd_per_token > 0)
    if fo.capacity_tokens_per_unit is not None:
        assume(1e12 / fo.capacity_tokens_per_unit < 10_000)  # keeps the step search small
    dearer = dataclasses.replace(fa, variable_usd_per_token=fa.variable_usd_per_token * factor)
    v1, v2 = first_loss(fa, fo, 1e12), first_loss(dearer, fo, 1e12)
    if v1 is not None:
        assert v2 is not None and v2 <= v1 * (1 + 1e-9)


def _edge_within(f: CostFunction, v: float, eps: float) -> bool:
    """True when ``f`` steps within ``eps`` of ``v``, though not exactly at it."""
    cap = f.capacity_tokens_per_unit
    if cap is None:
        return False
    k = round(v / cap)
    return any(0 < abs(j * cap - v) < eps for j in (k - 1, k, k + 1))


@given(st.lists(abstract("x"), min_size=2, max_size=5))
def test_every_reported_crossing_is_real(funcs):
    funcs = [dataclasses.replace(f, label=f"o{i}") for i, f in enumerate(funcs)]
    vmax = 5e4
    be = analyse_functions(funcs, vmax)
    by_label = {f.label: f for f in funcs}
    for c in be.crossings:
        fa, fb = by_label[c.a], by_label[c.b]
        v = c.volume_tokens
        assert 0 <= v <= vmax
        scale = float(fa.usd(vmax) + fb.usd(vmax))
        if c.kind == "slope":  # the lines meet: equal cost there
            assert abs(float(fa.usd(v) - fb.usd(v))) <= 1e-9 * scale + 1e-9
            assert np.isclose(c.usd_per_month, float(fa.usd(v)), rtol=1e-9, atol=1e-9)
        eps = 1e-7 * max(v, 1.0)
        before = float(fa.usd(v - eps) - fb.usd(v - eps)) if v - eps > 0 else None
        after = float(fa.usd(v + eps) - fb.usd(v + eps))
        tol = 1e-9 * scale
        # Two steps closer than eps (9,999.999999999998 and 10,000) are two real crossings
        # that one eps window spans: the flip is checked only where the window holds one.
        crowded = _edge_within(fa, v, eps) or _edge_within(fb, v, eps)
        if before is not None and abs(before) > tol and abs(after) > tol and not crowded:
            assert np.sign(before) != np.sign(after)  # the order flips across it
            assert (after < 0) == (c.cheaper_after == c.a)
    for n in be.never:  # and a pair without crossings keeps its order on a dense scan
        fa, fb = by_label[n.a], by_label[n.b]
        d = fa.usd(np.linspace(0, vmax, 2001)) - fb.usd(np.linspace(0, vmax, 2001))
        tol = 1e-9 * (fa.usd(vmax) + fb.usd(vmax))
        assert not (np.any(d > tol) and np.any(d < -tol))


@given(st.lists(abstract("x"), min_size=3, max_size=5))
def test_a_pairs_crossings_do_not_depend_on_the_other_options(funcs):
    funcs = [dataclasses.replace(f, label=f"o{i}") for i, f in enumerate(funcs)]
    vmax = 5e4
    together = analyse_functions(funcs, vmax)
    alone = analyse_functions(funcs[:2], vmax)
    got = [(c.volume_tokens, c.cheaper_after, c.kind) for c in together.between("o0", "o1")]
    want = [(c.volume_tokens, c.cheaper_after, c.kind) for c in alone.crossings]
    assert len(got) == len(want)
    for (v1, w1, k1), (v2, w2, k2) in zip(got, want, strict=True):
        assert np.isclose(v1, v2, rtol=1e-12, atol=1e-9) and w1 == w2 and k1 == k2


def test_a_step_at_a_capacity_that_rounds_up_is_still_a_step():
    # 7 x 2341.3193328900174 / 2341.3193328900174 is 7.000000000000001 in floats: recomputing
    # the units at the step called it 8 on both sides and labelled the step a slope crossing.
    api, box = line("api", 0.75), steps("box", 1537.0, 2341.3193328900174, 0.0)
    be = analyse_functions([api, box], 5e4)
    at_step = [c for c in be.crossings if np.isclose(c.volume_tokens, 7 * 2341.3193328900174)]
    assert [(c.kind, c.cheaper_after, c.units_b) for c in at_step] == [("step", "api", 8)]
    after = [c for c in be.crossings if c.volume_tokens > at_step[0].volume_tokens]
    assert after[0].kind == "slope" and after[0].volume_tokens == 12296.0 / 0.75
