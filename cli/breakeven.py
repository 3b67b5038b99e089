"""infercost-cli breakeven: every volume where the cheaper of two options changes."""

from __future__ import annotations

import argparse

from infercost import cli
from infercost.cli import args as c
from infercost.cli.cost import check_json, describe_workload, render_checks
from infercost.model.costing.breakeven import BreakEven
from infercost.model.costing.evaluation import Evaluation
from infercost.model.errors import InferCostError


def add_arguments(p: argparse.ArgumentParser) -> None:
    c.add_costing_arguments(
        p,
        "--max-volume",
        c.positive_volume,
        "Search up to this many tokens/month (default: the scenario's range, else 1T)",
    )
    p.add_argument(
        "--all-crossings",
        action="store_true",
        help="Also list every pairwise crossing and every pair that never crosses (the envelope, "
        "where the cheapest comparable option changes, is always given)",
    )


def run(args: argparse.Namespace) -> int:
    from infercost.model.costing.evaluation import evaluate

    source = c.load_source(args)
    project, scenario = c.resolve_scenario(source, args, least=2, volume_max=args.max_volume)
    ev = evaluate(project, scenario)
    if ev.break_even is None:
        raise InferCostError(ev.break_even_error or "the break-even search failed")
    be = ev.break_even
    if args.json:
        out = {
            "workload": ev.workload.model_dump(mode="json"),
            "volume_max_tokens": be.volume_max_tokens,
            "quality_needed": c.jsonable(ev.quality_needed),
            "envelope": [c.jsonable(x) for x in ev.envelope],
            "options": list(be.labels),
            "crossing_count": be.crossing_count,
            "throughput_checks": {o.label: check_json(o.claim) for o in ev.options},
        }
        if args.all_crossings:
            out["crossings"] = [c.jsonable(x) for x in be.crossings]
            out["never"] = [{**c.jsonable(x), "reason": x.reason} for x in be.never]
        cli.print_json(out)
    else:
        print(describe_workload(ev.workload))
        print(render_envelope(ev))
        if args.all_crossings:
            print("\n" + render_text(be))
        elif be.crossing_count:
            n = be.crossing_count
            print(f"\n{n:,} pairwise crossing{'s' * (n != 1)} in all: --all-crossings lists them.")
        checked = render_checks([o.label for o in ev.options], [o.claim for o in ev.options])
        if checked:
            print("\nThroughput against the estimator (same GPU, LLM, format, concurrency):")
            print("\n".join(checked))
    return cli.EXIT_OK


def render_envelope(ev: Evaluation) -> str:
    """Where the cheapest comparable feasible option changes as the volume grows."""
    be = ev.break_even
    assert be is not None
    out = [f"Searched 0 to {c.tokens(be.volume_max_tokens)} tokens/month, exactly.", ""]
    if not ev.envelope:
        first = [o for o in ev.options if o.eligible]
        if first:
            cheapest = min(first, key=lambda o: float(o.function.usd(1.0)))  # type: ignore[union-attr]
            out.append(f"The cheapest comparable option never changes: {cheapest.label}.")
        else:
            out.append("No comparable option can be costed.")
        return "\n".join(out)
    rows = [[c.tokens(x.volume_tokens), x.before, x.after, x.kind, c.usd(x.usd_per_month)]
            for x in ev.envelope]  # fmt: skip
    out.append("Where the cheapest comparable option changes:")
    out.append(c.table(["tokens/month", "cheapest below", "cheapest above", "kind", "cost/month"],
                       rows))  # fmt: skip
    return "\n".join(out)


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
