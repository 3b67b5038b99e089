"""infercost-cli import-prices: merge a LiteLLM or OpenRouter price file into a project."""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path

from infercost import cli
from infercost.cli import args as c
from infercost.model.interchange.importers import merge_offers, read_price_file
from infercost.model.interchange.project_io import SUFFIX, save_project


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file", metavar="FILE", help="model_prices_and_context_window.json or models.json"
    )
    p.add_argument(
        "--format",
        choices=("auto", "litellm", "openrouter"),
        default="auto",
        help="File format (default: recognised from the content)",
    )
    p.add_argument(
        "--keep-existing",
        action="store_true",
        help="Keep the project's offers where the file has the same id (default: replace them)",
    )
    p.add_argument(
        "--out",
        metavar="FILE",
        help=f"Write the merged project here ({SUFFIX}); without it nothing is written",
    )
    p.add_argument("--skipped", action="store_true", help="List every skipped entry and why")
    c.add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="Print JSON")


def run(args: argparse.Namespace) -> int:
    project = c.load_source(args)
    result = read_price_file(args.file, args.format)
    merged = merge_offers(project.catalog, result, replace=not args.keep_existing)
    out = Path(args.out) if args.out else None
    if out is not None:
        if not out.suffix and not os.path.lexists(out):  # an existing path is taken as given
            out = out.with_suffix(SUFFIX)
        save_project(project.model_copy(update={"catalog": merged.catalog}), out)
    reasons = Counter(s.reason.split(" (")[0] for s in result.skipped)
    if args.json:
        cli.print_json(
            {
                "file": str(args.file),
                "offers_read": len(result.offers),
                "added": list(merged.added),
                "replaced": list(merged.replaced),
                "kept": list(merged.kept),
                "clashing": list(merged.clashing),
                "skipped": [{"key": s.key, "reason": s.reason} for s in result.skipped],
                "flagged": [{"id": f.id, "reason": f.reason} for f in result.flagged],
                "written": str(out) if out else None,
            }
        )
        return cli.EXIT_OK
    print(f"{args.file}: {len(result.offers)} offers read; {merged.summary()}")
    print(f"{len(result.skipped)} entries skipped:")
    for reason, n in reasons.most_common():
        print(f"  {n:6,}  {reason}")
    if args.skipped:
        for s in result.skipped:
            print(f"  {s.key}: {s.reason}")
    if result.flagged:
        print(f"{len(result.flagged)} imported with an unusual price (check them):")
        for f in result.flagged:
            print(f"  {f.id}: {f.reason}")
    print(f"Written to {out}" if out else "Nothing written (dry run): add --out FILE to save.")
    return cli.EXIT_OK
