"""The estimator: memory and roofline speeds checked by hand, bands, MoE, offload, overrides."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from infercost.model.catalog.entries import LlmSpec, Measurement
from infercost.model.catalog.fileio import default_catalog
from infercost.model.errors import UnknownIdError
from infercost.model.estimator.engines import LLAMA_CPP, VLLM, Band, default_engine, engine
from infercost.model.estimator.estimate import EstimateRequest, estimate, throughput_for
from infercost.model.estimator.memory import kv_bytes_per_token, moe_touched_fraction, weights_gb

GIB = 2**30


@pytest.fixture(scope="module")
def cat():
    return default_catalog()


# The vLLM profile's typical point: 94.5% of HBM bandwidth, 60% of the tensor peak at large
# shapes, matmuls at half efficiency at 32 tokens and at 512 columns, memory and compute time
# combined as (a^2 + b^2)^(1/2), 1.5 ms per step plus 0.0164 ms per layer.
# A decode step does not stream the input-embedding table (vocab x hidden, looked up).
EMB_8B = 128256 * 4096 / 1e9  # 0.525 B of Llama 3.1 8B's 8.03 B
EMB_70B = 128256 * 8192 / 1e9


def vllm_step(
    mem_s: float,
    matmul_flops: float,
    attn_flops: float,
    peak: float,
    tokens: float,
    hidden: int = 4096,
    layers: int = 32,
) -> float:
    shape = tokens / (tokens + 32) * hidden / (hidden + 512)
    comp_s = (matmul_flops / shape + attn_flops) / (peak * 0.6)
    return (mem_s**2 + comp_s**2) ** 0.5 + 1.5e-3 + 0.0164e-3 * layers


def req(**kw) -> EstimateRequest:
    base = dict(gpu_id="h100-sxm", llm_id="llama-3.1-8b", quant_id="bf16", context_tokens=512)
    base.update(kw)
    return EstimateRequest(**base)


# --- memory -------------------------------------------------------------------------------


def test_kv_cache_per_token_gqa_and_mla(cat):
    bf16 = cat.quant("bf16")
    # DOMAIN.md: Llama-3-8B at fp16 holds 128 KiB per token (2 x 32 layers x 8 heads x 128 x 2 B).
    assert kv_bytes_per_token(cat.llm("llama-3.1-8b"), bf16) == 128 * 1024
    assert kv_bytes_per_token(cat.llm("llama-3.3-70b"), bf16) == 2 * 80 * 8 * 128 * 2
    # MLA caches 512 + 64 values per layer, no separate K and V.
    assert kv_bytes_per_token(cat.llm("deepseek-v3"), bf16) == 61 * (512 + 64) * 2
    assert kv_bytes_per_token(cat.llm("llama-3.1-8b"), cat.quant("fp8")) == 64 * 1024


def test_weights_are_params_times_bits(cat):
    assert weights_gb(cat.llm("llama-3.3-70b"), cat.quant("q4_k_m")) == pytest.approx(
        70.6 * 4.89 / 8
    )
    # MoE memory holds every expert.
    assert weights_gb(cat.llm("deepseek-v3"), cat.quant("fp8")) == pytest.approx(671)


def test_memory_parts_and_fit(cat):
    e = estimate(cat, req(gpu_id="rtx-5090", quant_id="q4_k_m", context_tokens=8192, concurrency=4))
    m = e.memory
    assert e.engine_id == "llama.cpp"
    assert m.weights_gb == pytest.approx(8.03 * 4.89 / 8)
    assert m.kv_cache_gb == pytest.approx(128 * 1024 * 8192 * 4 / 1e9)
    assert m.overhead_gb == 1.0
    assert m.capacity_gb == pytest.approx(32 * GIB / 1e9)
    assert m.fits and m.gpus_needed == 1
    free = m.capacity_gb - m.weights_gb - m.overhead_gb
    assert m.max_concurrency == int(free / (128 * 1024 * 8192 / 1e9))
    assert m.max_context == min(131072, int(free / (128 * 1024 * 4 / 1e9)))


def test_gpus_needed_rounds_to_a_divisor_of_the_heads(cat):
    e = estimate(cat, req(llm_id="llama-3.1-405b", context_tokens=4096, concurrency=8))
    room = 80 * GIB / 1e9 * 0.9 - 2.0
    raw = -(-(e.memory.weights_gb + e.memory.kv_cache_gb) // room)
    assert raw == 12  # 811.8 GB weights + 16.9 GB KV over 75.3 GB per GPU
    assert e.memory.gpus_needed == 16  # 128 heads split evenly: 16, not 12
    assert not e.memory.fits


def test_offload_share_when_weights_do_not_fit(cat):
    e = estimate(
        cat, req(gpu_id="rtx-5090", llm_id="llama-3.3-70b", quant_id="q4_k_m", context_tokens=2048)
    )
    m = e.memory
    need = 70.6 * 4.89 / 8 + 327680 * 2048 / 1e9 + 1.0
    assert not m.fits
    assert m.offload_gb == pytest.approx(need - 32 * GIB / 1e9)
    assert m.offload_share == pytest.approx(m.offload_gb / m.weights_gb)
    o = e.offload
    assert o is not None and o.share == m.offload_share
    # Offload is slower than the same card with enough memory, and below its RAM ceiling.
    assert o.decode_tokens_per_s < e.typical.decode_tokens_per_s
    assert o.decode_tokens_per_s < o.ceiling_tokens_per_s
    read_gb = (70.6 - EMB_70B) * 4.89 / 8  # all but the embedding table, every token
    assert o.ceiling_tokens_per_s == pytest.approx(89.6 / (read_gb * m.offload_share))


# --- speed --------------------------------------------------------------------------------


def test_decode_roofline_by_hand(cat):
    """vLLM, H100 SXM, Llama 3.1 8B BF16, one sequence of 512 tokens."""
    e = estimate(cat, req())
    weights = (8.03 - EMB_8B) * 2  # 15.01 GB
    kv = 128 * 1024 * 512 / 1e9
    mem_s = (weights + kv) / (3350 * 0.945)  # 4.76 ms
    # 15.0 GFLOP of matmuls at 1/33 x 8/9 of 0.6 x 989.4 TFLOP/s: 0.94 ms, mostly hidden.
    step = vllm_step(mem_s, 2 * (8.03 - EMB_8B) * 1e9, 4 * 32 * 32 * 128 * 512, 989.4e12, 1)
    assert step == pytest.approx(4.85e-3 + 2.02e-3, abs=0.01e-3)
    assert e.typical.tpot_s == pytest.approx(step)
    assert e.typical.decode_tokens_per_s == pytest.approx(1 / step)
    assert e.decode_bound == "memory"


def test_batching_turns_decode_compute_bound(cat):
    small = estimate(cat, req(concurrency=1))
    big = estimate(cat, req(concurrency=512, context_tokens=256))
    assert small.decode_bound == "memory" and big.decode_bound == "compute"
    assert big.typical.decode_tokens_per_s > 20 * small.typical.decode_tokens_per_s
    assert big.typical.decode_tokens_per_s_per_seq < small.typical.decode_tokens_per_s_per_seq


def test_prefill_is_compute_bound_and_sets_ttft(cat):
    e = estimate(cat, req(context_tokens=4096, prompt_tokens=2048))
    # 2,048 prompt tokens in one pass: compute ~60 ms, memory (16.06 GB) 5.6 ms.
    mem_s = 8.03 * 2 / (3350 * 0.945)
    matmul = 2048 * 2 * (8.03 - EMB_8B) * 1e9
    step = vllm_step(mem_s, matmul, 2048 * 4 * 32 * 32 * 128 * 2048 / 2, 989.4e12, 2048)
    assert e.prefill_bound == "compute"
    assert e.typical.prefill_tokens_per_s == pytest.approx(2048 / step)
    assert e.typical.ttft_s == pytest.approx(
        2048 / e.typical.prefill_tokens_per_s + e.typical.tpot_s
    )


def test_blended_is_the_harmonic_mix(cat):
    e = estimate(cat, req(concurrency=32, input_share=0.75))
    t = e.typical
    assert t.blended_tokens_per_s == pytest.approx(
        1 / (0.75 / t.prefill_tokens_per_s + 0.25 / t.decode_tokens_per_s)
    )
    only_output = estimate(cat, req(concurrency=32, input_share=0.0))
    assert only_output.typical.blended_tokens_per_s == pytest.approx(t.decode_tokens_per_s)


def test_tensor_parallel_speeds_up_and_layer_split_does_not(cat):
    one = estimate(cat, req(llm_id="llama-3.3-70b", quant_id="fp8", concurrency=8))
    four = estimate(cat, req(llm_id="llama-3.3-70b", quant_id="fp8", concurrency=8, gpu_count=4))
    # Each GPU reads a quarter of the weights, but 160 all-reduces of 35 us and the 1.5 ms
    # step cost do not shrink: at batch 8 the speed-up is under 2x, not 4 x 0.85.
    ratio = four.typical.decode_tokens_per_s / one.typical.decode_tokens_per_s
    assert 1.6 < ratio < 2.2
    a = estimate(cat, req(gpu_id="rtx-4090", llm_id="llama-3.3-70b", quant_id="q4_k_m"))
    b = estimate(
        cat, req(gpu_id="rtx-4090", llm_id="llama-3.3-70b", quant_id="q4_k_m", gpu_count=2)
    )
    assert b.typical.decode_tokens_per_s == pytest.approx(a.typical.decode_tokens_per_s)
    assert b.memory.fits and not a.memory.fits


def test_moe_reads_only_touched_experts(cat):
    mix = cat.llm("mixtral-8x7b")
    assert moe_touched_fraction(mix, 1) == pytest.approx(0.25)
    assert moe_touched_fraction(mix, 64) == pytest.approx(1 - 0.75**64)
    assert moe_touched_fraction(cat.llm("llama-3.1-8b"), 64) == 1.0
    e = estimate(cat, req(llm_id="mixtral-8x7b", quant_id="fp8", concurrency=1))
    dense = estimate(cat, req(llm_id="llama-3.3-70b", quant_id="fp8", concurrency=1))
    # One token reads the 12.9 B active parameters, not all 46.7 B.
    # Mixtral's 32,000 x 4,096 embedding table (0.13 B) is looked up, not read.
    step_mem = (12.9 - 32000 * 4096 / 1e9 + 2 * 32 * 8 * 128 * 2 * 512 / 1e9) / (3350 * 0.945)
    assert e.typical.tpot_s == pytest.approx(step_mem + 1.5e-3 + 0.0164e-3 * 32, rel=0.02)
    assert e.typical.decode_tokens_per_s > 4 * dense.typical.decode_tokens_per_s


def test_fp8_falls_back_to_bf16_rate_on_a100(cat):
    a100 = estimate(
        cat, req(gpu_id="a100-80gb", quant_id="fp8", concurrency=256, context_tokens=128)
    )
    assert a100.decode_bound == "compute"
    mem_s = (8.03 - EMB_8B + 256 * 128 * 1024 * 128 / 1e9) / (1935 * 0.945)
    step = vllm_step(
        mem_s, 256 * 2 * (8.03 - EMB_8B) * 1e9, 256 * 4 * 32 * 32 * 128 * 128, 312e12, 256
    )
    assert a100.typical.tpot_s == pytest.approx(step)


@given(
    batch=st.integers(1, 512),
    context=st.integers(1, 131072),
    gpu=st.sampled_from(["h100-sxm", "rtx-4090", "a100-80gb", "rtx-5090", "h200"]),
    quant=st.sampled_from(["bf16", "fp8", "q4_k_m", "awq-int4", "q8_0"]),
)
def test_bands_are_ordered_and_speeds_positive(batch, context, gpu, quant):
    e = estimate(
        default_catalog(),
        req(gpu_id=gpu, quant_id=quant, concurrency=batch, context_tokens=context),
    )
    for field in ("decode_tokens_per_s", "prefill_tokens_per_s", "blended_tokens_per_s"):
        lo, typ, hi = (getattr(s, field) for s in (e.low, e.typical, e.high))
        assert 0 < lo <= typ <= hi
    assert e.memory.total_gb > 0 and e.memory.max_context >= 0


# --- measured override ---------------------------------------------------------------------


def _with_measurement(cat, **kw):
    c = cat.model_copy(deep=True)
    base = dict(
        id="lab/h100-8b",
        gpu_id="h100-sxm",
        llm_id="llama-3.1-8b",
        quant_id="bf16",
        concurrency=1,
        phase="decode",
        kind="measured",
        low_tokens_per_s=140,
        high_tokens_per_s=160,
        source="our lab",
        as_of="2026",
    )
    base.update(kw)
    c.measurements.append(Measurement(**base))
    return c


def test_measured_decode_replaces_the_estimate(cat):
    c = _with_measurement(cat)
    e = estimate(c, req())
    assert e.decode_source == "measured" and e.decode_bound == "memory"
    assert e.typical.decode_tokens_per_s == 150
    assert (e.low.decode_tokens_per_s, e.high.decode_tokens_per_s) == (140, 160)
    assert e.measurement_ids == ("lab/h100-8b",)
    assert e.to_dict()["source"]["decode"] == "measured"
    # Only the exact combination is replaced.
    other = estimate(c, req(concurrency=2))
    assert other.decode_source == "estimate"
    assert estimate(c, req(use_measurements=False)).decode_source == "estimate"


def test_claims_never_replace_estimates(cat):
    e = estimate(cat, req(gpu_id="rtx-5090", quant_id="q4_k_m"))
    assert e.decode_source == "estimate"


def test_throughput_for_pinned_mixed_measurement_then_estimate(cat):
    c = _with_measurement(
        cat, phase="mixed", concurrency=8, low_tokens_per_s=900, high_tokens_per_s=1100
    )
    t = throughput_for(c, "h100-sxm", 1, "llama-3.1-8b", "bf16", 8, 512, 0.75)
    assert (t.source, t.tokens_per_s, t.low, t.high) == ("measured", 1000, 900, 1100)
    t2 = throughput_for(c, "h100-sxm", 1, "llama-3.1-8b", "bf16", 16, 512, 0.75)
    e = estimate(c, req(concurrency=16, input_share=0.75))
    assert t2.source == "estimate"
    assert t2.tokens_per_s == pytest.approx(e.typical.blended_tokens_per_s)
    assert t2.low <= t2.tokens_per_s <= t2.high


def test_throughput_for_uses_offloaded_speed_when_it_does_not_fit(cat):
    t = throughput_for(cat, "rtx-5090", 1, "llama-3.3-70b", "q4_k_m", 1, 2048, 0.5)
    e = estimate(
        cat,
        req(
            gpu_id="rtx-5090",
            llm_id="llama-3.3-70b",
            quant_id="q4_k_m",
            context_tokens=2048,
            input_share=0.5,
        ),
    )
    assert t.tokens_per_s == pytest.approx(e.offload.blended_tokens_per_s)
    assert "offloaded" in t.note


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"concurrency": 0}, "concurrency"),
        ({"context_tokens": -5}, "context_tokens"),
        ({"input_share": 1.5}, "input_share"),
        ({"gpu_count": 0}, "gpu_count"),
        ({"host_bandwidth_gbps": float("nan")}, "host_bandwidth_gbps"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_requests_name_the_field(change, needle):
    with pytest.raises(ValidationError, match=needle):
        req(**change)


@pytest.mark.parametrize(
    ("field", "value", "what"),
    [
        ("gpu_id", "h100-sx", "GPU"),
        ("llm_id", "llama-3.3-7b", "LLM"),
        ("quant_id", "q4km", "quantization"),
        ("kv_quant_id", "fp9", "quantization"),
        ("engine_id", "vlm", "engine profile"),
    ],
)
def test_unknown_ids_suggest_neighbours(cat, field, value, what):
    with pytest.raises(UnknownIdError, match=f"Unknown {what} '{value}'") as info:
        estimate(cat, req(**{field: value}))
    assert info.value.suggestions


def test_band_and_moe_spec_validation():
    with pytest.raises(ValidationError, match="low <= typical <= high"):
        Band(low=0.9, typical=0.5, high=1.0)
    with pytest.raises(ValidationError, match="experts_per_token"):
        LlmSpec(
            id="x",
            name="x",
            total_params_b=10,
            active_params_b=2,
            layers=2,
            hidden_size=8,
            attention_heads=2,
            kv_heads=2,
            head_dim=4,
            max_context=8,
            experts=8,
        )
    with pytest.raises(ValidationError, match="below experts"):
        LlmSpec(
            id="x",
            name="x",
            total_params_b=10,
            active_params_b=2,
            layers=2,
            hidden_size=8,
            attention_heads=2,
            kv_heads=2,
            head_dim=4,
            max_context=8,
            experts=4,
            experts_per_token=4,
        )


def test_engine_choice(cat):
    assert default_engine(cat.quant("q4_k_m")) is LLAMA_CPP
    assert default_engine(cat.quant("awq-int4")) is VLLM
    assert engine("vllm") is VLLM


def test_an_edited_engine_profile_changes_the_estimate(cat):
    slower = VLLM.model_copy(
        update={"mem_efficiency_hbm": Band(low=0.3, typical=0.4, high=0.5)}, deep=True
    )
    base = estimate(cat, req())
    edited = estimate(cat, req(), profile=slower)
    assert edited.engine_id == "vllm"
    # Memory-bound: half the bandwidth efficiency, about half the speed (the fixed overhead stays).
    assert edited.typical.decode_tokens_per_s == pytest.approx(
        1
        / vllm_step(
            ((8.03 - EMB_8B) * 2 + 128 * 1024 * 512 / 1e9) / (3350 * 0.4),
            2 * (8.03 - EMB_8B) * 1e9,
            4 * 32 * 32 * 128 * 512,
            989.4e12,
            1,
        )
    )
    assert edited.typical.decode_tokens_per_s < 0.65 * base.typical.decode_tokens_per_s


def test_a_gpu_can_carry_its_own_measured_bandwidth_efficiency(cat):
    c = cat.model_copy(deep=True)
    c.gpu("h100-sxm").mem_efficiency = 0.5
    e = estimate(c, req())
    # The band then comes from the fixed overhead and compute efficiency alone.
    weights_kv = (8.03 - EMB_8B) * 2 + 128 * 1024 * 512 / 1e9
    mem_s = weights_kv / (3350 * 0.5)
    assert e.typical.tpot_s == pytest.approx(
        vllm_step(mem_s, 2 * (8.03 - EMB_8B) * 1e9, 4 * 32 * 32 * 128 * 512, 989.4e12, 1)
    )
    # Slow end: compute at 45% of peak, 2.25 ms per step and 0.025 ms per layer.
    matmul = 2 * (8.03 - EMB_8B) * 1e9
    comp_low = (matmul * 33 * 4608 / 4096 + 4 * 32 * 32 * 128 * 512) / (989.4e12 * 0.45)
    low = (mem_s**2 + comp_low**2) ** 0.5 + 2.25e-3 + 0.025e-3 * 32
    assert e.low.tpot_s == pytest.approx(low)
