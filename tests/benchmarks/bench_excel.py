"""Benchmark: imports and Excel exports (targets: LiteLLM map < 0.5 s, default project export
< 1 s, a 5,000-row catalog export < 3 s)."""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from pathlib import Path

from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.entries import ApiOffer
from infercost.model.catalog.project import Project
from infercost.model.interchange.excel_export import export_workbook
from infercost.model.interchange.import_file import read_import

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def timed(fn, runs: int = 3) -> float:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return statistics.median(out)


def big_catalog(n: int = 5000) -> Catalog:
    base = default_project().catalog
    offers = [
        ApiOffer(
            id=f"bench/offer-{i}",
            provider=f"Provider {i % 50}",
            llm_name=f"Model {i}",
            input_usd_per_mtok=0.1 + i * 1e-3,
            output_usd_per_mtok=0.4 + i * 2e-3,
            cached_input_usd_per_mtok=0.01 + i * 1e-4,
            batch_discount_pct=50,
            source="benchmark",
        )
        for i in range(n)
    ]
    return base.model_copy(update={"api_offers": offers})


def main() -> None:
    project = default_project()
    litellm = SHARED / "data" / "litellm-model-prices-1.110.2.json"
    if litellm.exists():
        pv = read_import(litellm, project.catalog)
        s = timed(lambda: read_import(litellm, project.catalog))
        print(
            f"import of the LiteLLM map ({len(pv.added) + len(pv.changed) + len(pv.rejected):,} "
            f"entries, read + validate + preview): median {s:.3f} s of 3 (target < 0.5 s)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "default.xlsx"
        s = timed(lambda: export_workbook(project, out))
        print(f"export of the default project: median {s:.3f} s of 3 (target < 1 s)")
        big = Project(name="5,000 offers", catalog=big_catalog())
        out = Path(tmp) / "big.xlsx"
        s = timed(lambda: export_workbook(big, out))
        rows = sum(len(big.catalog.section(x)) for x in ("api_offers", "gpus", "parts"))
        print(f"export of a {rows:,}-row catalog: median {s:.3f} s of 3 (target < 3 s)")
        s = timed(lambda: read_import(out, Catalog()), runs=1)
        print(f"import of that workbook back into an empty catalog: {s:.3f} s (no target)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this benchmark: {peak:,.0f} MB (limit 1.5 GB for any import)")


if __name__ == "__main__":
    main()
