"""Catalog entry types: API offers, markups, rentals, hardware, LLM specs, formats, tariffs."""

from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from infercost.model.catalog.base import (
    Bounded,
    Context,
    Count,
    Entry,
    Flag,
    Fraction,
    GbPerS,
    Gigabytes,
    ParamsB,
    Percent,
    PositiveGbPerS,
    PositiveGigabytes,
    PositiveTflops,
    PositiveWatts,
    Slug,
    Tflops,
    TokensPerS,
    Usd,
    UsdPerHour,
    UsdPerKwh,
    UsdPerMtok,
    Watts,
)
from infercost.model.catalog.quality import QualityTier

Name = Annotated[str, Field(min_length=1, max_length=200)]
LatencyUs = Bounded(0, 1e6, "at most 1,000,000 us; an all-reduce takes tens of microseconds")
VocabSize = Count(10**7, "at most 10,000,000; the largest vocabularies hold ~260,000 tokens")


def _check_range(low: float | None, high: float | None, what: str) -> None:
    if low is not None and high is not None and high < low:
        raise ValueError(f"{what}: high ({high:g}) is below low ({low:g})")


class ApiOffer(Entry):
    """A pay-per-token offer: a provider's price for one LLM, per million tokens."""

    provider: Name = Field(description="Who sells it")
    llm_name: Name = Field(description="The model as the provider names it")
    tier: str = Field(default="", description="Capability tier or role", max_length=100)
    quality_tier: QualityTier | None = Field(
        default=None,
        description="Quality band (seed §4); unset: the band its output price falls in",
    )
    input_usd_per_mtok: UsdPerMtok = Field(description="Price of uncached input tokens")
    output_usd_per_mtok: UsdPerMtok = Field(description="Price of output tokens")
    cached_input_usd_per_mtok: UsdPerMtok | None = Field(
        default=None, description="Price of input tokens read from the prompt cache"
    )
    cache_write_usd_per_mtok: UsdPerMtok | None = Field(
        default=None, description="Price of input tokens written to the prompt cache"
    )
    batch_discount_pct: Percent = Field(
        default=0, description="Discount of the asynchronous batch API"
    )
    long_context_threshold_tokens: (
        Count(10**9, "at most 10^9 tokens, 100x the longest context window") | None
    ) = Field(
        default=None,
        description="Prompt length above which the whole request is billed at the tier",
    )
    long_context_input_usd_per_mtok: UsdPerMtok | None = Field(
        default=None, description="Input price above the long-context threshold"
    )
    long_context_output_usd_per_mtok: UsdPerMtok | None = Field(
        default=None, description="Output price above the long-context threshold"
    )
    llm_id: Slug | None = Field(
        default=None, description="The open-weight LLM spec this offer serves, if any"
    )

    @model_validator(mode="after")
    def _tier_complete(self) -> Self:
        tier = (self.long_context_input_usd_per_mtok, self.long_context_output_usd_per_mtok)
        if self.long_context_threshold_tokens is None and any(v is not None for v in tier):
            raise ValueError("long-context prices need long_context_threshold_tokens")
        return self


class PlatformMarkup(Entry):
    """A cloud platform's markup over the direct API price, as a range."""

    platform: Name = Field(description="The cloud platform")
    markup_low_pct: Percent = Field(description="Smallest markup over the direct price")
    markup_high_pct: Percent = Field(description="Largest markup over the direct price")
    use_case: str = Field(default="", description="Typical use case", max_length=300)

    @model_validator(mode="after")
    def _range(self) -> Self:
        _check_range(self.markup_low_pct, self.markup_high_pct, "markup")
        return self


class DiscountKind(StrEnum):
    """What the cheaper rental price is."""

    NONE = "none"
    SPOT = "spot"
    RESERVED = "reserved"
    RESERVED_1YR = "reserved-1yr"
    MARKETPLACE = "marketplace"


class PriceBasis(StrEnum):
    """Whether a rental price is per GPU or per whole instance."""

    GPU_HOUR = "gpu-hour"
    INSTANCE_HOUR = "instance-hour"


class GpuRental(Entry):
    """An hourly GPU rental offer."""

    provider: Name = Field(description="Who rents it out")
    gpu_id: Slug = Field(description="The GPU in the hardware catalog")
    gpus_per_instance: Count(1024, "at most 1,024; the largest instances hold 8-16") = Field(
        default=1, description="GPUs in one rented unit"
    )
    price_basis: PriceBasis = Field(
        default=PriceBasis.GPU_HOUR, description="Whether prices are per GPU or per instance"
    )
    on_demand_low_usd_per_hour: UsdPerHour = Field(description="On-demand price (low end)")
    on_demand_high_usd_per_hour: UsdPerHour = Field(description="On-demand price (high end)")
    discounted_usd_per_hour: UsdPerHour | None = Field(
        default=None, description="Reserved or spot price"
    )
    discount_kind: DiscountKind = Field(
        default=DiscountKind.NONE, description="What the discounted price is"
    )

    @model_validator(mode="after")
    def _range(self) -> Self:
        _check_range(self.on_demand_low_usd_per_hour, self.on_demand_high_usd_per_hour, "on-demand")
        return self

    def unit_usd_per_hour(self, price: Literal["on_demand", "discounted"] = "on_demand") -> float:
        """Price of one rented unit (instance) per hour, mid-range for an on-demand range."""
        if price == "discounted":
            if self.discounted_usd_per_hour is None:
                raise ValueError(f"rental '{self.id}' has no discounted price")
            per = self.discounted_usd_per_hour
        else:
            per = (self.on_demand_low_usd_per_hour + self.on_demand_high_usd_per_hour) / 2
        if self.price_basis is PriceBasis.GPU_HOUR:
            return per * self.gpus_per_instance
        return per


class PricedItem(Entry):
    """Something bought: a price range (equal ends for a single price)."""

    name: Name = Field(description="What it is")
    price_low_usd: Usd | None = Field(default=None, description="Purchase price (low end)")
    price_high_usd: Usd | None = Field(default=None, description="Purchase price (high end)")
    condition: Literal["new", "used"] = Field(default="new", description="New or used")

    @model_validator(mode="after")
    def _range(self) -> Self:
        if (self.price_low_usd is None) != (self.price_high_usd is None):
            raise ValueError("give both price_low_usd and price_high_usd, or neither")
        _check_range(self.price_low_usd, self.price_high_usd, "price")
        return self

    def price_usd(self, point: Literal["low", "mid", "high"] = "mid") -> float | None:
        """Price at the chosen point of the range, or None if the catalog has no price."""
        if self.price_low_usd is None or self.price_high_usd is None:
            return None
        if point == "low":
            return self.price_low_usd
        if point == "high":
            return self.price_high_usd
        return (self.price_low_usd + self.price_high_usd) / 2


class Gpu(PricedItem):
    """An accelerator: memory, power and peak throughput from its spec sheet."""

    vendor: str = Field(default="", description="Maker", max_length=100)
    vram_gb: PositiveGigabytes = Field(
        description="Memory per GPU as the vendor lists it (binary: 80 GB = 80 x 2^30 bytes)"
    )
    power_w: PositiveWatts = Field(description="Board power at load")
    idle_power_w: Watts | None = Field(default=None, description="Board power when idle")
    mem_bandwidth_gbps: PositiveGbPerS = Field(description="Peak memory bandwidth")
    fp32_tflops: Tflops | None = Field(
        default=None,
        description="FP32 throughput of the CUDA cores (int8 dot products run at 4x this)",
    )
    bf16_tflops: PositiveTflops = Field(description="Dense BF16/FP16 tensor throughput")
    fp8_tflops: Tflops | None = Field(default=None, description="Dense FP8 tensor throughput")
    fp4_tflops: Tflops | None = Field(default=None, description="Dense FP4 tensor throughput")
    int8_tops: Tflops | None = Field(
        default=None,
        description="Dense INT8 tensor throughput, TOPS (integer matmul paths)",
        json_schema_extra={"unit": "TOPS"},
    )
    fp16_acc_tflops: Tflops | None = Field(
        default=None,
        description="Dense FP16 tensor throughput with FP16 accumulate (GeForce cards run it at "
        "twice the FP32-accumulate rate)",
    )
    interconnect_gbps: GbPerS | None = Field(
        default=None, description="GPU-to-GPU bandwidth per direction (NVLink or PCIe)"
    )
    interconnect_latency_us: LatencyUs | None = Field(
        default=None,
        description="Latency of one small all-reduce between these GPUs, microseconds",
        json_schema_extra={"unit": "µs"},
    )
    memory_kind: Literal["hbm", "gddr", "unified"] | None = Field(
        default=None,
        description="HBM (datacenter), GDDR (consumer) or unified memory (one pool shared with "
        "the CPU: Apple silicon, DGX Spark, Ryzen AI Max): engines reach different shares of "
        "their peak bandwidth",
    )
    gpu_memory_share: Fraction | None = Field(
        default=None,
        description="Unified memory: share of the pool the GPU may hold (the OS keeps the rest); "
        "weights past it run on the CPU from the same pool, at the same bandwidth",
    )
    mem_efficiency: Fraction | None = Field(
        default=None,
        description="Measured share of peak bandwidth decode reaches on this GPU; "
        "overrides the engine profile's default",
    )

    @model_validator(mode="after")
    def _unified_share(self) -> Self:
        if self.gpu_memory_share is not None and self.memory_kind != "unified":
            raise ValueError("gpu_memory_share applies to unified memory (memory_kind 'unified')")
        return self


class PartKind(StrEnum):
    """The role of a non-GPU part in a build."""

    CPU = "cpu"
    RAM = "ram"
    PLATFORM = "platform"
    STORAGE = "storage"
    HOST = "host"
    NETWORK = "network"
    OTHER = "other"


class Part(PricedItem):
    """A non-GPU component of a build."""

    kind: PartKind = Field(description="Role in the build")
    power_w: Watts = Field(default=0, description="Typical draw at load")
    psu_w: PositiveWatts | None = Field(
        default=None, description="Rated output of the power supply it includes, if any"
    )
    ram_gb: Gigabytes | None = Field(default=None, description="System memory it provides")
    ram_bandwidth_gbps: GbPerS | None = Field(
        default=None, description="System memory bandwidth it provides (for offload)"
    )


class LlmSpec(Entry):
    """An open-weight LLM's architecture, from its model card and config."""

    name: Name = Field(description="Model name")
    quality_tier: QualityTier | None = Field(
        default=None, description="Quality band (seed §4) of what this LLM serves"
    )
    total_params_b: ParamsB = Field(description="All parameters, billions")
    active_params_b: ParamsB = Field(description="Parameters used per token, billions")
    layers: Count(10_000, "at most 10,000; the deepest LLMs have ~130") = Field(
        description="Transformer layers"
    )
    hidden_size: Count(10**6, "at most 1,000,000; the largest LLMs use ~20,000") = Field(
        description="Model dimension"
    )
    attention_heads: Count(10**5, "at most 100,000; the largest LLMs use ~128") = Field(
        description="Query heads"
    )
    kv_heads: Count(10**5, "at most 100,000; the largest LLMs use ~128") = Field(
        description="Key/value heads (GQA)"
    )
    head_dim: Count(10**5, "at most 100,000; LLMs use 64-256") = Field(
        description="Dimension per head"
    )
    max_context: Count(10**9, "at most 10^9 tokens; the longest windows are ~10^7") = Field(
        description="Longest context, tokens"
    )
    kv_lora_rank: Count(10**6, "at most 1,000,000; DeepSeek uses 512") | None = Field(
        default=None, description="MLA compressed KV width (DeepSeek); replaces heads x dim"
    )
    qk_rope_head_dim: Count(10**5, "at most 100,000; DeepSeek uses 64", low=0) | None = Field(
        default=None, description="MLA decoupled RoPE key width cached per token"
    )
    experts: Count(10**6, "at most 1,000,000; the largest MoE LLMs use ~400", low=2) | None = Field(
        default=None, description="Routed experts per MoE layer (None for a dense model)"
    )
    experts_per_token: Count(10**6, "at most 1,000,000; MoE LLMs use 1-16") | None = Field(
        default=None, description="Routed experts each token uses (MoE top-k)"
    )
    vocab_size: VocabSize | None = Field(
        default=None,
        description="Vocabulary: the input embedding table (vocab x hidden) is looked up, "
        "not read whole, per token",
    )
    tied_embeddings: Flag = Field(
        default=False, description="The output layer reuses the input embedding table"
    )
    sliding_window: Count(10**9, "at most 10^9 tokens; windows are 128-32,768") | None = Field(
        default=None,
        description="Tokens a local-attention layer attends to and caches (sliding window or "
        "chunked attention); None: every layer attends over the whole context",
    )
    sliding_window_layers: Count(10_000, "at most 10,000 layers", low=0) | None = Field(
        default=None, description="How many of the layers use the sliding window"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.active_params_b > self.total_params_b:
            raise ValueError("active_params_b exceeds total_params_b")
        if self.kv_heads > self.attention_heads:
            raise ValueError("kv_heads exceeds attention_heads")
        if self.vocab_size is not None and (
            self.vocab_size * self.hidden_size / 1e9 > self.active_params_b
        ):
            raise ValueError(
                "the embedding table (vocab_size x hidden_size) exceeds active_params_b"
            )
        if (self.sliding_window is None) != (self.sliding_window_layers is None):
            raise ValueError("give both sliding_window and sliding_window_layers, or neither")
        if self.sliding_window_layers is not None and self.sliding_window_layers > self.layers:
            raise ValueError("sliding_window_layers exceeds layers")
        if (self.experts is None) != (self.experts_per_token is None):
            raise ValueError("give both experts and experts_per_token, or neither")
        if self.experts is not None and self.experts_per_token is not None:
            if self.experts_per_token >= self.experts:
                raise ValueError("experts_per_token must be below experts")
            if self.active_params_b == self.total_params_b:
                raise ValueError("an MoE model has fewer active_params_b than total_params_b")
        return self


class QuantFormat(Entry):
    """A weight (or KV cache) number format and its effective bits per weight."""

    name: Name = Field(description="Format name")
    bits_per_weight: Bounded(0.1, 64, "0.1 to 64 bits; formats run from 1.58-bit to FP64") = Field(
        description="Average stored bits per weight, scales included"
    )
    compute: Literal["bf16", "fp8", "fp4"] = Field(
        default="bf16", description="Tensor precision the matrix multiplies run in"
    )
    family: str = Field(default="", description="Ecosystem (GGUF, FP, AWQ ...)", max_length=50)
    kv_cache: Flag | None = Field(
        default=None,
        description="The KV cache can be held in this format (no: weight-only; unset: unknown)",
    )


class Tariff(Entry):
    """An electricity price."""

    name: Name = Field(description="Tariff name")
    usd_per_kwh: UsdPerKwh = Field(description="Energy price")
    region: str = Field(default="", description="Where it applies", max_length=100)


class Measurement(Entry):
    """Throughput measured (or claimed) for one hardware, LLM and quantization combination."""

    gpu_id: Slug = Field(description="The GPU")
    gpu_count: Count(1024, "at most 1,024 GPUs in one measured run") = Field(
        default=1, description="GPUs used"
    )
    llm_id: Slug = Field(description="The LLM spec")
    quant_id: Slug | None = Field(default=None, description="The weight format, if known")
    concurrency: Count(100_000, "at most 100,000 sequences at once") = Field(
        default=1, description="Sequences decoded together"
    )
    phase: Literal["decode", "prefill", "mixed"] = Field(
        default="decode", description="Which tokens were counted"
    )
    kind: Literal["measured", "claim"] = Field(
        default="measured", description="A measurement, or a rule of thumb to check"
    )
    low_tokens_per_s: TokensPerS = Field(description="Aggregate throughput (low end)")
    high_tokens_per_s: TokensPerS = Field(description="Aggregate throughput (high end)")
    offload_pct: Percent = Field(default=0, description="Share of weights held in system RAM")
    context_tokens: Context | None = Field(
        default=None, description="Average context per sequence during the run, if known"
    )
    engine_id: Slug | None = Field(
        default=None,
        description="The engine profile the run used (llama.cpp, vllm ...); unset: any engine",
    )

    @model_validator(mode="after")
    def _range(self) -> Self:
        _check_range(self.low_tokens_per_s, self.high_tokens_per_s, "throughput")
        return self
