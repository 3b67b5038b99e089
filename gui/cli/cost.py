"""infercost-cli cost: the monthly cost of several options at one token volume."""

from __future__ import annotations

import argparse

from infercost.gui import cli
from infercost.gui.cli import args as c
from infercost.model.curves import OptionCost, option_cost_at
from infercost.model.pricing import Blend
from infercost.model.scenario import Workload
from infercost.model.throughput_check import ThroughputCheck, throughput_check


def add_arguments(p: argparse.ArgumentParser) -> None:
    c.add_costing_arguments(
        p, "--volume", c.volume, "Tokens per month, e.g. 250M, 6B, 1e9 (default: the workload's)"
    )


def run(args: argparse.Namespace) -> int:
    project = c.load_source(args)
    options, wid = c.resolve_options(project, args, least=1)
    workload = c.resolve_workload(project, args, wid)
    volume = workload.monthly_tokens if args.volume is None else args.volume
    costs = [option_cost_at(project, so, workload, volume) for so in options]
    checks = [throughput_check(project, so, workload) for so in options]
    cheapest = min(costs, key=lambda oc: oc.usd).label
    if args.json:
        cli.print_json(
            {
                "volume_tokens": volume,
                "workload": workload.model_dump(mode="json"),
                "cheapest": cheapest,
                "options": [
                    {**_option_json(oc), "throughput_check": check_json(p)}
                    for oc, p in zip(costs, checks, strict=True)
                ],
            }
        )
    else:
        print(render_text(workload, volume, costs, cheapest, checks))
    return cli.EXIT_OK


def _option_json(oc: OptionCost) -> dict:
    f = oc.function
    out = c.jsonable({k: v for k, v in c.jsonable(oc).items() if k != "function"})
    out.update(
        tokens_per_s=f.tokens_per_s,
        throughput_source=f.throughput_source,
        unit_usd_per_hour=f.unit_usd_per_hour,
        fixed_usd_per_unit=f.fixed_usd_per_unit,
        variable_usd_per_mtok=f.variable_usd_per_token * 1e6,
        blend=c.jsonable(f.blend),
        build_cost=c.jsonable(f.build_cost),
    )
    return out


def describe_workload(w: Workload) -> str:
    """One line with the workload's shape and strategies."""
    parts = [
        f"{w.input_share:.0%} input",
        f"{w.cached_input_share:.0%} of input cached",
        f"{w.batch_share:.0%} batch",
    ]
    if w.routing_share and w.routing_offer_id:
        parts.append(f"{w.routing_share:.0%} routed to {w.routing_offer_id}")
    parts.append(f"{w.hours_per_month:g} h/month")
    return f"Workload {w.name} ({w.id}): " + ", ".join(parts)


def check_json(p: ThroughputCheck | None) -> dict | None:
    """A throughput check as JSON (None for an API option or an estimated throughput)."""
    return None if p is None else c.jsonable(p.to_dict())


def render_checks(labels: list[str], checks: list[ThroughputCheck | None]) -> list[str]:
    """'label: pinned 400 tok/s; estimate 78-131 tok/s (...)' for each checked option."""
    return [f"  {label}: {p.text}" for label, p in zip(labels, checks, strict=True) if p]


def render_text(
    w: Workload,
    volume: float,
    costs: list[OptionCost],
    cheapest: str,
    checks: list[ThroughputCheck | None] | None = None,
) -> str:
    """A table of the options' monthly costs with each API offer's strategy savings."""
    rows = []
    for oc in costs:
        units = "-" if oc.capacity_tokens_per_unit is None else str(oc.units)
        per_mtok = "-" if oc.usd_per_mtok is None else f"{oc.usd_per_mtok:.4f}"
        rows.append(
            [
                oc.label + ("  *" if oc.label == cheapest else ""),
                oc.kind,
                units,
                c.usd(oc.fixed_usd),
                c.usd(oc.variable_usd),
                c.usd(oc.usd),
                per_mtok,
            ]
        )
    head = ["option", "kind", "units", "fixed/month", "variable/month", "total/month", "$/Mtok"]
    out = [
        describe_workload(w),
        f"Volume: {c.tokens(volume)} tokens/month",
        "",
        c.table(head, rows),
    ]
    out.append("* cheapest at this volume")
    for oc in costs:
        if oc.beyond_one_unit and oc.capacity_tokens_per_unit is not None:
            out.append(
                f"{oc.label}: {oc.units} units (one serves {c.tokens(oc.capacity_tokens_per_unit)} "
                "tokens/month)"
            )
    for oc in costs:
        f = oc.function
        if f.tokens_per_s is not None:
            out.append(f"{oc.label}: {f.tokens_per_s:,.0f} tok/s per unit ({f.throughput_source})")
    checked = render_checks([oc.label for oc in costs], checks or [])
    if checked:
        out += ["", "Throughput against the estimator (same GPU, LLM, format, concurrency):"]
        out += checked
    blends = [(oc.label, oc.function.blend) for oc in costs if oc.function.blend is not None]
    if blends:
        out += ["", "API price per million tokens, strategy by strategy:"]
        out += [f"  {label}: {render_blend(b)}" for label, b in blends]
    return "\n".join(out)


def render_blend(b: Blend) -> str:
    """list $x -> caching $y (-z%) -> ... for one offer."""
    parts = [f"list ${b.list_usd_per_mtok:.4f}"]
    for s in b.steps[1:]:
        change = f"{-s.saving_pct:+.1f}%" if round(s.saving_pct, 1) else "0%"
        parts.append(f"{s.name} ${s.usd_per_mtok:.4f} ({change})")
    return " -> ".join(parts)
