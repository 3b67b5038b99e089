"""The time axis: closed-form price declines, depreciation and NPV, the steady state as the
averaged schedule, and the break-even month."""

import numpy as np
import pytest
from time_helpers import HOURS, VOLUME, two_option_project

from infercost.model.catalog.assumptions import Decline, TimeAssumptions
from infercost.model.catalog.defaults import default_project
from infercost.model.costing.timeline import timeline
from infercost.model.uncertainty.inputs import with_overrides

P = default_project()


def _flat(p, hours=730.0, horizon=36):
    """Every scenario with 730-hour months, a 36-month horizon and no decline."""
    scenarios = [
        s.model_copy(
            update={"time": TimeAssumptions(horizon_months=horizon, api_decline_pct_per_year=0)}
        )
        for s in p.scenarios
    ]
    workloads = [w.model_copy(update={"hours_per_month": hours}) for w in p.workloads]
    return p.model_copy(update={"scenarios": scenarios, "workloads": workloads})


@pytest.mark.parametrize("sid", ["seed-1-startup", "seed-2-enterprise", "seed-3-local"])
def test_steady_state_is_the_averaged_schedule_without_decline(sid):
    p = _flat(P)
    t = timeline(p, p.scenario(sid))
    for o in t.options:
        assert o.average_usd_per_month == pytest.approx(o.steady_usd_per_month, rel=1e-9)


def test_the_steady_state_holds_with_a_depreciation_rate_and_a_residual():
    p = _flat(
        with_overrides(
            P,
            {
                "build:8x-h100-node.depreciation_rate_pct": 45,
                "build:rtx-5090-rig.residual_value_pct": 30,
            },
        )
    )
    for sid in ("seed-2-enterprise", "seed-3-local"):
        for o in timeline(p, p.scenario(sid)).options:
            assert o.average_usd_per_month == pytest.approx(o.steady_usd_per_month, rel=1e-9)


def test_an_api_price_falls_geometrically_month_by_month():
    time = TimeAssumptions(horizon_months=24, api_decline_pct_per_year=50)
    p = two_option_project(time=time)
    api = timeline(p, p.scenario("test-sc")).option("API")
    r = 0.5 ** (HOURS / 8760)  # the price left after each month
    month_1 = VOLUME * 1e-6  # $2,000 at today's $1/M
    assert api.spend_usd[1] == pytest.approx(month_1)
    assert api.spend_usd[13] == pytest.approx(month_1 * r**12)
    assert api.cumulative_usd[24] == pytest.approx(month_1 * (1 - r**24) / (1 - r))


def test_a_decline_for_one_offer_or_tier_wins_over_the_default():
    time = TimeAssumptions(
        api_decline_pct_per_year=50,
        rental_decline_pct_per_year=10,
        declines=[Decline(target="offer:test/api", pct_per_year=20)],
    )
    p = two_option_project(time=time)
    t = timeline(p, p.scenario("test-sc"))
    assert t.option("API").decline_pct_per_year == 20
    assert t.option("Rent").decline_pct_per_year == 10
    time = time.model_copy(
        update={"declines": [Decline(target="tier:strong-general", pct_per_year=30)]}
    )
    p = two_option_project(time=time)
    assert timeline(p, p.scenario("test-sc")).option("API").decline_pct_per_year == 30


def test_depreciation_from_a_rate_and_from_a_residual():
    p = _flat(with_overrides(P, {"build:rtx-5090-rig.depreciation_rate_pct": 50}))
    rig = timeline(p, p.scenario("seed-3-local")).options[1]
    assert rig.purchase_usd == 3350
    assert rig.value_usd[12] == pytest.approx(3350 * 0.5)  # 12 x 730 h is a year
    assert rig.value_usd[36] == pytest.approx(3350 * 0.125)
    p = _flat(with_overrides(P, {"build:rtx-5090-rig.residual_value_pct": 40}))
    rig = timeline(p, p.scenario("seed-3-local")).options[1]
    assert rig.value_usd[18] == pytest.approx(3350 - (3350 - 1340) / 2)  # linear to 40 %
    assert rig.value_usd[36] == pytest.approx(1340)
    assert rig.cash_cumulative_usd[0] == 3350  # the purchase is paid at month 0
    assert rig.cash_cumulative_usd[36] == pytest.approx(3350 + rig.spend_usd.sum() - 1340)


def test_npv_discounts_each_month():
    time = TimeAssumptions(
        horizon_months=12, api_decline_pct_per_year=0, discount_rate_pct_per_year=10
    )
    p = two_option_project(time=time)
    api = timeline(p, p.scenario("test-sc")).option("API")
    years = np.arange(1, 13) * HOURS / 8760
    assert api.npv_usd == pytest.approx(float((2000 / 1.1**years).sum()))
    assert api.npv_usd < api.cumulative_usd[12]


def test_the_break_even_month_is_when_the_cheapest_so_far_changes():
    # API $2,000 falling 50 %/yr against a $2,190 rent: the API is cheaper from month 1 and
    # stays so; with the rent cheaper ($2/h = $1,460) the API catches up once its price falls.
    p = two_option_project(time=TimeAssumptions(horizon_months=60, api_decline_pct_per_year=50))
    t = timeline(p, p.scenario("test-sc"))
    assert t.break_even_month is None and t.leader == "API"
    q = with_overrides(p, {"rental:test/rent.usd_per_hour": 2.0})
    t = timeline(q, q.scenario("test-sc"))
    api, rent = t.option("API").cumulative_usd, t.option("Rent").cumulative_usd
    m = t.break_even_month
    assert t.changes[0].before == "Rent" and t.changes[0].after == "API"
    assert api[m] <= rent[m] and api[m - 1] > rent[m - 1]


def test_seed_2_owned_node_and_the_falling_api():
    t = timeline(P, P.scenario("seed-2-enterprise"))
    assert t.horizon_months == 36 and len(t.options[0].cumulative_usd) == 37
    assert t.break_even_month is not None


def test_past_its_amortization_years_a_build_keeps_its_residual_value():
    p = _flat(with_overrides(P, {"build:rtx-5090-rig.residual_value_pct": 40}), horizon=48)
    rig = timeline(p, p.scenario("seed-3-local")).options[1]
    assert rig.value_usd[48] == pytest.approx(1340)
