"""Roofline step times for decode and prefill, vectorized over concurrency with numpy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from infercost.model.catalog.entries import Gpu, LlmSpec, QuantFormat
from infercost.model.estimator.engines import Band, EngineProfile
from infercost.model.estimator.memory import (
    attended_context,
    kv_bytes_per_token,
    kv_replication,
    lookup_params_b,
    moe_touched_fraction,
    split_params_b,
)

# Offloaded weights copied to the GPU for a large prefill batch cross PCIe 5.0 x16.
PCIE5_X16_GBPS = 64.0
# GPUs with no link figure in the catalog talk over PCIe 4.0 x16 (32 GB/s per direction); an
# all-reduce with no latency figure pays the catalog's PCIe figure (50 us).
PCIE4_X16_GBPS = 32.0
DEFAULT_LINK_LATENCY_US = 50.0
# Row split (llama.cpp ``--split-mode row``) splits each weight matrix of a layer: Q, K, V,
# O, gate, up and down in a dense transformer.
ROW_SPLIT_MATMULS_PER_LAYER = 7

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


def uses_int8_path(gpu: Gpu, quant: QuantFormat, eng: EngineProfile) -> bool:
    """Whether the format's matmuls run on int8 tensor cores (llama.cpp MMQ, quantized GGUF)."""
    return (
        eng.quantized_compute == "int8"
        and quant.compute == "bf16"
        and quant.bits_per_weight < 16
        and bool(gpu.int8_tops)
    )


def peak_tflops(gpu: Gpu, quant: QuantFormat, eng: EngineProfile | None = None) -> float:
    """Dense tensor throughput for the compute path the format's matmuls take on this GPU.

    Formats whose precision the GPU lacks (FP8 on an A100) run at the next wider one. An
    engine with int8 quantized paths (llama.cpp MMQ) runs integer-quantized GGUF weights on
    int8 tensor cores and F16 GGUF with FP16 accumulate (twice the FP32-accumulate rate on
    GeForce cards, the same on datacenter cards).
    """
    if eng is not None and uses_int8_path(gpu, quant, eng):
        return gpu.int8_tops or gpu.bf16_tflops
    if (
        eng is not None
        and eng.quantized_compute == "int8"
        and quant.compute == "bf16"
        and quant.bits_per_weight >= 16
        and gpu.fp16_acc_tflops
    ):
        return gpu.fp16_acc_tflops
    if quant.compute == "fp4" and gpu.fp4_tflops:
        return gpu.fp4_tflops
    if quant.compute in ("fp4", "fp8") and gpu.fp8_tflops:
        return gpu.fp8_tflops
    return gpu.bf16_tflops


def gemm_efficiency(eng: EngineProfile, tokens: np.ndarray | float, gpu_count: int, hidden: int):
    """Share of the engine's large-matmul efficiency reached at this shape.

    A pass over few tokens leaves tensor cores idle (M / (M + M_half)); tensor parallel
    splits each matrix's width over the GPUs (w / (w + w_half), w = hidden / GPUs).
    """
    m = np.asarray(tokens, dtype=float)
    rows = m / (m + eng.gemm_half_tokens) if eng.gemm_half_tokens > 0 else np.ones_like(m)
    width = hidden / gpu_count
    cols = width / (width + eng.gemm_half_width) if eng.gemm_half_width > 0 else 1.0
    return rows * cols


def combine(mem_t: np.ndarray, comp_t: np.ndarray, k: float) -> np.ndarray:
    """Memory and compute time of one pass, partly overlapped: (a^k + b^k)^(1/k).

    k = 1 adds them (no overlap), a large k tends to max(a, b) (full overlap). Near the
    transition (a ~ b) the pass takes up to 2^(1/k) x the longer of the two.
    """
    hi = np.maximum(mem_t, comp_t)
    # An infinite part (a zero rate at the bounds' extremes) makes the pass infinite.
    safe = np.where((hi > 0) & np.isfinite(hi), hi, 1.0)
    a = np.where(np.isfinite(hi), mem_t / safe, 0.0)
    b = np.where(np.isfinite(hi), comp_t / safe, 0.0)
    return np.where(np.isfinite(hi), hi * (a**k + b**k) ** (1.0 / k), np.inf)


def allreduce_s(
    gpu: Gpu, gpu_count: int, eng: EngineProfile, tokens: np.ndarray | float, hidden: int
) -> np.ndarray:
    """Time of one ring all-reduce of ``tokens x hidden`` 16-bit activations over the GPU link.

    Each GPU sends and receives 2 (n - 1) / n of the message; small messages are bound by
    the link's latency instead.
    """
    n = gpu_count
    tok = np.asarray(tokens, dtype=float)
    if n <= 1 or eng.multi_gpu != "tensor":
        return np.zeros_like(tok)
    link_gbps = (gpu.interconnect_gbps or PCIE4_X16_GBPS) * eng.allreduce_efficiency
    lat_us = gpu.interconnect_latency_us
    latency_s = (DEFAULT_LINK_LATENCY_US if lat_us is None else lat_us) * 1e-6
    msg_gb = tok * hidden * 2 / 1e9
    return latency_s + 2 * (n - 1) / n * msg_gb / link_gbps


def row_split_sync_s(
    gpu: Gpu, gpu_count: int, eng: EngineProfile, tokens: np.ndarray | float, hidden: int
) -> np.ndarray:
    """Synchronisation of one row-split matmul: each peer GPU's result crosses the link.

    The main GPU copies the activations to every peer and waits for each peer's slice of the
    output in turn, one link round trip per peer (latency plus ``tokens x hidden`` 16-bit
    values at the all-reduce share of the link's bandwidth).
    """
    n = gpu_count
    tok = np.asarray(tokens, dtype=float)
    if n <= 1 or eng.multi_gpu != "row":
        return np.zeros_like(tok)
    link_gbps = (gpu.interconnect_gbps or PCIE4_X16_GBPS) * eng.allreduce_efficiency
    lat_us = gpu.interconnect_latency_us
    latency_s = (DEFAULT_LINK_LATENCY_US if lat_us is None else lat_us) * 1e-6
    return (n - 1) * (latency_s + tok * hidden * 2 / 1e9 / link_gbps)


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
    tokens_per_seq: float = 1,
) -> StepTimes:
    """Decode and prefill step times at one efficiency point of the engine's bands.

    Decode reads the touched weights once per step plus every sequence's KV cache, and does
    2 x active params FLOPs (+ attention) per sequence at the matmul efficiency of that
    shape; memory and compute time overlap partly (``combine``). Tensor parallel adds two
    all-reduces per layer; offloaded weights are read from system RAM; a fixed overhead per
    layer and per step follows. Prefill processes a micro-batch of prompt tokens per pass;
    offloaded weights cross PCIe.

    Parameters
    ----------
    batch
        Sequences decoded together (array).
    offload_share
        Share of weights held in system RAM (scalar or one per batch entry).
    point
        ``low``, ``typical`` or ``high`` end of the efficiency bands (low = slow).
    tokens_per_seq
        Tokens each sequence brings to the decode pass (k + 1 when verifying k speculated
        tokens): matmuls, expert routing and all-reduces see batch x tokens_per_seq tokens,
        the KV cache is still read once per sequence.
    """
    gpu, n = hw.gpu, hw.gpu_count
    if point not in POINTS:
        raise ValueError(f"point must be one of {', '.join(POINTS)}, not {point!r}")
    mem_eff = _pick(eng.mem_band(gpu), point)
    comp_eff = _pick(eng.compute_efficiency, point)
    if uses_int8_path(gpu, quant, eng):
        comp_eff *= eng.int8_efficiency
    # The slow end of the band pairs low efficiency with the largest fixed overhead.
    slow_point = POINTS[2 - POINTS.index(point)]
    # Integer-quantized matmuls (llama.cpp MMVQ/MMQ) first quantize each matmul's input to
    # 8 bits: extra kernels per layer that a 16-bit matrix-vector product does not run.
    per_layer = _pick(eng.step_overhead_ms_per_layer, slow_point) + (
        _pick(eng.quantized_overhead_ms_per_layer, slow_point)
        if uses_int8_path(gpu, quant, eng)
        else 0.0
    )
    overhead_s = (per_layer * llm.layers + _pick(eng.step_overhead_ms, slow_point)) / 1000.0
    # Tensor parallel: every GPU holds 1 / n of each layer and reads and computes its share,
    # then two all-reduces per layer join the shards. Layer split: the GPUs take turns, so
    # one step sees one GPU's speed. Row split: every GPU reads and multiplies its slice of
    # each weight matrix; the KV cache and attention stay on the main GPU, and each matmul
    # waits for the peers' slices (``row_split_sync_s``).
    tensor = eng.multi_gpu == "tensor" and n > 1
    row = eng.multi_gpu == "row" and n > 1
    shards = n if tensor else 1
    scale = shards * (eng.multi_gpu_efficiency if tensor else 1.0)
    weight_scale = n * eng.multi_gpu_efficiency if row else 1.0
    bw_gbps = gpu.mem_bandwidth_gbps * mem_eff * scale
    flop_rate = peak_tflops(gpu, quant, eng) * 1e12 * comp_eff * scale
    host_gbps = hw.host_bandwidth_gbps * eng.host_mem_efficiency
    off = np.asarray(offload_share, dtype=float)
    k = eng.overlap_exponent

    tokens = np.asarray(batch, dtype=float) * tokens_per_seq
    # Matmul parameters per token: the embedding lookup does no arithmetic.
    matmul_b = llm.active_params_b - lookup_params_b(llm)
    always_b, routed_b = split_params_b(llm)
    bytes_per_param = quant.bits_per_weight / 8
    touched = moe_touched_fraction(llm, tokens) * np.ones_like(tokens)
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
    layers_allreduce = 2 * llm.layers if tensor else 0
    row_syncs = ROW_SPLIT_MATMULS_PER_LAYER * llm.layers if row else 0

    # Sliding-window layers read (and attend over) at most their window.
    ctx = attended_context(llm, context)
    mem_t = (weights_gb * (1 - off) / weight_scale + kv_gb_per_token * ctx * batch) / bw_gbps
    shape = gemm_efficiency(eng, tokens, shards, llm.hidden_size)
    comp_t = (
        tokens
        * (2e9 * matmul_b / shape / weight_scale + decode_attn_flops_per_ctx * ctx)
        / flop_rate
    )
    # Few tokens per pass: llama.cpp's vector kernels (dp4a on the CUDA cores). The first
    # token's dot products keep pace with the weight stream; each further token in the pass
    # adds its dot products at the cores' int8 rate.
    if eng.vector_max_tokens and gpu.fp32_tflops and uses_int8_path(gpu, quant, eng):
        vec_rate = 4 * gpu.fp32_tflops * 1e12 * eng.vector_efficiency * scale
        vec_t = (tokens - 1) * 2e9 * matmul_b / vec_rate / weight_scale
        comp_t = np.where(tokens <= eng.vector_max_tokens, vec_t, comp_t)
    comm_t = layers_allreduce * allreduce_s(
        gpu, n, eng, tokens, llm.hidden_size
    ) + row_syncs * row_split_sync_s(gpu, n, eng, tokens, llm.hidden_size)
    host_t = weights_gb * off / host_gbps if host_gbps > 0 else np.where(off > 0, np.inf, 0.0)
    core = combine(mem_t, comp_t, k)
    decode_s = core + comm_t + host_t + overhead_s
    decode_bound = np.where(
        host_t > np.maximum(core, comm_t),
        "offload",
        np.where(comm_t > core, "interconnect", np.where(comp_t > mem_t, "compute", "memory")),
    )

    chunk = max(1, min(eng.prefill_chunk_tokens, prompt_tokens))
    all_weights_gb = llm.total_params_b * bytes_per_param
    p_shape = float(gemm_efficiency(eng, chunk, shards, llm.hidden_size))
    p_comp = (
        chunk
        * (
            2e9 * matmul_b / p_shape / weight_scale
            + attn_flops_per_ctx * attended_context(llm, prompt_tokens / 2)
        )
        / flop_rate
    )
    p_mem = all_weights_gb * (1 - off) / weight_scale / bw_gbps
    p_comm = layers_allreduce * float(
        allreduce_s(gpu, n, eng, chunk, llm.hidden_size)
    ) + row_syncs * float(row_split_sync_s(gpu, n, eng, chunk, llm.hidden_size))
    link = min(hw.host_bandwidth_gbps, PCIE5_X16_GBPS) * eng.link_efficiency
    p_host = all_weights_gb * off / link if link > 0 else np.where(off > 0, np.inf, 0.0)
    p_core = combine(np.asarray(p_mem, dtype=float), np.asarray(p_comp, dtype=float), k)
    prefill_s = p_core + p_comm + p_host + overhead_s
    prefill_bound = np.where(
        p_host > p_core,
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
