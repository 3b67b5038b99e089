"""infercost-cli summary: the Summary panel's figures for one catalog entry "
"(model/costing/readout.py)."""

from __future__ import annotations

import argparse

from infercost import cli
from infercost.cli import args as c
from infercost.model.costing.readout import PRICED_SECTIONS, Readout, readout
from infercost.model.errors import UnknownIdError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID", help="An API offer, hosted offer, GPU rental or build id")
    p.add_argument(
        "--workload", metavar="ID", help="Workload that prices API offers (default: the first)"
    )
    c.add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="Print JSON")


def run(args: argparse.Namespace) -> int:
    project = c.load_source(args)
    if args.workload is not None:
        project.workload(args.workload)  # an unknown id is refused, not silently replaced
    found = [(name, e.id) for name, e in project.catalog.entries() if e.id == args.id]
    if not found:
        known = [e.id for name, e in project.catalog.entries() if name in PRICED_SECTIONS]
        raise UnknownIdError("entry", args.id, known)
    section, entry_id = found[0]
    r = readout(project, section, entry_id, args.workload)
    if args.json:
        cli.print_json({"section": section, "id": entry_id, **r.as_dict()})
    else:
        print(render_text(r))
    return cli.EXIT_OK


def render_text(r: Readout) -> str:
    """The panel's lines as text: title, headline and caption, then one figure a line."""
    head = f"{r.title}: {r.headline_text} {r.caption}" if r.headline else f"{r.title}: {r.caption}"
    width = max((len(label) for label, _ in r.lines), default=0)
    return "\n".join([head, *(f"  {label.ljust(width)}  {text}" for label, text in r.lines)])
