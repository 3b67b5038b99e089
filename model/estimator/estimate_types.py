"""What an estimate takes and gives: the request and the result dataclasses (JSON contract)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from pydantic import Field

from infercost.model.catalog.base import (
    Context,
    Count,
    Flag,
    Fraction,
    Gigabytes,
    PositiveGbPerS,
    Slug,
    Strict,
)
from infercost.model.catalog.build import MAX_BUILD_GPUS
from infercost.model.estimator.memory import GIB, Memory

Source = Literal["measured", "estimate"]

# Request limits (the CLI checks them while parsing, so its message names the option).
MAX_GPU_COUNT, MAX_CONTEXT_TOKENS, MAX_CONCURRENCY = MAX_BUILD_GPUS, 10_000_000, 100_000


class EstimateRequest(Strict):
    """What to estimate; every id refers to the catalog."""

    gpu_id: Slug = Field(description="GPU type")
    gpu_count: Count(MAX_GPU_COUNT, "at most 1,024 GPUs") = Field(
        default=1, description="GPUs used"
    )
    llm_id: Slug = Field(description="LLM spec")
    quant_id: Slug = Field(description="Weight format")
    kv_quant_id: Slug | None = Field(default=None, description="KV-cache format (16-bit if unset)")
    context_tokens: Context = Field(default=4096, description="Tokens held per sequence")
    concurrency: Count(MAX_CONCURRENCY, "at most 100,000 sequences at once") = Field(
        default=1, description="Sequences decoded together"
    )
    prompt_tokens: Context | None = Field(
        default=None,
        description="Prompt length for prefill and time to first token (context if unset)",
    )
    input_share: Fraction = Field(
        default=0.75, description="Share of workload tokens that are input"
    )
    engine_id: str | None = Field(
        default=None, description="Engine profile (by quant family if unset)"
    )
    host_ram_gb: Gigabytes | None = Field(default=None, description="System RAM for offload")
    host_bandwidth_gbps: PositiveGbPerS | None = Field(
        default=None, description="System RAM bandwidth"
    )
    offload_share: Fraction | None = Field(
        default=None,
        description="Force this share of weights into system RAM (else only what does not fit)",
    )
    use_measurements: Flag = Field(
        default=True, description="Let a catalog measurement replace the estimate"
    )


@dataclass(frozen=True)
class Speed:
    """Speeds at one point of the efficiency band."""

    decode_tokens_per_s: float
    decode_tokens_per_s_per_seq: float
    prefill_tokens_per_s: float
    ttft_s: float
    tpot_s: float
    blended_tokens_per_s: float


@dataclass(frozen=True)
class Offload:
    """What happens when the weights do not fit: the share in system RAM and the speed left."""

    share: float
    gb: float
    host_bandwidth_gbps: float
    host_ram_gb: float | None
    host_ram_enough: bool | None
    decode_tokens_per_s: float
    decode_tokens_per_s_low: float
    decode_tokens_per_s_high: float
    blended_tokens_per_s: float
    ceiling_tokens_per_s: float
    prefill_tokens_per_s: float = 0.0
    tpot_s: float = 0.0
    ttft_s: float = 0.0


@dataclass(frozen=True)
class Delivered:
    """The decode and blended speed a configuration delivers as requested (offload included)."""

    decode_tokens_per_s: float
    decode_low: float
    decode_high: float
    blended_tokens_per_s: float
    offloaded: bool


@dataclass(frozen=True)
class Estimate:
    """Memory and speed for one request, with the bound and band of each speed."""

    request: EstimateRequest
    engine_id: str
    memory: Memory
    typical: Speed
    low: Speed
    high: Speed
    decode_bound: str
    prefill_bound: str
    decode_source: Source
    prefill_source: Source
    blended_source: Source
    measurement_ids: tuple[str, ...]
    offload: Offload | None
    warnings: tuple[str, ...] = ()

    @property
    def delivered(self) -> Delivered:
        """The speed the user will get: offloaded when the weights do not fit, else typical."""
        o, t = self.offload, self.typical
        if o is not None and self.request.offload_share is None:
            return Delivered(
                o.decode_tokens_per_s,
                o.decode_tokens_per_s_low,
                o.decode_tokens_per_s_high,
                o.blended_tokens_per_s,
                offloaded=True,
            )
        return Delivered(
            t.decode_tokens_per_s,
            self.low.decode_tokens_per_s,
            self.high.decode_tokens_per_s,
            t.blended_tokens_per_s,
            offloaded=self.request.offload_share is not None and self.request.offload_share > 0,
        )

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON: the contract fields at top level, details below."""
        t, m = self.typical, self.memory
        return {
            "gpu": self.request.gpu_id,
            "gpus": self.request.gpu_count,
            "llm": self.request.llm_id,
            "quant": self.request.quant_id,
            "kv_quant": self.request.kv_quant_id or "16-bit",
            "context": self.request.context_tokens,
            "batch": self.request.concurrency,
            "engine": self.engine_id,
            "fits": m.fits,
            "gpus_needed": m.gpus_needed,
            "memory_gb": {
                "weights": m.weights_gb,
                "kv_cache": m.kv_cache_gb,
                "overhead": m.overhead_gb,
                "total": m.total_gb,
                "capacity": m.capacity_gb,
                "kv_per_token": m.kv_gb_per_token,
            },
            "kv_copies": m.kv_copies,
            # The same figures in GiB (2^30 bytes), the unit of the vendor's listed VRAM.
            "memory_gib": {
                "weights": m.weights_gb * 1e9 / GIB,
                "kv_cache": m.kv_cache_gb * 1e9 / GIB,
                "overhead": m.overhead_gb * 1e9 / GIB,
                "total": m.total_gb * 1e9 / GIB,
                "capacity": m.capacity_gb * 1e9 / GIB,
                "kv_per_token": m.kv_gb_per_token * 1e9 / GIB,
            },
            "max_concurrency": m.max_concurrency,
            "max_context": m.max_context,
            "decode_tokens_per_s": t.decode_tokens_per_s,
            "decode_tokens_per_s_per_seq": t.decode_tokens_per_s_per_seq,
            "prefill_tokens_per_s": t.prefill_tokens_per_s,
            "ttft_s": t.ttft_s,
            "tpot_s": t.tpot_s,
            "blended_tokens_per_s": t.blended_tokens_per_s,
            "input_share": self.request.input_share,
            "bound": self.decode_bound,
            "prefill_bound": self.prefill_bound,
            "low": asdict(self.low),
            "high": asdict(self.high),
            "source": {
                "decode": self.decode_source,
                "prefill": self.prefill_source,
                "blended": self.blended_source,
                "measurements": list(self.measurement_ids),
            },
            "offload": None if self.offload is None else asdict(self.offload),
            # The speed the user gets: the offloaded one when the weights do not fit.
            "delivered": asdict(self.delivered),
            "warnings": list(self.warnings),
        }
