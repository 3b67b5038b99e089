"""infercost-cli sensitivity: every input's low/high, ranked by how far it moves the decision,
each option's cost as a band, the break-even as a low/high pair, and a seeded Monte Carlo
probability that each option is cheapest."""

from __future__ import annotations

import argparse

from infercost import cli
from infercost.cli import args as c


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "scenario", metavar="SCENARIO", help="Scenario id (see: infercost-cli scenarios)"
    )
    c.add_source_arguments(p)
    p.add_argument(
        "--draws",
        type=c.whole(10_000_000),
        default=10_000,
        metavar="N",
        help="Monte Carlo draws (default 10,000)",
    )
    p.add_argument("--seed", type=int, default=0, metavar="S", help="Random seed (default 0)")
    p.add_argument(
        "--rank-by",
        choices=["margin", "break-even"],
        default="margin",
        help="Rank inputs by their swing on the cheapest option's margin (default) or on the "
        "decision's break-even volume",
    )
    p.add_argument("--json", action="store_true", help="Print JSON")


def run(args: argparse.Namespace) -> int:
    from infercost.model.uncertainty.sensitivity import sensitivity
    from infercost.model.uncertainty.time_text import sensitivity_dict, sensitivity_lines

    project = c.load_source(args)
    s = sensitivity(
        project,
        project.scenario(args.scenario),
        draws=args.draws,
        seed=args.seed,
        rank_by=args.rank_by,
    )
    if args.json:
        cli.print_json(sensitivity_dict(s))
    else:
        print("\n".join(sensitivity_lines(s)))
    return cli.EXIT_OK
