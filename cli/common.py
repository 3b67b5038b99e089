"""Helpers of every subcommand that need no scenario classes: where ids are looked up
(--project / --catalog) and the text table. ``catalog`` imports only these, so listing the
catalog does not build the scenario and seed-figure models (start-up: make bench)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.fileio import default_catalog, load_catalog

if TYPE_CHECKING:
    from infercost.model.catalog.project import Project


def add_source_arguments(p: argparse.ArgumentParser) -> None:
    """--project / --catalog: where ids are looked up."""
    src = p.add_mutually_exclusive_group()
    src.add_argument("--project", metavar="FILE", help="Project file (default: the seed scenarios)")
    src.add_argument("--catalog", metavar="FILE", help="Catalog file (default: the built-in one)")


def load_source(args: argparse.Namespace) -> Project:
    """The --project file, or the default project (with the --catalog file as its catalog)."""
    if getattr(args, "project", None):
        from infercost.model.interchange.project_io import load_project

        return load_project(args.project)
    from infercost.model.catalog.defaults import default_project
    from infercost.model.catalog.project import Project

    project = default_project()
    if getattr(args, "catalog", None):
        # A user's catalog may lack the ids the seed scenarios use: keep only the workloads.
        workloads = [w.model_copy(update={"routing_offer_id": None}) for w in project.workloads]
        return Project(name=project.name, catalog=load_catalog(args.catalog), workloads=workloads)
    return project


def load_catalog_source(args: argparse.Namespace) -> Catalog:
    """The catalog of --project or --catalog, else the default one (no project is built)."""
    if getattr(args, "project", None):
        from infercost.model.interchange.project_io import load_project

        return load_project(args.project).catalog
    if getattr(args, "catalog", None):
        return load_catalog(args.catalog)
    return default_catalog()


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Left-aligned first column, right-aligned numbers; cells from files are one printable line."""
    from infercost.model.guard import printable

    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])
