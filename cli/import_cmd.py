"""infercost-cli import: preview (and apply) a workbook, SkyPilot CSV or API price list."""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path

from infercost import cli
from infercost.cli import args as c
from infercost.model.guard import printable

SHOWN_ADDED = 20


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        metavar="FILE",
        help="An .xlsx workbook (ours or a simple sheet), a SkyPilot catalog .csv, or a "
        "LiteLLM / OpenRouter .json price list",
    )
    p.add_argument(
        "--format",
        choices=("auto", "workbook", "skypilot", "litellm", "openrouter"),
        default="auto",
        help="File format (default: recognised from the name and content)",
    )
    c.add_output_arguments(p)


def run(args: argparse.Namespace) -> int:
    from infercost.model.interchange.import_file import read_import

    project = c.load_source(args)
    pv = read_import(args.file, project.catalog, args.format)
    return write_and_report(args, project, pv)


def write_and_report(args: argparse.Namespace, project, pv, extra: dict | None = None) -> int:
    """Save the merged project (unless a dry run) and print the preview; for every import."""
    from infercost.model.interchange.project_io import SUFFIX, save_project

    out = Path(args.out) if args.out else (Path(args.project) if args.project else None)
    if out is not None and not out.suffix and not os.path.lexists(out):
        out = out.with_suffix(SUFFIX)
    written = None
    if out is not None and not args.dry_run and pv.changes_anything:
        save_project(project.model_copy(update={"catalog": pv.catalog}), out)
        written = str(out)
    if args.json:
        cli.print_json({**pv.to_json(), **(extra or {}), "written": written})
        return cli.EXIT_OK
    print(printable(f"{args.file} ({pv.kind}): {pv.summary()}"))
    for a in pv.added[:SHOWN_ADDED]:
        print(printable(f"  + {a.section} {a.id}  ({a.location})"))
    if len(pv.added) > SHOWN_ADDED:
        print(f"  ... {len(pv.added) - SHOWN_ADDED:,} more added (--json lists every one)")
    for ch in pv.changed:
        diffs = "; ".join(f"{f.field}: {f.old!r} -> {f.new!r}" for f in ch.fields)
        print(printable(f"  ~ {ch.section} {ch.id}  ({ch.location}): {diffs}"))
    if pv.rejected:
        reasons = Counter(r.reason.split(" (")[0] for r in pv.rejected)
        print(f"{len(pv.rejected):,} rows rejected:")
        for reason, n in reasons.most_common(8):
            print(printable(f"  {n:6,}  {reason}"))
        for r in pv.rejected:
            print(printable(f"  ! {r.location}: {r.reason}"))
    for note in pv.notes:
        print(printable(f"note: {note}"))
    if written:
        print(f"Written to {written}")
    elif args.dry_run:
        print("Dry run: nothing written.")
    elif not pv.changes_anything:
        print("Nothing to import: the catalog already has every entry as read.")
    else:
        print("Nothing written: add --out FILE (or --project FILE) to save the merged project.")
    return cli.EXIT_OK
