"""infercost-cli scenarios: list the project's scenarios, or show one with its options, notes,
decision-matrix facts and the source document's figures beside the computed ones."""

from __future__ import annotations

import argparse

from infercost import cli
from infercost.cli import args as c
from infercost.model.catalog.project import Project
from infercost.model.catalog.quality import tier_label
from infercost.model.catalog.scenario import Scenario
from infercost.model.costing.advice_text import figure_value, option_details, option_uses

FACTS = ("latency_tolerant", "predictable_load", "privacy_critical", "prototyping",
         "single_developer")  # fmt: skip


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", nargs="?", metavar="ID", help="Scenario id: show this one in full")
    p.add_argument(
        "--compare",
        action="store_true",
        help="Every scenario (or ID) at its workload's volume: each option's cost, the cheapest "
        "comparable option, its margin over the runner-up, and the break-even volumes",
    )
    c.add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="Print JSON")


def run(args: argparse.Namespace) -> int:
    project = c.load_source(args)
    if args.compare:
        return _compare(project, args)
    if args.id is None:
        if args.json:
            cli.print_json([_summary(project, s) for s in project.scenarios])
        else:
            print(render_list(project))
        return cli.EXIT_OK
    scenario = project.scenario(args.id)
    from infercost.model.costing.evaluation import evaluate

    comp = evaluate(project, scenario)
    if args.json:
        out = scenario.model_dump(mode="json")
        out["figures_computed"] = [
            {
                "what": f.figure.what,
                "document_value": f.figure.document_value,
                "computed": f.computed,
                "difference_pct": f.difference_pct,
                "agrees": f.agrees,
                "reason": f.figure.reason,
                "computed_at_claim": f.computed_at_claim,
                "claim_note": f.claim_note,
                "error": f.error,
            }
            for f in comp.figures
        ]
        cli.print_json(c.jsonable(out))
    else:
        print(render_one(project, scenario, comp))
    return cli.EXIT_OK


def _compare(project: Project, args: argparse.Namespace) -> int:
    from infercost.model.costing.advice_text import (
        comparison_headline,
        evaluation_notes,
        row_status,
    )
    from infercost.model.costing.evaluation import evaluate

    chosen = [project.scenario(args.id)] if args.id else project.scenarios
    comps = [evaluate(project, s) for s in chosen]
    if args.json:
        cli.print_json(c.jsonable([_comparison_json(comp) for comp in comps]))
        return cli.EXIT_OK
    out: list[str] = []
    for s, comp in zip(chosen, comps, strict=True):
        rows = []
        for r in comp.options:
            oc = r.cost
            per = "-" if oc is None or oc.usd_per_mtok is None else f"{oc.usd_per_mtok:.4f}"
            units = "-" if oc is None or oc.capacity_tokens_per_unit is None else str(oc.units)
            rows.append([r.label, c.usd(r.usd), per, units, row_status(comp, r)])
        out += [f"{s.name} ({s.id})", comparison_headline(comp), ""]
        out.append(c.table(["option", "$/month", "$/Mtok", "units", ""], rows))
        if comp.cheapest is not None:
            label = comp.cheapest.label
            xs = [f"{c.tokens(x.volume_tokens)} vs {x.b if x.a == label else x.a}"
                  for x in comp.crossings_of(label)]  # fmt: skip
            out.append(f"Break-even volumes of {label}: {'; '.join(xs) or 'none in range'}")
        out += evaluation_notes(comp)
        out.append("")
    print("\n".join(out).rstrip())
    return cli.EXIT_OK


def _comparison_json(comp) -> dict:
    from infercost.cli.cost import option_summary

    return {
        "scenario_id": comp.scenario_id,
        "volume_tokens": comp.volume_tokens,
        "quality_needed": comp.quality_needed,
        "cheapest": None if comp.cheapest is None else comp.cheapest.label,
        "runner_up": None if comp.runner_up is None else comp.runner_up.label,
        "margin_usd": comp.margin_usd,
        "margin_pct": comp.margin_pct,
        "upfront_usd": comp.upfront_usd,
        "options": [option_summary(r) for r in comp.options],
        "envelope": [c.jsonable(x) for x in comp.envelope],
        "break_even": [
            {"a": x.a, "b": x.b, "volume_tokens": x.volume_tokens, "cheaper_after": x.cheaper_after}
            for x in (comp.break_even.crossings if comp.break_even else ())
        ],
    }


def _summary(project: Project, s: Scenario) -> dict:
    w = project.workload(s.workload_id)
    return {
        "id": s.id,
        "name": s.name,
        "workload_id": s.workload_id,
        "monthly_tokens": w.monthly_tokens,
        "options": len(s.options),
        "quality_needed": s.quality_needed.value if s.quality_needed else None,
        "document_figures": len(s.document_figures),
    }


def render_list(project: Project) -> str:
    """A table of the scenarios: id, name, workload and volume, options, quality needed."""
    if not project.scenarios:
        return "No scenarios in this project."
    rows = []
    for s in project.scenarios:
        w = project.workload(s.workload_id)
        rows.append([s.id, s.name, s.workload_id, c.tokens(w.monthly_tokens),
                     str(len(s.options)), tier_label(s.quality_needed)])  # fmt: skip
    head = ["id", "name", "workload", "tokens/month", "options", "quality needed"]
    return c.table(head, rows) + "\n\nShow one: infercost-cli scenarios ID; advice: advise ID"


def render_one(project: Project, s: Scenario, comp) -> str:
    """One scenario: header, facts, options, notes and the document's figures."""
    w = project.workload(s.workload_id)
    facts = [f.replace("_", " ") for f in FACTS if getattr(s, f)] or ["none set"]
    out = [
        f"{s.name} ({s.id})",
        f"Workload: {w.name} ({w.id}), {c.tokens(w.monthly_tokens)} tokens/month",
        f"Quality needed: {tier_label(s.quality_needed)}",
        f"Decision-matrix facts: {', '.join(facts)}",
    ]
    if s.source:
        out.append(f"Source: {s.source}")
    if s.notes:
        out.append(f"Notes: {s.notes}")
    out.append("")
    rows = [
        [so.label, so.option.kind, option_uses(so.option), tier_label(r.quality),
         option_details(so.option)]
        for so, r in zip(s.options, comp.options, strict=True)
    ]  # fmt: skip
    out.append(c.table(["option", "kind", "uses", "quality", "details"], rows))
    if comp.figures:
        out += ["", "The source document's figures beside the computed ones:"]
        frows = []
        for f in comp.figures:
            d = f.difference_pct
            printed = f.figure.document_text or figure_value(f, f.figure.document_value)
            claimed = figure_value(f, f.computed_at_claim) if f.claim_note else "same"
            frows.append([f.figure.what, printed,
                          figure_value(f, f.computed), claimed, "-" if d is None else f"{d:+.1f}%",
                          "agrees" if f.agrees else "differs"])  # fmt: skip
        head = ["figure", "document", "computed", "at the document's tok/s", "difference", ""]
        out.append(c.table(head, frows))
        reasons = [(f.figure.what, "; ".join(x for x in (f.claim_note, f.figure.reason or f.error)
                                             if x))
                   for f in comp.figures
                   if not f.agrees and (f.figure.reason or f.error or f.claim_note)]  # fmt: skip
        if reasons:
            out += ["", "Why they differ:"]
            out += [f"  {what}: {why}" for what, why in reasons]
    return "\n".join(out)
