"""Benchmark: edits of a large catalog at the model level (CPU time, best of 5): a reference
edit and a row insert (both re-check every reference) against a price edit (checks only its
entry), at 5,000, 10,000 and 20,000 entries, to show the check grows linearly (goal: 30 ms at
20,000). Loading the default catalog is timed in bench_startup beside its floor."""

from __future__ import annotations

import numpy as np
from bigdata import big_project
from timing import cpu_s

from infercost.model.edits.commands import InsertRows, SetField
from infercost.model.edits.document import Document
from infercost.model.interchange.project_io import project_to_text


def measure(n: int) -> tuple[float, float]:
    """Print and return the reference edit and insert CPU seconds at ``n`` entries."""
    project = big_project(n)
    doc = Document(project)
    rentals = project.catalog.gpu_rentals
    row = len(rentals) // 2
    new = rentals[0].model_copy(update={"id": "bench/new"})
    price = cpu_s(lambda: SetField(doc, "gpu_rentals", row, "notes", "x").apply(doc))
    ref = cpu_s(lambda: SetField(doc, "gpu_rentals", row, "gpu_id", "h100-sxm").apply(doc))

    def insert() -> None:
        cmd = InsertRows(doc, "gpu_rentals", row, [new])
        cmd.apply(doc)
        cmd.revert(doc)

    ins = cpu_s(insert)
    save = cpu_s(lambda: project_to_text(project), 3)
    print(
        f"{n:,} entries: reference edit {ref * 1e3:.1f} ms, row insert {ins * 1e3:.1f} ms, "
        f"floor a field edit {price * 1e3:.3f} ms; project to JSON text {save * 1e3:.0f} ms",
        flush=True,
    )
    return ref, ins


def main() -> None:
    sizes = (5_000, 10_000, 20_000)
    ref_s, insert_s = zip(*(measure(n) for n in sizes), strict=True)
    for what, t in (("reference edit", ref_s), ("row insert", insert_s)):
        growth = np.log(t[-1] / t[0]) / np.log(sizes[-1] / sizes[0])
        verdict = "meets" if t[-1] <= 0.03 else "MISSES"
        print(
            f"  {what}: grows as n^{growth:.2f}; {t[-1] * 1e3:.1f} ms at 20,000 "
            f"(goal <= 30 ms, {verdict})"
        )


if __name__ == "__main__":
    main()
