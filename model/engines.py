"""Engine profiles: how much of a GPU's peak an inference engine reaches, with sources."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from infercost.model.base import Bounded, Count, Entry, Fraction, NonNeg, Strict
from infercost.model.entries import Gpu, Name, QuantFormat
from infercost.model.errors import UnknownIdError


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
    multi_gpu: Literal["tensor", "layer"] = Field(
        description="Tensor parallel (GPUs share every layer) or layer split (GPUs take turns)"
    )
    multi_gpu_efficiency: Fraction = Field(
        description="Tensor parallel: share of the ideal n-fold speed-up kept after all-reduce"
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
    # GDDR: the RTX 4090 reaches 0.80-0.87 of 1,008 GB/s at tg1024 (XiongjieDai benchmarks);
    # HBM: A100/H100 reach ~0.5 of peak with the same kernels (too few bytes in flight per SM
    # for HBM's longer latency), the figure the DOMAIN range brackets from below.
    mem_efficiency=Band(low=0.70, typical=0.85, high=0.92),
    mem_efficiency_hbm=Band(low=0.45, typical=0.55, high=0.72),
    compute_efficiency=Band(low=0.35, typical=0.5, high=0.7),
    step_overhead_ms_per_layer=Band(low=0.03, typical=0.06, high=0.10),
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

VLLM = EngineProfile(
    id="vllm",
    name="vLLM-class batching server (continuous batching, CUDA graphs)",
    mem_efficiency=Band(low=0.65, typical=0.80, high=0.90),
    mem_efficiency_hbm=Band(low=0.65, typical=0.80, high=0.90),
    compute_efficiency=Band(low=0.4, typical=0.6, high=0.75),
    step_overhead_ms_per_layer=Band(low=0.005, typical=0.015, high=0.03),
    multi_gpu="tensor",
    multi_gpu_efficiency=0.85,
    host_mem_efficiency=0.75,
    link_efficiency=0.8,
    prefill_chunk_tokens=2048,
    runtime_overhead_gb=2.0,
    vram_usable_fraction=0.9,
    source=(
        "vLLM defaults: gpu_memory_utilization 0.9, chunked prefill 2048 tokens, tensor parallel; "
        f"bandwidth and overhead {_FIXTURE}"
    ),
    as_of="2025",
)

ENGINES: dict[str, EngineProfile] = {e.id: e for e in (LLAMA_CPP, VLLM)}


def engine(engine_id: str) -> EngineProfile:
    """A built-in engine profile by id (``llama.cpp`` or ``vllm``).

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
