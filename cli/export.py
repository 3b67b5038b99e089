"""infercost-cli export: write a project as an Excel workbook with live formulas."""

from __future__ import annotations

import argparse
from pathlib import Path

from infercost import cli
from infercost.cli import args as c
from infercost.model.errors import InferCostError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", metavar="OUT.xlsx", help="The workbook to write (replaced atomically)")
    p.add_argument(
        "--scenario",
        metavar="ID",
        action="append",
        help="A scenario to export; repeat for several (the first goes on the Inputs and "
        "Break-even sheets and behind the OptionK_ names). Default: the project's first",
    )
    p.add_argument(
        "--all",
        action="store_true",
        help="Every scenario and the whole catalog (to edit prices and import them back)",
    )
    p.add_argument(
        "--full-catalog",
        action="store_true",
        help="The whole catalog, not only the entries the exported scenarios use",
    )
    c.add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="Print JSON")


def run(args: argparse.Namespace) -> int:
    from infercost.model.interchange.excel_export import export_workbook

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise InferCostError(f"{out}: the workbook must end in .xlsx")
    project = c.load_source(args)
    for sid in args.scenario or ():
        project.scenario(sid)  # an unknown id: a clear message before anything is written
    result = export_workbook(
        project,
        out,
        args.scenario,
        all_scenarios=args.all,
        full_catalog=True if args.full_catalog else None,
    )
    if args.json:
        cli.print_json(
            {
                "written": str(result.path),
                "scenario": result.scenario_id,
                "scenarios": list(result.scenario_ids),
                "sheets": list(result.sheets),
                "names": list(result.names),
            }
        )
    else:
        shown = ", ".join(result.scenario_ids) or "none"
        print(f"Written {result.path}: {len(result.sheets)} sheets, scenarios {shown}")
        print("Defined names: " + ", ".join(result.names))
    return cli.EXIT_OK
