"""Benchmark: issue 16's large imports, each made by the hostile-file generator and read the
way the CLI reads it (in this process), CPU time and peak memory beside the target: a file of
the allowed size imports in a few seconds, one over a limit is refused at once."""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from infercost.model.catalog.defaults import default_project
from infercost.model.errors import InferCostError
from infercost.model.interchange.import_file import read_import
from tests.hostile.generator import BY_NAME, make

# name -> (what the issue measured, target CPU seconds)
CASES = {
    "rows-at-the-limit": ("largest accepted workbook (10,000 rows, 150,000 cells)", 4.0),
    "csv-at-the-limit": ("largest accepted-size CSV (90,000 lines)", 4.0),
    "rows-200k": ("200,000-row sheet (issue: 28 s), refused", 1.0),
    "rows-200k-no-dimension": ("200,000 rows, no <dimension> (issue: 28 s), refused", 1.0),
    "cells-50k-by-60": ("50,000 x 60 cells (issue: 104 s), refused", 1.0),
    "shared-strings-over-limit": ("shared strings over 8 MB (issue: 38 MB, 42 s), refused", 0.5),
    "csv-46-mb": ("46 MB CSV (issue: 30 s at 970 MB), refused", 0.5),
    "huge-mimetype": ("3 MB zip, 64 MB mimetype (issue: 6.4 GB), refused", 0.5),
}


def main() -> None:
    catalog = default_project().catalog
    with tempfile.TemporaryDirectory() as tmp:
        for name, (what, target) in CASES.items():
            path = make(Path(tmp), BY_NAME[name])
            t0, w0 = time.process_time(), time.perf_counter()
            try:
                pv = read_import(path, catalog)
                outcome = f"imported ({len(pv.added):,} added, {len(pv.rejected):,} rejected)"
            except InferCostError:
                outcome = "refused"
            cpu, wall = time.process_time() - t0, time.perf_counter() - w0
            verdict = "meets" if cpu <= target else "MISSES"
            print(
                f"  {what}: {cpu:.2f} s CPU ({wall:.2f} s wall), {outcome} "
                f"(target <= {target:g} s, {verdict})",
                flush=True,
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory over all of them: {peak:,.0f} MB (target < 1,024 MB)")


if __name__ == "__main__":
    main()
