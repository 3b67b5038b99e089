"""The break-even chart's hover readout in words: the volume under the cursor, the Evaluation's
cheapest option there, each shown option's value (cheapest first, a few when there are
hundreds), and the crossings under the cursor; and which crossings are labelled on the chart."""

from __future__ import annotations

import math
import textwrap
from typing import Literal

import numpy as np

from infercost.model.costing.chart_data import ChartData
from infercost.model.formatting import format_money_short
from infercost.model.formatting import format_tokens as tokens

Mode = Literal["usd", "per_mtok"]
READOUT_ROWS = 12
"""Options listed at the cursor; more would not fit beside it (300 options: the 12 cheapest)."""
CHART_LABELS = 12
"""Crossings labelled on the chart at most (where the cheapest changes; the rest in the table)."""
LABEL_CHARS = 28


def value_text(value: float, mode: Mode) -> str:
    """$1.2K or $0.298/Mtok: a readout value in the chart's mode."""
    if mode == "per_mtok":
        return f"${value:.3g}/Mtok"
    return format_money_short(value)


def option_values(
    data: ChartData, volume: float, mode: Mode, hidden: set[str] | frozenset[str] = frozenset()
) -> list[tuple[str, float]]:
    """Each shown option's exact value at ``volume`` in ``mode``, cheapest first."""
    if volume <= 0:
        return []
    v = np.array([volume])
    rows = []
    for s in data.series:
        if s.label in hidden:
            continue
        usd = float(s.function.usd(v)[0])
        rows.append((s.label, usd / volume * 1e6 if mode == "per_mtok" else usd))
    return sorted(rows, key=lambda r: r[1])


def readout_lines(
    data: ChartData,
    volume: float,
    mode: Mode,
    hidden: set[str] | frozenset[str] = frozenset(),
    near: list[int] = (),  # type: ignore[assignment]
    rows: int = READOUT_ROWS,
) -> list[str]:
    """The readout at ``volume``: what the crossings in ``near`` (indices of
    ``data.crossings``) mean, the volume, the cheapest option there, and the ``rows`` cheapest
    shown options with their values (the rest counted)."""
    lines: list[str] = []
    for i in near:
        text = f"{i + 1}. {data.crossings[i].sentence}"
        lines += textwrap.wrap(text, 52)
    if lines:
        lines.append("")
    lines.append(f"{tokens(volume)} tokens/month")
    cheapest = data.cheapest_at(volume)
    if cheapest is not None:
        lines.append(f"cheapest: {cheapest}")
    values = option_values(data, volume, mode, hidden)
    status = {s.label: _status(s) for s in data.series}
    for label, value in values[:rows]:
        note = status[label]
        lines.append(f"{value_text(value, mode)}  {label}{f'  ({note})' if note else ''}")
    if len(values) > rows:
        lines.append(f"… and {len(values) - rows} more (all in the Costs table)")
    return lines


def _status(s) -> str:
    o = s.option
    if not o.comparable:
        return "not comparable"
    if not o.feasible:
        return "cannot serve it"
    return ""


def labelled_crossings(data: ChartData, limit: int = CHART_LABELS) -> list[int]:
    """Indices of ``data.crossings`` to label on the chart, most important first: the changes
    of cheapest option inside the chart's range, nearest the workload's volume first (a
    renderer drops those it has no room for)."""
    cr = data.crossings
    lo, hi = data.volume_min_tokens, data.volume_max_tokens
    inside = [i for i in range(cr.envelope_count) if lo <= cr.volumes[i] <= hi]
    if data.workload_tokens > 0:
        at = math.log10(data.workload_tokens)
        inside.sort(key=lambda i: (abs(math.log10(cr.volumes[i]) - at), i))
    return inside[:limit]


def label_text(data: ChartData, i: int) -> str:
    """'2 → RTX 5090 local rig': the crossing's number and the option cheapest past it."""
    change = data.crossings[i].envelope
    after = change.after if change is not None else data.crossings[i].crossing.cheaper_after
    if len(after) > LABEL_CHARS:
        after = after[: LABEL_CHARS - 1] + "…"
    return f"{i + 1} → {after}"
