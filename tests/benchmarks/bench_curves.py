"""Benchmark: cost curves for 20 options x 1,000 volumes plus every crossing (target < 5 ms);
break-even analysis of 80 and 320 mixed options (CPU time; 320 options: goal <= 0.2 s)."""

from __future__ import annotations

import statistics
import time

import numpy as np

from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import (
    ApiOption,
    OwnedOption,
    RentalOption,
    Scenario,
    ScenarioOption,
)
from infercost.model.costing.breakeven import analyse
from infercost.model.costing.curves import scenario_curves


def twenty_options(project: Project) -> Scenario:
    """A scenario of 20 options: 11 APIs (two through a markup), 6 rentals, 3 owned builds."""
    cat = project.catalog
    opts: list[ScenarioOption] = []
    for offer in (cat.api_offers + cat.hosted_offers)[:9]:
        opts.append(ScenarioOption(label=offer.id, option=ApiOption(offer_id=offer.id)))
    for markup in ("aws-bedrock", "azure-openai"):
        api = ApiOption(offer_id="openai/gpt-4.1", markup_id=markup, markup_point="high")
        opts.append(ScenarioOption(label=f"gpt-4.1@{markup}", option=api))
    rentals = [r.id for r in cat.gpu_rentals][:6]
    for i, rid in enumerate(rentals):
        rental = RentalOption(
            rental_id=rid,
            tokens_per_s=1500 + 500 * i,
            mode="per_use" if i == 5 else "always_on",
            on_hours_share=0.5 if i == 1 else 1.0,
            utilization=0.8,
        )
        opts.append(ScenarioOption(label=f"rent {rid}", option=rental))
    for i, tps in enumerate((400, 2000, 19_300)):
        build = "8x-h100-node" if tps > 10_000 else "rtx-5090-rig"
        owned = OwnedOption(
            build_id=build, tokens_per_s=tps, energy_basis="volume" if i else "build"
        )
        opts.append(ScenarioOption(label=f"own {build} {tps}", option=owned))
    assert len(opts) == 20
    return Scenario(
        id="bench",
        name="Bench",
        workload_id="seed-startup-70b",
        options=opts,
        volume_min_tokens=1e6,
        volume_max_tokens=1e11,
    )


def breakeven_scale(project: Project) -> None:
    """The exact break-even pass at 80 and 320 options (mixed API, rental, owned)."""
    from bigdata import many_functions
    from timing import cpu_s

    from infercost.model.costing.breakeven import analyse_functions

    times = {}
    for n in (80, 320):
        funcs = many_functions(project, n)
        be = analyse_functions(funcs, 1e11)
        times[n] = cpu_s(lambda f=funcs: analyse_functions(f, 1e11), 5)
        built = cpu_s(
            lambda f=funcs: (lambda b: (b.crossings, b.never))(analyse_functions(f, 1e11)), 3
        )
        print(
            f"break-even, {n} options ({n * (n - 1) // 2:,} pairs, "
            f"{be.crossing_count:,} crossings, 0-1e11 tokens): {times[n] * 1e3:.0f} ms CPU; "
            f"with every Crossing and NeverPair object built {built * 1e3:.0f} ms",
            flush=True,
        )
    growth = np.log(times[320] / times[80]) / np.log(4)
    verdict = "meets" if times[320] <= 0.2 else "MISSES"
    print(
        f"  320 options: {times[320]:.3f} s (goal <= 0.2 s, {verdict}); grows as n^{growth:.1f} "
        f"from 80 options ({times[80] * 1e3:.0f} ms); pairs alone grow as n^2"
    )


def main() -> None:
    project = default_project()
    breakeven_scale(project)
    scenario = twenty_options(project)
    volumes = np.logspace(6, 11, 1000)

    def once() -> int:
        scenario_curves(project, scenario, volumes)
        return len(analyse(project, scenario).crossings)

    n = once()
    runs = []
    for _ in range(100):
        t0 = time.perf_counter()
        once()
        runs.append(time.perf_counter() - t0)
    print(
        f"curves 20 options x 1,000 volumes + all crossings ({n}, 190 pairs, 0-1e11 tokens): "
        f"median {statistics.median(runs) * 1e3:.2f} ms, max {max(runs) * 1e3:.2f} ms "
        "(target < 5 ms)"
    )


if __name__ == "__main__":
    main()
