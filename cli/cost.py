"""infercost-cli cost: the monthly cost of several options at one token volume."""

from __future__ import annotations

import argparse

from infercost import cli
from infercost.cli import args as c
from infercost.model.catalog.scenario import Workload
from infercost.model.costing.curves import OptionCost
from infercost.model.costing.evaluation import Evaluation, OptionEval
from infercost.model.costing.pricing import Blend
from infercost.model.costing.throughput_check import ThroughputCheck
from infercost.model.errors import InferCostError


def add_arguments(p: argparse.ArgumentParser) -> None:
    c.add_costing_arguments(
        p, "--volume", c.volume, "Tokens per month, e.g. 250M, 6B, 1e9 (default: the workload's)"
    )


def run(args: argparse.Namespace) -> int:
    from infercost.model.costing.evaluation import evaluate

    source = c.load_source(args)
    project, scenario = c.resolve_scenario(source, args, least=1)
    ev = evaluate(project, scenario, args.volume)
    failed = next((o for o in ev.options if o.error is not None), None)
    if failed is not None:
        raise InferCostError(failed.error)
    if args.json:
        cli.print_json(evaluation_json(ev))
    else:
        print(render_text(ev))
    return cli.EXIT_OK


def evaluation_json(ev: Evaluation) -> dict:
    """The evaluation as the CLI's JSON: the answer first, then every option."""
    return c.jsonable(
        {
            "scenario_id": ev.scenario_id,
            "volume_tokens": ev.volume_tokens,
            "workload": ev.workload.model_dump(mode="json"),
            "quality_needed": ev.quality_needed,
            "cheapest": None if ev.cheapest is None else ev.cheapest.label,
            "runner_up": None if ev.runner_up is None else ev.runner_up.label,
            "margin_usd": ev.margin_usd,
            "margin_pct": ev.margin_pct,
            "upfront_usd": ev.upfront_usd,
            "envelope": [c.jsonable(x) for x in ev.envelope],
            "options": [option_json(o) for o in ev.options],
        }
    )


def option_json(o: OptionEval) -> dict:
    """One option of an evaluation in full: the summary plus its cost's parts."""
    out = option_summary(o)
    if o.cost is not None:
        out.update(_option_json(o.cost))
    out["throughput_check"] = check_json(o.claim)
    out["quality_source"] = o.quality_source
    return out


def option_summary(r: OptionEval) -> dict:
    """One option of an evaluation for advise and scenarios --compare: cost, quality,
    feasibility, the throughput used and the claim set aside, upfront cash and payback."""
    return {
        "label": r.label, "kind": r.kind, "usd_per_month": r.usd, "usd_per_mtok": r.usd_per_mtok,
        "units": None if r.cost is None else r.cost.units,
        "quality": r.quality, "comparable": r.comparable, "feasible": r.feasible,
        "infeasible_reason": r.infeasible_reason, "error": r.error,
        "tokens_per_s": r.tokens_per_s, "throughput_origin": r.throughput_origin,
        "claim_tokens_per_s": None if r.claim is None else r.claim.figure_tokens_per_s,
        "claim_used": None if r.claim is None else not r.claim_rejected,
        "claim_reason": "" if r.throughput is None else r.throughput.reason,
        "use_own_figure": r.use_own_figure,
        "upfront_usd": r.upfront_usd, "payback_month": r.payback_month,
        "payback_against": r.payback_against, "operations_included": r.operations_included,
    }  # fmt: skip


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


def render_text(ev: Evaluation) -> str:
    """A table of the options' monthly costs, the cheapest comparable feasible one marked, with
    each option's status as the Scenarios tab words it, then throughput and API strategies."""
    from infercost.model.costing.advice_text import evaluation_notes, row_status

    rows = []
    for o in ev.options:
        oc = o.cost
        rows.append(
            [
                o.label + ("  *" if o is ev.cheapest else ""),
                o.kind,
                "-" if o.units is None else str(o.units),
                "-" if oc is None else c.usd(oc.fixed_usd),
                "-" if oc is None else c.usd(oc.variable_usd),
                c.usd(o.usd),
                "-" if o.usd_per_mtok is None else f"{o.usd_per_mtok:.4f}",
                row_status(ev, o),
            ]
        )
    head = ["option", "kind", "units", "fixed/month", "variable/month", "total/month", "$/Mtok",
            ""]  # fmt: skip
    out = [
        describe_workload(ev.workload),
        f"Volume: {c.tokens(ev.volume_tokens)} tokens/month",
        "",
        c.table(head, rows),
        "* cheapest comparable option at this volume",
    ]
    for o in ev.options:
        oc = o.cost
        if oc is not None and oc.beyond_one_unit and oc.capacity_tokens_per_unit is not None:
            out.append(
                f"{o.label}: {oc.units} units (one serves {c.tokens(oc.capacity_tokens_per_unit)} "
                "tokens/month)"
            )
    for o in ev.options:
        if o.throughput is not None:
            out.append(f"{o.label}: {o.throughput.tokens_per_s:,.0f} tok/s per unit "
                       f"({o.throughput.source})")  # fmt: skip
    checked = render_checks([o.label for o in ev.options], [o.claim for o in ev.options])
    if checked:
        out += ["", "Throughput against the estimator (same GPU, LLM, format, concurrency):"]
        out += checked
    notes = evaluation_notes(ev)
    if notes:
        out += ["", *notes]
    blends = [(o.label, o.function.blend) for o in ev.options
              if o.function is not None and o.function.blend is not None]  # fmt: skip
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
