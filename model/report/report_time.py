"""The report's time and uncertainty sections: the timeline over the scenario's horizon (with
"buy now or wait" and the cost floor) and the sensitivity (tornado ranking, cost bands,
break-even as a range, Monte Carlo), both read from the same evaluation as the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from infercost.model.costing.buy_or_wait import buy_or_wait, floor_notes
from infercost.model.costing.timeline import timeline
from infercost.model.formatting import format_tokens, usd
from infercost.model.report.report_doc import BulletList, Note, Paragraph, Section, Table
from infercost.model.uncertainty.sensitivity import sensitivity
from infercost.model.uncertainty.time_text import band_text, wait_lines

if TYPE_CHECKING:
    from infercost.model.report.report_build import ReportContext

REPORT_DRAWS = 10_000
"""Monte Carlo draws in the report (seed 0), as `infercost-cli sensitivity` runs by default."""


def timeline_section(ctx: ReportContext) -> Section | None:
    """Cumulative cost of each option over the horizon, the break-even month, buy or wait."""
    t = timeline(ctx.project, ctx.scenario, ctx.evaluation)
    if not t.options:
        return None
    blocks: list = [
        Paragraph(
            f"Over {t.horizon_months} months at {format_tokens(t.volume_tokens)} tokens/month, "
            "with API prices and rentals falling at each option's annual rate and owned "
            "hardware counted net of what it could be sold for."
        )
    ]
    if t.changes:
        blocks.append(
            BulletList(
                tuple(
                    f"Month {c.month}: {c.after} becomes cheaper so far than {c.before}."
                    for c in t.changes
                )
            )
        )
    elif t.leader is not None:
        blocks.append(Paragraph(f"{t.leader} stays cheapest so far for the whole horizon."))
    marks = sorted({m for m in (12, 24, 36, t.horizon_months) if m <= t.horizon_months})
    rows = tuple(
        (
            o.label + ("" if o.eligible else " (not comparable)"),
            f"{o.decline_pct_per_year:g} %/yr",
            *(usd(float(o.cumulative_usd[m]), 0) for m in marks),
            usd(o.npv_usd, 0),
        )
        for o in t.options
    )
    blocks.append(
        Table(
            ("Option", "Price falls", *(f"Month {m}" for m in marks), "NPV"),
            rows,
            align=("left", "right", *("right" for _ in marks), "right"),
            caption="Cumulative cost so far (net of resale value), USD",
        )
    )
    extra = wait_lines(
        buy_or_wait(t, ctx.scenario), floor_notes(ctx.project, ctx.scenario, ctx.evaluation)
    )
    blocks += [Note(line.strip()) for line in extra if line.strip()]
    return Section("timeline", "Over time", tuple(blocks))


def sensitivity_section(ctx: ReportContext) -> Section | None:
    """Which inputs move the decision most (a tornado as a ranked table), each option's cost
    band, the break-even as a range and the chance each option is cheapest."""
    s = sensitivity(ctx.project, ctx.scenario, draws=REPORT_DRAWS, seed=0)
    if s.cheapest is None:
        return None
    blocks: list = [
        Paragraph(
            f"Each input alone at the low and high end of its range, ranked by how far it moves "
            f"the margin of {s.cheapest} over the next option "
            f"(today {usd(s.base_margin, 0)} a month)."
        )
    ]
    if s.swings:
        blocks.append(
            Table(
                ("#", "Input", "Range", "Margin at low", "Margin at high", "Cheapest changes to"),
                tuple(
                    (
                        str(i),
                        w.input.label,
                        f"{_value(w.input.low)} to {_value(w.input.high)} {w.input.unit}",
                        usd(w.metric_low, 0),
                        usd(w.metric_high, 0),
                        _flip(w.cheapest_low, w.cheapest_high, s.cheapest),
                    )
                    for i, w in enumerate(s.swings, start=1)
                ),
                align=("right", "left", "left", "right", "right", "left"),
                caption="Tornado: inputs ranked by their swing on the margin",
            )
        )
    else:
        blocks.append(Note("No input of this scenario has a range, so nothing is ranked."))
    mc = s.monte_carlo
    p = dict(zip(mc.labels, mc.p_cheapest, strict=True)) if mc is not None else {}
    blocks.append(
        Table(
            ("Option", "Low", "Today", "High", "P(cheapest)"),
            tuple(
                (
                    b.label,
                    usd(b.low, 0),
                    usd(b.base, 0),
                    usd(b.high, 0),
                    f"{p[b.label]:.1%}" if b.label in p else "-",
                )
                for b in s.costs
            ),
            align=("left", "right", "right", "right", "right"),
            caption=(
                "Monthly cost, every input at its cheapest and dearest end"
                + (f"; P(cheapest) from {mc.draws:,} draws (seed {mc.seed})" if mc else "")
            ),
        )
    )
    blocks.append(Paragraph("Break-even: " + band_text(s.break_even)))
    return Section("sensitivity", "Ranges and what moves the decision", tuple(blocks))


def _value(x: float) -> str:
    return format_tokens(x) if abs(x) >= 1e6 else f"{x:,.4g}"


def _flip(low: str | None, high: str | None, today: str) -> str:
    other = [c for c in (low, high) if c is not None and c != today]
    return other[0] if other else "-"
