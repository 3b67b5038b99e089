"""Benchmark: loading the default catalog (target under 100 ms)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from infercost.model import fileio

# Run in a fresh interpreter: the clock starts before infercost (pydantic, numpy) is imported.
_FRESH = (
    "import time; t0 = time.perf_counter(); "
    "from infercost.model import fileio; fileio.default_catalog(); "
    "print(time.perf_counter() - t0)"
)


# The share of that time no InferCost code can save: importing pydantic itself.
_PYDANTIC = (
    "import time; t0 = time.perf_counter(); from pydantic import BaseModel; "
    "print(time.perf_counter() - t0)"
)


def fresh_process_s(code: str = _FRESH) -> float:
    """Seconds a new Python process spends running ``code``'s timed part."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    fresh = sorted(fresh_process_s() for _ in range(5))
    print(
        f"default catalog in a fresh process (import + parse + validate): median "
        f"{fresh[2] * 1e3:.1f} ms of 5, best {fresh[0] * 1e3:.1f} ms (target < 100 ms)"
    )
    base = sorted(fresh_process_s(_PYDANTIC) for _ in range(5))
    print(f"  of which importing pydantic.BaseModel alone: median {base[2] * 1e3:.1f} ms of 5")
    t0 = time.perf_counter()
    fileio.default_catalog()
    first = time.perf_counter() - t0
    runs = []
    for _ in range(50):
        t0 = time.perf_counter()
        fileio.default_catalog()
        runs.append(time.perf_counter() - t0)
    print(
        f"default catalog, first load in this process (parse + validate): {first * 1e3:.1f} ms "
        "(target < 100 ms)"
    )
    print(f"default catalog, reload median of 50: {statistics.median(runs) * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
