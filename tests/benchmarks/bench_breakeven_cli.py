"""Benchmark: `infercost-cli breakeven --json` on a 320-option scenario (issue 15).

By default the JSON carries the envelope (where the cheapest comparable option changes) and
the crossing count; every pairwise crossing only with --all-crossings. Figures: the size of
each answer and the CPU time of the command in a fresh process (target: the default answer
a small fraction of the full one, in size and time).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_curves import twenty_options
from timing import child_cpu_s

from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.scenario import ScenarioOption
from infercost.model.interchange.project_io import save_project


def big_scenario_project(n: int = 320):
    """The default project plus a scenario of ``n`` options: the 20-option bench scenario
    repeated, each copy's self-hosted throughput 1% higher (so the copies cross each other)."""
    p = default_project()
    base = twenty_options(p)
    opts = []
    for i in range(n):
        so = base.options[i % len(base.options)]
        opt = so.option
        tps = getattr(opt, "tokens_per_s", None)
        if tps is not None:
            opt = opt.model_copy(update={"tokens_per_s": tps * (1 + 0.01 * (i // 20))})
        opts.append(ScenarioOption(label=f"{so.label} #{i}", option=opt))
    p.scenarios.append(base.model_copy(update={"id": "big", "options": opts}))
    return p


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.infercost"
        save_project(big_scenario_project(), path)
        base = [sys.executable, "-m", "infercost.cli", "breakeven", "--scenario", "big",
                "--project", str(path), "--json"]  # fmt: skip
        sizes = {}
        for name, argv in (("envelope", base), ("all crossings", [*base, "--all-crossings"])):
            out = subprocess.run(argv, capture_output=True, check=True, text=True).stdout
            data = json.loads(out)
            cpu = child_cpu_s(argv, 3)
            sizes[name] = len(out)
            print(
                f"breakeven --json, 320 options, {name}: {len(out) / 1e6:.2f} MB, "
                f"{len(data['envelope'])} envelope changes, {data['crossing_count']:,} crossings "
                f"in all, {cpu:.2f} s CPU (process start included)",
                flush=True,
            )
        print(
            f"  default answer is {sizes['envelope'] / sizes['all crossings']:.1%} of the full one"
        )


if __name__ == "__main__":
    main()
