"""Issue 18: the 2026 models and machines, sliding-window KV and the unified-memory model."""

import pytest

from infercost.model.catalog.entries import Gpu, LlmSpec
from infercost.model.catalog.fileio import default_catalog
from infercost.model.estimator.engines import LLAMA_CPP, VLLM
from infercost.model.estimator.estimate import EstimateRequest, estimate
from infercost.model.estimator.memory import (
    attended_context,
    context_for_attended,
    kv_bytes_per_token,
    memory,
)

NEW_LLMS = [
    "qwen3-8b",
    "qwen3-14b",
    "qwen3-32b",
    "qwen3-30b-a3b",
    "qwen3-235b-a22b",
    "gpt-oss-20b",
    "gpt-oss-120b",
    "gemma-3-12b",
    "gemma-3-27b",
    "mistral-small-3.1-24b",
    "llama-4-scout",
    "llama-4-maverick",
    "deepseek-r1",
    "deepseek-v3.1",
    "deepseek-r1-distill-qwen-32b",
    "deepseek-r1-distill-llama-8b",
]
NEW_GPUS = [
    "rtx-5080",
    "rtx-5070-ti",
    "rtx-pro-6000",
    "b200",
    "mi300x",
    "mi325x",
    "m3-ultra-512gb",
    "m4-max-128gb",
    "dgx-spark",
    "ryzen-ai-max-395",
]
NEW_QUANTS = ["mxfp4", "nvfp4", "mxfp4_moe", "iq4_xs", "iq3_xxs", "iq2_xxs", "q5_k_s", "q3_k_s"]


@pytest.fixture(scope="module")
def cat():
    return default_catalog()


def _no_measurements(cat):
    return cat.model_copy(update={"measurements": []})


@pytest.mark.parametrize(
    ("section", "ids"), [("llm", NEW_LLMS), ("gpu", NEW_GPUS), ("quant", NEW_QUANTS)]
)
def test_2026_entries_exist_with_a_source_address(cat, section, ids):
    for entry_id in ids:
        e = getattr(cat, section)(entry_id)
        assert e.as_of, entry_id
        # Every figure names where it comes from: a model card, config, sheet or spec.
        assert "http" in e.source or "OCP" in e.source or "GGML_TYPE" in e.source, entry_id


def test_moe_and_mla_layouts_as_the_memory_model_needs(cat):
    q = cat.llm("qwen3-30b-a3b")
    assert (q.experts, q.experts_per_token, q.kv_heads) == (128, 8, 4)
    r1 = cat.llm("deepseek-r1")
    assert (r1.kv_lora_rank, r1.qk_rope_head_dim) == (512, 64)
    oss = cat.llm("gpt-oss-120b")
    assert (oss.sliding_window, oss.sliding_window_layers, oss.layers) == (128, 18, 36)
    # The seed's figures stay: additions only.
    assert cat.gpu("rtx-5090").price_low_usd == 2000
    assert cat.llm("deepseek-v3").max_context == 131072


def test_gemma3_sliding_window_kv_by_hand(cat):
    g = cat.llm("gemma-3-27b")
    f16 = cat.quant("f16")
    per_token = kv_bytes_per_token(g, f16)
    assert per_token == 2 * 62 * 16 * 128 * 2
    # 32k context: 10 global layers hold 32,768 tokens, 52 local ones 1,024.
    assert attended_context(g, 32768) == pytest.approx((10 * 32768 + 52 * 1024) / 62)
    m = memory(cat.gpu("rtx-5090"), 1, g, cat.quant("q4_k_m"), f16, 32768, 1, LLAMA_CPP)
    assert m.kv_cache_gb == pytest.approx(per_token * 6144 / 1e9)
    # Below the window every layer holds the whole context.
    assert attended_context(g, 512) == 512
    # The inverse gives back the context, so "max context" is right for a windowed model.
    assert context_for_attended(g, attended_context(g, 50_000)) == pytest.approx(50_000)


def test_sliding_window_reads_less_kv_at_long_context(cat):
    gemma = cat.llm("gemma-3-27b")
    full = LlmSpec(
        **{
            **gemma.model_dump(),
            "id": "full",
            "sliding_window": None,
            "sliding_window_layers": None,
        }
    )
    base = dict(gpu_id="rtx-pro-6000", quant_id="q4_k_m", context_tokens=65536, concurrency=8)
    c = cat.model_copy(update={"llms": [*cat.llms, full]})
    windowed = estimate(c, EstimateRequest(llm_id="gemma-3-27b", **base))
    dense = estimate(c, EstimateRequest(llm_id="full", **base))
    assert windowed.memory.kv_cache_gb < dense.memory.kv_cache_gb / 4
    assert windowed.typical.decode_tokens_per_s > 1.5 * dense.typical.decode_tokens_per_s


def test_sliding_window_fields_refused_when_inconsistent(cat):
    d = cat.llm("gemma-3-12b").model_dump()
    with pytest.raises(ValueError, match="sliding_window_layers"):
        LlmSpec(**{**d, "sliding_window_layers": None})
    with pytest.raises(ValueError, match="exceeds layers"):
        LlmSpec(**{**d, "sliding_window_layers": 49})


def test_unified_memory_gpu_holds_its_share_of_the_pool(cat):
    strix = cat.gpu("ryzen-ai-max-395")
    m = memory(
        strix, 1, cat.llm("llama-3.3-70b"), cat.quant("q8_0"), cat.quant("f16"), 4096, 1, LLAMA_CPP
    )
    # 128 GiB listed, 75 % for the GPU: 103.1 GB.
    assert m.capacity_gb == pytest.approx(128 * 2**30 / 1e9 * 0.75)
    assert m.usable_fraction == pytest.approx(0.75)
    assert m.fits
    # vLLM's 0.9 applies on top of the GPU's share.
    m_vllm = memory(
        strix, 1, cat.llm("llama-3.1-8b"), cat.quant("fp8"), cat.quant("f16"), 4096, 1, VLLM
    )
    assert m_vllm.usable_fraction == pytest.approx(0.75 * 0.9)


def test_gpu_memory_share_only_for_unified_memory(cat):
    d = cat.gpu("rtx-5090").model_dump()
    with pytest.raises(ValueError, match="unified"):
        Gpu(**{**d, "gpu_memory_share": 0.5})


def test_unified_memory_has_no_offload_cliff(cat):
    # Llama 3.3 70B at Q8_0 (75 GB) on a 128 GB Strix Halo whose GPU may hold half the
    # pool: ~12 GB spill into the other half, read by the CPU at the pool's 256 GB/s.
    strix = cat.gpu("ryzen-ai-max-395").model_copy(update={"gpu_memory_share": 0.5})
    # The same spill from a 64 GB card goes to dual-channel DDR5 at 89.6 GB/s: a cliff.
    card = Gpu(
        **{
            **strix.model_dump(),
            "id": "card",
            "memory_kind": "gddr",
            "gpu_memory_share": None,
            "vram_gb": 64,
        }
    )
    others = [g for g in cat.gpus if g.id != strix.id]
    c = _no_measurements(cat).model_copy(update={"gpus": [*others, strix, card]})
    req = EstimateRequest(
        gpu_id=strix.id, llm_id="llama-3.3-70b", quant_id="q8_0", context_tokens=4096
    )
    e = estimate(c, req)
    assert not e.memory.fits and e.offload is not None
    assert e.offload.host_bandwidth_gbps == 256
    assert e.offload.host_ram_enough is True
    assert e.offload.decode_tokens_per_s > 0.8 * e.typical.decode_tokens_per_s
    e2 = estimate(c, req.model_copy(update={"gpu_id": "card"}))
    assert e2.offload.share == pytest.approx(e.offload.share, rel=0.01)
    assert e2.offload.host_bandwidth_gbps == pytest.approx(89.6)
    assert e2.offload.decode_tokens_per_s < 0.85 * e.offload.decode_tokens_per_s


def test_unified_memory_beyond_the_pool_does_not_fit(cat):
    # Llama 3.3 70B in BF16 (141 GB) cannot live in a 128 GB pool at all.
    req = EstimateRequest(
        gpu_id="ryzen-ai-max-395", llm_id="llama-3.3-70b", quant_id="bf16", context_tokens=4096
    )
    e = estimate(_no_measurements(cat), req)
    assert e.offload is not None and e.offload.host_ram_enough is False


def test_strix_halo_bandwidth_share_reproduces_its_measurement(cat):
    m = next(x for x in cat.measurements if x.id.startswith("deseven/ryzen"))
    req = EstimateRequest(
        gpu_id=m.gpu_id, llm_id=m.llm_id, quant_id=m.quant_id, context_tokens=512, concurrency=1
    )
    est = estimate(_no_measurements(cat), req).typical.decode_tokens_per_s
    assert est == pytest.approx(m.low_tokens_per_s, rel=0.05)


def test_qwen3_32b_on_a_5090_out_of_the_box(cat):
    e = estimate(cat, EstimateRequest(gpu_id="rtx-5090", llm_id="qwen3-32b", quant_id="q4_k_m"))
    assert e.memory.fits
    # 32.8 B x 4.89 bits = 20.0 GB streamed per token at ~0.9 x 1,792 GB/s: 60-80 tok/s.
    assert 45 < e.typical.decode_tokens_per_s < 80
