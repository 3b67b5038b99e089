"""A chart as data for the report and the chart export: series, axes with units, a volume
marker and numbered points, in data coordinates. Renderers draw it; nothing here is a pixel."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from infercost.model.costing.curves import CostFunction

Ticks = Literal["tokens", "usd", "usd_per_mtok", "number"]
Mode = Literal["usd", "per_mtok"]

CURVE_POINTS = 240
"""Log-spaced samples per curve between unit steps: smooth at print width, small in a PDF."""

MAX_STEPS = 200
"""Unit steps drawn as exact jumps; past them a step is under half a percent of the cost,
invisible on a log axis, and the curve is the exact cost sampled on the grid."""


@dataclass(frozen=True, slots=True)
class FigureAxis:
    """One axis: its title and unit (shown as "title (unit)"), log or linear, its range and
    how its tick labels read (tokens: 10M, 1B; usd: $100, $10K; number: 12, 24 months).

    A log axis needs lo > 0; values at or below 0 are not drawn on it."""

    title: str
    unit: str
    lo: float
    hi: float
    log: bool = True
    ticks: Ticks = "tokens"

    @property
    def label(self) -> str:
        return f"{self.title} ({self.unit})" if self.unit else self.title


@dataclass(frozen=True, slots=True)
class FigureSeries:
    """One curve: points in data units, the palette style it is drawn in, and a note that
    follows its name in the legend ("cheapest", "below the quality needed")."""

    label: str
    style: int
    x: tuple[float, ...]
    y: tuple[float, ...]
    note: str = ""
    emphasis: bool = False
    muted: bool = False
    at_marker: float | None = None
    """Its exact value at the figure's first marker (the workload's volume), drawn as a dot."""


@dataclass(frozen=True, slots=True)
class FigureMarker:
    """A vertical line at ``x`` with a label (the workload's volume)."""

    x: float
    label: str


@dataclass(frozen=True, slots=True)
class FigurePoint:
    """A numbered point (a crossing) and what it means in words."""

    number: int
    x: float
    y: float
    text: str


@dataclass(frozen=True, slots=True)
class FigureBar:
    """A horizontal bar from ``low`` to ``high`` on the x axis, labelled on its left: one row
    of a tornado chart. Left of the figure's ``base`` it is drawn in the first palette style,
    right of it in the second, so the side an input moves the result to reads at a glance;
    ``note`` is printed beside the bar ("$1,200 to $4,800")."""

    label: str
    low: float
    high: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart: title, caption, two axes, its series, markers and numbered points; or, with
    ``bars``, a bar chart whose rows replace the y axis (the y axis then only names them)."""

    id: str
    title: str
    caption: str
    x_axis: FigureAxis
    y_axis: FigureAxis
    series: tuple[FigureSeries, ...]
    markers: tuple[FigureMarker, ...] = ()
    points: tuple[FigurePoint, ...] = ()
    bars: tuple[FigureBar, ...] = ()
    base: float | None = None


@dataclass(frozen=True, slots=True)
class CurveInput:
    """What the break-even figure needs of one option."""

    label: str
    function: CostFunction
    note: str = ""
    emphasis: bool = False
    muted: bool = False


def curve_points(
    f: CostFunction, lo: float, hi: float, points: int = CURVE_POINTS
) -> tuple[np.ndarray, np.ndarray]:
    """Volumes and monthly costs of ``f`` over [lo, hi], each unit step as two points at one x.

    Left of step k x capacity an option runs k units, right of it k + 1, so a step is exact
    however coarse the grid.
    """
    grid = np.logspace(math.log10(lo), math.log10(hi), max(points, 2))
    cap = f.capacity_tokens_per_unit
    steps = np.empty(0)
    if cap is not None and f.fixed_usd_per_unit > 0:
        first = max(1, math.floor(lo / cap))
        last = min(math.floor(hi / cap), first + MAX_STEPS)
        steps = np.arange(first, last + 1, dtype=float) * cap
        steps = steps[(steps > lo) & (steps < hi)]
    if steps.size == 0:
        return grid, f.usd(grid)
    k = np.rint(steps / cap)  # type: ignore[operator]
    inside = ~np.isin(grid, steps)
    x = np.concatenate((grid[inside], steps, steps))
    units = np.concatenate((f.units(grid[inside]), k, k + 1))
    order = np.lexsort((units, x))
    x, units = x[order], units[order]
    return x, units * f.fixed_usd_per_unit + x * f.variable_usd_per_token


def breakeven_figure(
    title: str,
    curves: Sequence[CurveInput],
    lo: float,
    hi: float,
    volume: float | None,
    crossings: Sequence[tuple[float, float, str]],
    *,
    mode: Mode = "usd",
    caption: str = "",
) -> Figure:
    """The break-even chart: each option's monthly cost (or USD per Mtok) against monthly
    tokens, log-log, with the workload's volume marked and ``crossings`` numbered in order.

    ``crossings`` are (volume, monthly cost there, sentence); ``curves`` keep their order,
    which is also their palette style.
    """
    per_mtok = mode == "per_mtok"
    series = []
    ys: list[float] = []
    for i, c in enumerate(curves):
        x, usd = curve_points(c.function, lo, hi)
        y = usd / x * 1e6 if per_mtok else usd
        keep = np.isfinite(y) & (y > 0)
        x, y = x[keep], y[keep]
        ys += [float(y.min()), float(y.max())] if y.size else []
        at = None
        if volume is not None and volume > 0:
            at = float(c.function.usd(volume))
            at = at / volume * 1e6 if per_mtok else at
        series.append(
            FigureSeries(
                c.label, i, tuple(map(float, x)), tuple(map(float, y)), c.note, c.emphasis,
                c.muted, at if at is not None and at > 0 else None,
            )
        )  # fmt: skip
    points = []
    for n, (v, usd, text) in enumerate(crossings, start=1):
        y = usd / v * 1e6 if per_mtok and v > 0 else usd
        points.append(FigurePoint(n, float(v), float(y), text))
    y_lo, y_hi = _decades(ys) if ys else (1.0, 10.0)
    markers = ()
    if volume is not None and lo <= volume <= hi:
        from infercost.model.formatting import format_tokens

        markers = (FigureMarker(volume, f"workload: {format_tokens(volume)} tokens/month"),)
    return Figure(
        id="breakeven",
        title=title,
        caption=caption,
        x_axis=FigureAxis("Monthly volume", "tokens/month", lo, hi, True, "tokens"),
        y_axis=FigureAxis(
            "Cost per million tokens" if per_mtok else "Monthly cost",
            "USD/Mtok" if per_mtok else "USD/month",
            y_lo,
            y_hi,
            True,
            "usd_per_mtok" if per_mtok else "usd",
        ),
        series=tuple(series),
        markers=markers,
        points=tuple(points),
    )


def _decades(values: Sequence[float]) -> tuple[float, float]:
    """The range of ``values`` widened to whole (or half) decades, at least one decade."""
    lo = math.log10(min(values))
    hi = math.log10(max(values))
    lo, hi = math.floor(lo * 2) / 2, math.ceil(hi * 2) / 2
    if hi - lo < 1:
        hi = lo + 1
    return 10.0**lo, 10.0**hi
