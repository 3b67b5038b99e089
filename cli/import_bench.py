"""infercost-cli import-bench: llama-bench or benchmark-serving results into catalog
measurements, a bandwidth share fitted per GPU, and the estimator's error on every point."""

from __future__ import annotations

import argparse

from infercost.cli import args as c


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        metavar="FILE",
        help="llama-bench output (-o json, jsonl, csv or the markdown table) or vLLM / SGLang "
        "benchmark-serving results (.json)",
    )
    p.add_argument("--gpu", metavar="ID", help="Catalog GPU (default: from llama-bench's gpu_info)")
    p.add_argument("--gpus", type=int, metavar="N", help="GPUs used (default: from the file, or 1)")
    p.add_argument("--llm", metavar="ID", help="Catalog LLM (default: by parameter count or name)")
    p.add_argument("--quant", metavar="ID", help="Catalog format (default: from model_type)")
    p.add_argument(
        "--engine", metavar="ID", help="Engine profile (default: llama.cpp, or vllm for serving)"
    )
    p.add_argument(
        "--no-calibrate",
        action="store_true",
        help="Import the measurements only; leave the GPU's bandwidth share as it is",
    )
    c.add_output_arguments(p)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from infercost.model.guard import printable
    from infercost.model.interchange.bench_import import Overrides, bench_batch, read_bench
    from infercost.model.interchange.calibration import calibrate
    from infercost.model.interchange.import_preview import preview

    if args.gpus is not None and not 1 <= args.gpus <= 1024:
        raise cli_error("--gpus must be 1 to 1,024")
    project = c.load_source(args)
    given = Overrides(args.gpu, args.gpus, args.llm, args.quant, args.engine)
    read = read_bench(args.file, project.catalog, given)
    cals = calibrate(project.catalog, read.points)
    batch = bench_batch(read, cals, Path(args.file), project.catalog, not args.no_calibrate)
    pv = preview(project.catalog, batch)
    if args.json:
        from infercost.cli import import_cmd as report

        payload = {"calibration": [_cal_json(x) for x in cals]}
        return report.write_and_report(args, project, pv, extra=payload)
    for cal in cals:
        print(printable(_cal_headline(cal, args.no_calibrate)))
        print(
            f"  {'test':<14} {'batch':>5} {'context':>7} {'measured':>9} {'estimate':>9} "
            f"{'error':>7} {'fitted':>9} {'error':>7}"
        )
        for r in cal.rows:
            p = r.point
            print(
                printable(
                    f"  {p.label[:14]:<14} {p.concurrency:>5} {p.context_tokens:>7,} "
                    f"{p.tokens_per_s:>9,.1f} {r.estimate_before:>9,.1f} "
                    f"{r.error_before_pct:>+6.1f}% "
                    f"{r.estimate_after:>9,.1f} {r.error_after_pct:>+6.1f}%"
                )
            )
        mb, wb = cal.summary(after=False)
        ma, wa = cal.summary(after=True)
        print(
            f"  median / worst error: {mb:.1f}% / {wb:.1f}% as shipped, "
            f"{ma:.1f}% / {wa:.1f}% fitted"
        )
    from infercost.cli import import_cmd as report

    return report.write_and_report(args, project, pv)


def cli_error(message: str):
    from infercost.model.errors import InferCostError

    return InferCostError(message)


def _cal_headline(cal, no_calibrate: bool) -> str:
    before = (
        "engine default"
        if cal.mem_efficiency_before is None
        else f"{cal.mem_efficiency_before:.3f}"
    )
    if cal.mem_efficiency_after is None:
        return (
            f"{cal.gpu_id}: bandwidth share stays {before} (no decode point, or no share from "
            "0.15 to 1 meets them: what differs is not bandwidth)"
        )
    verb = "would be" if no_calibrate else "set to"
    return (
        f"{cal.gpu_id}: decode reaches {cal.mem_efficiency_after:.3f} of peak bandwidth "
        f"(fitted on the decode points; was {before}; {verb} the GPU's mem_efficiency)"
    )


def _cal_json(cal) -> dict:
    mb, wb = cal.summary(after=False)
    ma, wa = cal.summary(after=True)
    return {
        "gpu_id": cal.gpu_id,
        "mem_efficiency_before": cal.mem_efficiency_before,
        "mem_efficiency_after": cal.mem_efficiency_after,
        "median_error_pct_before": mb,
        "worst_error_pct_before": wb,
        "median_error_pct_after": ma,
        "worst_error_pct_after": wa,
        "points": [
            {
                "location": r.point.location,
                "test": r.point.label,
                "phase": r.point.phase,
                "concurrency": r.point.concurrency,
                "context_tokens": r.point.context_tokens,
                "measured_tokens_per_s": r.point.tokens_per_s,
                "estimate_before": r.estimate_before,
                "error_pct_before": r.error_before_pct,
                "estimate_after": r.estimate_after,
                "error_pct_after": r.error_after_pct,
            }
            for r in cal.rows
        ],
    }
