"""Tensor parallel: KV-cache copies (GQA with few KV heads, MLA) and MLA decode attention."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infercost.model.catalog.fileio import default_catalog
from infercost.model.estimator.engines import LLAMA_CPP, VLLM
from infercost.model.estimator.estimate import EstimateRequest, estimate
from infercost.model.estimator.memory import kv_replication
from infercost.model.estimator.roofline import Hardware, peak_tflops, step_times

GIB = 2**30


@pytest.fixture(scope="module")
def cat():
    return default_catalog()


def test_kv_copies_by_attention_kind_and_split(cat):
    llama405, ds = cat.llm("llama-3.1-405b"), cat.llm("deepseek-v3")
    assert kv_replication(llama405, 8, VLLM) == 1  # 8 KV heads, one per GPU
    assert kv_replication(llama405, 16, VLLM) == 2  # 8 KV heads over 16 GPUs: each twice
    assert kv_replication(ds, 8, VLLM) == 8  # one latent vector, needed whole on every GPU
    assert kv_replication(ds, 8, LLAMA_CPP) == 1  # layer split: each layer on one GPU
    assert kv_replication(ds, 1, VLLM) == 1


def test_deepseek_v3_on_8_h200_holds_the_latent_cache_on_every_gpu(cat):
    r = EstimateRequest(
        gpu_id="h200",
        gpu_count=8,
        llm_id="deepseek-v3",
        quant_id="fp8",
        context_tokens=4096,
        concurrency=256,
    )
    m = estimate(cat, r).memory
    per_token = 61 * (512 + 64) * 2  # 70,272 B: MLA latent + RoPE key, 16-bit
    assert m.kv_gb_per_token * 1e9 == per_token and m.kv_copies == 8
    assert m.kv_cache_gb == pytest.approx(per_token * 4096 * 256 * 8 / 1e9)  # 589.5 GB
    # 671 + 589.5 + 8 x 2 GB > 8 x 141 GiB x 0.9 = 1,090 GB: it does not fit.
    assert m.total_gb == pytest.approx(671 + 589.48 + 16, abs=0.01) and not m.fits
    # Each GPU holds 671 / n + 73.7 GB (the whole latent cache) within 141 GiB x 0.9 - 2 GB:
    # n >= 671 / (134.3 - 73.7) = 11.1, raised to 16, the next count dividing 128 heads.
    assert m.gpus_needed == 16
    # Per GPU: 134.26 GB room - 671 / 8 GB weights = 50.38 GB for its copy of the latent
    # cache, 0.2878 GB per sequence of 4,096 tokens: 175 sequences.
    room = 141 * GIB / 1e9 * 0.9 - 2
    assert m.max_concurrency == 175 == int((room - 671 / 8) / (per_token * 4096 / 1e9))
    single = estimate(cat, r.model_copy(update={"concurrency": 1})).memory
    assert single.fits and single.gpus_needed == 8  # 671 GB over 134.3 GB: 5, raised to 8


def test_latent_cache_larger_than_a_gpu_cannot_be_split(cat):
    r = EstimateRequest(
        gpu_id="rtx-4090",
        gpu_count=2,
        llm_id="deepseek-v3",
        quant_id="fp8",
        context_tokens=131072,
        concurrency=8,
        engine_id="vllm",
    )
    # 70,272 B x 131,072 x 8 = 73.7 GB per GPU copy, more than a 24 GiB card holds.
    assert estimate(cat, r).memory.gpus_needed is None


def test_mla_decode_attention_counts_latent_dims(cat):
    """With bandwidth unbounded the step is the compute: 2 x active + MLA attention FLOPs."""
    gpu = cat.gpu("h200").model_copy(update={"mem_bandwidth_gbps": 1e12})
    llm, fp8 = cat.llm("deepseek-v3"), cat.quant("fp8")
    hw = Hardware(gpu=gpu, gpu_count=1, host_bandwidth_gbps=89.6)
    b = np.array([64.0])
    t = step_times(hw, llm, fp8, cat.quant("bf16"), VLLM, 4096, 4096, b, 0.0)
    # Matmuls at 64 / (64 + 32) x 7168 / (7168 + 512) of their large-shape efficiency.
    shape = 64 / 96 * 7168 / 7680
    # DeepSeek-V3's 129,280 x 7,168 embedding table is looked up: no matmul.
    matmul = 37 - 129280 * 7168 / 1e9
    flops = 64 * (2e9 * matmul / shape + 2 * 61 * 128 * (2 * 512 + 64) * 4096)
    rate = peak_tflops(gpu, fp8) * 1e12 * VLLM.compute_efficiency.typical
    overhead = 1.5e-3 + 0.0164e-3 * 61
    assert t.decode_bound[0] == "compute"
    assert t.decode_s[0] == pytest.approx(flops / rate + overhead, rel=1e-6)


_CAT = default_catalog()


@settings(max_examples=300, deadline=None)
@given(
    gpu=st.sampled_from([g.id for g in _CAT.gpus]),
    llm=st.sampled_from([m.id for m in _CAT.llms]),
    quant=st.sampled_from(["bf16", "fp8", "q4_k_m", "awq-int4"]),
    context=st.integers(1, 131072),
    batch=st.integers(1, 512),
)
def test_the_gpus_needed_are_enough(gpu, llm, quant, context, batch):
    """Whatever the copies of the KV cache, running on gpus_needed GPUs fits."""
    r = EstimateRequest(
        gpu_id=gpu, llm_id=llm, quant_id=quant, context_tokens=context, concurrency=batch
    )
    n = estimate(_CAT, r).memory.gpus_needed
    if n is None or n > 1024:
        return
    assert estimate(_CAT, r.model_copy(update={"gpu_count": n})).memory.fits
