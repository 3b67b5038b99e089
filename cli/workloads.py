"""infercost-cli workloads: the project's workloads, their volume and shape."""

from __future__ import annotations

import argparse

from infercost import cli
from infercost.cli import args as c


def add_arguments(p: argparse.ArgumentParser) -> None:
    c.add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="Print JSON")


def run(args: argparse.Namespace) -> int:
    project = c.load_source(args)
    if args.json:
        cli.print_json([w.model_dump(mode="json") for w in project.workloads])
        return cli.EXIT_OK
    if not project.workloads:
        print("No workloads in this project.")
        return cli.EXIT_OK
    users: dict[str, list[str]] = {}
    for s in project.scenarios:
        users.setdefault(s.workload_id, []).append(s.id)
    rows = [
        [w.id, w.name, c.tokens(w.monthly_tokens), f"{w.input_share:.0%}",
         f"{w.cached_input_share:.0%}", f"{w.batch_share:.0%}",
         f"{w.routing_share:.0%}" + (f" to {w.routing_offer_id}" if w.routing_offer_id else ""),
         f"{w.prompt_tokens:,}", f"{w.hours_per_month:g}", ", ".join(users.get(w.id, [])) or "-"]
        for w in project.workloads
    ]  # fmt: skip
    head = ["id", "name", "tokens/month", "input", "cached", "batch", "routed", "prompt",
            "h/month", "scenarios"]  # fmt: skip
    print(c.table(head, rows))
    return cli.EXIT_OK
