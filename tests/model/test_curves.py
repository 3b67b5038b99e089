"""Cost functions of volume: API lines, rentals always on or per use, owned builds, steps."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.scenario import (
    ApiOption,
    OwnedOption,
    RentalOption,
    Scenario,
    ScenarioOption,
)
from infercost.model.costing.curves import (
    cost_function,
    option_cost_at,
    option_tokens_per_s,
    scenario_curves,
    volume_grid,
)
from infercost.model.costing.tco import build_cost
from infercost.model.errors import InferCostError

P = default_project()
W = P.workload("seed-startup-70b").model_copy(update={"hours_per_month": 730.0})
H100 = RentalOption(
    rental_id="runpod/h100-sxm", price="discounted", tokens_per_s=3000, utilization=1.0
)


def test_throughput_is_pinned_or_a_clear_error():
    assert option_tokens_per_s(P, ApiOption(offer_id="openai/gpt-4o"), W) is None
    assert option_tokens_per_s(P, H100, W) == 3000
    bare = ScenarioOption(label="My rig", option=OwnedOption(build_id="rtx-5090-rig"))
    with pytest.raises(InferCostError, match="option 'My rig' needs tokens_per_s"):
        option_tokens_per_s(P, bare, W)
    with pytest.raises(InferCostError, match="needs tokens_per_s"):
        cost_function(P, bare, W)


def test_api_is_a_line_through_zero():
    f = cost_function(P, ApiOption(offer_id="deepinfra/llama-3.3-70b"), W)
    assert f.capacity_tokens_per_unit is None
    assert f.usd(1e9) == pytest.approx(298)
    assert f.units(1e12) == 0


def test_always_on_rental_is_a_step_function():
    f = cost_function(P, H100, W)
    assert f.fixed_usd_per_unit == pytest.approx(2.49 * 730)
    cap = 3000 * 3600 * 730
    assert f.capacity_tokens_per_unit == pytest.approx(cap)
    assert f.usd(np.array([0, 1e6, cap])) == pytest.approx([2.49 * 730] * 3)
    assert f.usd(cap * 1.000001) == pytest.approx(2 * 2.49 * 730)
    assert list(f.breakpoints(2.5 * cap)) == pytest.approx([cap, 2 * cap])


def test_schedule_utilization_and_instances_shape_a_rental_unit():
    opt = H100.model_copy(update={"on_hours_share": 0.5, "utilization": 0.8, "instances": 8})
    f = cost_function(P, opt, W)
    assert f.fixed_usd_per_unit == pytest.approx(8 * 2.49 * 730 * 0.5)
    assert f.capacity_tokens_per_unit == pytest.approx(3000 * 3600 * 730 * 0.5 * 0.8)


def test_per_use_rental_pays_the_hours_the_volume_needs():
    opt = H100.model_copy(update={"mode": "per_use", "utilization": 0.5})
    f = cost_function(P, opt, W)
    assert f.capacity_tokens_per_unit is None
    assert f.usd(1.08e9) == pytest.approx(1.08e9 / (3000 * 3600 * 0.5) * 2.49)  # 200 h
    oc = option_cost_at(P, opt, W, 1.08e9)
    assert oc.paid_hours == pytest.approx(200)
    assert oc.units == 0 and oc.fixed_usd == 0


def test_per_use_equals_always_on_at_full_capacity():
    cap = 3000 * 3600 * 730
    always = cost_function(P, H100, W).usd(cap)
    per_use = cost_function(P, H100.model_copy(update={"mode": "per_use"}), W).usd(cap)
    assert per_use == pytest.approx(always)


@pytest.mark.parametrize(
    ("opt", "needle"),
    [
        (
            RentalOption(rental_id="vastai/a100-80gb", price="discounted", tokens_per_s=1),
            "no reserved/spot",
        ),
        (H100.model_copy(update={"utilization": 0.0}), "utilization must be above 0"),
        (H100.model_copy(update={"on_hours_share": 0.0}), "on_hours_share must be above 0"),
    ],
)
def test_bad_rental_options_are_named(opt, needle):
    with pytest.raises(InferCostError, match=needle):
        cost_function(P, opt, W)


RIG_SEED_METHOD = {"utilization": 1.0, "energy_basis": "build"}


def test_owned_build_pays_its_hourly_cost_every_hour():
    f = cost_function(
        P, OwnedOption(build_id="rtx-5090-rig", tokens_per_s=400, **RIG_SEED_METHOD), W
    )
    bc = build_cost(P.catalog.build("rtx-5090-rig"), P.catalog)
    assert f.fixed_usd_per_unit == pytest.approx(bc.usd_per_hour * 730)
    assert f.variable_usd_per_token == 0
    assert f.capacity_tokens_per_unit == pytest.approx(400 * 3600 * 730)


def test_owned_energy_by_volume_meets_the_flat_cost_at_full_capacity():
    flat = cost_function(
        P, OwnedOption(build_id="rtx-5090-rig", tokens_per_s=400, **RIG_SEED_METHOD), W
    )
    vol = cost_function(
        P,
        OwnedOption(
            build_id="rtx-5090-rig", tokens_per_s=400, utilization=1.0, energy_basis="volume"
        ),
        W,
    )
    cap = flat.capacity_tokens_per_unit
    assert vol.usd(cap) == pytest.approx(flat.usd(cap))
    # Idle: amortization plus 57.5 W of idle board power every hour.
    assert vol.usd(0) == pytest.approx((3350 / 26280 + 0.0575 * 0.12) * 730)
    assert vol.variable_usd_per_token == pytest.approx((0.575 - 0.0575) * 0.12 / (400 * 3600))


def test_option_cost_parts_add_up():
    oc = option_cost_at(P, H100, W, 2e10)
    cap = 3000 * 3600 * 730
    assert oc.units == 3 and oc.beyond_one_unit
    assert oc.fixed_usd == pytest.approx(3 * 2.49 * 730)
    assert oc.usd == pytest.approx(oc.fixed_usd + oc.variable_usd)
    assert oc.usd_per_mtok == pytest.approx(oc.usd / 2e4)
    assert oc.paid_hours == pytest.approx(3 * 730)
    assert oc.capacity_tokens_per_unit == pytest.approx(cap)
    assert option_cost_at(P, H100, W, 0).usd_per_mtok is None
    for bad in (-1.0, float("nan"), float("inf")):
        with pytest.raises(InferCostError, match="volume must be"):
            option_cost_at(P, H100, W, bad)


def test_scenario_curves_shape_cheapest_and_immutability():
    s = P.scenario("seed-3-local")
    v = np.array([1e8, 2.3e8, 2.4e8, 1e9])
    c = scenario_curves(P, s, v)
    assert c.labels == ("GPT-4o-mini", "RTX 5090 local rig (7B-14B)")
    assert c.usd.shape == (2, 4)
    assert list(c.cheapest) == [0, 0, 1, 1]
    assert c.curve("GPT-4o-mini") == pytest.approx([60, 138, 144, 600])
    assert c.usd_per_mtok()[0] == pytest.approx([0.6] * 4)
    with pytest.raises(ValueError):
        c.usd[0, 0] = 1
    v[0] = 5  # the caller's array is copied, not frozen or shared
    assert c.volumes[0] == 1e8
    with pytest.raises(InferCostError, match="1-D array"):
        scenario_curves(P, s, np.array([1.0, -1.0]))


def test_volume_grid_is_log_spaced_over_the_chart_range():
    g = volume_grid(P.scenario("seed-1-startup"), 5)
    assert g == pytest.approx([1e7, 1e8, 1e9, 1e10, 1e11])
    s = Scenario(
        id="s", name="S", workload_id="seed-local-small", volume_min_tokens=0, volume_max_tokens=1e4
    )
    assert volume_grid(s, 3) == pytest.approx([1, 100, 1e4])


ALL = [(s, so) for s in P.scenarios for so in s.options]


@given(st.sampled_from(ALL), st.floats(0, 1e12), st.floats(0, 1e12))
def test_costs_are_non_negative_and_never_fall_with_volume(pair, a, b):
    s, so = pair
    f = cost_function(P, so, P.workload(s.workload_id))
    lo, hi = sorted((a, b))
    assert 0 <= f.usd(lo) <= f.usd(hi)


def test_an_owned_option_by_default_pays_idle_power_all_month_and_load_power_while_busy():
    """The default energy basis: the month's fixed part carries idle power for every hour, the
    variable part the extra load power for the hours the volume needs (not full load all
    month, and not without idle)."""
    opt = OwnedOption(build_id="8x-h100-node", tokens_per_s=1000)
    assert opt.energy_basis == "volume" and opt.utilization == pytest.approx(0.7)
    f = cost_function(P, opt, W)
    bc = build_cost(P.catalog.build("8x-h100-node"), P.catalog)
    assert bc.idle_power_w > 0
    idle_month = (bc.amortization_usd_per_hour + bc.fixed_usd_per_hour) * 730 + (
        bc.idle_power_w / 1000 * bc.usd_per_kwh * 730
    )
    assert f.fixed_usd_per_unit == pytest.approx(idle_month)
    busy = (bc.load_power_w - bc.idle_power_w) / 1000 * bc.usd_per_kwh / (1000 * 3600)
    assert f.variable_usd_per_token == pytest.approx(busy)
    # 1B tokens keep it busy 1e9 / (1000 x 3600) = 278 h: idle all month + extra load then.
    assert f.usd(1e9) == pytest.approx(idle_month + 1e9 * busy)
