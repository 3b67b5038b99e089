"""Throughput and memory estimator: hardware x LLM x quantization x context x concurrency."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.entries import Gpu, LlmSpec, Measurement, QuantFormat
from infercost.model.catalog.project import Project
from infercost.model.errors import InferCostError
from infercost.model.estimator.engines import EngineProfile, default_engine, engine
from infercost.model.estimator.estimate_types import (
    MAX_CONCURRENCY,
    MAX_CONTEXT_TOKENS,
    MAX_GPU_COUNT,
    Delivered,
    Estimate,
    EstimateRequest,
    Offload,
    Source,
    Speed,
)
from infercost.model.estimator.memory import Memory, memory, unified_host, weights_read_gb
from infercost.model.estimator.roofline import (
    POINTS,
    Hardware,
    StepTimes,
    blended_tokens_per_s,
    step_times,
)

__all__ = [
    "DEFAULT_HOST_BANDWIDTH_GBPS",
    "MAX_CONCURRENCY",
    "MAX_CONTEXT_TOKENS",
    "MAX_GPU_COUNT",
    "Delivered",
    "Estimate",
    "EstimateRequest",
    "Offload",
    "Speed",
    "Throughput",
    "estimate",
    "host_memory",
    "kv_format",
    "matching_measurements",
    "request_warnings",
    "resolve_engine",
    "throughput_for",
]

# Two channels of DDR5-5600 (2 x 5600 MT/s x 8 bytes), the seed's desktop rig: the host
# assumed for offload when neither the request nor a build names one.
DEFAULT_HOST_BANDWIDTH_GBPS = 89.6

_KV16 = QuantFormat(
    id="kv-16bit", name="16-bit KV cache", bits_per_weight=16, kv_cache=True, source="2 bytes"
)


def kv_format(cat: Catalog, kv_quant_id: str | None) -> QuantFormat:
    """The KV-cache format: a catalog quantization not marked weight-only, or 16-bit if unset.

    Raises
    ------
    UnknownIdError
        For an id the catalog does not hold.
    InferCostError
        For a weight-only format (AWQ, K-quants): no engine stores a KV cache in it.
    """
    if kv_quant_id is None:
        return _KV16
    kv = cat.quant(kv_quant_id)
    # Unset (catalogs saved before the field existed) is taken on trust.
    if kv.kv_cache is False:
        usable = ", ".join(q.id for q in cat.quants if q.kv_cache) or "none in this catalog"
        raise InferCostError(
            f"KV-cache format '{kv_quant_id}' ({kv.name}) is a weight-only format; "
            f"KV-cache formats: {usable}"
        )
    return kv


def request_warnings(req: EstimateRequest, llm: LlmSpec, eng: EngineProfile) -> tuple[str, ...]:
    """What makes an estimate describe a configuration the model or engine will not run."""
    out = []
    if req.context_tokens > llm.max_context:
        out.append(
            f"context {req.context_tokens:,} tokens is beyond {llm.name}'s maximum of "
            f"{llm.max_context:,}: the model was not trained for it and engines refuse it"
        )
    if eng.multi_gpu == "tensor" and req.gpu_count > 1 and llm.attention_heads % req.gpu_count:
        out.append(
            f"tensor parallel over {req.gpu_count} GPUs does not divide {llm.name}'s "
            f"{llm.attention_heads} attention heads; vLLM-class engines refuse this GPU count"
        )
    return tuple(out)


def resolve_engine(
    req: EstimateRequest, quant: QuantFormat, profile: EngineProfile | None = None
) -> EngineProfile:
    """The profile to use: one passed in (a user's edited copy), the named one, or the default."""
    if profile is not None:
        return profile
    return default_engine(quant) if req.engine_id is None else engine(req.engine_id)


def _speed(times: StepTimes, batch: int, prompt: int, input_share: float, i: int = 0) -> Speed:
    step = float(times.decode_s[i])
    agg = batch / step
    prefill = times.prefill_tokens / float(times.prefill_s[i])
    return Speed(
        decode_tokens_per_s=agg,
        decode_tokens_per_s_per_seq=1.0 / step,
        prefill_tokens_per_s=prefill,
        ttft_s=prompt / prefill + step,
        tpot_s=step,
        blended_tokens_per_s=float(blended_tokens_per_s(np.float64(agg), prefill, input_share)),
    )


def matching_measurements(
    cat: Catalog, req: EstimateRequest, kind: Literal["measured", "claim"] = "measured"
) -> list[Measurement]:
    """Catalog measurements for exactly this GPU, count, LLM, format, concurrency and engine
    (a measurement that names no engine matches any)."""
    engine_id = resolve_engine(req, cat.quant(req.quant_id)).id if req.quant_id else None
    return [
        m
        for m in cat.measurements
        if m.kind == kind
        and (m.engine_id is None or m.engine_id == engine_id)
        and m.gpu_id == req.gpu_id
        and m.gpu_count == req.gpu_count
        and m.llm_id == req.llm_id
        and m.quant_id == req.quant_id
        and m.concurrency == req.concurrency
    ]


def host_memory(gpu: Gpu, req: EstimateRequest) -> tuple[float, float | None]:
    """(bandwidth GB/s, size GB or None) of the memory offloaded weights live in.

    The request's own figures first; a unified-memory machine offloads into the rest of its
    one pool (same bandwidth, no PCIe crossing); a card into the default desktop's DDR5.
    """
    unified = unified_host(gpu, req.gpu_count)
    bw = req.host_bandwidth_gbps or (unified[0] if unified else DEFAULT_HOST_BANDWIDTH_GBPS)
    ram = req.host_ram_gb if req.host_ram_gb is not None else (unified[1] if unified else None)
    return bw, ram


def estimate(cat: Catalog, req: EstimateRequest, profile: EngineProfile | None = None) -> Estimate:
    """Memory and speed of one configuration; a matching measurement replaces the estimate.

    Parameters
    ----------
    cat
        The catalog holding the GPU, LLM, formats and measurements.
    req
        The configuration. Speeds are given as if memory sufficed; when it does not,
        ``fits`` is false and ``offload`` carries the speed with weights in system RAM.
    profile
        An engine profile with edited efficiencies; overrides ``req.engine_id``.

    Raises
    ------
    UnknownIdError
        For an id the catalog does not hold.
    InferCostError
        For a KV-cache format that is weight-only.
    """
    gpu, llm, quant = cat.gpu(req.gpu_id), cat.llm(req.llm_id), cat.quant(req.quant_id)
    kv = kv_format(cat, req.kv_quant_id)
    eng = resolve_engine(req, quant, profile)
    mem = memory(gpu, req.gpu_count, llm, quant, kv, req.context_tokens, req.concurrency, eng)
    host_bw, host_ram = host_memory(gpu, req)
    hw = Hardware(gpu=gpu, gpu_count=req.gpu_count, host_bandwidth_gbps=host_bw)
    prompt = req.prompt_tokens or req.context_tokens
    # A forced share (a claim's "30% offloaded") applies to every speed; otherwise speeds are
    # those with enough memory and the offloaded speed is reported beside them. Both shares
    # go through one vectorized call per efficiency point.
    forced = req.offload_share
    share = forced if forced is not None else mem.offload_share
    shares = [forced or 0.0] + ([share] if forced is None and share > 0 else [])
    batch = np.full(len(shares), float(req.concurrency))
    speeds: dict[str, Speed] = {}
    off_speeds: dict[str, Speed] = {}
    bounds = ("", "")
    for point in POINTS:
        t = step_times(
            hw, llm, quant, kv, eng, req.context_tokens, prompt, batch, np.array(shares), point
        )
        speeds[point] = _speed(t, req.concurrency, prompt, req.input_share)
        off_speeds[point] = _speed(t, req.concurrency, prompt, req.input_share, len(shares) - 1)
        if point == "typical":
            bounds = (str(t.decode_bound[0]), str(t.prefill_bound[0]))
    offload = None
    if share > 0:
        off_gb = mem.weights_gb * share
        typ = off_speeds["typical"]
        offload = Offload(
            share=share,
            gb=off_gb,
            host_bandwidth_gbps=host_bw,
            host_ram_gb=host_ram,
            host_ram_enough=None if host_ram is None else host_ram >= off_gb,
            decode_tokens_per_s=typ.decode_tokens_per_s,
            decode_tokens_per_s_low=off_speeds["low"].decode_tokens_per_s,
            decode_tokens_per_s_high=off_speeds["high"].decode_tokens_per_s,
            blended_tokens_per_s=typ.blended_tokens_per_s,
            prefill_tokens_per_s=typ.prefill_tokens_per_s,
            tpot_s=typ.tpot_s,
            ttft_s=typ.ttft_s,
            # Offloaded bytes read once per step at the full host bandwidth, GPU time zero.
            ceiling_tokens_per_s=req.concurrency
            * host_bw
            / (weights_read_gb(llm, quant, req.concurrency) * share),
        )
    est = _apply_measurements(cat, req, eng, mem, speeds, bounds, prompt, offload)
    return replace(est, warnings=request_warnings(req, llm, eng) + _context_notes(cat, est))


def _context_notes(cat: Catalog, est: Estimate) -> tuple[str, ...]:
    """A measurement used at a context far from its own: the KV read it saw was different."""
    out = []
    ctx = est.request.context_tokens
    for m in cat.measurements:
        if (
            m.id in est.measurement_ids
            and m.context_tokens
            and not 0.5 <= ctx / m.context_tokens <= 2
        ):
            out.append(
                f"measurement '{m.id}' ran at {m.context_tokens:,} tokens of context, this "
                f"request at {ctx:,}: longer contexts read more KV cache per token"
            )
    return tuple(out)


def _apply_measurements(
    cat: Catalog,
    req: EstimateRequest,
    eng: EngineProfile,
    mem: Memory,
    speeds: dict[str, Speed],
    bounds: tuple[str, str],
    prompt: int,
    offload: Offload | None,
) -> Estimate:
    sources: dict[str, Source] = {
        "decode": "estimate",
        "prefill": "estimate",
        "blended": "estimate",
    }
    used: list[str] = []
    if req.use_measurements:
        by_phase = {m.phase: m for m in matching_measurements(cat, req)}
        for point in POINTS:
            s = speeds[point]
            decode, prefill, blended = s.decode_tokens_per_s, s.prefill_tokens_per_s, None
            if "decode" in by_phase:
                decode = _measured_value(by_phase["decode"], point)
            if "prefill" in by_phase:
                prefill = _measured_value(by_phase["prefill"], point)
            if "mixed" in by_phase:
                blended = _measured_value(by_phase["mixed"], point)
            step = req.concurrency / decode
            speeds[point] = Speed(
                decode_tokens_per_s=decode,
                decode_tokens_per_s_per_seq=1.0 / step,
                prefill_tokens_per_s=prefill,
                ttft_s=prompt / prefill + step,
                tpot_s=step,
                blended_tokens_per_s=blended
                if blended is not None
                else float(blended_tokens_per_s(np.float64(decode), prefill, req.input_share)),
            )
        for phase, m in sorted(by_phase.items()):
            used.append(m.id)
            if phase in ("decode", "prefill"):
                sources[phase] = "measured"
            if phase in ("decode", "mixed"):
                sources["blended"] = "measured"
    return Estimate(
        request=req,
        engine_id=eng.id,
        memory=mem,
        typical=speeds["typical"],
        low=speeds["low"],
        high=speeds["high"],
        decode_bound=bounds[0],
        prefill_bound=bounds[1],
        decode_source=sources["decode"],
        prefill_source=sources["prefill"],
        blended_source=sources["blended"],
        measurement_ids=tuple(used),
        offload=offload,
    )


def _measured_value(m: Measurement, point: str) -> float:
    if point == "low":
        return m.low_tokens_per_s
    if point == "high":
        return m.high_tokens_per_s
    return (m.low_tokens_per_s + m.high_tokens_per_s) / 2


@dataclass(frozen=True)
class Throughput:
    """The tokens per second a cost calculation uses, and where it came from."""

    tokens_per_s: float
    source: Literal["measured", "estimate"]
    low: float
    high: float
    note: str = ""


def throughput_for(
    project_or_catalog: Project | Catalog,
    gpu_id: str,
    gpu_count: int,
    llm_id: str,
    quant_id: str,
    concurrency: int,
    context: int,
    input_share: float,
    host_bandwidth_gbps: float | None = None,
    use_measurements: bool = True,
) -> Throughput:
    """Blended tokens/s for a workload mix: a measured catalog entry first (unless
    ``use_measurements`` is False), else the estimate.

    A ``measured`` entry of phase ``mixed`` is used as is; one of phase ``decode`` replaces
    the decode speed inside the blend. When the weights do not fit, the estimate is the
    speed with the excess offloaded to system RAM.
    """
    cat = (
        project_or_catalog.catalog
        if isinstance(project_or_catalog, Project)
        else project_or_catalog
    )
    req = EstimateRequest(
        gpu_id=gpu_id,
        gpu_count=gpu_count,
        llm_id=llm_id,
        quant_id=quant_id,
        concurrency=concurrency,
        context_tokens=context,
        input_share=input_share,
        host_bandwidth_gbps=host_bandwidth_gbps,
        use_measurements=use_measurements,
    )
    est = estimate(cat, req)
    # One rate serves a whole request, so it is the blend of the two phases, not decode alone.
    blend = f"blend of prefill and decode at {input_share:.0%} input"
    if est.blended_source == "measured":
        ids = ", ".join(est.measurement_ids)
        # A decode-only measurement is blended with the estimated prefill: say so.
        mixed = any(m.phase == "mixed" for m in matching_measurements(cat, req))
        partial = est.prefill_source == "estimate" and not mixed
        what = "measured decode, estimated prefill" if partial else "measured"
        return Throughput(
            est.typical.blended_tokens_per_s,
            "measured",
            est.low.blended_tokens_per_s,
            est.high.blended_tokens_per_s,
            f"{what}: {ids}",
        )
    if est.offload is not None:
        o = est.offload
        ratio_low = est.low.blended_tokens_per_s / est.typical.blended_tokens_per_s
        ratio_high = est.high.blended_tokens_per_s / est.typical.blended_tokens_per_s
        return Throughput(
            o.blended_tokens_per_s,
            "estimate",
            o.blended_tokens_per_s * min(1.0, ratio_low),
            o.blended_tokens_per_s * max(1.0, ratio_high),
            f"does not fit: {o.share:.0%} of weights offloaded to system RAM; {blend}",
        )
    return Throughput(
        est.typical.blended_tokens_per_s,
        "estimate",
        est.low.blended_tokens_per_s,
        est.high.blended_tokens_per_s,
        f"estimate ({est.engine_id}; {blend}; decode is {est.decode_bound}-bound)",
    )
