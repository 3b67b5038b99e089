"""Roofline step times for decode and prefill, vectorized over concurrency with numpy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from infercost.model.engines import Band, EngineProfile
from infercost.model.entries import Gpu, LlmSpec, QuantFormat
from infercost.model.memory import kv_bytes_per_token, kv_replication, split_params_b

# Offloaded weights copied to the GPU for a large prefill batch cross PCIe 5.0 x16.
PCIE5_X16_GBPS = 64.0

POINTS = ("low", "typical", "high")


@dataclass(frozen=True)
class Hardware:
    """The GPUs and the host memory that offloaded weights live in."""

    gpu: Gpu
    gpu_count: int
    host_bandwidth_gbps: float


@dataclass(frozen=True)
class StepTimes:
    """Seconds per forward pass and what limits it, one entry per concurrency."""

    decode_s: np.ndarray
    decode_bound: np.ndarray
    prefill_s: np.ndarray
    prefill_tokens: int
    prefill_bound: np.ndarray


def peak_tflops(gpu: Gpu, quant: QuantFormat) -> float:
    """Dense tensor throughput for the format's compute precision.

    Formats whose precision the GPU lacks (FP8 on an A100) run at the next wider one.
    """
    if quant.compute == "fp4" and gpu.fp4_tflops:
        return gpu.fp4_tflops
    if quant.compute in ("fp4", "fp8") and gpu.fp8_tflops:
        return gpu.fp8_tflops
    return gpu.bf16_tflops


def _pick(band: Band, point: str) -> float:
    return float(getattr(band, point))


def step_times(
    hw: Hardware,
    llm: LlmSpec,
    quant: QuantFormat,
    kv: QuantFormat,
    eng: EngineProfile,
    context: int,
    prompt_tokens: int,
    batch: np.ndarray,
    offload_share: np.ndarray | float,
    point: str = "typical",
) -> StepTimes:
    """Decode and prefill step times at one efficiency point of the engine's bands.

    Decode reads the touched weights once per step plus every sequence's KV cache, and does
    2 x active params FLOPs (+ attention) per sequence; the step takes the longer of the two,
    plus offloaded weights read from system RAM, plus a fixed per-layer overhead. Prefill
    processes a micro-batch of prompt tokens per pass; offloaded weights cross PCIe.

    Parameters
    ----------
    batch
        Sequences decoded together (array).
    offload_share
        Share of weights held in system RAM (scalar or one per batch entry).
    point
        ``low``, ``typical`` or ``high`` end of the efficiency bands (low = slow).
    """
    gpu, n = hw.gpu, hw.gpu_count
    if point not in POINTS:
        raise ValueError(f"point must be one of {', '.join(POINTS)}, not {point!r}")
    mem_eff = _pick(eng.mem_band(gpu), point)
    comp_eff = _pick(eng.compute_efficiency, point)
    # The slow end of the band pairs low efficiency with the largest fixed overhead.
    overhead_ms = _pick(eng.step_overhead_ms_per_layer, POINTS[2 - POINTS.index(point)])
    # Layer split: the GPUs take turns, so one step sees one GPU's speed.
    tensor = eng.multi_gpu == "tensor"
    scale = n * (eng.multi_gpu_efficiency if n > 1 else 1.0) if tensor else 1.0
    bw_gbps = gpu.mem_bandwidth_gbps * mem_eff * scale
    flop_rate = peak_tflops(gpu, quant) * 1e12 * comp_eff * scale
    overhead_s = overhead_ms * llm.layers / 1000.0
    host_gbps = hw.host_bandwidth_gbps * eng.host_mem_efficiency
    off = np.asarray(offload_share, dtype=float)

    always_b, routed_b = split_params_b(llm)
    bytes_per_param = quant.bits_per_weight / 8
    if llm.experts is not None and llm.experts_per_token is not None:
        touched = 1.0 - (1.0 - llm.experts_per_token / llm.experts) ** batch
    else:
        touched = np.ones_like(batch, dtype=float)
    weights_gb = (always_b + routed_b * touched) * bytes_per_param
    # Every copy of the KV cache is read: each GPU attends over its own.
    kv_gb_per_token = kv_bytes_per_token(llm, kv) / 1e9 * kv_replication(llm, n, eng)
    attn_flops_per_ctx = 4.0 * llm.layers * llm.attention_heads * llm.head_dim
    # MLA decode attends in the latent space: scores over kv_lora_rank + rope dims and values
    # over kv_lora_rank, per head (weight absorption), instead of head_dim twice.
    decode_attn_flops_per_ctx = (
        2.0
        * llm.layers
        * llm.attention_heads
        * (2 * llm.kv_lora_rank + (llm.qk_rope_head_dim or 0))
        if llm.kv_lora_rank is not None
        else attn_flops_per_ctx
    )

    mem_t = (weights_gb * (1 - off) + kv_gb_per_token * context * batch) / bw_gbps
    comp_t = batch * (2e9 * llm.active_params_b + decode_attn_flops_per_ctx * context) / flop_rate
    host_t = weights_gb * off / host_gbps if host_gbps > 0 else np.where(off > 0, np.inf, 0.0)
    decode_s = np.maximum(mem_t, comp_t) + host_t + overhead_s
    decode_bound = np.where(
        host_t > np.maximum(mem_t, comp_t), "offload", np.where(comp_t > mem_t, "compute", "memory")
    )

    chunk = max(1, min(eng.prefill_chunk_tokens, prompt_tokens))
    all_weights_gb = llm.total_params_b * bytes_per_param
    p_comp = (
        chunk * (2e9 * llm.active_params_b + attn_flops_per_ctx * prompt_tokens / 2) / flop_rate
    )
    p_mem = all_weights_gb * (1 - off) / bw_gbps
    link = min(hw.host_bandwidth_gbps, PCIE5_X16_GBPS) * eng.link_efficiency
    p_host = all_weights_gb * off / link if link > 0 else np.where(off > 0, np.inf, 0.0)
    prefill_s = np.maximum(p_comp, p_mem) + p_host + overhead_s
    prefill_bound = np.where(
        p_host > np.maximum(p_comp, p_mem),
        "offload",
        np.where(p_comp >= p_mem, "compute", "memory"),
    )
    return StepTimes(
        decode_s=np.asarray(decode_s, dtype=float),
        decode_bound=np.asarray(decode_bound),
        prefill_s=np.broadcast_to(np.asarray(prefill_s, dtype=float), np.shape(decode_s)),
        prefill_tokens=chunk,
        prefill_bound=np.broadcast_to(np.asarray(prefill_bound), np.shape(decode_s)),
    )


def blended_tokens_per_s(
    decode_aggregate: np.ndarray, prefill: np.ndarray, input_share: float
) -> np.ndarray:
    """Input and output tokens per second for a workload mix: GPU time per token is shared.

    Each input token costs 1/prefill seconds and each output token 1/decode_aggregate, so the
    mix runs at 1 / (s / prefill + (1 - s) / decode).
    """
    return 1.0 / (input_share / prefill + (1.0 - input_share) / decode_aggregate)
