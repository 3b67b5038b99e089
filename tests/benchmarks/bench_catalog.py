"""Benchmark: loading the default catalog (target under 100 ms)."""

from __future__ import annotations

import statistics
import time

from infercost.model import fileio


def main() -> None:
    t0 = time.perf_counter()
    fileio.default_catalog()
    first = time.perf_counter() - t0
    runs = []
    for _ in range(50):
        t0 = time.perf_counter()
        fileio.default_catalog()
        runs.append(time.perf_counter() - t0)
    print(f"default catalog, first load (import + parse + validate): {first * 1e3:.1f} ms (target < 100 ms)")
    print(f"default catalog, reload median of 50: {statistics.median(runs) * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
