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
    reason: str


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
    found: list[Crossing] = []
    first_sign = np.zeros(ia.size)
    for start in range(0, ia.size, rows):
        a, b = ia[start : start + rows], ib[start : start + rows]
        diff = intercept[a] - intercept[b]
        ds = (slope[a] - slope[b])[:, None]
        vals = np.empty((a.size, 2 * m))
        vals[:, 0::2] = diff + ds * lo
        vals[:, 1::2] = diff + ds * hi
        tol = _REL_TOL * (top[a] + top[b])[:, None]
        sg = np.where(np.abs(vals) <= tol, 0.0, np.sign(vals))
        cols = np.arange(2 * m)
        last = np.maximum.accumulate(np.where(sg != 0, cols, -1), axis=1)
        prev = np.concatenate((np.full((a.size, 1), -1), last[:, :-1]), axis=1)
        prev_sign = np.take_along_axis(sg, np.maximum(prev, 0), axis=1) * (prev >= 0)
        change = (sg != 0) & (prev_sign != 0) & (prev_sign != sg)
        nz_any = sg != 0
        first = np.argmax(nz_any, axis=1)
        first_sign[start : start + a.size] = sg[np.arange(a.size), first]
        for r, t in zip(*np.nonzero(change), strict=True):
            found.append(
                _crossing(
                    funcs,
                    int(a[r]),
                    int(b[r]),
                    int(t),
                    int(prev[r, t]),
                    sg[r, t],
                    diff[r],
                    float(ds[r, 0]),
                    pos,
                    units,
                    intercept,
                    slope,
                )
            )
    crossed = {(c.a_index, c.b_index) for c in found}
    never = tuple(
        _never(funcs, int(i), int(k), first_sign[p], vmax)
        for p, (i, k) in enumerate(zip(ia, ib, strict=True))
        if (int(i), int(k)) not in crossed
    )
    found.sort(key=lambda c: (c.volume_tokens, c.a_index, c.b_index))
    return BreakEven(labels, vmax, tuple(found), never, funcs)


def _crossing(funcs, i, k, t, p, sign_after, diff, ds, pos, units, intercept, slope) -> Crossing:
    j = t // 2  # the interval just past the crossing
    if t == p + 1 and p % 2 == 0:
        volume = float(np.clip(-diff[j] / ds, pos[p], pos[t]))
        kind: Literal["slope", "step"] = "slope"
    else:
        volume = float(pos[p + 1])
        left = any(int(funcs[x].units(volume)) != int(units[x, j]) for x in (i, k))
        kind = "step" if left else "slope"
    winner = i if sign_after < 0 else k
    ua, ub = int(units[i, j]), int(units[k, j])
    return Crossing(
        a=funcs[i].label,
        b=funcs[k].label,
        a_index=i,
        b_index=k,
        volume_tokens=volume,
        cheaper_after=funcs[winner].label,
        kind=kind,
        usd_per_month=float(intercept[winner, j] + slope[winner] * volume),
        units_a=ua,
        units_b=ub,
        beyond_capacity=ua > 1 or ub > 1,
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
    beyond = v1 is not None and bool(caps) and v1 > min(caps)
    where = "at any volume" if scope == "any volume" else f"up to {vmax:.4g} tokens/month"
    if cheaper is None:
        reason = f"'{fa.label}' and '{fb.label}' cost the same {where}"
    else:
        reason = f"'{cheaper.label}' is cheaper than '{other.label}' {where}"
    if beyond:
        reason += (
            f"; one unit each would break even at {v1:.4g} tokens/month, past one unit's "
            f"capacity of {min(caps):.4g}"
        )
    elif v1 is not None and v1 > vmax:
        reason += f"; one unit each would break even at {v1:.4g} tokens/month, past the range"
    return NeverPair(
        a=fa.label,
        b=fb.label,
        a_index=i,
        b_index=k,
        cheaper=cheaper.label if cheaper is not None else None,
        scope=scope,
        volume_max_tokens=vmax,
        single_unit_breakeven_tokens=v1,
        single_unit_beyond_capacity=beyond,
        reason=reason,
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
        lower = float(high.usd(vmax))
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
            f"option '{worst[1]}' would need {worst[0]:,.0f} units at {vmax:.4g} tokens/month; "
            f"the break-even search stops at {MAX_BREAKPOINTS:,} unit steps: lower the volume "
            "range or raise its tokens_per_s"
        )
