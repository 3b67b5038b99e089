"""Addressable inputs: reading, overriding (a modified copy), and the ranges a scenario has."""

import pytest
from time_helpers import two_option_project

from infercost.model.catalog.assumptions import InputRange
from infercost.model.catalog.defaults import default_project
from infercost.model.costing.evaluation import evaluate
from infercost.model.errors import InferCostError
from infercost.model.uncertainty.inputs import read_value, scenario_inputs, with_overrides

P = default_project()


def test_an_override_is_a_changed_copy_the_evaluation_reads():
    q = with_overrides(P, {"gpu:h100-sxm.price_usd": 30_000}, "seed-2-enterprise")
    assert P.catalog.gpu("h100-sxm").price_low_usd == 25_000  # the original is untouched
    gpu = q.catalog.gpu("h100-sxm")
    assert (gpu.price_low_usd, gpu.price_high_usd) == (30_000, 30_000)
    before = evaluate(P, "seed-2-enterprise").option("8x H100 node, owned (405B)").usd
    after = evaluate(q, "seed-2-enterprise").option("8x H100 node, owned (405B)").usd
    # 8 GPUs x $2,500 more over 3 years of 8,760 h, 720 h a month.
    assert after - before == pytest.approx(8 * 2_500 * 720 / (3 * 8760))


def test_every_kind_of_address_reaches_its_entry():
    q = with_overrides(
        P,
        {
            "offer:deepinfra/llama-3.3-70b.output_usd_per_mtok": 0.9,
            "rental:runpod/h100-sxm.usd_per_hour": 3.0,
            "markup:aws-bedrock.pct": 12,
            "tariff:us-average.usd_per_kwh": 0.3,
            "build:rtx-5090-rig.residual_value_pct": 20,
            "workload:seed-startup-70b.monthly_tokens": 5e9,
            "option:2.utilization": 0.5,
        },
        "seed-1-startup",
    )
    s = q.scenario("seed-1-startup")
    assert read_value(q, "offer:deepinfra/llama-3.3-70b.output_usd_per_mtok") == 0.9
    assert read_value(q, "rental:runpod/h100-sxm.usd_per_hour") == 3.0
    assert q.catalog.markup("aws-bedrock").markup_high_pct == 12
    assert q.catalog.tariff("us-average").usd_per_kwh == 0.3
    assert q.catalog.build("rtx-5090-rig").residual_value_pct == 20
    assert q.workload("seed-startup-70b").monthly_tokens == 5e9
    assert s.options[1].option.utilization == 0.5
    assert P.scenario("seed-1-startup").options[1].option.utilization == 1.0


def test_a_throughput_override_is_costed_as_given():
    q = with_overrides(P, {"option:4.tokens_per_s": 400}, "seed-1-startup")
    rig = evaluate(q, "seed-1-startup").option("RTX 5090 local rig (70B Q4)")
    assert rig.tokens_per_s == 400 and rig.throughput_origin == "pinned"


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("gpu:h100-sxm.price_usd", "a scenario"),  # fine: no scenario needed; below: errors
        ("gpu:nope.price_usd", "nope"),
        ("offer:openai/gpt-4.1.output_usd_per_mtok", "greater than or equal"),
        ("gpu:h100-sxm.colour", "no field 'colour'"),
        ("planet:earth.mass", "unknown kind"),
        ("option:9.tokens_per_s", "options 1 to"),
        ("h100", "kind:id.field"),
    ],
)
def test_bad_addresses_and_values_are_named(address, words):
    value = -1.0 if "gpt-4.1" in address else 10.0
    if address == "gpu:h100-sxm.price_usd":
        with_overrides(P, {address: value})
        return
    with pytest.raises(InferCostError) as err:
        with_overrides(P, {address: value}, "seed-1-startup")
    assert words in str(err.value)


def test_ranges_come_from_the_catalog_the_document_the_estimator_and_you():
    got = {i.address: i for i in scenario_inputs(P, P.scenario("seed-2-enterprise"))}
    h100 = got["gpu:h100-sxm.price_usd"]
    assert (h100.low, h100.base, h100.high, h100.source) == (25e3, 27.5e3, 30e3, "catalog range")
    resale = got["build:8x-h100-node.residual_value_pct"]
    assert resale.high == pytest.approx(100 * 0.6**3)  # 40 % a year over 3 years
    tps = got["option:4.tokens_per_s"]
    assert tps.low < tps.base <= tps.high and "estimator band" in tps.source
    mine = InputRange(address="gpu:h100-sxm.price_usd", low=20e3, high=40e3, note="my quote")
    p = two_option_project([mine])
    got = {i.address: i for i in scenario_inputs(p, p.scenario("test-sc"))}
    assert (got["gpu:h100-sxm.price_usd"].low, got["gpu:h100-sxm.price_usd"].source) == (
        20e3,
        "my quote",
    )
    assert got["rental:test/rent.usd_per_hour"].low == 2.0  # the on-demand range
