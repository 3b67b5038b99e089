"""Advice and comparisons in words: the one wording the CLI and the scenarios view both show."""

from __future__ import annotations

import math
from dataclasses import dataclass

from infercost.model.catalog.quality import tier_label
from infercost.model.catalog.scenario import ApiOption, CostOption, RentalOption
from infercost.model.costing.advisor import Advice
from infercost.model.costing.evaluation import Evaluation, FigureCheck, OptionEval
from infercost.model.formatting import format_tokens as tokens
from infercost.model.formatting import usd


@dataclass(frozen=True, slots=True)
class AdviceReport:
    """The advice as sentences: a headline, the matrix row, the numbers, disagreements, caveats."""

    headline: str
    rule: str
    numbers: tuple[str, ...]
    disagreements: tuple[str, ...]
    caveats: tuple[str, ...]


def report(advice: Advice) -> AdviceReport:
    """Put an Advice into words."""
    comp = advice.evaluation
    v = advice.volume_tokens
    choice, pick = advice.choice, advice.matrix_pick
    if choice is None:
        headline = f"At {tokens(v)} tokens/month no comparable option can be costed."
    elif advice.agrees:
        headline = f"{choice.label}: the matrix and the costs agree."
    else:
        headline = f"{choice.label} is the cheapest comparable option at {tokens(v)} tokens/month."
    if advice.rule is not None:
        rule = f"Matrix row: {advice.rule.situation} → {advice.rule.recommendation}."
        if advice.also_applies:
            rule += " Also fits: " + "; ".join(r.situation for r in advice.also_applies) + "."
    else:
        rule = advice.no_rule_reason
    numbers = []
    if choice is not None:
        numbers.append(f"Cheapest comparable: {option_cost_text(choice)}.")
    if comp.runner_up is not None and comp.margin_usd is not None:
        numbers.append(
            f"Runner-up: {option_cost_text(comp.runner_up)}; margin {margin_text(comp, '/month')}."
        )
    if pick is not None and pick is not choice:
        reach = comp.break_even.volume_max_tokens if comp.break_even else v
        numbers.append(f"Matrix pick: {option_cost_text(pick)}.")
        nxt = advice.pick_break_even_tokens
        numbers.append(
            f"{pick.label} and {choice.label} break even at {tokens(nxt)} tokens/month."
            if nxt is not None
            else f"{pick.label} does not become cheaper than {choice.label} above this volume"
            f" (searched up to {tokens(reach)} tokens/month)."
        )
    numbers += evaluation_notes(comp)
    return AdviceReport(headline, rule, tuple(numbers), advice.disagreements, advice.caveats)


def margin_text(ev: Evaluation, unit: str = "") -> str:
    """ "$470/month (53%)"; without the share when the runner-up costs $0 (it has none)."""
    m, pct = ev.margin_usd, ev.margin_pct
    if m is None:
        return "-"
    return usd(m, 0) + unit + ("" if pct is None else f" ({pct:.0f}%)")


def evaluation_notes(ev: Evaluation) -> list[str]:
    """What the numbers rest on, in sentences: a pinned or measured figure not used (the flip)
    or used on the user's word, the upfront cash and payback of owning, operations left out."""
    out = []
    for o in ev.options:
        t = o.throughput
        if t is None or t.claim is None:
            continue
        claim = f"{t.claim.figure_tokens_per_s:,.0f} tok/s"
        what = "pinned" if t.claim.source == "pinned" else "measured"
        if o.claim_rejected:
            out.append(
                f"{o.label}: costed at the {t.origin} {t.tokens_per_s:,.0f} tok/s, not the "
                f'{what} {claim} ({t.reason}); choose "use my figure" on the option if you '
                "measured it on your own hardware."
            )
        elif o.use_own_figure and t.claim.verdict in ("above ceiling", "does not fit"):
            out.append(
                f"{o.label}: costed at your figure {claim} although the estimator finds it "
                f'{t.claim.verdict} ("use my figure" is set).'
            )
    for o in ev.options:
        if o.upfront_usd is None or o.cost is None or not (o is ev.cheapest or o.eligible):
            continue
        units = f"{o.cost.units} unit{'s' * (o.cost.units > 1)}"
        text = f"{o.label}: {usd(o.upfront_usd, 0)} up front ({units})"
        if o.payback_against is not None:
            text += (
                f", paid back in month {math.ceil(o.payback_month - 1e-9):,} against "
                f"{o.payback_against}"
                if o.payback_month is not None
                else f", never paid back against {o.payback_against}"
            )
        if not o.operations_included:
            text += "; operations not included (the build sets $0/month)"
        out.append(text + ".")
    return out


def option_cost_text(row: OptionEval) -> str:
    """ "RunPod H100 24/7 $1,792.80/month ($0.5976/Mtok, 1 unit)"."""
    if row.cost is None:
        return f"{row.label} (cannot be costed: {row.error})"
    c = row.cost
    per = f"${c.usd_per_mtok:.4f}/Mtok" if c.usd_per_mtok is not None else "-"
    units = "" if c.capacity_tokens_per_unit is None else f", {c.units} unit{'s' * (c.units > 1)}"
    return f"{row.label} {usd(c.usd)}/month ({per}{units})"


def row_status(comp: Evaluation, row: OptionEval) -> str:
    """What a comparison row is: cheapest, runner-up, not comparable (and why), an error."""
    if row.cost is None:
        return f"cannot be costed: {row.error}"
    if not row.feasible:
        return f"not feasible: {row.infeasible_reason}"
    if not row.comparable:
        return (
            f"not comparable: {tier_label(row.quality)} is below {tier_label(comp.quality_needed)}"
        )
    unrated = row.quality is None and comp.quality_needed is not None
    note = " (quality not rated: name the LLM it serves)" if unrated else ""
    if comp.cheapest is row:
        return "cheapest comparable" + note
    if comp.runner_up is row:
        return "runner-up" + note
    return note.strip(" ()")


def figure_value(check: FigureCheck, value: float | None) -> str:
    """A document figure's value in its kind's unit."""
    if value is None:
        return "-"
    kind = check.figure.kind
    if kind == "cost":
        return usd(value)
    if kind == "usd_per_mtok":
        return f"${value:.3f}/M"
    if kind == "ratio":
        return f"{value:.2f}x"
    return f"{tokens(value)} tokens/month"


def comparison_headline(comp: Evaluation) -> str:
    """One line: the volume, the cheapest comparable option and its margin over the runner-up."""
    v = f"At {tokens(comp.volume_tokens)} tokens/month"
    if comp.cheapest is None:
        return f"{v}: no comparable option can be costed."
    text = f"{v}: {comp.cheapest.label} is cheapest at {usd(comp.cheapest.usd)}/month"
    if comp.runner_up is not None and comp.margin_usd is not None:
        text += f", {margin_text(comp)} below {comp.runner_up.label}"
    return text + "."


def option_uses(option: CostOption) -> str:
    """What an option buys: the offer, rental or build id (with a markup)."""
    if isinstance(option, ApiOption):
        return option.offer_id + (f" via {option.markup_id}" if option.markup_id else "")
    if isinstance(option, RentalOption):
        return option.rental_id
    return option.build_id


def option_details(option: CostOption) -> str:
    """How an option is run, in a few words: "discounted, always on, 50% of hours, 3,000 tok/s"."""
    if isinstance(option, ApiOption):
        return f"markup at the {option.markup_point} point" if option.markup_id else "list price"
    parts: list[str] = []
    if isinstance(option, RentalOption):
        parts.append(option.price.replace("_", "-"))
        parts.append("per use" if option.mode == "per_use" else "always on")
        if option.mode == "always_on" and option.on_hours_share < 1:
            parts.append(f"{option.on_hours_share:.0%} of hours")
        if option.instances > 1:
            parts.append(f"{option.instances} instances")
    else:
        parts.append(f"energy by {option.energy_basis}")
    if option.utilization < 1:
        parts.append(f"{option.utilization:.0%} utilization")
    if option.tokens_per_s is not None:
        parts.append(f"{option.tokens_per_s:,.0f} tok/s pinned")
    if option.llm_id is not None:
        parts.append(f"{option.llm_id} {option.quant_id}")
        if option.tokens_per_s is None:
            parts.append(f"estimated at concurrency {option.concurrency}")
    return ", ".join(parts)
