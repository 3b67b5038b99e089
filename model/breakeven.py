"""Exact break-even volumes between every pair of options, steps for added units included."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from infercost.model.curves import CostFunction, scenario_functions
from infercost.model.errors import InferCostError
from infercost.model.project import Project
from infercost.model.scenario import Scenario

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
class BreakEven:
    """Every crossing (sorted by volume) and every never-crossing pair of a set of options."""

    labels: tuple[str, ...]
    volume_max_tokens: float
    crossings: tuple[Crossing, ...]
    never: tuple[NeverPair, ...]
    functions: tuple[CostFunction, ...] = field(repr=False)

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
        return BreakEven(labels, vmax, (), (), funcs)

    parts = [f.breakpoints(vmax) for f in funcs]
    edges = np.unique(np.concatenate(parts)) if parts else np.empty(0)
    lo = np.concatenate(([0.0], edges))
    hi = np.concatenate((edges, [vmax]))
    mid = (lo + hi) / 2.0
    intercept = np.array([f.units(mid) * f.fixed_usd_per_unit for f in funcs])
    units = np.array([f.units(mid) for f in funcs])
    slope = np.array([f.variable_usd_per_token for f in funcs])
    top = np.array([float(f.usd(vmax)) for f in funcs])
    pos = np.repeat(np.concatenate(([0.0], edges, [vmax])), 2)[1:-1]  # lo0 hi0 lo1 hi1 ...

    ia, ib = np.triu_indices(n, 1)
    m = lo.size
    rows = max(1, _BLOCK_ELEMENTS // (2 * m))
    hits: list[tuple[np.ndarray, ...]] = []
    first_sign = np.zeros(ia.size)
    cols = np.arange(2 * m)
    for start in range(0, ia.size, rows):
        a, b = ia[start : start + rows], ib[start : start + rows]
        diff = intercept[a] - intercept[b]
        ds = slope[a] - slope[b]
        vals = np.empty((a.size, 2 * m))
        vals[:, 0::2] = diff + ds[:, None] * lo
        vals[:, 1::2] = diff + ds[:, None] * hi
        tol = _REL_TOL * (top[a] + top[b])[:, None]
        sg = (vals > tol).view(np.int8) - (vals < -tol).view(np.int8)
        smin, smax = sg.min(axis=1), sg.max(axis=1)
        first_sign[start : start + a.size] = smin + smax  # the one sign of a row that never changes
        mixed = np.nonzero((smin < 0) & (smax > 0))[0]  # only these rows can cross
        if mixed.size == 0:
            continue
        sg, a, b, diff, ds = sg[mixed], a[mixed], b[mixed], diff[mixed], ds[mixed]
        # For every sample, the index of the last non-zero sample before it (-1: none yet).
        last = np.maximum.accumulate(np.where(sg != 0, cols, -1), axis=1)
        prev = np.concatenate((np.full((a.size, 1), -1), last[:, :-1]), axis=1)
        prev_sign = np.take_along_axis(sg, np.maximum(prev, 0), axis=1) * (prev >= 0)
        change = (sg != 0) & (prev_sign != 0) & (prev_sign != sg)
        r, t = np.nonzero(change)
        hits.append(
            _locate(
                a[r],
                b[r],
                t,
                prev[r, t],
                sg[r, t],
                diff[r, t // 2],
                ds[r],
                pos,
                units,
            )
        )
    found = _crossings(funcs, hits, intercept, slope, units)
    crossed = {(c.a_index, c.b_index) for c in found}
    never = tuple(
        _never(funcs, i, k, float(first_sign[p]), vmax)
        for p, (i, k) in enumerate(zip(ia.tolist(), ib.tolist(), strict=True))
        if (i, k) not in crossed
    )
    found.sort(key=lambda c: (c.volume_tokens, c.a_index, c.b_index))
    return BreakEven(labels, vmax, tuple(found), never, funcs)


def _locate(a, b, t, p, sign_after, diff, ds, pos, units):
    """Volume, interval and kind of each sign change, vectorized over the changes found."""
    j = t // 2  # the interval just past the crossing
    in_interval = (t == p + 1) & (p % 2 == 0)  # both samples in one interval: the lines meet
    # Rows that are not interval roots may divide by a zero or tiny slope difference; their
    # root is discarded by the where() below.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        root = np.clip(-diff / ds, pos[p], pos[t])
    volume = np.where(in_interval, root, pos[np.minimum(p + 1, pos.size - 1)])

    # Units at the volume itself (its left limit) are those of the interval ending there,
    # p // 2: recomputing ceil(volume / capacity) can land one unit high when k x capacity
    # rounds up, which would call a step crossing a slope one.
    left = p // 2
    jumped = (units[a, left] != units[a, j]) | (units[b, left] != units[b, j])
    step = ~in_interval & jumped
    winner = np.where(sign_after < 0, a, b)
    return a, b, j, volume, step, winner


def _crossings(funcs, hits, intercept, slope, units) -> list[Crossing]:
    found: list[Crossing] = []
    for a, b, j, volume, step, winner in hits:
        usd = intercept[winner, j] + slope[winner] * volume
        ua, ub = units[a, j], units[b, j]
        rows = zip(
            a.tolist(), b.tolist(), volume.tolist(), step.tolist(), winner.tolist(),
            usd.tolist(), ua.tolist(), ub.tolist(), strict=True,
        )  # fmt: skip
        for i, k, v, is_step, w, cost, na, nb in rows:
            found.append(
                Crossing(
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
            )
    return found


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
