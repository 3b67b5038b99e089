"""infercost-cli fits: every catalog LLM x quantization that fits on a build's GPUs."""

from __future__ import annotations

import argparse

from infercost import cli
from infercost.cli import args as c
from infercost.model.costing.fits import FIT_CONTEXT_TOKENS, FitRow, Fits, what_fits
from infercost.model.estimator.estimate import MAX_CONTEXT_TOKENS


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("build", metavar="BUILD", help="Build id (e.g. rtx-5090-rig, 8x-h100-node)")
    p.add_argument(
        "--context",
        type=c.whole(MAX_CONTEXT_TOKENS),
        default=FIT_CONTEXT_TOKENS,
        metavar="N",
        help=f"Tokens per sequence for the fit and the speed (default {FIT_CONTEXT_TOKENS:,})",
    )
    c.add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="Print JSON")


def run(args: argparse.Namespace) -> int:
    project = c.load_source(args)
    build = project.catalog.build(args.build)
    fits = what_fits(build, project.catalog, args.context)
    if args.json:
        cli.print_json(c.jsonable(fits))
    else:
        print(render_text(build.name, fits))
    return cli.EXIT_OK


def _row(r: FitRow) -> list[str]:
    per = "—" if r.usd_per_mtok is None else c.usd(r.usd_per_mtok, 3)
    off = f"{r.offload_share:.0%}" if r.offload_share else ""
    return [
        r.llm_name,
        r.quant_name,
        f"{r.tokens_per_s:,.1f}" + (" (measured)" if r.source == "measured" else ""),
        per,
        f"{r.max_context:,}",
        f"{r.max_concurrency:,}",
        f"{r.weights_gb:,.1f}",
        off,
    ]


def render_text(name: str, fits: Fits) -> str:
    """The fitting table, then the offloaded one."""
    ctx = f"{fits.context_tokens:,}"
    # The GUI's order: speed and cost first.
    headers = [
        "LLM",
        "format",
        "decode tok/s (1 seq)",
        "$/Mtok",
        "max context (1 seq)",
        f"max sequences ({ctx})",
        "weights GB",
        "offloaded",
    ]
    out = [f"{name} ({fits.build_id}): {fits.gpu_count} x {fits.gpu_id}, {ctx}-token context", ""]
    if fits.fitting:
        out.append(c.table(headers[:-1], [_row(r)[:-1] for r in fits.fitting]))
    else:
        out.append("Nothing in the catalog fits in VRAM.")
    if fits.offloaded:
        out += ["", "Fit only with weights offloaded to system RAM (slower):", ""]
        out.append(c.table(headers, [_row(r) for r in fits.offloaded]))
    return "\n".join(out)
