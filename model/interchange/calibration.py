"""Calibrate a build from your own benchmark: the share of peak bandwidth its decode reaches,
fitted on the imported points, and the estimator's error on each point before and after.

Only the physics' one free factor for memory-bound decode is fitted (the GPU's
``mem_efficiency``); everything else (weights, KV reads, compute, per-layer costs) stays the
roofline's, so the fit carries over to other models and batches on the same build.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from infercost.model.catalog.catalog import Catalog
from infercost.model.estimator.engines import engine
from infercost.model.estimator.estimate import EstimateRequest, estimate
from infercost.model.interchange.bench_import import BenchPoint

LOW, HIGH = 0.15, 1.0  # the share of peak bandwidth a fit may give


@dataclass(frozen=True)
class PointError:
    point: BenchPoint
    estimate_before: float
    estimate_after: float

    @property
    def error_before_pct(self) -> float:
        return (self.estimate_before / self.point.tokens_per_s - 1) * 100

    @property
    def error_after_pct(self) -> float:
        return (self.estimate_after / self.point.tokens_per_s - 1) * 100


@dataclass(frozen=True)
class Calibration:
    """One GPU's fitted bandwidth share and the error on every imported point."""

    gpu_id: str
    mem_efficiency_before: float | None
    mem_efficiency_after: float | None
    rows: tuple[PointError, ...]

    def summary(self, after: bool) -> tuple[float, float]:
        """(median, worst) absolute error in percent, before or after the fit."""
        errs = [abs(r.error_after_pct if after else r.error_before_pct) for r in self.rows]
        return statistics.median(errs), max(errs)


def predicted(cat: Catalog, p: BenchPoint) -> float:
    """The estimator's figure for one point (catalog measurements not used)."""
    prefill = p.phase == "prefill"
    req = EstimateRequest(
        gpu_id=p.gpu_id,
        gpu_count=p.gpu_count,
        llm_id=p.llm_id,
        quant_id=p.quant_id,
        engine_id=p.engine_id,
        concurrency=p.concurrency,
        context_tokens=p.context_tokens,
        prompt_tokens=p.context_tokens if prefill else None,
        input_share=p.input_share,
        use_measurements=False,
    )
    profile = engine(p.engine_id)
    if p.gpu_count > 1 and p.split_mode in ("layer", "row") and profile.multi_gpu != "tensor":
        profile = profile.model_copy(update={"multi_gpu": p.split_mode})
    est = estimate(cat, req, profile).typical
    if prefill:
        return est.prefill_tokens_per_s
    return est.blended_tokens_per_s if p.phase == "mixed" else est.decode_tokens_per_s


def _with_efficiency(cat: Catalog, gpu_id: str, eff: float) -> Catalog:
    gpus = [g.model_copy(update={"mem_efficiency": eff}) if g.id == gpu_id else g for g in cat.gpus]
    return cat.model_copy(update={"gpus": gpus})


def calibrate(cat: Catalog, points: list[BenchPoint]) -> list[Calibration]:
    """Per GPU: fit ``mem_efficiency`` so the median log error of its decode points is zero.

    A GPU with no decode point, or whose points no share from 0.15 to 1 meets, keeps its
    efficiency (``mem_efficiency_after`` None); its errors are still reported.
    """
    out = []
    for gpu_id in sorted({p.gpu_id for p in points if p.gpu_id}):
        mine = [p for p in points if p.gpu_id == gpu_id]
        before = [predicted(cat, p) for p in mine]
        decode = [p for p in mine if p.phase == "decode"]
        fitted = _fit(cat, gpu_id, decode) if decode else None
        after_cat = _with_efficiency(cat, gpu_id, fitted) if fitted is not None else cat
        after = [predicted(after_cat, p) for p in mine] if fitted is not None else before
        out.append(
            Calibration(
                gpu_id=gpu_id,
                mem_efficiency_before=cat.gpu(gpu_id).mem_efficiency,
                mem_efficiency_after=fitted,
                rows=tuple(
                    PointError(p, b, a) for p, b, a in zip(mine, before, after, strict=True)
                ),
            )
        )
    return out


def _fit(cat: Catalog, gpu_id: str, decode: list[BenchPoint]) -> float | None:
    def median_log_error(eff: float) -> float:
        c = _with_efficiency(cat, gpu_id, eff)
        return statistics.median(math.log(predicted(c, p) / p.tokens_per_s) for p in decode)

    lo, hi = LOW, HIGH
    if median_log_error(hi) < 0 or median_log_error(lo) > 0:
        # Even the whole bandwidth (or a sliver of it) does not meet the points: what is
        # off is not the bandwidth share (per-step overhead, compute, the engine's build).
        return None
    for _ in range(30):  # the estimate rises with the share: bisect
        mid = (lo + hi) / 2
        if median_log_error(mid) > 0:
            hi = mid
        else:
            lo = mid
    return round((lo + hi) / 2, 4)
