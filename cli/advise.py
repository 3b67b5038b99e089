"""infercost-cli advise: the source document's decision matrix applied to a scenario, with the
computed costs, the caveats that apply and where the costs disagree with the matrix."""

from __future__ import annotations

import argparse

from infercost import cli
from infercost.cli import args as c
from infercost.cli.cost import option_summary


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "scenario", metavar="SCENARIO", help="Scenario id (see: infercost-cli scenarios)"
    )
    c.add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="Print JSON")


def run(args: argparse.Namespace) -> int:
    from infercost.model.costing.advice_text import (
        comparison_headline,
        evaluation_notes,
        report,
        row_status,
    )
    from infercost.model.costing.advisor import advise

    project = c.load_source(args)
    advice = advise(project, args.scenario)
    text = report(advice)
    comp = advice.evaluation
    if args.json:
        cli.print_json(c.jsonable({
            "scenario_id": advice.scenario_id,
            "volume_tokens": advice.volume_tokens,
            "rule": None if advice.rule is None else {
                "id": advice.rule.id,
                "situation": advice.rule.situation,
                "recommendation": advice.rule.recommendation,
            },
            "also_applies": [r.id for r in advice.also_applies],
            "no_rule_reason": advice.no_rule_reason,
            "agrees": advice.agrees,
            "choice": None if advice.choice is None else advice.choice.label,
            "matrix_pick": None if advice.matrix_pick is None else advice.matrix_pick.label,
            "pick_extra_usd": advice.pick_extra_usd,
            "pick_break_even_tokens": advice.pick_break_even_tokens,
            "margin_usd": comp.margin_usd,
            "runner_up": None if comp.runner_up is None else comp.runner_up.label,
            "upfront_usd": comp.upfront_usd,
            "options": [option_summary(r) for r in comp.options],
            "notes": evaluation_notes(comp),
            "break_even": [{
                "a": x.a, "b": x.b, "volume_tokens": x.volume_tokens,
                "cheaper_after": x.cheaper_after, "kind": x.kind,
            } for x in (comp.break_even.crossings if comp.break_even else ())],
            "disagreements": list(advice.disagreements),
            "caveats": list(advice.caveats),
            "summary": text.headline,
        }))  # fmt: skip
        return cli.EXIT_OK
    scenario = project.scenario(args.scenario)
    out = [f"{scenario.name} ({scenario.id})", comparison_headline(comp), ""]
    rows = []
    for r in comp.options:
        oc = r.cost
        per = "-" if oc is None or oc.usd_per_mtok is None else f"{oc.usd_per_mtok:.4f}"
        units = "-" if oc is None or oc.capacity_tokens_per_unit is None else str(oc.units)
        rows.append([r.label, r.kind, c.usd(r.usd), per, units, row_status(comp, r)])
    out.append(c.table(["option", "kind", "$/month", "$/Mtok", "units", ""], rows))
    out += ["", text.headline, text.rule, *text.numbers]
    if text.disagreements:
        out += ["", "Where the costs disagree with the matrix:"]
        out += [f"  - {d}" for d in text.disagreements]
    if text.caveats:
        out += ["", "Caveats from the document:"]
        out += [f"  - {x}" for x in text.caveats]
    if comp.cheapest is not None:
        xs = comp.crossings_of(comp.cheapest.label)[:6]
        if xs:
            out += ["", f"Break-even volumes of {comp.cheapest.label}:"]
            for x in xs:
                other = x.b if x.a == comp.cheapest.label else x.a
                out.append(f"  {c.tokens(x.volume_tokens)} against {other} "
                           f"({x.cheaper_after} cheaper above, {x.kind})")  # fmt: skip
    print("\n".join(out))
    return cli.EXIT_OK
