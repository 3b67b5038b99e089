"""Aggregate speed and USD per Mtok against concurrency for one hardware option (numpy)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from infercost.model.catalog.catalog import Catalog
from infercost.model.estimator.engines import EngineProfile
from infercost.model.estimator.estimate import (
    EstimateRequest,
    host_memory,
    kv_format,
    resolve_engine,
)
from infercost.model.estimator.memory import attended_context, memory
from infercost.model.estimator.roofline import POINTS, Hardware, blended_tokens_per_s, step_times


@dataclass(frozen=True)
class Curve:
    """Aggregate speed and cost per concurrency for one hardware option (numpy arrays)."""

    concurrency: np.ndarray
    decode_tokens_per_s: np.ndarray
    decode_low: np.ndarray
    decode_high: np.ndarray
    blended_tokens_per_s: np.ndarray
    fits: np.ndarray
    usd_per_mtok: np.ndarray | None


def concurrency_curve(
    cat: Catalog,
    req: EstimateRequest,
    concurrency: np.ndarray | None = None,
    usd_per_hour: float | None = None,
    profile: EngineProfile | None = None,
) -> Curve:
    """Estimated speed at every concurrency (1-512 by default), vectorized.

    Speeds assume enough memory; ``fits`` marks the concurrencies whose KV cache fits.
    ``usd_per_mtok`` divides the hourly cost by the blended throughput of the workload mix.
    """
    b = np.arange(1, 513, dtype=float) if concurrency is None else np.asarray(concurrency, float)
    if b.ndim != 1 or b.size == 0 or np.any(b < 1) or not np.all(np.isfinite(b)):
        raise ValueError("concurrency must be a non-empty list of numbers >= 1")
    gpu, llm, quant = cat.gpu(req.gpu_id), cat.llm(req.llm_id), cat.quant(req.quant_id)
    kv = kv_format(cat, req.kv_quant_id)
    eng = resolve_engine(req, quant, profile)
    hw = Hardware(gpu, req.gpu_count, host_memory(gpu, req)[0])
    prompt = req.prompt_tokens or req.context_tokens
    out = {}
    for point in POINTS:
        t = step_times(hw, llm, quant, kv, eng, req.context_tokens, prompt, b, 0.0, point)
        out[point] = (b / t.decode_s, t.prefill_tokens / t.prefill_s)
    decode, prefill = out["typical"]
    blended = blended_tokens_per_s(decode, prefill, req.input_share)
    # One memory breakdown (weights, KV copies under tensor parallel, overhead, usable VRAM)
    # for every concurrency: only the KV cache grows with the number of sequences.
    mem = memory(gpu, req.gpu_count, llm, quant, kv, req.context_tokens, 1, eng)
    free_for_kv = mem.capacity_gb - mem.overhead_gb - mem.weights_gb
    kv_per_seq = mem.kv_gb_per_token * mem.kv_copies * attended_context(llm, req.context_tokens)
    cost = None if usd_per_hour is None else usd_per_hour / (blended * 3600.0) * 1e6
    return Curve(
        concurrency=b,
        decode_tokens_per_s=decode,
        decode_low=out["low"][0],
        decode_high=out["high"][0],
        blended_tokens_per_s=blended,
        fits=kv_per_seq * b <= free_for_kv,
        usd_per_mtok=cost,
    )
