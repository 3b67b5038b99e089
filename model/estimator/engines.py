"""Engine profiles: how much of a GPU's peak an inference engine reaches, with sources."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from infercost.model.catalog.base import Bounded, Count, Entry, Fraction, NonNeg, Strict
from infercost.model.catalog.entries import Gpu, Name, QuantFormat
from infercost.model.errors import UnknownIdError

Exponent = Bounded(1, 100, "1 (memory and compute add up) to 100 (the longer one alone)")
HalfSize = Bounded(0, 1e6, "at most 1,000,000 (tokens or columns)")
VectorTokens = Count(64, "0 to 64 tokens per pass", low=0)
SamplingMs = Bounded(0, 1000, "at most 1,000 ms; sampling a token takes under 1 ms")


class Band(Strict):
    """A factor with a typical value and the range it is known to span."""

    low: NonNeg = Field(description="Low end")
    typical: NonNeg = Field(description="Typical")
    high: NonNeg = Field(description="High end")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.low <= self.typical <= self.high:
            raise ValueError(
                f"need low <= typical <= high, got {self.low:g}, {self.typical:g}, {self.high:g}"
            )
        return self


class EngineProfile(Entry):
    """Efficiency factors of one serving engine; every estimate names the profile it used."""

    name: Name = Field(description="Engine name")
    mem_efficiency: Band = Field(
        description="Share of peak memory bandwidth decode reaches on GDDR (consumer) GPUs"
    )
    mem_efficiency_hbm: Band = Field(
        description="Share of peak memory bandwidth decode reaches on HBM (datacenter) GPUs"
    )
    compute_efficiency: Band = Field(
        description="Share of dense tensor peak reached by batched decode and prefill"
    )
    step_overhead_ms_per_layer: Band = Field(
        description="Fixed time per layer per forward pass (kernel launches, sync), ms"
    )
    quantized_overhead_ms_per_layer: Band = Field(
        default=Band(low=0.0, typical=0.0, high=0.0),
        description="Extra fixed time per layer when matmuls take the int8 quantized path "
        "(each matmul's input quantized to 8 bits first), ms",
    )
    multi_gpu: Literal["tensor", "layer", "row"] = Field(
        description="Tensor parallel (GPUs share every layer), layer split (GPUs take turns) "
        "or row split (llama.cpp: GPUs share every matrix, one link round trip per matmul)"
    )
    multi_gpu_efficiency: Fraction = Field(
        default=1.0,
        description="Tensor parallel: share of the n-fold bandwidth and compute kept beyond the "
        "modelled all-reduces and per-kernel tails (1 = nothing else lost)",
    )
    step_overhead_ms: Band = Field(
        default=Band(low=0.0, typical=0.0, high=0.0),
        description="Fixed time per forward pass beyond the per-layer cost (scheduling, "
        "sampling, host work), ms",
    )
    overlap_exponent: Exponent = Field(
        default=100.0,
        description="How memory and compute time combine: (t_mem^k + t_comp^k)^(1/k); "
        "1 = no overlap (sum), large = full overlap (max)",
    )
    gemm_half_tokens: HalfSize = Field(
        default=0.0,
        description="Tokens per pass at which matmuls reach half their large-batch efficiency",
    )
    gemm_half_width: HalfSize = Field(
        default=0.0,
        description="Per-GPU shard width (hidden / GPUs) at which matmuls reach half their "
        "efficiency: tensor parallel shrinks each GPU's matrices",
    )
    allreduce_efficiency: Fraction = Field(
        default=0.7, description="Share of the GPU link's bandwidth an all-reduce reaches"
    )
    int8_efficiency: Fraction = Field(
        default=1.0,
        description="Int8 quantized matmuls: share of compute_efficiency they reach against "
        "the int8 peak (unpacking and scales cost tensor-core cycles)",
    )
    vector_max_tokens: VectorTokens = Field(
        default=0,
        description="Passes of up to this many tokens run int8 dot-product (dp4a) vector "
        "kernels on the CUDA cores instead of tensor cores (llama.cpp MMVQ: 8); 0 = none",
    )
    vector_efficiency: Fraction = Field(
        default=0.1,
        description="Share of the CUDA cores' int8 dot-product rate (4 x FP32) vector kernels "
        "reach",
    )
    sampling_ms_per_token: SamplingMs = Field(
        default=0.0,
        description="Host time to sample one token (speculative decoding samples each drafted "
        "token and every verified position), ms",
    )
    quantized_compute: Literal["format", "int8"] = Field(
        default="format",
        description="Matmul path of integer-quantized weights: the format's own precision, or "
        "int8 tensor cores (llama.cpp MMQ); F16 GGUF uses FP16 accumulate",
    )
    host_mem_efficiency: Fraction = Field(
        description="Share of system-RAM bandwidth reached by layers offloaded to the CPU"
    )
    link_efficiency: Fraction = Field(
        description="Share of PCIe bandwidth reached when offloaded weights are copied for prefill"
    )
    prefill_chunk_tokens: Count(1_000_000, "at most 10^6 tokens per forward pass") = Field(
        description="Prompt tokens processed per forward pass (micro-batch)"
    )
    runtime_overhead_gb: Bounded(
        0, 1000, "at most 1,000 GB; the CUDA context and activations take a few"
    ) = Field(description="Memory per GPU beyond weights and KV cache (CUDA context, activations)")
    vram_usable_fraction: Fraction = Field(description="Share of VRAM the engine lets itself use")

    def mem_band(self, gpu: Gpu) -> Band:
        """Bandwidth efficiency on a GPU: its own measured figure first, else by memory kind."""
        if gpu.mem_efficiency is not None:
            e = gpu.mem_efficiency
            return Band(low=e, typical=e, high=e)
        return self.mem_efficiency_hbm if gpu.memory_kind == "hbm" else self.mem_efficiency


_DOMAIN = "InferCost DOMAIN.md (llama.cpp decode reaches ~64-72% of peak bandwidth on NVIDIA cards)"
_FIXTURE = "calibrated against tests/data/throughput_measurements.json (docs/estimator-accuracy.md)"

LLAMA_CPP = EngineProfile(
    id="llama.cpp",
    name="llama.cpp (single stream, GGUF)",
    # GDDR: current builds read weights at ~0.9 of peak (issue #11; RTX 3090, PR #15802);
    # older builds (XiongjieDai, 2024) reached 0.80-0.85, the low end of the band. HBM:
    # A100/H100 reach ~0.5 of peak with the same kernels (too few bytes in flight per SM for
    # HBM's longer latency), the figure the DOMAIN range brackets from below.
    mem_efficiency=Band(low=0.75, typical=0.90, high=0.95),
    mem_efficiency_hbm=Band(low=0.42, typical=0.52, high=0.72),
    # F16 through cuBLAS with FP16 accumulate reaches ~0.48 of that peak at 512-token
    # micro-batches (RTX 4090, RTX 3090); quantized GGUF runs int8 MMQ kernels, which reach
    # 0.6 x 0.48 = 0.29 of the int8 peak (unpacking and scales take tensor-core cycles).
    compute_efficiency=Band(low=0.3, typical=0.48, high=0.6),
    int8_efficiency=0.6,
    quantized_compute="int8",
    # Up to 8 tokens per pass, quantized matmuls run MMVQ (dp4a on the CUDA cores); each
    # token past the first costs its dot products at 0.11 x 4 x FP32 (RTX 3090, PR #15802:
    # the step grows 6.5 -> 8.5 ms from 1 to 4 tokens).
    vector_max_tokens=8,
    vector_efficiency=0.11,
    # CPU sampling over the vocabulary: 601.84 ms for 913 tokens (llama.cpp issue #5877).
    sampling_ms_per_token=0.66,
    # Each kernel reads and computes in turn: memory and compute time nearly add up.
    overlap_exponent=1.2,
    # Fixed time per layer of current builds (CUDA graphs since PR #6766): 16-bit weights
    # run one matrix-vector kernel per matmul, ~0.005 ms of gaps per layer (Llama 3.2 1B
    # BF16 on an RTX 5090 streams its 2.47 GB per token at 0.9 of peak, PR #24216).
    # Integer-quantized weights (MMVQ/MMQ) first quantize each matmul's input to q8_1: four
    # more kernels and their syncs per layer, 0.04 ms, fitted on the calibration cases of
    # PR #15802 (RTX 3090) and the batched RTX 4090 runs. One per-layer constant for both
    # (0.06 ms before) left the 1B model 39% slow and Q4_0 8B at batch 1 9% slow.
    step_overhead_ms_per_layer=Band(low=0.0025, typical=0.005, high=0.0125),
    quantized_overhead_ms_per_layer=Band(low=0.02, typical=0.04, high=0.06),
    multi_gpu="layer",
    multi_gpu_efficiency=1.0,
    host_mem_efficiency=0.75,
    link_efficiency=0.8,
    prefill_chunk_tokens=512,
    runtime_overhead_gb=1.0,
    vram_usable_fraction=1.0,
    source=f"{_DOMAIN}; llama.cpp default layer split and 512-token micro-batch; {_FIXTURE}",
    as_of="2025",
)

# Builds from 2023 to mid 2024 (before CUDA graphs, llama.cpp PR #6766, May 2024): every
# kernel is launched from the host, a fixed cost per layer that current builds capture in a
# graph. Fitted on the calibration cases of XiongjieDai's May 2024 snapshot: the lost time is
# a per-layer constant, not slower streaming; at 0.9 of GDDR bandwidth and current launch
# costs the 4090 runs 8B F16 within 1% but 8B Q4_K_M 11% too fast, which no bandwidth share
# reconciles (the smaller model's step has the larger share of launch cost). Weights stream
# at 0.95 of GDDR and 0.60 of HBM bandwidth; each layer costs 0.10 ms of launches and syncs.
# Before llama.cpp PR #4766 (January 2024) several GPUs split every matrix by rows.
LLAMA_CPP_2023 = LLAMA_CPP.model_copy(
    update={
        "id": "llama.cpp-2023",
        "name": "llama.cpp, builds of 2023 to mid 2024 (no CUDA graphs)",
        "mem_efficiency": Band(low=0.80, typical=0.95, high=0.97),
        "mem_efficiency_hbm": Band(low=0.45, typical=0.60, high=0.75),
        "step_overhead_ms_per_layer": Band(low=0.06, typical=0.10, high=0.14),
        "quantized_overhead_ms_per_layer": Band(low=0.0, typical=0.0, high=0.0),
        "source": f"{_DOMAIN}; launch cost per layer before CUDA graphs (llama.cpp PR #6766); "
        f"{_FIXTURE} (XiongjieDai snapshots of Dec 2023 and May 2024)",
        "as_of": "2024",
    }
)

VLLM = EngineProfile(
    id="vllm",
    name="vLLM-class batching server (continuous batching, CUDA graphs)",
    mem_efficiency=Band(low=0.65, typical=0.80, high=0.90),
    # Weights stream at 0.945 of peak once a matmul is large; each matmul kernel also pays
    # ~4.1 us of ramp and tail (13 MB at 3.17 TB/s). Fitted to H100 BF16 GEMM benchmarks over
    # decode-sized batches: a 132 MB matrix streams at 0.86 of peak (vLLM PR #49363), a 50 MB
    # one at 0.75 (PR #17126, Llama-3.1-8B qkv, same script; the GPU is assumed an H100).
    mem_efficiency_hbm=Band(low=0.80, typical=0.945, high=0.97),
    compute_efficiency=Band(low=0.45, typical=0.6, high=0.75),
    # Matmuls over few tokens leave tensor cores idle: half efficiency at 32 tokens per pass;
    # tensor parallel narrows each GPU's matrices (half efficiency at 512 columns).
    gemm_half_tokens=32.0,
    gemm_half_width=512.0,
    # Memory and compute overlap within a kernel, not fully: (t_mem^2 + t_comp^2)^(1/2).
    overlap_exponent=2.0,
    # Per layer: four matmul kernel tails of 4.1 us (above); they do not shrink when tensor
    # parallel shrinks each GPU's matrices. Per step: scheduling, sampling and host work,
    # 1.5 ms, fitted on the single-GPU calibration cases (InferenceBench H100 batch 1 and 4:
    # -6%; vLLM nightly A100 batch 8: +8%); on faster GPUs it is a larger share of the step.
    step_overhead_ms=Band(low=0.75, typical=1.5, high=2.25),
    step_overhead_ms_per_layer=Band(low=0.008, typical=0.0164, high=0.025),
    multi_gpu="tensor",
    # Tensor parallel pays explicit all-reduces (roofline.allreduce_s) and per-kernel tails.
    multi_gpu_efficiency=1.0,
    allreduce_efficiency=0.7,
    host_mem_efficiency=0.75,
    link_efficiency=0.8,
    prefill_chunk_tokens=2048,
    runtime_overhead_gb=2.0,
    vram_usable_fraction=0.9,
    source=(
        "vLLM defaults: gpu_memory_utilization 0.9, chunked prefill 2048 tokens, tensor parallel; "
        f"bandwidth and overhead {_FIXTURE}. SGLang and TensorRT-LLM share the design (paged KV, "
        "continuous batching, CUDA graphs, NCCL or custom all-reduce); the fixture holds no "
        "measurement that separates them, so this one profile serves all three"
    ),
    as_of="2025",
)

ENGINES: dict[str, EngineProfile] = {e.id: e for e in (LLAMA_CPP, LLAMA_CPP_2023, VLLM)}


def engine(engine_id: str) -> EngineProfile:
    """A built-in engine profile by id (``llama.cpp``, ``llama.cpp-2023`` or ``vllm``).

    Raises
    ------
    UnknownIdError
        With the closest ids when nothing matches.
    """
    if engine_id not in ENGINES:
        raise UnknownIdError("engine profile", engine_id, ENGINES)
    return ENGINES[engine_id]


def default_engine(quant: QuantFormat) -> EngineProfile:
    """GGUF formats run on llama.cpp; everything else on a vLLM-class server."""
    return LLAMA_CPP if quant.family.upper() == "GGUF" else VLLM
