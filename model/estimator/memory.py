"""GPU memory for serving an LLM: weights, KV cache, overhead, fit, GPUs needed and offload."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from infercost.model.catalog.entries import Gpu, LlmSpec, QuantFormat
from infercost.model.estimator.engines import EngineProfile

# Vendors list VRAM in binary gigabytes: an "80 GB" H100 holds 80 GiB (nvidia-smi: 81,559 MiB).
GIB = 2**30
BYTES_PER_LISTED_VRAM_GB = GIB


# macOS lets the GPU wire about three quarters of a large unified pool by default
# (``iogpu.wired_limit_mb``); a unified machine with no share of its own gets that.
DEFAULT_GPU_MEMORY_SHARE = 0.75


def vram_gb(gpu: Gpu) -> float:
    """Memory of one GPU in 10^9 bytes, from the vendor's listed (binary) figure."""
    return gpu.vram_gb * BYTES_PER_LISTED_VRAM_GB / 1e9


def is_unified(gpu: Gpu) -> bool:
    """Whether the GPU shares one memory pool with the CPU (Apple silicon, DGX Spark, ...)."""
    return gpu.memory_kind == "unified"


def gpu_memory_share(gpu: Gpu) -> float:
    """Share of the listed memory the GPU may hold: all of a card's VRAM, part of a unified pool."""
    if not is_unified(gpu):
        return 1.0
    return DEFAULT_GPU_MEMORY_SHARE if gpu.gpu_memory_share is None else gpu.gpu_memory_share


def unified_host(gpu: Gpu, gpu_count: int = 1) -> tuple[float, float] | None:
    """(bandwidth GB/s, memory GB) left to the CPU in a unified pool, or None for a card.

    Weights past the GPU's share stay in the same pool and are read by the CPU at the pool's
    bandwidth: no PCIe or DDR cliff, only the CPU's lower share of that bandwidth.
    """
    if not is_unified(gpu):
        return None
    rest = vram_gb(gpu) * (1.0 - gpu_memory_share(gpu)) * gpu_count
    return gpu.mem_bandwidth_gbps * gpu_count, rest


def attended_context(llm: LlmSpec, context: float) -> float:
    """Tokens each layer caches and attends to, averaged over the layers.

    Sliding-window (or chunked) layers keep at most their window; the others the whole
    context. Gemma 3 (5 of 6 layers at 1,024 tokens) at 32k context caches ~6k per layer.
    """
    if llm.sliding_window is None or llm.sliding_window_layers is None:
        return context
    local = llm.sliding_window_layers
    return ((llm.layers - local) * context + local * min(context, llm.sliding_window)) / llm.layers


def context_for_attended(llm: LlmSpec, attended: float) -> float:
    """The context whose ``attended_context`` is ``attended`` (inf when every layer slides)."""
    if llm.sliding_window is None or llm.sliding_window_layers is None:
        return attended
    local, window = llm.sliding_window_layers, llm.sliding_window
    if attended <= window:
        return attended
    if local >= llm.layers:
        return float("inf")
    return (attended * llm.layers - local * window) / (llm.layers - local)


def weights_read_gb(llm: LlmSpec, quant: QuantFormat, batch: float) -> float:
    """Weight bytes one decode step over ``batch`` sequences reads (touched experts only), GB."""
    always_b, routed_b = split_params_b(llm)
    return (always_b + routed_b * moe_touched_fraction(llm, batch)) * quant.bits_per_weight / 8


def weights_gb(llm: LlmSpec, quant: QuantFormat) -> float:
    """Bytes of all weights (every expert of an MoE), in GB: params x bits / 8."""
    return llm.total_params_b * quant.bits_per_weight / 8


def active_weights_gb(llm: LlmSpec, quant: QuantFormat) -> float:
    """Bytes of the weights one token uses (the active parameters), in GB."""
    return llm.active_params_b * quant.bits_per_weight / 8


def kv_bytes_per_token(llm: LlmSpec, kv: QuantFormat) -> float:
    """KV cache bytes per token of context.

    GQA: 2 (K and V) x layers x kv_heads x head_dim x bytes. MLA (DeepSeek) caches one
    compressed vector of kv_lora_rank plus the decoupled RoPE key per layer instead.
    """
    per_element = kv.bits_per_weight / 8
    if llm.kv_lora_rank is not None:
        return llm.layers * (llm.kv_lora_rank + (llm.qk_rope_head_dim or 0)) * per_element
    return 2 * llm.layers * llm.kv_heads * llm.head_dim * per_element


def kv_replication(llm: LlmSpec, gpu_count: int, eng: EngineProfile) -> float:
    """How many copies of the KV cache tensor parallel keeps across ``gpu_count`` GPUs.

    Tensor parallel gives each GPU a share of the KV heads; with fewer KV heads than GPUs a
    head is copied to ``gpu_count / kv_heads`` GPUs. MLA caches one latent vector that every
    GPU's attention needs, so vLLM-class engines hold it whole on each GPU. A layer split
    keeps one copy.
    """
    if eng.multi_gpu != "tensor" or gpu_count <= 1:
        return 1.0
    if llm.kv_lora_rank is not None:
        return float(gpu_count)
    return max(1.0, gpu_count / llm.kv_heads)


def moe_touched_fraction(llm: LlmSpec, batch: Any) -> Any:
    """Expected share of expert weights a step over ``batch`` tokens reads (a number or a
    numpy array of them).

    With uniform routing each expert is missed by one token with probability 1 - k/E, so a
    batch touches 1 - (1 - k/E)^batch of them. Dense models (no experts) return 1.
    """
    if llm.experts is None or llm.experts_per_token is None:
        return 1.0
    return 1.0 - (1.0 - llm.experts_per_token / llm.experts) ** batch


def lookup_params_b(llm: LlmSpec) -> float:
    """Input-embedding parameters a token only looks up (one row), billions.

    An untied model's vocab x hidden table is held in memory but not streamed per step; a
    tied one is read whole as the output layer, so nothing is subtracted.
    """
    if llm.vocab_size is None or llm.tied_embeddings:
        return 0.0
    return llm.vocab_size * llm.hidden_size / 1e9


def split_params_b(llm: LlmSpec) -> tuple[float, float]:
    """(always-read params, all routed-expert params), billions, for one decode step.

    A dense model reads all but its input-embedding table; an MoE model reads its shared
    part and the experts the step's tokens touch.
    """
    lookup = lookup_params_b(llm)
    if llm.experts is None or llm.experts_per_token is None:
        return llm.total_params_b - lookup, 0.0
    per_expert = (llm.total_params_b - llm.active_params_b) / (llm.experts - llm.experts_per_token)
    routed = per_expert * llm.experts
    return max(llm.total_params_b - routed - lookup, 0.0), routed


@dataclass(frozen=True)
class Memory:
    """Where the memory goes, and what fits."""

    weights_gb: float
    kv_cache_gb: float
    overhead_gb: float
    capacity_gb: float
    kv_gb_per_token: float
    kv_copies: float
    fits: bool
    gpus_needed: int | None
    max_concurrency: int
    max_context: int
    offload_gb: float
    offload_share: float
    listed_vram_gb_per_gpu: float
    usable_fraction: float
    unified: bool = False

    @property
    def total_gb(self) -> float:
        return self.weights_gb + self.kv_cache_gb + self.overhead_gb

    def gib(self, gb: float) -> float:
        """A figure of this breakdown (10^9 bytes) in GiB, the unit the listed VRAM is in."""
        return gb * 1e9 / GIB


def memory(
    gpu: Gpu,
    gpu_count: int,
    llm: LlmSpec,
    quant: QuantFormat,
    kv: QuantFormat,
    context: int,
    concurrency: int,
    eng: EngineProfile,
) -> Memory:
    """Memory needed to serve ``concurrency`` sequences of ``context`` tokens.

    Parameters
    ----------
    gpu, gpu_count
        The hardware; weights and KV cache are spread over all GPUs.
    llm, quant, kv
        The model, its weight format and the KV-cache number format.
    context
        Tokens held per sequence (prompt plus generated so far).
    concurrency
        Sequences resident together.
    eng
        Engine profile: runtime overhead per GPU and the share of VRAM it uses.

    Returns
    -------
    Memory
        With ``offload_gb`` the weights that must live in system RAM when it does not fit.
    """
    w = weights_gb(llm, quant)
    per_token = kv_bytes_per_token(llm, kv) / 1e9
    copies = kv_replication(llm, gpu_count, eng)
    ctx = attended_context(llm, context)
    kv_gb = per_token * copies * ctx * concurrency
    usable_fraction = eng.vram_usable_fraction * gpu_memory_share(gpu)
    usable_per_gpu = vram_gb(gpu) * usable_fraction
    overhead = eng.runtime_overhead_gb * gpu_count
    capacity = usable_per_gpu * gpu_count
    free_for_kv = capacity - overhead - w
    fits = free_for_kv >= kv_gb
    held = per_token * copies  # GB per token of context across all GPUs
    max_conc = max(0, math.floor(free_for_kv / (held * ctx))) if free_for_kv > 0 else 0
    max_ctx = (
        max(
            0,
            math.floor(
                min(llm.max_context, context_for_attended(llm, free_for_kv / (held * concurrency)))
            ),
        )
        if free_for_kv > 0
        else 0
    )
    offload = max(0.0, w + kv_gb + overhead - capacity)
    return Memory(
        weights_gb=w,
        kv_cache_gb=kv_gb,
        overhead_gb=overhead,
        capacity_gb=capacity,
        kv_gb_per_token=per_token,
        kv_copies=copies,
        fits=fits,
        gpus_needed=gpus_needed(gpu, llm, w, kv_gb / copies, eng),
        max_concurrency=max_conc,
        max_context=max_ctx,
        offload_gb=min(offload, w),
        offload_share=min(1.0, offload / w) if w > 0 else 0.0,
        listed_vram_gb_per_gpu=gpu.vram_gb,
        usable_fraction=usable_fraction,
        unified=is_unified(gpu),
    )


def gpus_needed(
    gpu: Gpu, llm: LlmSpec, weights: float, kv_gb: float, eng: EngineProfile
) -> int | None:
    """Fewest GPUs holding ``weights`` GB and one copy of ``kv_gb`` GB of KV cache, else None.

    Tensor parallel splits attention heads evenly, so the count is raised to one that divides
    the model's attention heads (vLLM refuses other sizes); the KV copies it keeps (see
    ``kv_replication``) set a floor on each GPU's share that more GPUs cannot lower.
    """
    room = vram_gb(gpu) * eng.vram_usable_fraction * gpu_memory_share(gpu) - eng.runtime_overhead_gb
    if room <= 0:
        return None
    n = max(1, math.ceil((weights + kv_gb) / room - 1e-12))
    if eng.multi_gpu != "tensor" or n == 1:
        return n
    # Past the point where copies start, a GPU holds weights / n plus a fixed KV share.
    copies_from = 1 if llm.kv_lora_rank is not None else llm.kv_heads
    if n > copies_from:
        kv_floor = kv_gb * kv_replication(llm, n, eng) / n
        if kv_floor >= room:
            return None
        n = max(n, math.ceil(weights / (room - kv_floor) - 1e-12))
    while llm.attention_heads % n and n < llm.attention_heads:
        n += 1
    return n
