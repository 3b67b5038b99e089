"""Build cost: the seed's RTX 5090 rig, residual value, power scopes, idle draw and bad inputs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infercost.model.catalog.build import Build, BuildLine, CustomLine
from infercost.model.catalog.fileio import default_catalog
from infercost.model.costing.tco import (
    GPU_IDLE_FRACTION,
    PART_IDLE_FRACTION,
    build_cost,
    usd_per_mtok,
)
from infercost.model.errors import InferCostError, UnknownIdError

CAT = default_catalog()
RIG = CAT.build("rtx-5090-rig")


def gpu_build(gpu_id: str, **kw) -> Build:
    return Build(id="b", name="B", lines=[BuildLine(item_id=gpu_id)], tariff_id="us-average", **kw)


def test_rig_purchase_and_hourly_parts():
    bc = build_cost(RIG, CAT)
    assert bc.purchase_usd == 3350
    assert bc.residual_usd == 0
    assert bc.amortization_usd_per_hour == pytest.approx(3350 / (3 * 8760))  # 0.1275
    assert bc.energy_usd_per_hour == pytest.approx(0.575 * 0.12)  # GPU board power only
    assert bc.fixed_usd_per_hour == 0
    assert bc.usd_per_hour == pytest.approx(0.19647, abs=1e-5)
    assert bc.lines[0].item_id == "rtx-5090"


def test_month_of_730_hours_amortizes_purchase_over_years_times_12():
    bc = build_cost(RIG, CAT)
    # A 365-day year: 8,760 hours, 730 a month; the constant itself is what is checked.
    assert bc.amortization_usd_per_hour * 730 == pytest.approx(3350 / 36)
    assert bc.amortization_usd_per_hour == pytest.approx(3350 / (3 * 8760))
    assert bc.usd_per_month() == pytest.approx(bc.usd_per_hour * 730)
    assert bc.usd_per_month(720) == pytest.approx(141.46, abs=0.01)


def test_residual_value_reduces_the_amount_amortized():
    bc = build_cost(RIG.model_copy(update={"residual_value_pct": 40}), CAT)
    assert bc.residual_usd == pytest.approx(1340)
    assert bc.amortization_usd_per_hour == pytest.approx((3350 - 1340) / (3 * 8760))


def test_utilization_lowers_energy_with_idle_fallback_but_never_amortization():
    full = build_cost(RIG, CAT)
    half = build_cost(RIG, CAT, utilization=0.5)
    assert half.amortization_usd_per_hour == full.amortization_usd_per_hour
    assert half.idle_power_w == pytest.approx(GPU_IDLE_FRACTION * 575)
    assert half.average_power_w == pytest.approx(0.5 * 575 + 0.5 * 57.5)
    assert half.energy_usd_per_hour == pytest.approx(0.31625 * 0.12)


def test_catalog_idle_power_is_used_when_given():
    cat = CAT.model_copy(deep=True)
    cat.gpu("rtx-5090").idle_power_w = 30
    bc = build_cost(RIG, cat, utilization=0.0)
    assert bc.average_power_w == 30
    assert bc.energy_usd_per_hour == pytest.approx(0.030 * 0.12)


def test_system_scope_adds_parts_divides_by_psu_and_multiplies_by_pue():
    node = CAT.build("8x-h100-node")
    bc = build_cost(node, CAT)
    wall = 1.58 / 0.94
    assert bc.purchase_usd == 8 * 27_500 + 40_000  # mid of $25-30k and of the $30-50k host
    assert bc.load_power_w == pytest.approx((8 * 700 + 3000) * wall)
    assert bc.idle_power_w == pytest.approx((8 * 70 + PART_IDLE_FRACTION * 3000) * wall)
    assert bc.energy_usd_per_hour == pytest.approx(bc.load_power_w / 1000 * 0.12)


def test_rig_in_system_scope_counts_every_part_at_the_wall():
    bc = build_cost(RIG.model_copy(update={"power_scope": "system"}), CAT)
    assert bc.load_power_w == pytest.approx((575 + 170 + 10 + 50 + 8) / 0.92)


def test_custom_lines_add_price_and_count_power_only_in_system_scope():
    extra = [CustomLine(name="UPS", price_usd=300, power_w=20)]
    gpu_only = build_cost(RIG.model_copy(update={"custom_lines": extra}), CAT)
    assert gpu_only.purchase_usd == 3650
    assert gpu_only.load_power_w == 575
    system = build_cost(
        RIG.model_copy(update={"custom_lines": extra, "power_scope": "system"}), CAT
    )
    assert system.load_power_w == pytest.approx((813 + 20) / 0.92)


def test_ops_and_colocation_are_monthly_fixed_costs():
    bc = build_cost(
        RIG.model_copy(update={"ops_usd_per_month": 50, "colocation_usd_per_month": 23}), CAT
    )
    assert bc.fixed_usd_per_hour == pytest.approx(73 * 12 / 8760)
    assert bc.fixed_usd_per_hour * 730 == pytest.approx(73)


def test_overrides_years_kwh_and_build_energy_price():
    bc = build_cost(RIG, CAT, years=2, usd_per_kwh=0.30)
    assert bc.amortization_usd_per_hour == pytest.approx(3350 / (2 * 8760))
    assert bc.energy_usd_per_hour == pytest.approx(0.575 * 0.30)
    own = build_cost(RIG.model_copy(update={"usd_per_kwh": 0.25}), CAT)
    assert own.usd_per_kwh == 0.25  # the build's own price beats its tariff


@pytest.mark.parametrize(
    ("kw", "needle"),
    [
        ({"years": 0}, "years must be above 0"),
        ({"years": -1}, "years must be above 0"),
        ({"utilization": 1.5}, "utilization must be between 0 and 1"),
        ({"usd_per_kwh": -0.1}, "USD/kWh must be 0-100"),
        ({"usd_per_kwh": float("nan")}, "USD/kWh must be 0-100"),
    ],
)
def test_bad_overrides_name_the_build_and_the_value(kw, needle):
    with pytest.raises(InferCostError, match=needle) as err:
        build_cost(RIG, CAT, **kw)
    assert "rtx-5090-rig" in str(err.value)


def test_part_without_price_is_named():
    with pytest.raises(InferCostError, match="part 'h200' has no price"):
        build_cost(gpu_build("h200"), CAT)


def test_unknown_part_suggests_closest():
    with pytest.raises(UnknownIdError, match="rtx-5090"):
        build_cost(gpu_build("rtx-509"), CAT)


def test_cost_per_mtok_from_an_hourly_cost():
    assert usd_per_mtok(2.49, 3000) == pytest.approx(0.2306, abs=1e-4)
    assert usd_per_mtok(2.49, 3000, 0.5) == pytest.approx(2 * 0.2306, abs=2e-4)
    with pytest.raises(InferCostError, match="tokens_per_s"):
        usd_per_mtok(1.0, 0)


@given(
    years=st.floats(0.5, 10),
    kwh=st.floats(0, 1),
    util=st.floats(0, 1),
    residual=st.floats(0, 100),
)
def test_costs_are_never_negative_and_sum_up(years, kwh, util, residual):
    build = RIG.model_copy(update={"residual_value_pct": residual})
    bc = build_cost(build, CAT, years=years, usd_per_kwh=kwh, utilization=util)
    assert bc.usd_per_hour >= 0
    assert bc.idle_power_w <= bc.average_power_w <= bc.load_power_w
    parts = bc.amortization_usd_per_hour + bc.energy_usd_per_hour + bc.fixed_usd_per_hour
    assert bc.usd_per_hour == pytest.approx(parts)


@given(a=st.floats(0, 1), b=st.floats(0, 1))
def test_cost_grows_with_energy_price(a, b):
    lo, hi = sorted((a, b))
    assert (
        build_cost(RIG, CAT, usd_per_kwh=lo).usd_per_hour
        <= build_cost(RIG, CAT, usd_per_kwh=hi).usd_per_hour
    )
