"""Benchmark: the seeded Monte Carlo's 10,000 draws, the whole sensitivity (tornado, bands and
draws) and the timeline, for each seed scenario.

Target: 10,000 draws well under a second for a seed scenario (the issue: < 1 s; the draws are
vectorized over the cost-function parameters, tabulated by a few evaluations per input).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from timing import cpu_s


def _one(p, s) -> None:
    from infercost.model.costing.scenario_eval import evaluate_scenario
    from infercost.model.costing.timeline import timeline
    from infercost.model.uncertainty.inputs import scenario_inputs
    from infercost.model.uncertainty.sensitivity import (
        GRID_POINTS,
        _draw,
        _grid,
        _probe,
        sensitivity,
    )

    inputs = scenario_inputs(p, s)
    base = evaluate_scenario(p, s)
    probes = {i.address: _probe(p, s, i, _grid(i, GRID_POINTS)) for i in inputs}
    draws = cpu_s(lambda: _draw(base, s, inputs, probes, GRID_POINTS, 10_000, 0)) * 1e3
    print(f"{s.id}: 10,000 Monte Carlo draws over {len(inputs)} inputs: {draws:.1f} ms "
          "(target < 1,000 ms)")  # fmt: skip
    whole = cpu_s(lambda: sensitivity(p, s, draws=10_000), runs=2)
    print(f"{s.id}: whole sensitivity (tornado, bands, {len(inputs)} inputs x {GRID_POINTS} "
          f"probes, 10,000 draws): {whole:.2f} s")  # fmt: skip
    tl = cpu_s(lambda: timeline(p, s)) * 1e3
    print(f"{s.id}: timeline, 36 months: {tl:.1f} ms (target < 100 ms: one evaluation)")


def main() -> int:
    from infercost.model.catalog.defaults import default_project

    p = default_project()
    for s in p.scenarios:
        _one(p, s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
