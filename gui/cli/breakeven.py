"""infercost-cli breakeven: every volume where the cheaper of two options changes."""

from __future__ import annotations

import argparse

from infercost.gui import cli
from infercost.gui.cli import args as c
from infercost.gui.cli.cost import check_json, describe_workload, render_checks
from infercost.model.breakeven import BreakEven, analyse_functions
from infercost.model.curves import cost_function
from infercost.model.throughput_check import throughput_check


def add_arguments(p: argparse.ArgumentParser) -> None:
    c.add_costing_arguments(
        p,
        "--max-volume",
        c.positive_volume,
        "Search up to this many tokens/month (default: the scenario's range, else 1T)",
    )


def run(args: argparse.Namespace) -> int:
    project = c.load_source(args)
    options, wid = c.resolve_options(project, args, least=2)
    workload = c.resolve_workload(project, args, wid)
    vmax = args.max_volume
    if vmax is None:
        vmax = project.scenario(args.scenario).volume_max_tokens if args.scenario else 1e12
    functions = [cost_function(project, so, workload) for so in options]
    be = analyse_functions(functions, vmax)
    checks = [throughput_check(project, so, workload) for so in options]
    if args.json:
        cli.print_json(
            {
                "workload": workload.model_dump(mode="json"),
                "volume_max_tokens": be.volume_max_tokens,
                "options": list(be.labels),
                "crossings": [c.jsonable(x) for x in be.crossings],
                "never": [{**c.jsonable(x), "reason": x.reason} for x in be.never],
                "throughput_checks": {
                    so.label: check_json(p) for so, p in zip(options, checks, strict=True)
                },
            }
        )
    else:
        print(describe_workload(workload))
        print(render_text(be))
        checked = render_checks([so.label for so in options], checks)
        if checked:
            print("\nThroughput against the estimator (same GPU, LLM, format, concurrency):")
            print("\n".join(checked))
    return cli.EXIT_OK


def render_text(be: BreakEven) -> str:
    """Crossings in volume order, then the pairs that never cross with the reason."""
    out = [f"Searched 0 to {c.tokens(be.volume_max_tokens)} tokens/month, exactly.", ""]
    if be.crossings:
        rows = [
            [
                c.tokens(x.volume_tokens),
                f"{x.a} vs {x.b}",
                x.cheaper_after,
                x.kind,
                c.usd(x.usd_per_month),
                "yes" if x.beyond_capacity else "",
            ]
            for x in be.crossings
        ]
        head = ["tokens/month", "pair", "cheaper above", "kind", "cost/month", "past 1 unit"]
        out.append(c.table(head, rows))
    else:
        out.append("No crossings.")
    if be.never:
        out += ["", "Never cross:"]
        out += [f"  {n.reason}" for n in be.never]
    return "\n".join(out)
