"""Formulas and bounds that the rest of the suite let through when broken (each test here
fails on one mutation that tests/tools/mutate.py applies; the numbers are worked by hand)."""

import numpy as np
import pytest
from pydantic import ValidationError

from infercost.model.catalog.build import Build
from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.entries import ApiOffer
from infercost.model.catalog.fileio import default_catalog
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import OwnedOption, Workload
from infercost.model.costing.breakeven import analyse_functions, single_unit_breakeven
from infercost.model.costing.curves import CostFunction, cost_function
from infercost.model.costing.pricing import blended_usd_per_mtok
from infercost.model.costing.tco import build_cost, usd_per_mtok
from infercost.model.errors import InferCostError
from infercost.model.estimator.concurrency import concurrency_curve
from infercost.model.estimator.engines import LLAMA_CPP, VLLM
from infercost.model.estimator.estimate import EstimateRequest
from infercost.model.estimator.roofline import Hardware, step_times

CAT = default_catalog()
GIB = 2**30


# --- an owned build's fixed costs (every catalog build has ops = 0) ---------------------------


def _with_ops(ops: float, colocation: float = 0.0) -> Project:
    project = default_project()
    rig = project.catalog.build("rtx-5090-rig")
    rig.ops_usd_per_month = ops
    rig.colocation_usd_per_month = colocation
    return project


def test_ops_and_colocation_add_to_a_builds_hourly_cost():
    project = _with_ops(100, 50)
    bc = build_cost(project.catalog.build("rtx-5090-rig"), project.catalog)
    # ($100 + $50) x 12 months / 8,760 hours = $0.205479/hr on top of the rig's $0.196473.
    assert bc.fixed_usd_per_hour == pytest.approx(150 * 12 / 8760)
    assert bc.usd_per_hour == pytest.approx(3350 / (3 * 8760) + 0.575 * 0.12 + 150 * 12 / 8760)


@pytest.mark.parametrize(
    ("basis", "per_month"),
    [
        # 720 h x ($0.127473 amortization + $0.069 energy + $0.136986 ops) = $240.09
        ("build", 720 * (3350 / 26280 + 0.575 * 0.12 + 100 * 12 / 8760)),
        # 720 h x ($0.127473 + $0.136986 + idle 57.5 W x $0.12/kWh = $0.0069) = $195.38
        ("volume", 720 * (3350 / 26280 + 100 * 12 / 8760 + 0.0575 * 0.12)),
    ],
)
def test_ops_cost_raises_an_owned_options_monthly_fixed_cost(basis, per_month):
    project = _with_ops(100)
    workload = Workload(id="w", name="W", hours_per_month=720)
    option = OwnedOption(build_id="rtx-5090-rig", tokens_per_s=400, energy_basis=basis)
    f = cost_function(project, option, workload)
    assert f.fixed_usd_per_unit == pytest.approx(per_month)
    assert f.fixed_usd_per_unit == pytest.approx(240.09 if basis == "build" else 195.38, abs=0.01)


# --- the constants the seed quotes, through the code --------------------------------------------


def test_cost_per_mtok_divides_by_3600_tokens_per_hour_per_tok_s():
    # 400 tok/s x 3,600 s = 1.44M tokens/hour (the seed), so $1.44/hr is $1 per Mtok.
    assert usd_per_mtok(1.44, 400) == pytest.approx(1.0)
    assert usd_per_mtok(1.44, 400, utilization=0.5) == pytest.approx(2.0)


# --- copies of the KV cache under tensor parallel ---------------------------------------------


def test_decode_reads_every_copy_of_the_kv_cache():
    """Llama 3.1 405B (8 KV heads) over 16 GPUs keeps each head twice: each added sequence
    reads 2 x 516,096 B per token of context. Dense weights do not depend on the batch, so two
    batch sizes differ by the KV read alone (compute made unbounded to keep it memory-bound)."""
    # All-reduces made free too (they grow with the batch): only memory is left.
    gpu = CAT.gpu("h200").model_copy(
        update={
            "bf16_tflops": 1e9,
            "fp8_tflops": 1e9,
            "int8_tops": 1e9,
            "interconnect_gbps": 1e15,
            "interconnect_latency_us": 0.0,
        }
    )
    llm, fp8, bf16 = CAT.llm("llama-3.1-405b"), CAT.quant("fp8"), CAT.quant("bf16")
    hw = Hardware(gpu=gpu, gpu_count=16, host_bandwidth_gbps=89.6)
    t = step_times(hw, llm, fp8, bf16, VLLM, 4096, 4096, np.array([1.0, 11.0]), 0.0)
    assert list(t.decode_bound) == ["memory", "memory"]
    per_token = 2 * 126 * 8 * 128 * 2  # K and V, layers, KV heads, head dim, 2 bytes
    assert per_token == 516_096
    assert (VLLM.mem_efficiency_hbm.typical, VLLM.multi_gpu_efficiency) == (0.945, 1.0)
    bandwidth_gbps = 4800 * 0.945 * 16  # H200 HBM at vLLM's typical share, 16 GPUs
    extra_s = per_token * 2 * 4096 * 10 / 1e9 / bandwidth_gbps
    assert t.decode_s[1] - t.decode_s[0] == pytest.approx(extra_s)


def test_concurrency_curve_counts_every_copy_of_the_latent_cache():
    """DeepSeek V3 on 8 H200s holds its 70,272 B/token latent cache whole on each GPU:
    671 GB weights + 8 x 2 GB runtime + 8 x 0.28783 GB per 4,096-token sequence must stay
    within 8 x 141 GiB x 0.9 = 1,090.06 GB, so 175 sequences fit and 176 do not."""
    req = EstimateRequest(
        gpu_id="h200", gpu_count=8, llm_id="deepseek-v3", quant_id="fp8", context_tokens=4096
    )
    curve = concurrency_curve(CAT, req, np.array([1.0, 170.0, 175.0, 176.0, 200.0]))
    per_seq = 61 * (512 + 64) * 2 * 4096 / 1e9
    room = 8 * 141 * GIB / 1e9 * 0.9 - 671 - 16
    assert int(room / (8 * per_seq)) == 175
    assert list(curve.fits) == [True, True, True, False, False]


# --- break-even: a pair never crossing in range is proven for every volume only when both
# --- bounds hold ---------------------------------------------------------------------------


def test_a_pair_ordered_in_range_is_not_claimed_for_every_volume_on_slopes_alone():
    """Low: $100 per unit of 1M tokens (mean $1e-4/token). High: $199 per unit of 1.9M tokens
    (mean $1.047e-4/token, no slower). Up to 0.9M tokens low is cheaper (100 < 199), but just
    past 1M low needs a second unit ($200) while high still costs $199: the order flips. The
    slope bound holds and the level bound (100 + 1e-4 x 0.9M = 190 > 1.047e-4 x 0.9M = 94.3)
    does not, so the result may claim the order only up to the range end."""
    low = CostFunction("low", "owned", 100.0, 0.0, 1e6)
    high = CostFunction("high", "owned", 199.0, 0.0, 1.9e6)
    (pair,) = analyse_functions([low, high], 9e5).never
    assert pair.cheaper == "low"
    assert pair.scope == "range"
    (step,) = analyse_functions([low, high], 1.5e6).crossings
    assert (step.kind, step.volume_tokens, step.cheaper_after) == ("step", 1e6, "high")


def test_a_pair_ordered_with_both_bounds_holds_at_any_volume():
    """$10 vs $20 per unit of 1M tokens. Up to 0.9M the first's upper bound 1e-5 x 0.9M + 10
    = 19 is above the second's lower bound 2e-5 x 0.9M = 18, so only the range is claimed;
    up to 4M, 40 + 10 = 50 <= 80 proves the order for every volume."""
    low = CostFunction("low", "owned", 10.0, 0.0, 1e6)
    high = CostFunction("high", "owned", 20.0, 0.0, 1e6)
    assert analyse_functions([low, high], 9e5).never[0].scope == "range"
    (pair,) = analyse_functions([low, high], 4e6).never
    assert (pair.cheaper, pair.scope) == ("low", "any volume")


# --- validation bounds, at the model level ---------------------------------------------------


def _offer(**kw) -> ApiOffer:
    return ApiOffer.model_validate({**CAT.offer("openai/gpt-4o").model_dump(), **kw})


def test_a_percent_is_at_most_100():
    assert _offer(batch_discount_pct=100).batch_discount_pct == 100
    with pytest.raises(ValidationError, match="less than or equal to 100"):
        _offer(batch_discount_pct=100.5)
    with pytest.raises(ValidationError):
        Build(id="b", name="B", usd_per_kwh=0.1, residual_value_pct=101)


def test_a_full_batch_discount_prices_batch_traffic_at_zero_never_below():
    cat = CAT.model_copy(deep=True)
    cat.offer("openai/gpt-4o").batch_discount_pct = 100
    w = Workload(id="w", name="W", batch_share=1.0)
    blend = blended_usd_per_mtok("openai/gpt-4o", w, cat)
    assert blend.list_usd_per_mtok == pytest.approx(0.75 * 2.5 + 0.25 * 10)  # $4.375
    assert blend.usd_per_mtok == 0


def test_hours_per_month_are_at_most_744():
    assert Workload(id="w", name="W", hours_per_month=744).hours_per_month == 744  # 31 x 24
    with pytest.raises(ValidationError, match="less than or equal to 744"):
        Workload(id="w", name="W", hours_per_month=745)


def test_build_cost_overrides_have_upper_bounds():
    rig = CAT.build("rtx-5090-rig")
    assert build_cost(rig, CAT, years=100).years == 100
    with pytest.raises(InferCostError, match="years must be above 0 and at most 100"):
        build_cost(rig, CAT, years=101)
    assert build_cost(rig, CAT, usd_per_kwh=100).energy_usd_per_hour == pytest.approx(57.5)
    with pytest.raises(InferCostError, match="USD/kWh must be 0-100"):
        build_cost(rig, CAT, usd_per_kwh=101)


def test_build_years_and_psu_efficiency_limits():
    assert Build(id="b", name="B", amortization_years=30).amortization_years == 30
    with pytest.raises(ValidationError, match="less than or equal to 30"):
        Build(id="b", name="B", amortization_years=31)
    assert Build(id="b", name="B", psu_efficiency=0.31).psu_efficiency == 0.31
    with pytest.raises(ValidationError, match=r"greater than 0\.3"):
        Build(id="b", name="B", psu_efficiency=0.3)
    with pytest.raises(ValidationError, match="greater than or equal to 1"):
        Build(id="b", name="B", pue=0.99)


def test_a_catalog_tariff_price_is_never_negative():
    data = CAT.model_dump()
    data["tariffs"][0]["usd_per_kwh"] = -0.01
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        Catalog.model_validate(data)


# --- capacity and unit steps ---------------------------------------------------------------


def test_an_owned_units_capacity_is_scaled_by_its_usable_share():
    # 400 tok/s x 3,600 s x 720 h x 50% usable = 518.4M tokens a month per rig.
    workload = Workload(id="w", name="W", hours_per_month=720)
    option = OwnedOption(build_id="rtx-5090-rig", tokens_per_s=400, utilization=0.5)
    f = cost_function(default_project(), option, workload)
    assert f.capacity_tokens_per_unit == pytest.approx(518.4e6)


def test_a_unit_step_at_the_range_end_is_not_inside_the_range():
    f = CostFunction("r", "rental", 100.0, 0.0, 1e6)
    assert list(f.breakpoints(2e6)) == [1e6]  # the second step at 2M is the range end itself
    assert list(f.breakpoints(2.5e6)) == [1e6, 2e6]


def test_offloaded_weights_are_read_from_system_ram_not_vram():
    """Llama 3.1 8B at Q8-class 8 bits streams 7.505 GB per step (8.03 B less the 0.525 B
    embedding table, looked up). With half offloaded, a decode step reads 3.7525 GB from VRAM
    (1,008 GB/s x 0.90) and 3.7525 GB from RAM (89.6 GB/s x 0.75); with compute unbounded
    the difference to no offload is the RAM read minus the VRAM half."""
    gpu = CAT.gpu("rtx-4090").model_copy(update={"bf16_tflops": 1e9, "fp8_tflops": 1e9})
    llm = CAT.llm("llama-3.1-8b")
    quant = CAT.quant("fp8")
    assert quant.bits_per_weight == 8
    hw = Hardware(gpu=gpu, gpu_count=1, host_bandwidth_gbps=89.6)
    b = np.array([1.0])
    full = step_times(hw, llm, quant, CAT.quant("bf16"), LLAMA_CPP, 512, 512, b, 0.0)
    half = step_times(hw, llm, quant, CAT.quant("bf16"), LLAMA_CPP, 512, 512, b, 0.5)
    half_gb = (8.03 - 128256 * 4096 / 1e9) / 2  # 3.7523 GB
    ram_s, vram_s = half_gb / (89.6 * 0.75), half_gb / (1008 * 0.90)
    assert half.decode_s[0] - full.decode_s[0] == pytest.approx(ram_s - vram_s)


def test_lines_that_never_meet_at_a_positive_volume_have_no_single_unit_breakeven():
    # V* = (F_b - F_a) / (c_a - c_b) = (100 - 50) / (1e-6 - 2e-6) = -5e7: no such volume.
    a = CostFunction("a", "owned", 50.0, 1e-6, 1e9)
    b = CostFunction("b", "owned", 100.0, 2e-6, 1e9)
    assert single_unit_breakeven(a, b) is None
    assert single_unit_breakeven(b, a) is None
    c = CostFunction("c", "owned", 100.0, 1e-6, 1e9)
    d = CostFunction("d", "owned", 50.0, 2e-6, 1e9)
    assert single_unit_breakeven(c, d) == pytest.approx(5e7)  # 50 / 1e-6
    lines = CostFunction("x", "api", 0.0, 1e-6, None), CostFunction("y", "api", 0.0, 2e-6, None)
    assert single_unit_breakeven(*lines) is None  # both through zero: they meet only at 0


def test_a_chart_range_ends_above_zero():
    from infercost.model.catalog.scenario import Scenario

    assert Scenario(id="s", name="S", workload_id="w", volume_max_tokens=1).volume_max_tokens == 1
    with pytest.raises(ValidationError, match="greater than"):
        Scenario(id="s", name="S", workload_id="w", volume_max_tokens=0)


# --- catalog references ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "target"),
    [("quant_id", "q9_k", "quants"), ("gpu_id", "h900", "gpus"), ("llm_id", "llama-9", "llms")],
)
def test_a_measurement_naming_an_unknown_entry_is_refused(field, value, target):
    data = CAT.model_dump()
    run = data["measurements"][0]
    data["measurements"][0] = {**run, field: value}
    with pytest.raises(ValidationError, match=f"{field} '{value}' is not in {target}"):
        Catalog.model_validate(data)


def test_an_energy_price_is_at_most_100_usd_per_kwh():
    assert Build(id="b", name="B", usd_per_kwh=100).usd_per_kwh == 100
    with pytest.raises(ValidationError, match="less than or equal to 100"):
        Build(id="b", name="B", usd_per_kwh=100.5)
    data = CAT.model_dump()
    data["tariffs"][0]["usd_per_kwh"] = 101
    with pytest.raises(ValidationError, match="less than or equal to 100"):
        Catalog.model_validate(data)


def test_an_efficiency_band_is_never_negative():
    from infercost.model.estimator.engines import Band

    assert Band(low=0, typical=0.5, high=1).low == 0
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        Band(low=-0.1, typical=0.5, high=1)


def test_a_measured_latency_is_above_zero():
    from pydantic import TypeAdapter

    from infercost.model.catalog.base import Positive

    assert TypeAdapter(Positive).validate_python(1e-9) == 1e-9  # a latency or ITL in seconds
    with pytest.raises(ValidationError, match="greater than or equal to"):
        TypeAdapter(Positive).validate_python(0)
