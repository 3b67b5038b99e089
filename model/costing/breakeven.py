"""Exact break-even volumes between every pair of options, steps for added units included."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np

from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import Scenario
from infercost.model.costing.curves import CostFunction, scenario_functions
from infercost.model.errors import InferCostError

MAX_BREAKPOINTS = 2_000_000
"""Most unit steps searched in one analysis; past it the volume range is too wide for a unit."""

_BLOCK_ELEMENTS = 4_000_000  # pair rows are processed in blocks of at most this many samples
_REL_TOL = 1e-12  # cost differences below this share of the costs count as equal


@dataclass(frozen=True, slots=True)
class Crossing:
    """A volume where the cheaper of two options changes.

    ``kind`` is "slope" where the cost lines meet and "step" where one option adds a unit
    (its cost jumps past the other). ``units_a``/``units_b`` are the units each needs just past
    the crossing (0 for options without capacity steps); ``beyond_capacity`` is true when either
    needs more than one unit there, i.e. the crossing lies past one unit's capacity.
    """

    a: str
    b: str
    a_index: int
    b_index: int
    volume_tokens: float
    cheaper_after: str
    kind: Literal["slope", "step"]
    usd_per_month: float
    units_a: int
    units_b: int
    beyond_capacity: bool

    @property
    def cheaper_before(self) -> str:
        """The option that was cheaper just below the crossing."""
        return self.b if self.cheaper_after == self.a else self.a


@dataclass(frozen=True, slots=True)
class NeverPair:
    """Two options whose order never changes over the searched range.

    ``cheaper`` is None when they cost the same everywhere. ``scope`` is "any volume" when the
    order provably holds at every volume, "range" when it is known up to ``volume_max_tokens``.
    ``single_unit_breakeven_tokens`` is the textbook V* = fixed difference / variable difference
    with one unit each (None when the lines never meet); ``single_unit_beyond_capacity`` says it
    lies past one unit's capacity, which is why it is not a real crossing.
    """

    a: str
    b: str
    a_index: int
    b_index: int
    cheaper: str | None
    scope: Literal["any volume", "range"]
    volume_max_tokens: float
    single_unit_breakeven_tokens: float | None
    single_unit_beyond_capacity: bool
    capacity_tokens_per_unit: float | None

    @property
    def reason(self) -> str:
        """One sentence saying which is cheaper, where, and why the textbook V* does not count."""
        where = (
            "at any volume"
            if self.scope == "any volume"
            else (f"up to {self.volume_max_tokens:.4g} tokens/month")
        )
        if self.cheaper is None:
            text = f"'{self.a}' and '{self.b}' cost the same {where}"
        else:
            other = self.b if self.cheaper == self.a else self.a
            text = f"'{self.cheaper}' is cheaper than '{other}' {where}"
        v1 = self.single_unit_breakeven_tokens
        if self.single_unit_beyond_capacity:
            text += (
                f"; one unit each would break even at {v1:.4g} tokens/month, past one unit's "
                f"capacity of {self.capacity_tokens_per_unit:.4g}"
            )
        elif v1 is not None and v1 > self.volume_max_tokens:
            text += f"; one unit each would break even at {v1:.4g} tokens/month, past the range"
        return text


@dataclass(frozen=True, slots=True)
class _Found:
    """The crossings as parallel arrays, sorted by (volume, a, b), and every pair's sign."""

    a: np.ndarray
    b: np.ndarray
    volume: np.ndarray
    step: np.ndarray
    winner: np.ndarray
    usd: np.ndarray
    units_a: np.ndarray
    units_b: np.ndarray
    pair_a: np.ndarray  # every pair (a < b), in order
    pair_b: np.ndarray
    pair_sign: np.ndarray  # < 0: a cheaper throughout, > 0: b, 0: equal (pairs never crossing)
    crossed: np.ndarray  # per pair: has a crossing


@dataclass(frozen=True, eq=False)
class BreakEven:
    """Every crossing (sorted by volume) and every never-crossing pair of a set of options.

    The analysis keeps its findings as arrays; ``crossings`` and ``never`` build their objects
    on first use (a 320-option analysis has tens of thousands), so a caller that only needs
    the counts or the arrays never pays for them.
    """

    labels: tuple[str, ...]
    volume_max_tokens: float
    functions: tuple[CostFunction, ...] = field(repr=False)
    found: _Found | None = field(default=None, repr=False)

    @property
    def crossing_count(self) -> int:
        """How many crossings there are (without building them)."""
        return 0 if self.found is None else int(self.found.volume.size)

    @cached_property
    def crossings(self) -> tuple[Crossing, ...]:
        """Every crossing, sorted by volume (then by the options' order)."""
        f = self.found
        if f is None:
            return ()
        rows = zip(
            f.a.tolist(), f.b.tolist(), f.volume.tolist(), f.step.tolist(), f.winner.tolist(),
            f.usd.tolist(), f.units_a.tolist(), f.units_b.tolist(), strict=True,
        )  # fmt: skip
        return tuple(_crossing(self.functions, *row) for row in rows)

    def crossing(self, k: int) -> Crossing:
        """Crossing ``k`` (in ``crossings`` order) alone, without building all of them."""
        f = self.found
        if f is None or not 0 <= k < f.volume.size:
            raise IndexError(k)
        cols = (f.a, f.b, f.volume, f.step, f.winner, f.usd, f.units_a, f.units_b)
        return _crossing(self.functions, *(c[k].item() for c in cols))

    @cached_property
    def never(self) -> tuple[NeverPair, ...]:
        """Every pair of options whose order never changes over the range."""
        f = self.found
        if f is None:
            return ()
        keep = ~f.crossed
        rows = zip(
            f.pair_a[keep].tolist(),
            f.pair_b[keep].tolist(),
            f.pair_sign[keep].tolist(),
            strict=True,
        )
        return tuple(_never(self.functions, i, k, s, self.volume_max_tokens) for i, k, s in rows)

    def between(self, a: str, b: str) -> list[Crossing]:
        """The crossings of the options labelled ``a`` and ``b`` (either order)."""
        return [c for c in self.crossings if {c.a, c.b} == {a, b}]


def analyse(
    project: Project, scenario: Scenario, *, volume_max_tokens: float | None = None
) -> BreakEven:
    """Every crossing between the options of ``scenario`` from 0 to ``volume_max_tokens``.

    The range defaults to the scenario's chart range end.
    """
    vmax = scenario.volume_max_tokens if volume_max_tokens is None else volume_max_tokens
    return analyse_functions(scenario_functions(project, scenario), vmax)


def crossings(
    project: Project, scenario: Scenario, *, volume_max_tokens: float | None = None
) -> list[Crossing]:
    """The crossings of :func:`analyse`, sorted by volume."""
    return list(analyse(project, scenario, volume_max_tokens=volume_max_tokens).crossings)


def never_pairs(
    project: Project, scenario: Scenario, *, volume_max_tokens: float | None = None
) -> list[NeverPair]:
    """The option pairs of :func:`analyse` that never cross."""
    return list(analyse(project, scenario, volume_max_tokens=volume_max_tokens).never)


def single_unit_breakeven(fa: CostFunction, fb: CostFunction) -> float | None:
    """V* where one unit of each costs the same: (F_b - F_a) / (c_a - c_b), None if not > 0."""
    dc = fa.variable_usd_per_token - fb.variable_usd_per_token
    if dc == 0:
        return None
    v = (_one_unit_fixed(fb) - _one_unit_fixed(fa)) / dc
    return v if v > 0 else None


def analyse_functions(
    functions: tuple[CostFunction, ...] | list[CostFunction], volume_max_tokens: float
) -> BreakEven:
    """Exact crossings of piecewise-linear step cost functions on [0, volume_max_tokens].

    Within an interval where no option adds a unit, the difference of two costs is linear, so
    its root is exact; at a unit step the difference jumps, and a sign change there is a step
    crossing. Every interval of every pair is examined (vectorized), nothing is sampled.

    Raises
    ------
    InferCostError
        When the range is not a positive finite volume or needs more than MAX_BREAKPOINTS steps.
    """
    funcs = tuple(functions)
    vmax = float(volume_max_tokens)
    if not (np.isfinite(vmax) and vmax > 0):
        raise InferCostError(
            f"the break-even range must end at a positive volume, not {volume_max_tokens!r}"
        )
    _check_steps(funcs, vmax)
    labels = tuple(f.label for f in funcs)
    n = len(funcs)
    if n < 2:
        return BreakEven(labels, vmax, funcs)

    ia, ib = np.triu_indices(n, 1)
    table = _Table(funcs, vmax)
    # Each pair is examined on its own two options' unit steps only: a pair of APIs has one
    # interval however many steps the other options take (the union grew as n^3).
    samples = 2 * (table.counts[ia] + table.counts[ib] + 1)
    first_sign = np.zeros(ia.size)
    hits: list[tuple[np.ndarray, ...]] = []
    for lo, hi in _blocks(samples, _BLOCK_ELEMENTS):
        first_sign[lo:hi] = _scan_pairs(table, ia[lo:hi], ib[lo:hi], hits)
    cols = [np.concatenate(c) for c in zip(*hits, strict=True)] if hits else [np.empty(0)] * 8
    a, b, volume = cols[0].astype(np.int64), cols[1].astype(np.int64), cols[2]
    order = np.lexsort((b, a, volume))
    crossed = np.zeros(ia.size, dtype=bool)
    crossed[a * n - a * (a + 1) // 2 + (b - a - 1)] = True  # the pair's place in triu order
    found = _Found(
        *(c[order] for c in (a, b, volume)),
        *(c[order] for c in cols[3:]),
        pair_a=ia,
        pair_b=ib,
        pair_sign=first_sign,
        crossed=crossed,
    )
    return BreakEven(labels, vmax, funcs, found)


_SAME_STEP_REL = 1e-12
"""Unit steps closer than this share of their volume are one step."""


class _Table:
    """The options' parameters as arrays, and every option's unit steps in one flat array."""

    def __init__(self, funcs: tuple[CostFunction, ...], vmax: float) -> None:
        parts = [f.breakpoints(vmax) for f in funcs]
        self.vmax = vmax
        self.counts = np.array([p.size for p in parts], dtype=np.int64)
        self.starts = np.cumsum(self.counts) - self.counts
        self.steps = np.concatenate(parts) if parts else np.empty(0)
        # Steps a rounding error apart (capacities 10 and 10.000000000000002 step at 30 and
        # 30.000000000000007) are one step: kept apart, they bound an interval a few ulps wide
        # whose "crossings" no volume a user can type would show.
        distinct = np.unique(self.steps)
        apart = np.ones(distinct.size, dtype=bool)
        apart[1:] = np.diff(distinct) > _SAME_STEP_REL * distinct[1:]
        self.unique_steps = distinct[apart]
        self.step_rank = (np.cumsum(apart) - 1)[np.searchsorted(distinct, self.steps)]
        self.ranks = max(1, self.unique_steps.size)
        self.fixed = np.array([f.fixed_usd_per_unit for f in funcs], dtype=float)
        self.slope = np.array([f.variable_usd_per_token for f in funcs], dtype=float)
        cap = [f.capacity_tokens_per_unit for f in funcs]
        self.cap_or_inf = np.array([np.inf if c is None else c for c in cap], dtype=float)
        self.top = np.array([float(f.usd(vmax)) for f in funcs])
        self.funcs = funcs


def _blocks(sizes: np.ndarray, limit: int):
    """(start, stop) runs of consecutive items whose sizes add up to about ``limit``."""
    if sizes.size == 0:
        return
    ends = np.cumsum(sizes)
    start = 0
    while start < sizes.size:
        base = ends[start - 1] if start else 0
        stop = int(np.searchsorted(ends, base + limit, side="right"))
        stop = max(stop, start + 1)
        yield start, stop
        start = stop


def _scan_pairs(t: _Table, a: np.ndarray, b: np.ndarray, hits: list) -> np.ndarray:
    """Find the crossings of the pairs (a[i], b[i]), appending their arrays to ``hits``; return each
    pair's sign sum (negative: a cheaper throughout, positive: b, 0: equal).

    The pairs are laid end to end: pair i owns intervals goff[i] .. goff[i] + G[i] - 1 over
    its own sorted, distinct unit steps, and two samples per interval (its ends).
    """
    pairs = a.size
    na, nb = t.counts[a], t.counts[b]
    length = na + nb
    pid = np.repeat(np.arange(pairs), length)
    k = np.arange(pid.size) - np.repeat(np.cumsum(length) - length, length)
    src = np.where(k < na[pid], t.starts[a][pid] + k, t.starts[b][pid] + k - na[pid])
    # Sort each pair's steps and drop repeats: as integer keys (pair, rank of the step among
    # all steps), which a stable sort orders in linear time (they come as two sorted runs).
    key = np.sort(pid.astype(np.int64) * t.ranks + t.step_rank[src], kind="stable")
    keep = np.ones(key.size, dtype=bool)
    keep[1:] = key[1:] != key[:-1]
    key = key[keep]
    pid, edge = key // t.ranks, t.unique_steps[key % t.ranks]

    per_pair = np.bincount(pid, minlength=pairs)  # distinct steps
    g = per_pair + 1  # intervals
    goff = np.cumsum(g) - g
    q = np.arange(edge.size) - np.repeat(np.cumsum(per_pair) - per_pair, per_pair)
    lo = np.zeros(int(g.sum()))
    hi = np.full(lo.size, t.vmax)
    lo[goff[pid] + q + 1] = edge
    hi[goff[pid] + q] = edge

    owner = np.repeat(np.arange(pairs), g)
    ga, gb = a[owner], b[owner]
    mid = (lo + hi) / 2.0
    # Units of each option in each interval (1 for a line, whose fixed cost is 0 anyway).
    steps_a = np.maximum(1.0, np.ceil(mid / t.cap_or_inf[ga]))
    steps_b = np.maximum(1.0, np.ceil(mid / t.cap_or_inf[gb]))
    level_a, level_b = steps_a * t.fixed[ga], steps_b * t.fixed[gb]
    diff = level_a - level_b
    ds = t.slope[ga] - t.slope[gb]
    tol = np.repeat(_REL_TOL * (t.top[a] + t.top[b]), g)
    sg = np.empty(2 * lo.size, dtype=np.int8)  # sample 2i: interval i's start, 2i + 1: its end
    for k, x in ((0, lo), (1, hi)):
        v = diff + ds * x
        sg[k::2] = (v > tol).view(np.int8) - (v < -tol).view(np.int8)
    first = 2 * goff
    signs = np.minimum.reduceat(sg, first).astype(float) + np.maximum.reduceat(sg, first)

    # A crossing: a non-zero sample whose sign differs from the last non-zero one before it,
    # in the same pair (samples within the tolerance, 0, do not count).
    nz = np.flatnonzero(sg)
    flips = np.flatnonzero(sg[nz[1:]] != sg[nz[:-1]])
    p, at = nz[flips], nz[flips + 1]
    same_pair = at < (first + 2 * g)[np.searchsorted(first, p, side="right") - 1]
    p, at = p[same_pair], at[same_pair]
    if at.size:

        def pos(x: np.ndarray) -> np.ndarray:
            return np.where(x % 2 == 0, lo[x // 2], hi[x // 2])

        j = at // 2  # the interval just past the crossing
        in_interval = (at == p + 1) & (p % 2 == 0)  # both samples in one interval: lines meet
        # Rows that are not interval roots may divide by a zero or tiny slope difference;
        # their root is discarded by the where() below.
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            root = np.clip(-diff[j] / ds[j], pos(p), pos(at))
        volume = np.where(in_interval, root, pos(p + 1))
        # Units at the volume itself (its left limit) are those of the interval ending there,
        # p // 2: recomputing ceil(volume / capacity) can land one unit high when k x capacity
        # rounds up, which would call a step crossing a slope one.
        left = p // 2
        jumped = (steps_a[left] != steps_a[j]) | (steps_b[left] != steps_b[j])
        step = ~in_interval & jumped
        a_wins = sg[at] < 0
        winner = np.where(a_wins, ga[j], gb[j])
        usd = np.where(a_wins, level_a[j], level_b[j]) + t.slope[winner] * volume
        units_a = np.where(np.isinf(t.cap_or_inf[ga[j]]), 0.0, steps_a[j])
        units_b = np.where(np.isinf(t.cap_or_inf[gb[j]]), 0.0, steps_b[j])
        hits.append((ga[j], gb[j], volume, step, winner, usd, units_a, units_b))
    return signs


def _crossing(funcs, i, k, v, is_step, w, cost, na, nb) -> Crossing:
    return Crossing(
        a=funcs[i].label,
        b=funcs[k].label,
        a_index=i,
        b_index=k,
        volume_tokens=v,
        cheaper_after=funcs[w].label,
        kind="step" if is_step else "slope",
        usd_per_month=cost,
        units_a=int(na),
        units_b=int(nb),
        beyond_capacity=na > 1 or nb > 1,
    )


def _never(funcs, i, k, sign, vmax) -> NeverPair:
    fa, fb = funcs[i], funcs[k]
    cheaper = None if sign == 0 else (fa if sign < 0 else fb)
    other = None if cheaper is None else (fb if cheaper is fa else fa)
    if cheaper is None:
        same = (fa.fixed_usd_per_unit, fa.variable_usd_per_token, fa.capacity_tokens_per_unit) == (
            fb.fixed_usd_per_unit,
            fb.variable_usd_per_token,
            fb.capacity_tokens_per_unit,
        )
        scope: Literal["any volume", "range"] = "any volume" if same else "range"
    else:
        scope = "any volume" if _dominates(cheaper, other, vmax) else "range"
    v1 = single_unit_breakeven(fa, fb)
    caps = [f.capacity_tokens_per_unit for f in (fa, fb) if f.capacity_tokens_per_unit is not None]
    cap = min(caps) if caps else None
    return NeverPair(
        a=fa.label,
        b=fb.label,
        a_index=i,
        b_index=k,
        cheaper=cheaper.label if cheaper is not None else None,
        scope=scope,
        volume_max_tokens=vmax,
        single_unit_breakeven_tokens=v1,
        single_unit_beyond_capacity=v1 is not None and cap is not None and v1 > cap,
        capacity_tokens_per_unit=cap,
    )


def _one_unit_fixed(f: CostFunction) -> float:
    return f.fixed_usd_per_unit if f.capacity_tokens_per_unit is not None else 0.0


def _mean_slope(f: CostFunction) -> float:
    cap = f.capacity_tokens_per_unit
    step = f.fixed_usd_per_unit / cap if cap is not None else 0.0
    return step + f.variable_usd_per_token


def _dominates(low: CostFunction, high: CostFunction, vmax: float) -> bool:
    """True if ``low`` stays at or below ``high`` at every volume past vmax (hence everywhere).

    units(V) lies between V / capacity and V / capacity + 1, so a stepped cost lies between
    mean_slope x V and mean_slope x V + fixed; if low's upper bound starts below high's lower
    bound at vmax and grows no faster, the order holds beyond the searched range too.
    """
    upper = _mean_slope(low) * vmax + _one_unit_fixed(low)
    lower = _mean_slope(high) * vmax
    if high.capacity_tokens_per_unit is None:
        lower = high.variable_usd_per_token * vmax  # a line: its cost is exact, not a bound
    return _mean_slope(low) <= _mean_slope(high) and upper <= lower


def _check_steps(funcs: tuple[CostFunction, ...], vmax: float) -> None:
    total = 0.0
    worst: tuple[float, str] = (0.0, "")
    for f in funcs:
        cap = f.capacity_tokens_per_unit
        if cap is None or f.fixed_usd_per_unit == 0:
            continue
        steps = vmax / cap
        total += steps
        worst = max(worst, (steps, f.label))
    if total > MAX_BREAKPOINTS:
        raise InferCostError(
            f"option '{worst[1]}' would need {_count(worst[0])} units at {vmax:.4g} tokens/month; "
            f"the break-even search stops at {MAX_BREAKPOINTS:,} unit steps: lower the volume "
            "range or raise its tokens_per_s"
        )


def _count(n: float) -> str:
    """A unit count for a message: digits with commas, or 3.8e+297 when that would be a wall."""
    return f"{n:,.0f}" if n < 1e15 else f"{n:.3g}"
