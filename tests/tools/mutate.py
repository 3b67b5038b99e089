"""A small mutation pass: change one operator or constant in each core formula and validation
bound, run the Qt-free tests, and list the mutants the suite lets through.

Run from the repository root: ``.venv/bin/python tests/tools/mutate.py`` (``-k TEXT`` runs the
mutations whose file or text contains TEXT; ``--list`` prints them). Each mutation is one exact
text replacement in one file of a scratch copy of the sources (the working tree is never
touched, so it is safe to keep working while it runs); a mutation whose text is no longer in
the file (the code moved on) is reported as stale, not skipped silently. Exit code: the number
of survivors (0 when every mutant is killed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The guard tests first: they kill most mutants within seconds (-x stops at the first failure).
TESTS = ["tests/model/test_formula_guards.py", "tests/model"]

# (file, text, replacement): each text occurs exactly once in its file.
MUTATIONS: list[tuple[str, str, str]] = [
    # --- total cost of ownership
    ("model/costing/tco.py", "HOURS_PER_YEAR = 8760.0", "HOURS_PER_YEAR = 8784.0"),
    (
        "model/costing/tco.py",
        "(purchase - residual) / (years * HOURS",
        "(purchase + residual) / (years * HOURS",
    ),
    ("model/costing/tco.py", "residual_value_pct / 100.0", "residual_value_pct / 10.0"),
    ("model/costing/tco.py", "(1.0 - util) * idle_w", "(1.0 + util) * idle_w"),
    (
        "model/costing/tco.py",
        "energy = average_w / 1000.0 * kwh",
        "energy = average_w / 100.0 * kwh",
    ),
    (
        "model/costing/tco.py",
        "build.ops_usd_per_month + build.colocation_usd_per_month",
        "build.ops_usd_per_month - build.colocation_usd_per_month",
    ),
    ("model/costing/tco.py", "* 12.0 / HOURS_PER_YEAR", "* 11.0 / HOURS_PER_YEAR"),
    ("model/costing/tco.py", "wall = build.pue / build.psu_efficiency", "wall = build.pue"),
    ("model/costing/tco.py", "PART_IDLE_FRACTION * other_load", "other_load"),
    ("model/costing/tco.py", "GPU_IDLE_FRACTION = 0.10", "GPU_IDLE_FRACTION = 0.20"),
    (
        "model/costing/tco.py",
        "(tokens_per_s * 3600.0 * utilization)",
        "(tokens_per_s * 60.0 * utilization)",
    ),
    ("model/costing/tco.py", "years > 0 and years <= 100", "years > 0 and years <= 1000"),
    ("model/costing/tco.py", "not 0 <= util <= 1", "not 0 <= util <= 2"),
    ("model/costing/tco.py", "override >= 0 or override > 100", "override >= 0 or override > 1000"),
    # --- cost functions of volume
    ("model/costing/curves.py", "SECONDS_PER_HOUR = 3600.0", "SECONDS_PER_HOUR = 360.0"),
    ("model/costing/curves.py", "np.maximum(1.0, np.ceil(", "np.maximum(0.0, np.ceil("),
    ("model/costing/curves.py", "return ks[ks < volume_max]", "return ks[ks <= volume_max]"),
    (
        "model/costing/curves.py",
        "per_hour / (tokens_per_hour * opt.utilization)",
        "per_hour / tokens_per_hour",
    ),
    ("model/costing/curves.py", "paid = hours * opt.on_hours_share", "paid = hours"),
    (
        "model/costing/curves.py",
        "tokens_per_hour * paid * opt.utilization",
        "tokens_per_hour * paid",
    ),
    (
        "model/costing/curves.py",
        "capacity = tokens_per_hour * hours * opt.utilization",
        "capacity = tokens_per_hour * hours",
    ),
    (
        "model/costing/curves.py",
        "bc.amortization_usd_per_hour + bc.fixed_usd_per_hour",
        "bc.amortization_usd_per_hour - bc.fixed_usd_per_hour",
    ),
    (
        "model/costing/curves.py",
        "(bc.load_energy_usd_per_hour - bc.idle_energy_usd_per_hour)",
        "(bc.load_energy_usd_per_hour + bc.idle_energy_usd_per_hour)",
    ),
    (
        "model/costing/curves.py",
        "bc.usd_per_hour * hours,",
        "bc.amortization_usd_per_hour * hours,",
    ),
    # --- break-even
    (
        "model/costing/breakeven.py",
        "_mean_slope(low) <= _mean_slope(high) and upper <= lower",
        "_mean_slope(low) <= _mean_slope(high) or upper <= lower",
    ),
    (
        "model/costing/breakeven.py",
        "(_one_unit_fixed(fb) - _one_unit_fixed(fa)) / dc",
        "(_one_unit_fixed(fa) - _one_unit_fixed(fb)) / dc",
    ),
    (
        "model/costing/breakeven.py",
        "* vmax + _one_unit_fixed(low)",
        "* vmax - _one_unit_fixed(low)",
    ),
    ("model/costing/breakeven.py", "a_wins = sg[at] < 0", "a_wins = sg[at] > 0"),
    ("model/costing/breakeven.py", "(at == p + 1) & (p % 2 == 0)", "(at == p + 1)"),
    # (Dropping the repeated-step filter or the max(1, ...) of a unit count are equivalent
    # mutants: a zero-width interval repeats a sample, and mid > 0 makes ceil >= 1 anyway.)
    (
        "model/costing/breakeven.py",
        "np.ceil(mid / t.cap_or_inf[gb])",
        "np.floor(mid / t.cap_or_inf[gb])",
    ),
    ("model/costing/breakeven.py", "lo[goff[pid] + q + 1] = edge", "lo[goff[pid] + q] = edge"),
    # --- the Summary's figures and the shared number format
    ("model/formatting.py", 'float(f"{value:.3g}")', 'float(f"{value:.2g}")'),
    ("model/formatting.py", "round(value, 2)", "round(value, 1)"),
    ("model/costing/readout.py", 'if s.name == "list" or s.delta_usd_per_mtok != 0', "if True"),
    (
        "model/costing/readout.py",
        "cost.usd_per_month(build.hours_per_month)",
        "cost.usd_per_month(720)",
    ),
    # --- catalog integrity
    ("model/catalog/catalog.py", 'parts = ids["gpus"] | ids["parts"]', 'parts = ids["gpus"]'),
    ("model/catalog/catalog.py", "if counts[e.id] > 1", "if counts[e.id] > 2"),
    ("model/catalog/catalog.py", "if rental.gpu_id not in gpus:", "if False:"),
    (
        "model/catalog/catalog.py",
        "if m.quant_id is not None and m.quant_id not in quants:",
        "if False:",
    ),
    (
        "model/catalog/catalog.py",
        "sum(map(len, lists.values())) != len(",
        "sum(map(len, lists.values())) == len(",
    ),
    ("model/costing/breakeven.py", "_REL_TOL = 1e-12", "_REL_TOL = 1e-3"),
    ("model/costing/breakeven.py", "return v if v > 0 else None", "return v"),
    # --- API prices
    (
        "model/costing/pricing.py",
        "s_in * offer.input_usd_per_mtok + s_out * offer.output_usd_per_mtok",
        "s_out * offer.input_usd_per_mtok + s_in * offer.output_usd_per_mtok",
    ),
    (
        "model/costing/pricing.py",
        "((1.0 - k) * p_in + k * p_cache)",
        "((1.0 + k) * p_in + k * p_cache)",
    ),
    ("model/costing/pricing.py", "batch_discount_pct / 100.0", "batch_discount_pct / 10.0"),
    ("model/costing/pricing.py", "price * (1.0 - b * discount)", "price * (1.0 - discount)"),
    ("model/costing/pricing.py", "price * (1.0 + pct / 100.0)", "price * (1.0 + pct / 10.0)"),
    ("model/costing/pricing.py", "markup_high_pct) / 2.0", "markup_high_pct) / 3.0"),
    ("model/costing/pricing.py", "(1.0 - share) * price + share * routed_price", "price"),
    ("model/costing/pricing.py", "w.prompt_tokens > threshold", "w.prompt_tokens < threshold"),
    # --- estimator (its engineer owns these files; the pass only reads what tests catch)
    ("model/estimator/roofline.py", "/ 1e9 * kv_replication(llm, n, eng)", "/ 1e9"),
    ("model/estimator/roofline.py", "(1.0 - llm.experts_per_token / llm.experts) ** tokens", "0.0"),
    (
        "model/estimator/roofline.py",
        "2 * (n - 1) / n * msg_gb / link_gbps",
        "(n - 1) / n * msg_gb / link_gbps",
    ),
    ("model/estimator/roofline.py", "hi * (a**k + b**k) ** (1.0 / k)", "hi"),
    (
        "model/estimator/roofline.py",
        "m / (m + eng.gemm_half_tokens)",
        "m / (m + 2 * eng.gemm_half_tokens)",
    ),
    ("model/estimator/roofline.py", "vec_t = (tokens - 1) * 2e9", "vec_t = tokens * 2e9"),
    (
        "model/estimator/roofline.py",
        "return (n - 1) * (latency_s + tok",
        "return n * (latency_s + tok",
    ),
    (
        "model/estimator/roofline.py",
        "ROW_SPLIT_MATMULS_PER_LAYER = 7",
        "ROW_SPLIT_MATMULS_PER_LAYER = 4",
    ),
    (
        "model/estimator/roofline.py",
        "weight_scale = n * eng.multi_gpu_efficiency if row else 1.0",
        "weight_scale = 1.0",
    ),
    ("model/estimator/memory.py", "return llm.vocab_size * llm.hidden_size / 1e9", "return 0.0"),
    ("model/estimator/speculative.py", "acceptance ** (proposed + 1)", "acceptance**proposed"),
    (
        "model/estimator/speculative.py",
        "sampling = 2 * k * eng.sampling_ms_per_token",
        "sampling = 0 * k * eng.sampling_ms_per_token",
    ),
    ("model/estimator/plausibility.py", "t_host = w * offload_share / host", "t_host = 0.0"),
    (
        "model/estimator/roofline.py",
        "weights_gb * (1 - off) / weight_scale + kv_gb_per_token",
        "weights_gb / weight_scale + kv_gb_per_token",
    ),
    (
        "model/estimator/concurrency.py",
        "* kv_replication(llm, req.gpu_count, eng)\n",
        "\n",
    ),
    (
        "model/estimator/memory.py",
        "return 2 * llm.layers * llm.kv_heads",
        "return 1 * llm.layers * llm.kv_heads",
    ),
    ("model/estimator/memory.py", "return max(1.0, gpu_count / llm.kv_heads)", "return 1.0"),
    ("model/estimator/memory.py", "fits = free_for_kv >= kv_gb", "fits = free_for_kv >= kv_gb / 2"),
    # --- 2026 catalog, bring your own model and measurements (issue 18)
    ("model/estimator/memory.py", "local * min(context, llm.sliding_window)", "local * context"),
    (
        "model/estimator/memory.py",
        "return DEFAULT_GPU_MEMORY_SHARE if gpu.gpu_memory_share is None else gpu.gpu_memory_share",
        "return 1.0",
    ),
    (
        "model/estimator/estimate.py",
        "(unified[0] if unified else DEFAULT_HOST_BANDWIDTH_GBPS)",
        "DEFAULT_HOST_BANDWIDTH_GBPS",
    ),
    (
        "model/estimator/roofline.py",
        "if uses_int8_path(gpu, quant, eng)\n        else 0.0",
        "if False\n        else 0.0",
    ),
    (
        "model/interchange/hf_config.py",
        "embed = vocab * hidden * (1 if tied else 2)",
        "embed = vocab * hidden",
    ),
    ("model/interchange/hf_config.py", "attn += heads * head_dim * hidden", "attn += 0"),
    (
        "model/interchange/hf_config.py",
        "return window, layers - layers // pattern",
        "return window, layers",
    ),
    ("model/interchange/model_import.py", "routed * used / experts", "routed / experts"),
    (
        "model/interchange/calibration.py",
        "if median_log_error(mid) > 0:",
        "if median_log_error(mid) < 0:",
    ),
    # --- validation bounds
    (
        "model/catalog/base.py",
        "Field(ge=0, le=100, allow_inf_nan=False)",
        "Field(ge=0, le=150, allow_inf_nan=False)",
    ),
    (
        "model/catalog/base.py",
        "Field(ge=0, le=1, allow_inf_nan=False)",
        "Field(ge=0, le=1.5, allow_inf_nan=False)",
    ),
    ("model/catalog/base.py", "NonNeg = _bounded(0, 1e12,", "NonNeg = _bounded(-1, 1e12,"),
    ("model/catalog/base.py", "Positive = _bounded(1e-9, 1e12,", "Positive = _bounded(0, 1e12,"),
    ("model/catalog/base.py", "UsdPerKwh = _bounded(0, 100,", "UsdPerKwh = _bounded(0, 1000,"),
    (
        "model/catalog/base.py",
        "UsdPerMtok = _bounded(\n    0, 1e6,",
        "UsdPerMtok = _bounded(\n    -1, 1e6,",
    ),
    (
        "model/catalog/base.py",
        "TokensPerS = _bounded(\n    1e-3, 1e9,",
        "TokensPerS = _bounded(\n    0, 1e9,",
    ),
    ("model/catalog/scenario.py", "Bounded(1, 744,", "Bounded(1, 800,"),
    ("model/catalog/build.py", "Field(gt=0.3, le=1,", "Field(gt=0, le=1,"),
    ("model/catalog/build.py", "Bounded(0.01, 30,", "Bounded(0.01, 300,"),
    ("model/catalog/build.py", "pue: Bounded(1, 3,", "pue: Bounded(0.5, 3,"),
]


def scratch_copy(where: Path) -> Path:
    """Copy the sources and tests to ``where``; return the folder to put on PYTHONPATH.

    ``where/src/infercost`` has no ``__init__``, so it is a namespace package that Python finds
    on PYTHONPATH before the editable install's finder (which comes last on sys.meta_path).
    """
    pkg = where / "src" / "infercost"
    pkg.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for name in ("model", "gui", "resources"):
        shutil.copytree(ROOT / name, pkg / name, ignore=ignore)
    for name in ("tests", "docs", "packaging"):
        shutil.copytree(ROOT / name, where / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "Makefile"):
        shutil.copy2(ROOT / name, where / name)
    return where / "src"


def run_tests(where: Path, env: dict[str, str], timeout: float) -> bool:
    """True when the suite passes (the mutant survives)."""
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS]
    try:
        done = subprocess.run(
            cmd, cwd=where, env=env, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return False  # a hang counts as killed, as a test run would fail on it
    return done.returncode == 0


def _check_isolated(where: Path, env: dict[str, str]) -> None:
    probe = "import infercost.model as m; print(m.__file__)"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=where, env=env, capture_output=True, text=True
    ).stdout
    if not out.startswith(str(where)):
        sys.exit(f"mutate: the scratch copy is not the one imported ({out.strip()}); stopping")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-k", default="", help="only mutations whose file or text contains this")
    ap.add_argument("--list", action="store_true", help="print the mutations and stop")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per test run")
    args = ap.parse_args(argv)
    chosen = [m for m in MUTATIONS if args.k in m[0] or args.k in m[1]]
    if args.list:
        for path, old, new in chosen:
            print(f"{path}: {old!r} -> {new!r}")
        return 0
    with tempfile.TemporaryDirectory(prefix="infercost-mutate-") as tmp:
        where = Path(tmp)
        env = {**os.environ, "PYTHONPATH": str(scratch_copy(where)), "QT_QPA_PLATFORM": "offscreen"}
        _check_isolated(where, env)
        if not run_tests(where, env, args.timeout):
            sys.exit("mutate: the unmutated suite fails; fix it first")
        return _run_all(chosen, where, env, args.timeout)


def _run_all(chosen, where: Path, env: dict[str, str], timeout: float) -> int:
    survivors, stale = [], []
    for n, (path, old, new) in enumerate(chosen, 1):
        file = where / "src" / "infercost" / path
        original = file.read_text(encoding="utf-8")
        if original.count(old) != 1:
            stale.append((path, old))
            print(f"[{n}/{len(chosen)}] STALE   {path}: {old!r} occurs {original.count(old)} times")
            continue
        start = time.perf_counter()
        try:
            file.write_text(original.replace(old, new), encoding="utf-8")
            survived = run_tests(where, env, timeout)
        finally:
            file.write_text(original, encoding="utf-8")
        verdict = "SURVIVED" if survived else "killed "
        took = time.perf_counter() - start
        print(
            f"[{n}/{len(chosen)}] {verdict} {path}: {old!r} -> {new!r} ({took:.0f} s)", flush=True
        )
        if survived:
            survivors.append((path, old, new))
    print(
        f"\n{len(chosen) - len(stale)} mutants run, {len(survivors)} survived, {len(stale)} stale"
    )
    for path, old, new in survivors:
        print(f"  survivor {path}: {old!r} -> {new!r}")
    return len(survivors)


if __name__ == "__main__":
    sys.exit(main())
