"""Issue #11 physics by hand: all-reduce time, partial overlap, matmul shape, compute paths."""

import numpy as np
import pytest

from infercost.model.catalog.fileio import default_catalog
from infercost.model.estimator.engines import LLAMA_CPP, VLLM
from infercost.model.estimator.estimate import EstimateRequest, estimate
from infercost.model.estimator.roofline import allreduce_s, combine, gemm_efficiency, peak_tflops


@pytest.fixture(scope="module")
def cat():
    return default_catalog()


def test_ring_allreduce_time_by_hand(cat):
    h100 = cat.gpu("h100-sxm")
    # 256 tokens x 8,192 x 2 B = 4.19 MB; each GPU moves 2 x 3/4 of it at 0.7 x 450 GB/s,
    # after 35 us of latency: 35 + 19.97 = 54.97 us.
    t = allreduce_s(h100, 4, VLLM, 256, 8192)
    assert float(t) == pytest.approx(35e-6 + 1.5 * 256 * 8192 * 2 / 1e9 / 315, rel=1e-9)
    assert float(t) == pytest.approx(54.97e-6, abs=0.01e-6)
    assert float(allreduce_s(h100, 1, VLLM, 256, 8192)) == 0.0
    assert float(allreduce_s(h100, 4, LLAMA_CPP, 256, 8192)) == 0.0  # layer split: none
    # PCIe 4.0 (L40S): 32 GB/s and 50 us: the same message takes 331 us.
    l40s = float(allreduce_s(cat.gpu("l40s"), 4, VLLM, 256, 8192))
    assert l40s == pytest.approx(50e-6 + 1.5 * 256 * 8192 * 2 / 1e9 / (32 * 0.7))


def test_partial_overlap_between_sum_and_max():
    a, b = np.array([3.0]), np.array([4.0])
    assert combine(a, b, 1.0)[0] == pytest.approx(7.0)
    assert combine(a, b, 2.0)[0] == pytest.approx(5.0)
    assert combine(a, b, 100.0)[0] == pytest.approx(4.0, rel=1e-3)
    assert combine(np.array([0.0]), np.array([0.0]), 2.0)[0] == 0.0


def test_matmul_efficiency_falls_with_few_tokens_and_narrow_shards():
    # 32 tokens: half; 8,192 over 4 GPUs: 2,048 / (2,048 + 512) = 0.8.
    assert float(gemm_efficiency(VLLM, 32, 4, 8192)) == pytest.approx(0.5 * 0.8)
    assert float(gemm_efficiency(VLLM, 2048, 1, 8192)) == pytest.approx(2048 / 2080 * 8192 / 8704)
    assert float(gemm_efficiency(LLAMA_CPP, 1, 1, 4096)) == 1.0  # no shape term


def test_llama_cpp_compute_paths_per_format_and_gpu(cat):
    g4090, a100 = cat.gpu("rtx-4090"), cat.gpu("a100-80gb")
    q4, f16, bf16 = cat.quant("q4_0"), cat.quant("f16"), cat.quant("bf16")
    assert peak_tflops(g4090, q4, LLAMA_CPP) == 660.6  # int8 MMQ
    assert peak_tflops(g4090, f16, LLAMA_CPP) == 330.3  # FP16 accumulate on GeForce
    assert peak_tflops(a100, f16, LLAMA_CPP) == 312.0  # datacenter: same either way
    assert peak_tflops(g4090, bf16, VLLM) == 165.2  # FP32 accumulate
    assert peak_tflops(g4090, q4) == 165.2


def test_prefill_by_hand_on_the_4090_int8_path(cat):
    r = EstimateRequest(
        gpu_id="rtx-4090",
        llm_id="llama-3.1-8b",
        quant_id="q4_0",
        context_tokens=512,
        prompt_tokens=512,
        engine_id="llama.cpp",
    )
    e = estimate(cat, r)
    emb = 128256 * 4096 / 1e9  # the embedding table does no matmul
    matmul = 512 * 2 * (8.03 - emb) * 1e9
    attn = 512 * 4 * 32 * 32 * 128 * 256
    comp = (matmul + attn) / (660.6e12 * 0.48 * 0.6)
    mem = 8.03 * 4.63 / 8 / (1008 * 0.90)
    # Per layer: 0.005 ms of kernel gaps plus 0.04 ms for quantizing the matmul inputs.
    step = (comp**1.2 + mem**1.2) ** (1 / 1.2) + (0.005e-3 + 0.04e-3) * 32
    assert e.prefill_bound == "compute"
    assert e.typical.prefill_tokens_per_s == pytest.approx(512 / step)


def test_tensor_parallel_step_grows_with_batch_times_gpus(cat):
    """4 GPUs at batch 256: all-reduces cost far more over PCIe than over NVLink."""

    def tpot(gpu, n, b):
        r = EstimateRequest(
            gpu_id=gpu,
            gpu_count=n,
            llm_id="llama-3.3-70b",
            quant_id="fp8",
            context_tokens=1024,
            concurrency=b,
            engine_id="vllm",
        )
        return estimate(cat, r).typical.tpot_s

    comm_nvlink = 160 * float(allreduce_s(cat.gpu("h100-sxm"), 4, VLLM, 256, 8192))
    comm_pcie = 160 * float(allreduce_s(cat.gpu("l40s"), 4, VLLM, 256, 8192))
    assert comm_nvlink == pytest.approx(8.80e-3, abs=0.01e-3)
    assert comm_pcie == pytest.approx(52.94e-3, abs=0.01e-3)
    # Going from 1 to 256 sequences adds at least the extra all-reduce bytes to the step.
    grow = tpot("l40s", 4, 256) - tpot("l40s", 4, 1)
    assert grow > comm_pcie - 160 * float(allreduce_s(cat.gpu("l40s"), 4, VLLM, 1, 8192))


def test_llama_cpp_vector_kernel_for_passes_of_up_to_8_tokens(cat):
    """RTX 3090, 8B Q4_0, 4 tokens per pass: dp4a dot products at 0.11 x 4 x 35.6 TFLOP/s."""

    def est(b):
        r = EstimateRequest(
            gpu_id="rtx-3090",
            llm_id="llama-3.1-8b",
            quant_id="q4_0",
            context_tokens=256,
            concurrency=b,
            engine_id="llama.cpp",
        )
        return estimate(cat, r).typical.tpot_s

    emb = 128256 * 4096 / 1e9  # looked up, not streamed
    mem = ((8.03 - emb) * 4.63 / 8 + 4 * 256 * 128 * 1024 / 1e9) / (936 * 0.90)
    comp = 3 * 2 * (8.03 - emb) * 1e9 / (4 * 35.6e12 * 0.11)  # 2.9 ms: tokens past the first
    step = (mem**1.2 + comp**1.2) ** (1 / 1.2) + (0.005e-3 + 0.04e-3) * 32
    assert est(4) == pytest.approx(step)
    # Past 8 tokens the tensor-core MMQ path takes over: 16 tokens cost less than 8.
    assert est(16) < est(8)


def test_serving_step_decodes_and_prefills_its_share_of_the_prompts(cat):
    """NIM's 5,000-in / 500-out run: each step carries 1 + 10 tokens per sequence."""
    from infercost.model.estimator.roofline import Hardware, step_times
    from infercost.model.estimator.serving import serving_itl_s

    req = EstimateRequest(
        gpu_id="h100-sxm",
        gpu_count=2,
        llm_id="llama-3.3-70b",
        quant_id="fp8",
        concurrency=25,
        engine_id="vllm",
    )
    hw = Hardware(cat.gpu("h100-sxm"), 2, 89.6)
    llm, fp8, kv = cat.llm("llama-3.3-70b"), cat.quant("fp8"), cat.quant("bf16")
    t = step_times(hw, llm, fp8, kv, VLLM, 5250, 5000, np.array([25.0]), 0.0, tokens_per_seq=11)
    assert serving_itl_s(cat, req, 5000, 500) == pytest.approx(float(t.decode_s[0]))
    # The prefill share makes the step compute-heavy: 38.8 ms against 26.8 decoding alone.
    plain = step_times(hw, llm, fp8, kv, VLLM, 5250, 5000, np.array([25.0]), 0.0)
    assert serving_itl_s(cat, req, 5000, 500) > 1.4 * float(plain.decode_s[0])
    with pytest.raises(ValueError):
        serving_itl_s(cat, req, 5000, 0)


def test_sixteen_bit_weights_skip_the_quantized_matmul_overhead(cat):
    """Issue 18: Llama 3.2 1B BF16 on an RTX 5090 at batch 1 (PR #24216: 652 tok/s) streams
    its 2.47 GB at 0.9 of 1,792 GB/s plus 0.005 ms per layer; a Q4_0 model also pays 0.04 ms
    per layer for quantizing each matmul's input."""
    r = EstimateRequest(
        gpu_id="rtx-5090",
        llm_id="llama-3.2-1b",
        quant_id="bf16",
        context_tokens=256,
        engine_id="llama.cpp",
    )
    e = estimate(cat, r)
    read = 1.24 * 2 / (1792 * 0.90)
    attn = 2 * 16 * 8 * 64 * 2 * 256 / 1e9 / (1792 * 0.90)
    assert e.typical.tpot_s == pytest.approx(read + attn + 16 * 0.005e-3, rel=0.02)
    q = estimate(cat, r.model_copy(update={"quant_id": "q4_0"}))
    q_read = 1.24 * 4.63 / 8 / (1792 * 0.90)
    assert q.typical.tpot_s == pytest.approx(q_read + attn + 16 * 0.045e-3, rel=0.05)
