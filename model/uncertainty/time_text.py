"""The timeline and the sensitivity in words and as plain data: what the CLI prints, its
JSON, and the sections a report can carry (one wording for every surface)."""

from __future__ import annotations

import math
from typing import Any

from infercost.model.costing.buy_or_wait import BuyOrWait
from infercost.model.costing.timeline import Timeline
from infercost.model.formatting import format_tokens, usd
from infercost.model.uncertainty.sensitivity import Band, Sensitivity


def _num(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def band_text(b: Band | None, unit: str = "tokens") -> str:
    """'between 408M and 4.7B tokens/month'; 'never' for an end with no crossing."""
    if b is None:
        return "no break-even in the chart range, at any end of the ranges"

    def one(v: float | None) -> str:
        if v is None:
            return "never"
        return f"{format_tokens(v)} tokens/month" if unit == "tokens" else usd(v)

    base = "none today" if b.base is None else one(b.base)
    return f"{b.label}: breaks even between {one(b.low)} and {one(b.high)} (today: {base})"


def wait_lines(waits: tuple[BuyOrWait, ...], floors: dict[str, str]) -> list[str]:
    """'Buy now or wait' per owned option, and the cost-floor notes."""
    out = []
    for w in waits:
        best = w.best
        cases = ", ".join(f"{c.months} months {usd(c.total_usd, 0)}" for c in w.cases)
        verdict = "buy now" if best.months == 0 else f"wait {best.months} months"
        out.append(
            f"{w.label}: {verdict} (net cost over the horizon, bridging on {w.bridge}: {cases})"
        )
    out += [f"Cost floor, {label}: {note}" for label, note in floors.items()]
    return out


def waits_dict(waits: tuple[BuyOrWait, ...]) -> list[dict[str, Any]]:
    return [
        {
            "label": w.label,
            "bridge": w.bridge,
            "best_wait_months": w.best.months,
            "cases": [
                {
                    "wait_months": c.months,
                    "purchase_usd": c.purchase_usd,
                    "bridge_usd": c.bridge_usd,
                    "total_usd": c.total_usd,
                }
                for c in w.cases
            ],
        }
        for w in waits
    ]


def timeline_dict(t: Timeline) -> dict[str, Any]:
    """The timeline as JSON-ready data: monthly cumulative cost per option, break-even month."""
    return {
        "scenario_id": t.scenario_id,
        "horizon_months": t.horizon_months,
        "hours_per_month": t.hours_per_month,
        "volume_tokens": t.volume_tokens,
        "discount_rate_pct_per_year": t.discount_rate_pct_per_year,
        "months": [int(m) for m in t.months],
        "leader_at_horizon": t.leader,
        "break_even_month": t.break_even_month,
        "changes": [{"month": c.month, "before": c.before, "after": c.after} for c in t.changes],
        "options": [
            {
                "label": o.label,
                "kind": o.kind,
                "eligible": o.eligible,
                "decline_pct_per_year": o.decline_pct_per_year,
                "units": o.units,
                "purchase_usd": o.purchase_usd,
                "steady_usd_per_month": o.steady_usd_per_month,
                "average_usd_per_month": o.average_usd_per_month,
                "npv_usd": o.npv_usd,
                "cumulative_usd": [round(float(v), 6) for v in o.cumulative_usd],
                "cash_cumulative_usd": [round(float(v), 6) for v in o.cash_cumulative_usd],
                "spend_usd": [round(float(v), 6) for v in o.spend_usd],
                "resale_value_usd": [round(float(v), 6) for v in o.value_usd],
            }
            for o in t.options
        ],
    }


def timeline_lines(t: Timeline, every: int = 6) -> list[str]:
    """A text summary: the break-even month, then cumulative cost every ``every`` months."""
    out = [
        f"Scenario {t.scenario_id}: {t.horizon_months} months of {t.hours_per_month:g} h "
        f"at {format_tokens(t.volume_tokens)} tokens/month "
        "(cumulative cost net of what owned hardware could be sold for)."
    ]
    if t.changes:
        for c in t.changes:
            out.append(f"Month {c.month}: {c.after} becomes cheaper so far than {c.before}.")
    elif t.leader is not None:
        out.append(f"{t.leader} stays cheapest so far for the whole horizon (no break-even).")
    out.append("")
    months = sorted({*range(every, t.horizon_months + 1, every), 1, t.horizon_months})
    head = ["option", "decline/yr", *[f"m{m}" for m in months], "NPV"]
    rows = []
    for o in t.options:
        mark = "" if o.eligible else " (not comparable)"
        rows.append(
            [
                o.label + mark,
                f"{o.decline_pct_per_year:g} %",
                *[usd(float(o.cumulative_usd[m]), 0) for m in months],
                usd(o.npv_usd, 0),
            ]
        )
    out.append(_table(head, rows))
    return out


def sensitivity_dict(s: Sensitivity) -> dict[str, Any]:
    """The sensitivity as JSON-ready data: inputs ranked by swing, bands, P(cheapest)."""
    mc = s.monte_carlo
    be = s.break_even
    return {
        "scenario_id": s.scenario_id,
        "volume_tokens": s.volume_tokens,
        "cheapest": s.cheapest,
        "rival": s.rival,
        "metric": "margin_usd: the best other eligible option's monthly cost minus "
        "today's cheapest option's (below 0: another option wins)",
        "base_margin_usd": _num(s.base_margin),
        "inputs": [
            {
                "rank": i + 1,
                "address": w.input.address,
                "label": w.input.label,
                "unit": w.input.unit,
                "base": w.input.base,
                "low": w.input.low,
                "high": w.input.high,
                "source": w.input.source,
                "margin_at_low_usd": _num(w.metric_low),
                "margin_at_high_usd": _num(w.metric_high),
                "swing_usd": _num(w.swing),
                "break_even_swing_tokens": _num(w.crossing_swing),
                "cheapest_at_low": w.cheapest_low,
                "cheapest_at_high": w.cheapest_high,
                "break_even_at_low_tokens": _num(w.crossing_low),
                "break_even_at_high_tokens": _num(w.crossing_high),
            }
            for i, w in enumerate(s.swings)
        ],
        "monthly_cost": [
            {
                "label": b.label,
                "base_usd": _num(b.base),
                "low_usd": _num(b.low),
                "high_usd": _num(b.high),
            }
            for b in s.costs
        ],
        "break_even": None
        if be is None
        else {
            "pair": be.label,
            "base_tokens": _num(be.base),
            "low_tokens": _num(be.low),
            "high_tokens": _num(be.high),
            "text": band_text(be),
            "null_means": "no crossing in the scenario's chart range at that end",
        },
        "envelope": [
            {
                "change": b.label,
                "base_tokens": _num(b.base),
                "low_tokens": _num(b.low),
                "high_tokens": _num(b.high),
            }
            for b in s.envelope
        ],
        "monte_carlo": None
        if mc is None
        else {
            "draws": mc.draws,
            "seed": mc.seed,
            "distribution": "each input uniform over its low-high range, independently",
            "p_cheapest": dict(zip(mc.labels, mc.p_cheapest, strict=True)),
            "cost_p5_usd": dict(zip(mc.labels, map(_num, mc.cost_p5), strict=True)),
            "cost_p50_usd": dict(zip(mc.labels, map(_num, mc.cost_p50), strict=True)),
            "cost_p95_usd": dict(zip(mc.labels, map(_num, mc.cost_p95), strict=True)),
        },
    }


def sensitivity_lines(s: Sensitivity) -> list[str]:
    """A text summary: the tornado as a table, the cost bands, the break-even pair, P(cheapest)."""
    out = [
        f"Scenario {s.scenario_id} at {format_tokens(s.volume_tokens)} tokens/month: "
        f"cheapest {s.cheapest or 'none'}"
        + ("" if s.base_margin is None else f", {usd(s.base_margin)} a month below the next"),
        "",
        "Inputs ranked by how far they move that margin (each alone at its low and high end):",
    ]
    rows = []
    for i, w in enumerate(s.swings, start=1):
        flip = ""
        if w.cheapest_low != s.cheapest or w.cheapest_high != s.cheapest:
            flip = f" -> {w.cheapest_low if w.cheapest_low != s.cheapest else w.cheapest_high}"
        rows.append([
            str(i), w.input.label, f"{_g(w.input.low)}-{_g(w.input.high)} {w.input.unit}",
            _money(w.metric_low), _money(w.metric_high), _money(w.swing) + flip,
        ])  # fmt: skip
    if rows:
        out.append(_table(["#", "input", "range", "margin at low", "at high", "swing"], rows))
    else:
        out.append(
            "  none: no input of this scenario has a range (give your own in the Time & ranges "
            "tab, or as input_ranges on the scenario)"
        )
    out += ["", "Monthly cost at the volume, every input at its cheapest and dearest end:"]
    out.append(
        _table(
            ["option", "low", "today", "high"],
            [[b.label, _money(b.low), _money(b.base), _money(b.high)] for b in s.costs],
        )
    )
    out += ["", "Break-even: " + band_text(s.break_even)]
    if s.envelope:
        out.append("Where the cheapest option changes with volume, each as a range:")
        out += [f"  {band_text(b)}" for b in s.envelope]
    mc = s.monte_carlo
    if mc is not None:
        out += ["", f"Monte Carlo, {mc.draws:,} draws (seed {mc.seed}): P(cheapest)"]
        out += [f"  {p:6.1%}  {lbl}" for lbl, p in zip(mc.labels, mc.p_cheapest, strict=True)]
    out += ["", "Ranges: " + "; ".join(f"{w.input.address}: {w.input.source}" for w in s.swings)]
    return out


def _g(x: float) -> str:
    return format_tokens(x) if x >= 1e6 else f"{x:,.4g}"


def _money(x: float | None) -> str:
    if x is None:
        return "n/a"
    if math.isinf(x):
        return "inf"
    return usd(x, 0) if abs(x) >= 100 else usd(x)


def _table(head: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(line.rstrip() for line in lines)
