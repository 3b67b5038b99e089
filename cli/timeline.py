"""infercost-cli timeline: each option's cumulative cost month by month over the scenario's
horizon (prices falling, hardware depreciating), and the month the cheapest-so-far changes."""

from __future__ import annotations

import argparse

from infercost import cli
from infercost.cli import args as c


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "scenario", metavar="SCENARIO", help="Scenario id (see: infercost-cli scenarios)"
    )
    c.add_source_arguments(p)
    p.add_argument("--horizon", type=c.whole(600), metavar="MONTHS", help="Months to cover")
    p.add_argument(
        "--api-decline",
        type=c.bounded(0, 99),
        metavar="PCT",
        help="Annual decline of API prices, %% (default: the scenario's; the document's 80.4)",
    )
    p.add_argument(
        "--rental-decline", type=c.bounded(0, 99), metavar="PCT", help="Annual decline of rentals"
    )
    p.add_argument(
        "--discount-rate", type=c.bounded(0, 100), metavar="PCT", help="Cost of capital for NPV"
    )
    p.add_argument(
        "--every", type=c.whole(600), default=6, metavar="N", help="Text: a column every N months"
    )
    p.add_argument("--json", action="store_true", help="Print JSON")


def run(args: argparse.Namespace) -> int:
    from infercost.model.costing.buy_or_wait import buy_or_wait, floor_notes
    from infercost.model.costing.evaluation import evaluate
    from infercost.model.costing.timeline import timeline
    from infercost.model.uncertainty.time_text import (
        timeline_dict,
        timeline_lines,
        wait_lines,
        waits_dict,
    )

    project = c.load_source(args)
    scenario = project.scenario(args.scenario)
    changes = {
        "horizon_months": args.horizon,
        "api_decline_pct_per_year": args.api_decline,
        "rental_decline_pct_per_year": args.rental_decline,
        "discount_rate_pct_per_year": args.discount_rate,
    }
    changes = {k: v for k, v in changes.items() if v is not None}
    if changes:
        time = scenario.time.model_copy(update=changes)
        scenario = scenario.model_copy(update={"time": time})
    ev = evaluate(project, scenario)
    t = timeline(project, scenario, ev)
    waits = buy_or_wait(t, scenario)
    floors = floor_notes(project, scenario, ev)
    if args.json:
        cli.print_json({**timeline_dict(t), "buy_or_wait": waits_dict(waits), "cost_floor": floors})
    else:
        print("\n".join([*timeline_lines(t, args.every), "", *wait_lines(waits, floors)]))
    return cli.EXIT_OK
