"""Is a pinned or measured tokens/s figure plausible for its hardware? (Qt-free, for views)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import OwnedOption, RentalOption, Workload
from infercost.model.estimator.engines import EngineProfile
from infercost.model.estimator.estimate import (
    Estimate,
    EstimateRequest,
    estimate,
    host_memory,
    kv_format,
    resolve_engine,
)
from infercost.model.estimator.memory import (
    attended_context,
    kv_bytes_per_token,
    kv_replication,
    lookup_params_b,
    weights_read_gb,
)
from infercost.model.estimator.option_throughput import option_hardware, option_request
from infercost.model.estimator.roofline import peak_tflops

Verdict = Literal["within band", "below band", "above ceiling", "does not fit"]
Phase = Literal["decode", "prefill", "blended"]


@dataclass(frozen=True)
class Plausibility:
    """Where a figure lies against the estimate's band and the hardware's physical ceiling.

    ``band_low``/``band_high`` are the estimate at the slow and fast ends of the engine's
    efficiency bands; ``ceiling`` is what the hardware could do at 100% of its bandwidth and
    tensor peak with no overhead. A figure between ``band_high`` and ``ceiling`` is
    physically possible: the verdict is "within band" and ``above_band`` is true.
    """

    verdict: Verdict
    figure_tokens_per_s: float
    phase: Phase
    estimate_tokens_per_s: float
    band_low: float
    band_high: float
    ceiling: float
    above_band: bool
    memory_needed_gb: float
    memory_capacity_gb: float
    explanation: str


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def decode_ceiling(
    cat: Catalog,
    req: EstimateRequest,
    offload_share: float = 0.0,
    profile: EngineProfile | None = None,
) -> float:
    """Aggregate decode tok/s at 100% of bandwidth and tensor peak, no overhead, no all-reduce.

    Tensor parallel reads every GPU's shard at once; a layer split reads them in turn (one
    GPU's bandwidth); a row split reads every GPU's slice at once too (the KV cache, on the
    main GPU, is counted at the same n-fold rate: a ceiling may only be generous). Offloaded
    weights are read at the full host bandwidth.
    """
    gpu, llm, quant = cat.gpu(req.gpu_id), cat.llm(req.llm_id), cat.quant(req.quant_id)
    n, b = req.gpu_count, req.concurrency
    kv, eng = kv_format(cat, req.kv_quant_id), resolve_engine(req, quant, profile)
    shared = eng.multi_gpu in ("tensor", "row") and n > 1
    bw = gpu.mem_bandwidth_gbps * (n if shared else 1)
    flops = peak_tflops(gpu, quant, eng) * 1e12 * (n if shared else 1)
    w = weights_read_gb(llm, quant, b)
    kv_gb = (
        kv_bytes_per_token(llm, kv)
        / 1e9
        * kv_replication(llm, n, eng)
        * attended_context(llm, req.context_tokens)
    )
    t_mem = (w * (1 - offload_share) + kv_gb * b) / bw
    t_comp = b * 2e9 * (llm.active_params_b - lookup_params_b(llm)) / flops
    host = host_memory(gpu, req)[0]
    t_host = w * offload_share / host
    return b / (max(t_mem, t_comp) + t_host)


def prefill_ceiling(
    cat: Catalog, req: EstimateRequest, profile: EngineProfile | None = None
) -> float:
    """Prompt tok/s at 100% of the tensor peak of the format's compute path, all GPUs busy."""
    gpu, llm, quant = cat.gpu(req.gpu_id), cat.llm(req.llm_id), cat.quant(req.quant_id)
    eng = resolve_engine(req, quant, profile)
    n = req.gpu_count if eng.multi_gpu in ("tensor", "row") else 1
    return (
        peak_tflops(gpu, quant, eng)
        * 1e12
        * n
        / (2e9 * (llm.active_params_b - lookup_params_b(llm)))
    )


def _speeds(est: Estimate, phase: Phase) -> tuple[float, float, float]:
    """Typical, low and high of the phase, with the offloaded speeds when it does not fit."""
    field = {
        "decode": "decode_tokens_per_s",
        "prefill": "prefill_tokens_per_s",
        "blended": "blended_tokens_per_s",
    }[phase]
    t, lo, hi = (getattr(s, field) for s in (est.typical, est.low, est.high))
    o = est.offload
    if o is not None and est.request.offload_share is None and phase != "prefill":
        if phase == "decode":
            return o.decode_tokens_per_s, o.decode_tokens_per_s_low, o.decode_tokens_per_s_high
        ratio = o.blended_tokens_per_s / t
        return o.blended_tokens_per_s, lo * ratio, hi * ratio
    return t, lo, hi


def plausibility(
    cat: Catalog,
    req: EstimateRequest,
    tokens_per_s: float,
    phase: Phase = "decode",
    profile: EngineProfile | None = None,
) -> Plausibility:
    """Check a pinned or measured figure for the configuration ``req`` describes.

    Parameters
    ----------
    cat
        Catalog with the GPU, LLM and formats.
    req
        The configuration the figure is for: GPU, count, LLM, format, concurrency, context.
        Catalog measurements are ignored (the figure is what is being checked).
    tokens_per_s
        The figure: aggregate decode tok/s, prompt tok/s, or blended tok/s of the mix.
    phase
        Which speed the figure is.
    profile
        An edited engine profile, as for ``estimate``.

    Returns
    -------
    Plausibility
        "does not fit" when the weights and KV cache at this concurrency exceed the GPUs'
        usable memory and the engine cannot offload (tensor-parallel servers), or the host
        RAM given cannot hold the offloaded share; else "above ceiling" past the physical
        ceiling, "below band" under the band's slow end, "within band" otherwise.
    """
    if not tokens_per_s > 0:
        raise ValueError(f"tokens_per_s must be positive, got {tokens_per_s!r}")
    est = estimate(cat, req.model_copy(update={"use_measurements": False}), profile)
    # llama.cpp (layer or row split) keeps what does not fit in system RAM; tensor-parallel
    # servers refuse to start.
    eng_offloads = resolve_engine(req, cat.quant(req.quant_id), profile).multi_gpu != "tensor"
    mem = est.memory
    typical, low, high = _speeds(est, phase)
    share = req.offload_share if req.offload_share is not None else mem.offload_share
    dec_ceiling = decode_ceiling(cat, req, share, profile)
    pre_ceiling = prefill_ceiling(cat, req, profile)
    if phase == "decode":
        ceiling = dec_ceiling
    elif phase == "prefill":
        ceiling = pre_ceiling
    else:
        s = req.input_share
        ceiling = 1.0 / (s / pre_ceiling + (1 - s) / dec_ceiling)
    offload_short = est.offload is not None and est.offload.host_ram_enough is False
    what = (
        f"{_fmt(tokens_per_s)} tok/s {phase} for {req.llm_id} {req.quant_id} on "
        f"{req.gpu_count}x {req.gpu_id} at {req.concurrency} sequence(s) of "
        f"{req.context_tokens:,} tokens"
    )
    if share > 0 and (eng_offloads or req.offload_share is not None):
        what += f" with {share:.0%} of the weights in system RAM"
    if (not mem.fits and req.offload_share is None and not eng_offloads) or offload_short:
        verdict: Verdict = "does not fit"
        why = (
            f"it needs {mem.gib(mem.total_gb):.1f} GiB and {mem.gib(mem.capacity_gb):.1f} GiB "
            f"is usable; at most {mem.max_concurrency} sequence(s) fit at this context"
        )
        if offload_short:
            why = "the system RAM given cannot hold the offloaded weights"
        text = f"{what} cannot be served as stated: {why}."
    elif tokens_per_s > ceiling * 1.0001:
        verdict = "above ceiling"
        text = (
            f"{what} is above the physical ceiling of {_fmt(ceiling)} tok/s (100% of memory "
            f"bandwidth and tensor peak, no overhead): it cannot be right as stated."
        )
    elif tokens_per_s < low:
        verdict = "below band"
        text = (
            f"{what} is below the estimate's band ({_fmt(low)}-{_fmt(high)}, typical "
            f"{_fmt(typical)}): possible, but the setup is slower than the engine's usual."
        )
    else:
        verdict = "within band"
        extra = (
            " and below the physical ceiling"
            if tokens_per_s > high
            else f" (typical {_fmt(typical)})"
        )
        text = f"{what} is within the estimate's band ({_fmt(low)}-{_fmt(high)}){extra}."
    return Plausibility(
        verdict=verdict,
        figure_tokens_per_s=tokens_per_s,
        phase=phase,
        estimate_tokens_per_s=typical,
        band_low=low,
        band_high=high,
        ceiling=ceiling,
        above_band=verdict == "within band" and tokens_per_s > high,
        memory_needed_gb=mem.total_gb,
        memory_capacity_gb=mem.capacity_gb,
        explanation=text,
    )


def option_plausibility(
    project: Project, opt: RentalOption | OwnedOption, workload: Workload
) -> Plausibility | None:
    """Plausibility of a rental or owned option's pinned ``tokens_per_s`` (blended tok/s).

    The configuration is the option's hardware (a rental unit or the build's GPUs and RAM),
    LLM, format, concurrency and context (the workload's prompt length if unset), with the
    workload's input share. None when nothing is pinned or the option names no LLM.
    """
    if opt.tokens_per_s is None or opt.llm_id is None or opt.quant_id is None:
        return None
    req = option_request(opt, workload, option_hardware(project.catalog, opt))
    return plausibility(project.catalog, req, opt.tokens_per_s, "blended")
