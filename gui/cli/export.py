"""infercost-cli export: write a project as an Excel workbook with live formulas."""

from __future__ import annotations

import argparse
from pathlib import Path

from infercost.gui import cli
from infercost.gui.cli import args as c
from infercost.model.errors import InferCostError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", metavar="OUT.xlsx", help="The workbook to write (replaced atomically)")
    p.add_argument(
        "--scenario",
        metavar="ID",
        help="Scenario on the Break-even sheet and behind the OptionK_ names (default: the "
        "project's first); every scenario gets its sheet either way",
    )
    c.add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="Print JSON")


def run(args: argparse.Namespace) -> int:
    from infercost.model.excel_export import export_workbook

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise InferCostError(f"{out}: the workbook must end in .xlsx")
    project = c.load_source(args)
    if args.scenario:
        project.scenario(args.scenario)
    result = export_workbook(project, out, args.scenario)
    if args.json:
        cli.print_json(
            {
                "written": str(result.path),
                "scenario": result.scenario_id,
                "sheets": list(result.sheets),
                "names": list(result.names),
            }
        )
    else:
        print(f"Written {result.path}: {len(result.sheets)} sheets, scenario {result.scenario_id}")
        print("Defined names: " + ", ".join(result.names))
    return cli.EXIT_OK
