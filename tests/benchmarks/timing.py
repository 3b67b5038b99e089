"""Shared timing for the benchmarks: CPU time (user + system), the best of several runs, so a
busy shared machine inflates a figure less than wall time would; and a ratio to a floor."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from collections.abc import Callable

PY = sys.executable


def child_cpu_s(argv: list[str], runs: int = 5) -> float:
    """Best CPU time of a child process (interpreter start included) over ``runs``."""
    best = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(argv, capture_output=True, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, cpu)
    return best


def python_cpu_s(code: str, runs: int = 5) -> float:
    """Best CPU time of ``python -c code`` in a fresh interpreter."""
    return child_cpu_s([PY, "-c", code], runs)


def cpu_s(fn: Callable[[], object], runs: int = 5) -> float:
    """Best CPU time of ``fn()`` in this process."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def report(what: str, value_s: float, floor_what: str, floor_s: float, goal: float) -> None:
    """One line: the figure, its floor, the ratio and the goal (a ratio to the floor)."""
    ratio = value_s / floor_s if floor_s > 0 else float("inf")
    verdict = "meets" if ratio <= goal else "MISSES"
    print(
        f"{what}: {_t(value_s)} CPU; floor {floor_what}: {_t(floor_s)}; "
        f"{ratio:.2f}x (goal <= {goal:g}x, {verdict})",
        flush=True,
    )


def _t(s: float) -> str:
    return f"{s * 1e3:.1f} ms" if s < 1 else f"{s:.2f} s"
