"""Check the seed's throughput rules of thumb (catalog "claim" entries) against physics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.entries import Measurement, Part
from infercost.model.estimator.estimate import (
    DEFAULT_HOST_BANDWIDTH_GBPS,
    EstimateRequest,
    estimate,
)

Verdict = Literal["agrees", "too optimistic", "too pessimistic"]

# The seed names no context length or workload mix for its claims.
CLAIM_CONTEXT_TOKENS = 2048
CLAIM_INPUT_SHARE = 0.5


@dataclass(frozen=True)
class ClaimCheck:
    """One rule of thumb, the estimate for the same configuration, and what physics says."""

    measurement_id: str
    claim_low: float
    claim_high: float
    estimate: float
    estimate_low: float
    estimate_high: float
    ceiling: float | None
    verdict: Verdict
    message: str


def _tps(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def host_bandwidth_for(cat: Catalog, gpu_id: str) -> tuple[float, str]:
    """System-RAM bandwidth of the first build holding this GPU, else the DDR5 default."""
    for build in cat.builds:
        items = [line.item_id for line in build.lines]
        if gpu_id not in items:
            continue
        for item_id in items:
            part = cat.item(item_id)
            if isinstance(part, Part) and part.ram_bandwidth_gbps:
                return part.ram_bandwidth_gbps, f"{part.name} in build '{build.id}'"
    return DEFAULT_HOST_BANDWIDTH_GBPS, "dual-channel DDR5-5600 (InferCost default)"


def check_claim(cat: Catalog, m: Measurement) -> ClaimCheck:
    """Compare one claim with the estimate; the verdict needs the ranges not to overlap.

    The claim's offload share is imposed as stated; the host bandwidth is that of a build
    holding the GPU. A decode claim with offload also gets a hard ceiling: the offloaded
    bytes read once per step at the full host bandwidth, with the GPU part taking no time.
    """
    if m.quant_id is None:
        raise ValueError(f"measurement '{m.id}' names no quantization to estimate")
    host_bw, host_what = host_bandwidth_for(cat, m.gpu_id)
    req = EstimateRequest(
        gpu_id=m.gpu_id,
        gpu_count=m.gpu_count,
        llm_id=m.llm_id,
        quant_id=m.quant_id,
        concurrency=m.concurrency,
        context_tokens=CLAIM_CONTEXT_TOKENS,
        input_share=CLAIM_INPUT_SHARE,
        host_bandwidth_gbps=host_bw,
        offload_share=m.offload_pct / 100,
        use_measurements=False,
    )
    est = estimate(cat, req)
    field = {
        "decode": "decode_tokens_per_s",
        "prefill": "prefill_tokens_per_s",
        "mixed": "blended_tokens_per_s",
    }[m.phase]
    typical, low, high = (getattr(s, field) for s in (est.typical, est.low, est.high))
    ceiling = None
    if m.offload_pct > 0 and m.phase == "decode":
        ceiling = est.offload.ceiling_tokens_per_s if est.offload else None
    if m.low_tokens_per_s > high:
        verdict: Verdict = "too optimistic"
    elif m.high_tokens_per_s < low:
        verdict = "too pessimistic"
    else:
        verdict = "agrees"
    llm, quant, gpu = cat.llm(m.llm_id), cat.quant(m.quant_id), cat.gpu(m.gpu_id)
    what = f"{llm.name} {quant.name} on {m.gpu_count}x {gpu.name}, {m.concurrency} sequence(s)"
    mem = est.memory
    off_gib = mem.gib(mem.weights_gb) * m.offload_pct / 100
    if m.offload_pct:
        what += (
            f", {m.offload_pct:g}% of {mem.gib(mem.weights_gb):.1f} GiB weights "
            f"({off_gib:.1f} GiB) in system RAM at {host_bw:g} GB/s ({host_what})"
        )
    msg = (
        f"{what}: {m.phase} estimate {_tps(typical)} tok/s ({_tps(low)}-{_tps(high)}); "
        f"the seed claims {_tps(m.low_tokens_per_s)}-{_tps(m.high_tokens_per_s)} tok/s"
    )
    if verdict == "agrees":
        msg += ": physics agrees."
    else:
        word = "cannot reach" if verdict == "too optimistic" else "beats"
        msg += f": physics disagrees, the hardware {word} the claimed range."
    if not mem.fits and not m.offload_pct:
        msg += (
            f" (It does not fit: {mem.gib(mem.total_gb):.1f} GiB needed at "
            f"{CLAIM_CONTEXT_TOKENS:,} tokens per sequence, {mem.gib(mem.capacity_gb):.1f} GiB "
            f"usable; at most {mem.max_concurrency}"
            " sequences fit.)"
        )
    if ceiling is not None:
        msg += (
            f" Reading {off_gib:.1f} GiB from system RAM per step caps decode at "
            f"{_tps(ceiling)} tok/s even if the GPU part took no time."
        )
    return ClaimCheck(
        m.id, m.low_tokens_per_s, m.high_tokens_per_s, typical, low, high, ceiling, verdict, msg
    )


def check_claims(cat: Catalog) -> list[ClaimCheck]:
    """Every claim in the catalog, checked."""
    return [check_claim(cat, m) for m in cat.measurements if m.kind == "claim" and m.quant_id]
