"""The report's sections in words and tables: the recommendation, the workload and its
assumptions, the comparison, the advisor's reasoning, the throughput checks and the sources."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from infercost.model.catalog.quality import tier_label
from infercost.model.costing.advice_text import option_details, option_uses, report, row_status
from infercost.model.costing.chart_data import chart_range
from infercost.model.costing.evaluation import Evaluation, OptionEval
from infercost.model.formatting import format_tokens as tokens
from infercost.model.formatting import usd
from infercost.model.report.report_doc import BulletList, Note, Paragraph, Section, Table

if TYPE_CHECKING:
    from infercost.model.report.report_build import ReportContext


def recommendation_text(ev: Evaluation) -> str:
    """The answer in one paragraph: the cheapest comparable feasible option, its cost, margin,
    upfront cash and payback month (all read from the Evaluation)."""
    v = f"{tokens(ev.volume_tokens)} tokens/month"
    need = f" that meets the quality needed ({tier_label(ev.quality_needed)})"
    need = need if ev.quality_needed is not None else ""
    best = ev.cheapest
    if ev.volume_tokens <= 0:
        return ("The workload's volume is 0 tokens/month, where every pay-per-token option costs "
                "nothing: set its monthly tokens to compare the options.")  # fmt: skip
    if best is None:
        return (
            f"At {v} no option{need} can serve the workload at a cost that can be computed; "
            "the comparison below says why for each option."
        )
    text = (
        f"At {v}, the cheapest option{need} {'and' if need else 'that'} can serve the "
        f"workload is {best.label}, "
        f"at {usd(best.usd)}/month{_detail(best)}."
    )
    if ev.runner_up is not None and ev.margin_usd is not None:
        pct = f" ({ev.margin_pct:.0f}%)" if ev.margin_pct is not None else ""
        text += (
            f" That is {usd(ev.margin_usd)}/month{pct} below the runner-up, "
            f"{ev.runner_up.label} at {usd(ev.runner_up.usd)}/month."
        )
    else:
        text += " No other comparable option can serve it, so there is no runner-up."
    if best.upfront_usd:
        text += f" It needs {usd(best.upfront_usd, 0)} of hardware bought up front"
        if best.payback_month is not None and best.payback_against:
            text += (
                f", paid back in month {math.ceil(best.payback_month)} against "
                f"{best.payback_against}"
            )
        elif best.payback_against:
            text += f", never paid back against {best.payback_against} at this volume"
        text += "."
    else:
        text += " It needs no upfront cash: it is paid month by month."
    if not best.operations_included:
        text += " Operations (staff time) are not included in its cost."
    return text


def recommendation_section(ctx: ReportContext) -> Section:
    ev = ctx.evaluation
    blocks: list = [Paragraph(recommendation_text(ev), lead=True)]
    if ev.envelope:
        lo, hi = chart_range(ctx.scenario, ev.volume_tokens)
        n = len(ev.envelope)
        changes = "; ".join(
            f"above {tokens(e.volume_tokens)} tokens/month {e.after} replaces {e.before}"
            for e in ev.envelope[:3]
        )
        more = f"; and {n - 3} more" if n > 3 else ""
        blocks.append(
            Paragraph(
                f"The cheapest comparable option changes {n} time{'s' * (n > 1)} between "
                f"{tokens(lo)} and {tokens(hi)} tokens/month: {changes}{more} (see Break-even "
                "volumes)."
            )
        )
    for o in ev.rejected_claims:
        blocks.append(Note(claim_note(o), "warning"))
    return Section("recommendation", "Recommendation", tuple(blocks))


def claim_note(o: OptionEval) -> str:
    """Why an option is costed at the estimate and not at its pinned or measured figure."""
    t = o.throughput
    assert t is not None and t.claim is not None
    return (
        f"{o.label} is costed at the estimate of {t.tokens_per_s:,.0f} tok/s, not at its "
        f"{'pinned' if t.claim.source == 'pinned' else 'measured'} figure "
        f"of {t.claim.figure_tokens_per_s:,.0f} tok/s: {t.reason}."
    )


def workload_section(ctx: ReportContext) -> Section:
    w, s, ev = ctx.evaluation.workload, ctx.scenario, ctx.evaluation
    rows = [
        ("Workload", w.name),
        ("Tokens per month", f"{tokens(w.monthly_tokens)} ({w.monthly_tokens:,.0f})"),
        ("Input share", f"{w.input_share:.0%} input, {1 - w.input_share:.0%} output"),
        ("Cached input", f"{w.cached_input_share:.0%} of input tokens"),
        ("Batch API", f"{w.batch_share:.0%} of traffic"),
        (
            "Routed to a cheaper offer",
            f"{w.routing_share:.0%}" + (f" to {w.routing_offer_id}" if w.routing_offer_id else ""),
        ),
        ("Prompt length", f"{w.prompt_tokens:,} tokens"),
        ("Hours per month", f"{w.hours_per_month:g} h"),
        ("Quality needed", tier_label(ev.quality_needed) if ev.quality_needed else "any"),
    ]
    facts = [n.replace("_", " ") for n in FACTS if getattr(s, n, False)]
    rows.append(("Situation", ", ".join(facts) if facts else "none stated"))
    options = tuple(
        (so.label, so.option.kind, option_uses(so.option), option_details(so.option))
        for so in s.options
    )
    blocks: list = [
        Table(("Assumption", "Value"), tuple(rows), caption="The workload and the scenario"),
        Table(
            ("Option", "Kind", "Buys", "How it is run"),
            options,
            caption="The options compared and how each is run",
        ),
        BulletList(ASSUMPTIONS),
    ]
    if s.notes:
        blocks.append(Paragraph(f"The scenario's notes: {s.notes}"))
    return Section("workload", "Workload and assumptions", tuple(blocks))


FACTS = (
    "latency_tolerant",
    "predictable_load",
    "privacy_critical",
    "prototyping",
    "single_developer",
)

ASSUMPTIONS = (
    "An API's price is blended: input share x input price + output share x output price, "
    "after the cache rate on cached input, the batch discount and routing.",
    "A rented or owned unit serves tok/s x 3,600 x hours x utilization tokens a month; "
    "past that another unit is needed, which is why costs rise in steps.",
    "An owned build costs its purchase minus resale value over its years, energy at its "
    "tariff, operations and colocation; its upfront cash is the purchase of the units needed.",
    "Throughput is the estimator's unless a measured or pinned figure passes the physical "
    "check (or the option says to use its own figure).",
)


def comparison_section(ctx: ReportContext) -> Section:
    ev = ctx.evaluation
    rows, strong = [], []
    for o in ev.options:
        if o is ev.cheapest:
            strong.append(len(rows))
        rows.append(
            (
                o.label,
                tier_label(o.quality),
                "-" if o.units is None else f"{o.units:,}",
                usd(o.usd),
                "-" if o.usd_per_mtok is None else f"${o.usd_per_mtok:,.4f}",
                throughput_text(o),
                _status(ev, o),
            )
        )
    table = Table(
        ("Option", "Quality", "Units", "Monthly cost", "USD/Mtok", "Throughput (origin)", "Status"),
        tuple(rows),
        ("left", "left", "right", "right", "right", "left", "left"),
        f"Every option at {tokens(ev.volume_tokens)} tokens/month; the recommended one in bold",
        tuple(strong),
        (21, 12, 7, 13, 10, 19, 18),
    )
    blocks: list = [table]
    upfront = [o for o in ev.options if o.upfront_usd]
    if upfront:
        blocks.append(
            Table(
                ("Owned option", "Upfront cash", "Paid back", "Against"),
                tuple(
                    (o.label, usd(o.upfront_usd, 0), _payback(o), o.payback_against or "-")
                    for o in upfront
                ),
                ("left", "right", "right", "left"),
                "Hardware bought up front and the month it pays back",
            )
        )
    return Section("comparison", "Comparison", tuple(blocks))


def throughput_text(o: OptionEval) -> str:
    """ "1,750 tok/s (estimate)"; "-" for an API option."""
    t = o.throughput
    return "-" if t is None else f"{t.tokens_per_s:,.0f} tok/s ({t.origin})"


def _status(ev: Evaluation, o: OptionEval) -> str:
    if o.cost is not None and not o.feasible:
        return f"cannot serve it: {o.infeasible_reason}"
    return row_status(ev, o)


def _payback(o: OptionEval) -> str:
    if o.payback_month is None:
        return "never" if o.payback_against else "-"
    return f"month {math.ceil(o.payback_month)}"


def advice_section(ctx: ReportContext) -> Section:
    text = report(ctx.advice)
    blocks: list = [Paragraph(text.headline), Paragraph(text.rule)]
    if text.numbers:
        blocks.append(BulletList(text.numbers))
    if text.disagreements:
        blocks.append(Paragraph("Where the costs disagree with the decision matrix:"))
        blocks.append(BulletList(text.disagreements))
    blocks += [Note(c) for c in text.caveats]
    return Section("advice", "Reasoning and caveats", tuple(blocks))


def throughput_section(ctx: ReportContext) -> Section | None:
    rows = []
    for o in ctx.evaluation.options:
        t = o.throughput
        if t is None:
            continue
        claim = t.claim
        if claim is None:
            check = "no pinned or measured figure: the estimate is used"
        else:
            used = (
                "used (your own figure)"
                if t.use_own_figure
                else ("used" if t.claim_used else f"not used: {t.reason}")
            )
            check = f"{claim.text}; {used}"
        rows.append((o.label, f"{t.tokens_per_s:,.0f} tok/s", t.origin, check))
    if not rows:
        return None
    table = Table(
        ("Option", "Costed at", "Origin", "Pinned or measured figure and its check"),
        tuple(rows),
        ("left", "right", "left", "left"),
        "The throughput of one unit of each self-hosted option",
    )
    return Section("throughput", "Throughput checks", (table,))


def sources_section(ctx: ReportContext) -> Section:
    rows = tuple(
        (
            f"{r.what}\n{r.name}" if r.name != r.entry_id else r.what,
            "; ".join(r.figures),
            r.source,
            r.as_of,
        )
        for r in ctx.sources
    )
    table = Table(
        ("Entry", "Figures", "Source", "As of"),
        rows,
        caption="Every catalog entry the costs read, with its figures",
    )
    return Section("sources", "Sources", (table,), appendix=True)


def _detail(o: OptionEval) -> str:
    """ " ($4.1546 per million tokens, 1 unit)", or "" when neither applies."""
    parts = []
    if o.usd_per_mtok is not None:
        parts.append(f"${o.usd_per_mtok:,.4f} per million tokens")
    if o.units is not None:
        parts.append(f"{o.units:,} unit{'s' * (o.units != 1)}")
    return f" ({', '.join(parts)})" if parts else ""
