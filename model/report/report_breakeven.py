"""The report's break-even part: the chart of an evaluation as figure data (also the Break-even
tab's export) and the volumes where the cheapest option changes, in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from infercost.model.catalog.quality import tier_label
from infercost.model.catalog.scenario import Scenario
from infercost.model.costing.breakeven import Crossing
from infercost.model.costing.chart_data import chart_range, crossing_sentence
from infercost.model.costing.evaluation import EnvelopeChange, Evaluation
from infercost.model.formatting import format_tokens as tokens
from infercost.model.formatting import usd
from infercost.model.report.report_doc import BulletList, Note, Paragraph, Section
from infercost.model.report.report_figure import CurveInput, Figure, Mode, breakeven_figure

if TYPE_CHECKING:
    from infercost.model.report.report_build import ReportContext

MAX_OTHER_CROSSINGS = 40
"""Pairwise crossings listed in words after the envelope; the rest are counted."""


def chart_figure(ctx: ReportContext, mode: Mode = "usd") -> Figure:
    """The break-even chart of the report (and of the Break-even tab's export)."""
    return evaluation_figure(ctx.scenario, ctx.evaluation, mode)


def evaluation_figure(scenario: Scenario, ev: Evaluation, mode: Mode = "usd") -> Figure:
    """The break-even figure of an evaluation: every costed option's curve, the workload's
    volume, and the envelope's changes numbered 1, 2, ... as the crossings section lists them."""
    lo, hi = chart_range(scenario, ev.volume_tokens)
    curves = []
    for o in ev.options:
        if o.cost is None:
            continue
        note = "recommended" if o is ev.cheapest else ""
        if not o.comparable:
            note = f"below the quality needed ({tier_label(o.quality)})"
        elif not o.feasible:
            note = "cannot serve the workload as stated"
        curves.append(
            CurveInput(
                o.label, o.cost.function, note, o is ev.cheapest, not o.comparable or not o.feasible
            )
        )
    marks = [
        (e.volume_tokens, e.usd_per_month, envelope_sentence(e))
        for e in ev.envelope
        if lo <= e.volume_tokens <= hi
    ]
    return breakeven_figure(
        f"{scenario.name}: {'cost per million tokens' if mode == 'per_mtok' else 'monthly cost'} "
        "against volume",
        curves,
        lo,
        hi,
        ev.volume_tokens if ev.volume_tokens > 0 else None,
        marks,
        mode=mode,
        caption="Log-log. Numbered circles: where the cheapest comparable option changes. "
        "Dashed vertical line: the workload's volume.",
    )


def chart_section(ctx: ReportContext) -> Section | None:
    if not any(o.cost is not None for o in ctx.evaluation.options):
        return None
    return Section("breakeven", "Break-even chart", (chart_figure(ctx),))


def envelope_sentence(e: EnvelopeChange) -> str:
    """ "above 1.2B tokens/month 8x H100 node replaces GPT-4.1 as the cheapest ($8,309/month)"."""
    how = " (where another unit is added)" if e.kind == "step" else ""
    return (
        f"above {tokens(e.volume_tokens)} tokens/month {e.after} replaces {e.before} as the "
        f"cheapest comparable option, at {usd(e.usd_per_month)}/month{how}"
    )


def crossings_section(ctx: ReportContext) -> Section | None:
    ev = ctx.evaluation
    blocks: list = []
    if ev.break_even_error:
        blocks.append(Note(f"Break-even volumes not computed: {ev.break_even_error}", "warning"))
    if ev.envelope:
        blocks.append(
            Paragraph("Where the cheapest comparable option changes (numbered as on the chart):")
        )
        blocks.append(
            BulletList(tuple(_cap(envelope_sentence(e)) + "." for e in ev.envelope), numbered=True)
        )
    else:
        blocks.append(
            Paragraph(
                "The cheapest comparable option is the same at every volume of the chart's range."
            )
        )
    others = _other_crossings(ev)
    if others:
        shown = others[:MAX_OTHER_CROSSINGS]
        blocks.append(Paragraph("Every other crossing of two options' costs:"))
        items = [crossing_sentence(c) + "." for c in shown]
        if len(others) > len(shown):
            items.append(f"… and {len(others) - len(shown)} more (infercost-cli breakeven).")
        blocks.append(BulletList(tuple(items)))
    return Section("crossings", "Break-even volumes", tuple(blocks))


def _other_crossings(ev: Evaluation) -> list[Crossing]:
    if ev.break_even is None:
        return []
    on_envelope = {round(e.volume_tokens, 3) for e in ev.envelope}
    return [c for c in ev.break_even.crossings if round(c.volume_tokens, 3) not in on_envelope]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
