"""Every answer as a range with its drivers: each option's monthly cost and the decision's
break-even as low/high, a tornado ranking the inputs by how far they move the decision, and
a seeded Monte Carlo probability that each option is cheapest.

All of it is loops of the one evaluation over modified projects (``inputs.with_overrides``);
the Monte Carlo then draws vectorized over the cost-function parameters that evaluation
exposes (fixed cost per unit, cost per token, capacity per unit), tabulated over each input's
range, so 10,000 draws cost a few numpy passes, not 10,000 evaluations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import Scenario
from infercost.model.costing.scenario_eval import ScenarioEval, evaluate_scenario
from infercost.model.errors import InferCostError
from infercost.model.uncertainty.inputs import RangedInput, scenario_inputs, with_overrides

GRID_POINTS = 5
"""Points over each input's range at which the cost-function parameters are tabulated for
the Monte Carlo (linear interpolation between them)."""


def _spread(lo: float | None, hi: float | None) -> float:
    """|hi - lo|; 0 when neither end has a figure, inf when only one has."""
    if lo is None and hi is None:
        return 0.0
    if lo is None or hi is None:
        return math.inf
    return abs(hi - lo)


@dataclass(frozen=True, slots=True)
class Swing:
    """One input moved alone to its low and high end: the decision's metric at each end, and
    which option is cheapest there."""

    input: RangedInput
    metric_low: float | None
    metric_high: float | None
    cheapest_low: str | None
    cheapest_high: str | None
    costs_low: tuple[float | None, ...]
    costs_high: tuple[float | None, ...]
    crossing_low: float | None = None
    crossing_high: float | None = None

    @property
    def swing(self) -> float:
        """|margin(high) - margin(low)|; inf when the margin exists at only one end."""
        return _spread(self.metric_low, self.metric_high)

    @property
    def crossing_swing(self) -> float:
        """How far the decision's break-even volume moves (inf when an end never crosses,
        0 when neither does)."""
        return _spread(self.crossing_low, self.crossing_high)

    @property
    def flips(self) -> bool:
        """True when either end changes which option is cheapest."""
        return len({self.cheapest_low, self.cheapest_high} - {None}) > 1 or (
            self.cheapest_low != self.cheapest_high
        )


@dataclass(frozen=True, slots=True)
class Band:
    """A figure today and at its low and high ends (each input at the end that lowers or raises
    it; inputs are taken to move a figure monotonically, which the tests check)."""

    label: str
    base: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True, slots=True)
class MonteCarlo:
    """Seeded draws of every input, uniform over its range: the share of draws in which each
    option is the cheapest comparable one, and each option's cost percentiles (5, 50, 95)."""

    draws: int
    seed: int
    labels: tuple[str, ...]
    p_cheapest: tuple[float, ...]
    cost_p5: tuple[float, ...]
    cost_p50: tuple[float, ...]
    cost_p95: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """The ranges of one scenario at its workload's volume.

    ``metric`` is "margin" (the runner-up's monthly cost minus today's cheapest option's; below
    0 another option wins) and ``swings`` are sorted by how far each input moves it.
    ``break_even`` is the volume where today's cheapest option and its rival (the option it
    takes over from on the envelope nearest the workload's volume, else the runner-up) cross,
    as a low/high pair.
    """

    scenario_id: str
    volume_tokens: float
    cheapest: str | None
    rival: str | None
    inputs: tuple[RangedInput, ...]
    base_margin: float | None
    swings: tuple[Swing, ...]
    costs: tuple[Band, ...]
    break_even: Band | None
    monte_carlo: MonteCarlo | None
    envelope: tuple[Band, ...] = ()
    """Each volume where today's cheapest option changes, as a low/high pair."""


def _margin(ev: ScenarioEval, cheapest: str | None) -> float | None:
    """Best other comparable option's cost minus ``cheapest``'s (today's choice held fixed)."""
    if cheapest is None:
        return None
    own = ev.usd_of(cheapest)
    others = [u for lbl, u, ok in zip(ev.labels, ev.costs, ev.eligible(), strict=True)
              if lbl != cheapest and ok]  # fmt: skip
    if own is None or not others:
        return None
    return min(others) - own


def _probe(
    project: Project, scenario: Scenario, inp: RangedInput, values: list[float]
) -> list[ScenarioEval]:
    """The scenario evaluated with ``inp`` alone set to each of ``values``."""
    out = []
    for value in values:
        p = with_overrides(project, {inp.address: float(value)}, scenario.id)
        out.append(evaluate_scenario(p, p.scenario(scenario.id)))
    return out


def _never_high(v: float | None) -> float:
    """A crossing for ordering: none (never, in the chart range) ranks above every volume."""
    return math.inf if v is None else v


def sensitivity(
    project: Project,
    scenario: Scenario,
    *,
    draws: int = 10_000,
    seed: int = 0,
    inputs: list[RangedInput] | None = None,
    rank_by: str = "margin",
) -> Sensitivity:
    """Ranges, tornado and Monte Carlo of ``scenario`` (``draws`` = 0 skips the Monte Carlo).

    ``rank_by`` orders the inputs by their swing on the margin of today's cheapest option
    ("margin") or on the decision's break-even volume ("break-even").

    Each input is probed alone at its low and high end (and, for the Monte Carlo, between);
    a band puts every input at the end that lowers (raises) the figure, all together.
    """
    ranged = scenario_inputs(project, scenario) if inputs is None else inputs
    base = evaluate_scenario(project, scenario)
    cheapest, rival = base.cheapest, base.rival()
    base_cross = base.crossing(cheapest, rival)
    points = GRID_POINTS if draws > 0 else 2
    probes = {i.address: _probe(project, scenario, i, _grid(i, points)) for i in ranged}

    def run(overrides: dict[str, float]) -> ScenarioEval:
        if not overrides:
            return base
        p = with_overrides(project, overrides, scenario.id)
        return evaluate_scenario(p, p.scenario(scenario.id))

    swings = []
    for inp in ranged:
        lo, hi = probes[inp.address][0], probes[inp.address][-1]
        swings.append(
            Swing(
                inp,
                _margin(lo, cheapest),
                _margin(hi, cheapest),
                lo.cheapest,
                hi.cheapest,
                lo.costs,
                hi.costs,
                lo.crossing(cheapest, rival, base_cross),
                hi.crossing(cheapest, rival, base_cross),
            )
        )
    if rank_by not in ("margin", "break-even"):
        raise InferCostError(f"rank inputs by 'margin' or 'break-even', not {rank_by!r}")
    if rank_by == "margin":
        swings.sort(key=lambda s: (-s.swing, s.input.address))
    else:
        swings.sort(key=lambda s: (-s.crossing_swing, -s.swing, s.input.address))

    def ends(measure: list[tuple[RangedInput, float, float]]) -> list[dict[str, float]]:
        """Overrides putting each input at the end giving the lower, then the higher figure."""
        out = []
        for want_low in (True, False):
            out.append({
                inp.address: inp.low if (a < b) == want_low else inp.high
                for inp, a, b in measure if a != b
            })  # fmt: skip
        return out

    bands = []
    for k, label in enumerate(base.labels):
        measure = [
            (s.input, s.costs_low[k], s.costs_high[k])
            for s in swings
            if s.costs_low[k] is not None and s.costs_high[k] is not None
        ]
        low, high = (run(o).costs[k] for o in ends(measure))  # type: ignore[arg-type]
        bands.append(Band(label, base.costs[k], low, high))

    be_band = None
    if cheapest is not None and rival is not None:
        measure = [
            (s.input, _never_high(s.crossing_low), _never_high(s.crossing_high)) for s in swings
        ]
        low, high = (run(o).crossing(cheapest, rival, base_cross) for o in ends(measure))
        if not (base_cross is None and low is None and high is None):
            be_band = Band(f"{cheapest} vs {rival}", base_cross, low, high)

    envelope = []
    for e in base.evaluation.envelope:
        measure = []
        for inp in ranged:
            lo_c = probes[inp.address][0].crossing(e.before, e.after, e.volume_tokens)
            hi_c = probes[inp.address][-1].crossing(e.before, e.after, e.volume_tokens)
            measure.append((inp, _never_high(lo_c), _never_high(hi_c)))
        low, high = (run(o).crossing(e.before, e.after, e.volume_tokens) for o in ends(measure))
        envelope.append(Band(f"{e.before} -> {e.after}", e.volume_tokens, low, high))

    mc = None
    if draws > 0:
        mc = _draw(base, scenario, ranged, probes, points, draws, seed)
    return Sensitivity(
        scenario.id,
        base.volume_tokens,
        cheapest,
        rival,
        tuple(ranged),
        _margin(base, cheapest),
        tuple(swings),
        tuple(bands),
        be_band,
        mc,
        tuple(envelope),
    )


def _grid(inp: RangedInput, points: int) -> list[float]:
    return [float(v) for v in np.linspace(inp.low, inp.high, points)]


def monte_carlo(
    project: Project,
    scenario: Scenario,
    inputs: list[RangedInput],
    draws: int = 10_000,
    seed: int = 0,
) -> MonteCarlo:
    """P(each option is the cheapest eligible one) over ``draws`` seeded uniform draws."""
    base = evaluate_scenario(project, scenario)
    probes = {i.address: _probe(project, scenario, i, _grid(i, GRID_POINTS)) for i in inputs}
    return _draw(base, scenario, inputs, probes, GRID_POINTS, draws, seed)


def _draw(
    base: ScenarioEval,
    scenario: Scenario,
    inputs: list[RangedInput],
    probes: dict[str, list[ScenarioEval]],
    points: int,
    draws: int,
    seed: int,
) -> MonteCarlo:
    """The vectorized draws.

    Each input's effect on each option's (fixed $/unit, $/token, capacity) is tabulated from
    its probes (the project evaluated with that input alone at ``points`` values over its
    range); a draw adds the fixed and per-token effects of every input and multiplies the
    capacity effects (capacity is a product of throughput, utilization and hours). Inputs
    that scale one another's effect (a markup on a price that also moves) combine to first
    order. The workload's own volume, when it is an input, is drawn as the volume.
    """
    if draws < 1 or draws > 10_000_000:
        raise InferCostError(f"draws must be 1 to 10,000,000, not {draws}")
    params0 = base.params()
    n_opt = len(base.labels)
    ok = np.array(base.eligible(), dtype=bool)
    rng = np.random.default_rng(seed)
    volume_address = f"workload:{scenario.workload_id}.monthly_tokens"
    volume = np.full(draws, base.volume_tokens)
    fixed = np.tile(params0[:, 0:1], (1, draws))
    per_token = np.tile(params0[:, 1:2], (1, draws))
    capacity = np.tile(params0[:, 2:3], (1, draws))
    for inp in inputs:
        x = rng.uniform(inp.low, inp.high, draws)
        if inp.address == volume_address:
            volume = x
            continue
        grid = np.array(_grid(inp, points))
        table = np.array([ev.params() for ev in probes[inp.address]])  # (points, options, 3)
        for k in np.flatnonzero(ok):
            fixed[k] += np.interp(x, grid, table[:, k, 0]) - params0[k, 0]
            per_token[k] += np.interp(x, grid, table[:, k, 1]) - params0[k, 1]
            if np.isfinite(params0[k, 2]):
                capacity[k] *= np.interp(x, grid, table[:, k, 2]) / params0[k, 2]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        units = np.where(np.isfinite(capacity), np.maximum(1.0, np.ceil(volume / capacity)), 0.0)
        cost = units * fixed + volume * per_token
    cost[~ok] = np.inf
    p = np.zeros(n_opt)
    if ok.any():
        p = np.bincount(cost.argmin(axis=0), minlength=n_opt) / draws
    pct = np.full((3, n_opt), np.nan)
    if ok.any():
        pct[:, ok] = np.percentile(cost[ok], (5, 50, 95), axis=1)
    return MonteCarlo(
        draws,
        seed,
        base.labels,
        tuple(float(v) for v in p),
        *(tuple(float(v) for v in row) for row in pct),
    )
