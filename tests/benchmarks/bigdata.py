"""Large projects for the benchmarks: the default project grown to N catalog entries, with
references (rentals -> GPUs, measurements -> GPU/LLM/format, builds -> parts) spread across
sections, and scenarios of many options."""

from __future__ import annotations

from infercost.model.catalog.build import Build, BuildLine
from infercost.model.catalog.project import Project
from infercost.model.costing.curves import CostFunction, scenario_functions


def big_project(entries: int = 20_000) -> Project:
    """The default project with about ``entries`` catalog entries in six sections: API offers,
    GPUs and parts (what references point at), and rentals (gpu_id), measurements (GPU, LLM,
    format) and builds (parts) that reference them."""
    from infercost.gui.sample import new_project

    project = new_project()
    cat = project.catalog
    grow = max(0, entries - sum(1 for _ in cat.entries()))
    offers, rentals, measurements, builds = (
        cat.api_offers,
        cat.gpu_rentals,
        cat.measurements,
        cat.builds,
    )
    gpus = [g.id for g in cat.gpus]
    parts = [p.id for p in cat.parts]
    for i in range(grow):
        kind = i % 6
        if kind == 0:
            src = offers[i % len(offers)]
            offers.append(src.model_copy(update={"id": f"bench/offer-{i}"}))
        elif kind == 1:
            src = rentals[i % len(rentals)]
            rentals.append(
                src.model_copy(update={"id": f"bench/rental-{i}", "gpu_id": gpus[i % len(gpus)]})
            )
        elif kind == 2:
            src = measurements[i % len(measurements)]
            measurements.append(src.model_copy(update={"id": f"bench/run-{i}"}))
        elif kind == 3:
            gpu = cat.gpus[i % 5]
            cat.gpus.append(gpu.model_copy(update={"id": f"bench/gpu-{i}"}))
        elif kind == 4:
            part = cat.parts[i % len(parts)]
            cat.parts.append(part.model_copy(update={"id": f"bench/part-{i}"}))
        else:
            lines = [
                BuildLine(item_id=gpus[i % len(gpus)]),
                BuildLine(item_id=parts[i % len(parts)]),
            ]
            builds.append(
                Build(id=f"bench/build-{i}", name=f"Build {i}", lines=lines, tariff_id="us-average")
            )
    cat.check()
    return project


def many_functions(project: Project, n: int) -> tuple[CostFunction, ...]:
    """``n`` cost functions: the 20-option bench scenario repeated, each copy 1% dearer (so
    the copies cross each other instead of being equal)."""
    from bench_curves import twenty_options

    base = scenario_functions(project, twenty_options(project))
    out = []
    for i in range(n):
        f = base[i % len(base)]
        s = 1 + 0.01 * (i // len(base))
        out.append(
            CostFunction(
                f"{f.label} #{i}",
                f.kind,
                f.fixed_usd_per_unit * s,
                f.variable_usd_per_token * s,
                f.capacity_tokens_per_unit,
            )
        )
    return tuple(out)
