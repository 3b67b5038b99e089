"""Speculative decoding: a small draft LLM proposes tokens, the target verifies them in one pass.

With k tokens proposed per step and each accepted with probability a (independently, the
model of Leviathan et al. 2023), a verification step yields (1 - a^(k+1)) / (1 - a) tokens
per sequence on average: the accepted run plus the target's own next token. A step costs k
draft decode passes (without the engine's fixed per-step work, paid once per step), one
target pass over k + 1 tokens per sequence, and the host sampling of the 2k extra tokens.
At small batch the target pass is bound by reading its weights, so verifying k + 1 tokens
costs little more than one and speculation pays; at large batch the target pass is
compute-bound, k + 1 tokens cost ~k + 1 times one, and it stops paying.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.entries import LlmSpec
from infercost.model.catalog.scenario import Speculation
from infercost.model.estimator.engines import Band, EngineProfile
from infercost.model.estimator.estimate import (
    EstimateRequest,
    host_memory,
    kv_format,
    resolve_engine,
)
from infercost.model.estimator.memory import (
    attended_context,
    kv_bytes_per_token,
    kv_replication,
    memory,
    weights_gb,
)
from infercost.model.estimator.roofline import Hardware, blended_tokens_per_s, step_times

__all__ = [
    "Speculation",
    "SpeculativeEstimate",
    "acceptance_from_tokens_per_step",
    "expected_tokens_per_step",
    "speculative_estimate",
]

# The largest batch searched for the point where speculation stops paying.
MAX_BREAK_EVEN_BATCH = 4096


def expected_tokens_per_step(acceptance: float, proposed: int) -> float:
    """Tokens one verification step yields per sequence: (1 - a^(k+1)) / (1 - a).

    a = 1 gives k + 1 (every proposal accepted plus the target's token); a = 0 gives 1.
    """
    if not 0 <= acceptance <= 1 or proposed < 0:
        raise ValueError("acceptance must be in [0, 1] and proposed >= 0")
    if acceptance == 1:
        return float(proposed + 1)
    return (1 - acceptance ** (proposed + 1)) / (1 - acceptance)


def acceptance_from_tokens_per_step(tokens_per_step: float, proposed: int) -> float:
    """The per-token acceptance a that yields ``tokens_per_step`` (inverse, by bisection).

    For reading published runs that report the mean accepted length instead of a.
    """
    if not 1 <= tokens_per_step <= proposed + 1:
        raise ValueError(f"tokens per step must be in [1, {proposed + 1}]")
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if expected_tokens_per_step(mid, proposed) < tokens_per_step:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


@dataclass(frozen=True)
class SpeculativeEstimate:
    """Decode with and without speculation at the request's batch, and where it stops paying."""

    tokens_per_step: float
    draft_pass_s: float
    verify_pass_s: float
    sampling_s: float
    step_s: float
    plain_tpot_s: float
    tpot_s: float
    decode_tokens_per_s: float
    plain_decode_tokens_per_s: float
    speedup: float
    blended_tokens_per_s: float
    draft_memory_gb: float
    fits: bool
    max_batch_fits: int
    break_even_batch: int | None

    @property
    def pays(self) -> bool:
        return self.speedup > 1


def _draft_gb(draft: LlmSpec, cat: Catalog, req: EstimateRequest, spec: Speculation) -> float:
    """Draft weights plus its KV cache for every sequence, GB."""
    eng = resolve_engine(req, cat.quant(req.quant_id))
    kv = kv_format(cat, req.kv_quant_id)
    dq = cat.quant(spec.draft_quant_id or req.quant_id)
    kv_gb = (
        kv_bytes_per_token(draft, kv)
        / 1e9
        * kv_replication(draft, req.gpu_count, eng)
        * attended_context(draft, req.context_tokens)
        * req.concurrency
    )
    return weights_gb(draft, dq) + kv_gb


def speculative_estimate(
    cat: Catalog,
    req: EstimateRequest,
    spec: Speculation,
    profile: EngineProfile | None = None,
    point: str = "typical",
) -> SpeculativeEstimate:
    """Speculative decoding of ``req`` with ``spec``: speed, speed-up, memory, break-even batch.

    The draft runs on the same GPUs and engine as the target. Speeds assume enough memory
    (``fits`` says whether target, draft and both KV caches fit); offload is not modelled.

    Raises
    ------
    UnknownIdError
        For a draft LLM or format the catalog does not hold.
    """
    gpu, llm, quant = cat.gpu(req.gpu_id), cat.llm(req.llm_id), cat.quant(req.quant_id)
    draft = cat.llm(spec.draft_llm_id)
    dquant = cat.quant(spec.draft_quant_id or req.quant_id)
    kv = kv_format(cat, req.kv_quant_id)
    eng = resolve_engine(req, quant, profile)
    hw = Hardware(gpu, req.gpu_count, host_memory(gpu, req)[0])
    prompt = req.prompt_tokens or req.context_tokens
    k, ctx = spec.tokens_proposed, req.context_tokens
    # One vectorized pass over every batch up to the search limit, the request's included.
    # Every batch to 256, then steps of 1/64 of the way (the break-even is approximate there).
    grid = np.unique(np.geomspace(256, MAX_BREAK_EVEN_BATCH, 256).round())
    b = np.unique(np.concatenate([np.arange(1, 257.0), grid, [float(req.concurrency)]]))
    plain = step_times(hw, llm, quant, kv, eng, ctx, prompt, b, 0.0, point)
    verify = step_times(hw, llm, quant, kv, eng, ctx, prompt, b, 0.0, point, tokens_per_seq=k + 1)
    # The engine's fixed per-step work (scheduling, input preparation) is paid once per
    # verification step; the draft's passes pay their per-layer launches only.
    zero = Band(low=0.0, typical=0.0, high=0.0)
    deng = eng.model_copy(update={"step_overhead_ms": zero})
    dstep = step_times(hw, draft, dquant, kv, deng, ctx, prompt, b, 0.0, point)
    sampling = 2 * k * eng.sampling_ms_per_token / 1000
    tokens = expected_tokens_per_step(spec.acceptance_rate, k)
    cycle = k * dstep.decode_s + verify.decode_s + sampling
    speedup = tokens * plain.decode_s / cycle
    i = int(np.searchsorted(b, req.concurrency))
    mem = memory(gpu, req.gpu_count, llm, quant, kv, ctx, req.concurrency, eng)
    draft_gb = _draft_gb(draft, cat, req, spec)
    # Largest batch whose target and draft KV caches fit beside both models' weights.
    draft_weights = weights_gb(draft, dquant)
    per_seq = (mem.kv_cache_gb + draft_gb - draft_weights) / req.concurrency
    room = mem.capacity_gb - mem.weights_gb - mem.overhead_gb - draft_weights
    max_fit = max(0, int(room // per_seq)) if per_seq > 0 else MAX_BREAK_EVEN_BATCH
    # The first batch, among those that fit, at which speculation is slower than plain decode.
    losing = np.nonzero((speedup < 1) & (b <= max_fit))[0]
    break_even = int(b[losing[0]]) if losing.size else None
    # Prefill: the draft processes every prompt too.
    prefill = 1 / (
        plain.prefill_s[i] / plain.prefill_tokens + dstep.prefill_s[i] / dstep.prefill_tokens
    )
    decode = req.concurrency * tokens / float(cycle[i])
    return SpeculativeEstimate(
        tokens_per_step=tokens,
        draft_pass_s=float(dstep.decode_s[i]),
        verify_pass_s=float(verify.decode_s[i]),
        sampling_s=sampling,
        step_s=float(cycle[i]),
        plain_tpot_s=float(plain.decode_s[i]),
        tpot_s=float(cycle[i]) / tokens,
        decode_tokens_per_s=decode,
        plain_decode_tokens_per_s=req.concurrency / float(plain.decode_s[i]),
        speedup=float(speedup[i]),
        blended_tokens_per_s=float(
            blended_tokens_per_s(np.float64(decode), prefill, req.input_share)
        ),
        draft_memory_gb=draft_gb,
        fits=mem.total_gb + draft_gb <= mem.capacity_gb,
        max_batch_fits=max_fit,
        break_even_batch=break_even,
    )
