"""Benchmark: one estimate (target under 1 ms) and a 1-512 concurrency curve (under 10 ms)."""

from __future__ import annotations

import statistics
import time

from infercost.model.catalog.fileio import default_catalog
from infercost.model.estimator.concurrency import concurrency_curve
from infercost.model.estimator.estimate import EstimateRequest, estimate
from infercost.model.estimator.plausibility import plausibility
from infercost.model.estimator.speculative import Speculation, speculative_estimate


def _median_ms(fn, runs: int) -> float:
    fn()  # warm caches and imports
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def main() -> None:
    cat = default_catalog()
    req = EstimateRequest(
        gpu_id="rtx-5090", llm_id="llama-3.3-70b", quant_id="q4_k_m", context_tokens=4096
    )
    one = _median_ms(lambda: estimate(cat, req), 500)
    curve = _median_ms(lambda: concurrency_curve(cat, req, usd_per_hour=0.197), 200)
    print(f"one estimate (with offload), median of 500: {one:.3f} ms (target < 1 ms)")
    print(f"concurrency curve 1-512, median of 200: {curve:.3f} ms (target < 10 ms)")
    spec = Speculation(draft_llm_id="llama-3.2-1b", tokens_proposed=5, acceptance_rate=0.8)
    small = req.model_copy(update={"llm_id": "llama-3.1-8b"})
    sp = _median_ms(lambda: speculative_estimate(cat, small, spec), 200)
    print(f"speculative estimate with break-even search to batch 4,096, median of 200: {sp:.3f} ms")
    pl = _median_ms(lambda: plausibility(cat, req, 20.0), 200)
    print(f"plausibility of one figure, median of 200: {pl:.3f} ms")


if __name__ == "__main__":
    main()
