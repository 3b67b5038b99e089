"""infercost-cli report: write a scenario's proposal report (PDF, HTML or Markdown), the same
document File > Export report writes. Qt is imported only to render, offscreen without a display."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from infercost import cli
from infercost.cli import args as c
from infercost.model.errors import InferCostError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "scenario", metavar="SCENARIO", help="Scenario id (see: infercost-cli scenarios)"
    )
    p.add_argument("out", metavar="OUT", help="The file to write: .pdf, .html or .md")
    p.add_argument(
        "--format", choices=("pdf", "html", "md"), help="Output format (default: from OUT's suffix)"
    )
    p.add_argument(
        "--paper", choices=("a4", "letter"), default="a4", help="PDF paper size (default: a4)"
    )
    p.add_argument("--prepared-for", metavar="TEXT", default="", help="Client named on the title")
    p.add_argument("--prepared-by", metavar="TEXT", default="", help="Author named on the title")
    c.add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="Print JSON")


def run(args: argparse.Namespace) -> int:
    from infercost.model.report.report_build import ReportMeta, build_report

    for flag, text in (("--prepared-for", args.prepared_for), ("--prepared-by", args.prepared_by)):
        if len(text) > 200:
            raise InferCostError(f"{flag}: at most 200 characters, got {len(text):,}")
    out = Path(args.out)
    project = c.load_source(args)
    project.scenario(args.scenario)  # an unknown id: exit 2 before anything is rendered
    # Refuse a bad path before the work: the format and folder are checked without Qt.
    from infercost.model.report.report_paths import check_output_path, report_format

    fmt = report_format(out, args.format)
    check_output_path(out)
    meta = ReportMeta(args.prepared_for, args.prepared_by, app_version=_version())
    doc = build_report(project, args.scenario, meta)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed: set before Qt
    from PySide6.QtGui import QGuiApplication

    from infercost.gui.report.files import write_report

    _app = QGuiApplication.instance() or QGuiApplication(["infercost-cli"])
    written = write_report(doc, out, fmt, args.paper)
    if args.json:
        cli.print_json({
            "written": str(written), "format": fmt, "paper": args.paper,
            "scenario": args.scenario, "sections": [s.id for s in doc.sections],
        })  # fmt: skip
    else:
        pages = f" ({args.paper.upper()})" if fmt == "pdf" else ""
        print(f"Written {written}: {fmt}{pages}, {len(doc.sections)} sections")
    return cli.EXIT_OK


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("infercost")
    except metadata.PackageNotFoundError:
        return "development"
