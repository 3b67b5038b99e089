"""Field rules: labels, units, limits and choices read from the models; typed-text parsing."""

import pytest

from infercost.model.catalog.build import Build, BuildLine
from infercost.model.catalog.entries import ApiOffer, Gpu, GpuRental, Tariff
from infercost.model.catalog.fields import (
    Limits,
    choices,
    coerce_text,
    field_label,
    field_rule,
    field_unit,
    limits,
)
from infercost.model.catalog.scenario import Workload
from infercost.model.errors import EditRefused


def test_labels_say_what_a_figure_is():
    from infercost.model.catalog.entries import Measurement

    assert field_label(ApiOffer, "long_context_threshold_tokens") == "long context threshold"
    assert field_label(Measurement, "low_tokens_per_s") == "throughput (low)"
    assert field_label(Measurement, "high_tokens_per_s") == "throughput (high)"
    assert field_label(GpuRental, "on_demand_low_usd_per_hour") == "on-demand price (low)"


def test_coerce_text_reads_money_as_displayed():
    assert float(coerce_text(ApiOffer, "input_usd_per_mtok", "$2.50 / Mtok")) == 2.5
    assert float(coerce_text(GpuRental, "on_demand_low_usd_per_hour", " $1,299.00 ")) == 1299
    assert float(coerce_text(ApiOffer, "batch_discount_pct", "50%")) == 50
    assert coerce_text(ApiOffer, "cached_input_usd_per_mtok", "") is None
    assert coerce_text(ApiOffer, "notes", "") == ""
    with pytest.raises(EditRefused, match="input price is required"):
        coerce_text(ApiOffer, "input_usd_per_mtok", "  ")


def test_labels_and_choices():
    assert field_label(ApiOffer, "input_usd_per_mtok") == "input price"
    assert field_label(Tariff, "usd_per_kwh") == "energy price"
    assert field_label(GpuRental, "gpu_id") == "GPU ID"
    assert choices(GpuRental, "price_basis") == ["gpu-hour", "instance-hour"]
    assert choices(ApiOffer, "provider") is None


@pytest.mark.parametrize(
    ("typed", "value"),
    [("2,500", "2500"), ("$2,500.50 / Mtok", "2500.50"), ("1,234,567.5", "1234567.5")],
)
def test_thousands_separators_are_accepted(typed, value):
    assert coerce_text(ApiOffer, "input_usd_per_mtok", typed) == value


@pytest.mark.parametrize("typed", ["1,5", "12,34", "1,23,456"])
def test_a_decimal_comma_is_refused_not_read_as_thousands(typed):
    # "1,5" read as 15 would be a silent tenfold price error.
    with pytest.raises(EditRefused, match="use a point for decimals"):
        coerce_text(ApiOffer, "input_usd_per_mtok", typed)


def test_units_come_from_one_table():
    assert field_unit(ApiOffer, "input_usd_per_mtok") == "$/Mtok"
    assert field_unit(Tariff, "usd_per_kwh") == "$/kWh"
    assert field_unit(ApiOffer, "long_context_threshold_tokens") == "tokens"
    assert field_unit(Gpu, "vram_gb") == "GB"
    assert field_unit(GpuRental, "gpu_id") == ""


def test_limits_are_read_from_the_constraints():
    assert limits(ApiOffer, "batch_discount_pct") == Limits(0, 100)
    assert limits(Workload, "input_share") == Limits(0, 1)
    assert limits(BuildLine, "quantity").low == 1
    assert limits(ApiOffer, "batch_discount_pct").admits(100)
    assert not limits(ApiOffer, "batch_discount_pct").admits(100.5)
    assert not limits(ApiOffer, "batch_discount_pct").admits(float("nan"))
    assert Limits(0, None, low_open=True).describe() == "above 0"
    assert Limits(0, 100).describe() == "from 0 to 100"


def test_a_field_rule_has_what_a_form_needs():
    rule = field_rule(ApiOffer, "input_usd_per_mtok")
    assert rule.header == "Input price ($/Mtok)"
    assert rule.numeric and not rule.integer and not rule.optional
    assert rule.description
    assert field_rule(BuildLine, "quantity").integer
    assert field_rule(ApiOffer, "cached_input_usd_per_mtok").optional
    assert field_rule(Build, "id").choices is None
