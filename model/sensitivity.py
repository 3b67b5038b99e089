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

from infercost.model.errors import InferCostError
from infercost.model.inputs import RangedInput, scenario_inputs, with_overrides
from infercost.model.project import Project
from infercost.model.scenario import Scenario
from infercost.model.scenario_eval import ScenarioEval, evaluate_scenario

GRID_POINTS = 9
"""Points over each input's range at which the cost-function parameters are tabulated for
the Monte Carlo (linear interpolation between them)."""


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
        """|metric(high) - metric(low)|; inf when the metric exists at only one end."""
        lo, hi = self.metric_low, self.metric_high
        if lo is None and hi is None:
            return 0.0
        if lo is None or hi is None:
            return math.inf
        return abs(hi - lo)

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
    ``break_even`` is the volume where today's cheapest and its runner-up cross (nearest the
    workload's volume) as a low/high pair.
    """

    scenario_id: str
    volume_tokens: float
    cheapest: str | None
    runner_up: str | None
    inputs: tuple[RangedInput, ...]
    base_margin: float | None
    swings: tuple[Swing, ...]
    costs: tuple[Band, ...]
    break_even: Band | None
    monte_carlo: MonteCarlo | None


def _margin(ev: ScenarioEval, cheapest: str | None) -> float | None:
    """Best other comparable option's cost minus ``cheapest``'s (today's choice held fixed)."""
    if cheapest is None:
        return None
    own = ev.usd_of(cheapest)
    others = [u for lbl, u, ok in ev.comparable_costs() if lbl != cheapest and ok]
    if own is None or not others:
        return None
    return min(others) - own


def sensitivity(
    project: Project,
    scenario: Scenario,
    *,
    draws: int = 10_000,
    seed: int = 0,
    inputs: list[RangedInput] | None = None,
) -> Sensitivity:
    """Ranges, tornado and Monte Carlo of ``scenario`` (``draws`` = 0 skips the Monte Carlo)."""
    ranged = scenario_inputs(project, scenario) if inputs is None else inputs
    base = evaluate_scenario(project, scenario)
    cheapest, runner = base.cheapest, base.runner_up
    base_cross = base.crossing(cheapest, runner) if cheapest and runner else None

    def run(overrides: dict[str, float]) -> ScenarioEval:
        p = with_overrides(project, overrides, scenario.id)
        return evaluate_scenario(p, p.scenario(scenario.id))

    swings = []
    for inp in ranged:
        lo, hi = run({inp.address: inp.low}), run({inp.address: inp.high})
        swings.append(
            Swing(
                inp,
                _margin(lo, cheapest),
                _margin(hi, cheapest),
                lo.cheapest,
                hi.cheapest,
                lo.costs,
                hi.costs,
                lo.crossing(cheapest, runner, base_cross) if base_cross else None,
                hi.crossing(cheapest, runner, base_cross) if base_cross else None,
            )
        )
    swings.sort(key=lambda s: (-s.swing, s.input.address))

    bands = []
    for k, label in enumerate(base.labels):
        ends = []
        for want_low in (True, False):
            chosen = {}
            for s in swings:
                a, b = s.costs_low[k], s.costs_high[k]
                if a is None or b is None or a == b:
                    continue
                chosen[s.input.address] = s.input.low if (a < b) == want_low else s.input.high
            ends.append(run(chosen).costs[k] if chosen else base.costs[k])
        bands.append(Band(label, base.costs[k], ends[0], ends[1]))

    be_band = None
    if base_cross is not None:
        assert cheapest is not None and runner is not None
        ends = []
        for want_low in (True, False):
            chosen = {}
            for s in swings:
                lo_c, hi_c = s.crossing_low, s.crossing_high
                if lo_c is None or hi_c is None or lo_c == hi_c:
                    continue
                chosen[s.input.address] = s.input.low if (lo_c < hi_c) == want_low else s.input.high
            ends.append(run(chosen).crossing(cheapest, runner, base_cross))
        be_band = Band(f"{cheapest} vs {runner}", base_cross, ends[0], ends[1])

    mc = monte_carlo(project, scenario, ranged, draws, seed) if draws > 0 else None
    return Sensitivity(
        scenario.id,
        base.volume_tokens,
        cheapest,
        runner,
        tuple(ranged),
        _margin(base, cheapest),
        tuple(swings),
        tuple(bands),
        be_band,
        mc,
    )


def monte_carlo(
    project: Project,
    scenario: Scenario,
    inputs: list[RangedInput],
    draws: int = 10_000,
    seed: int = 0,
) -> MonteCarlo:
    """P(each option is the cheapest comparable one) over ``draws`` seeded uniform draws.

    Each input's effect on each option's (fixed $/unit, $/token, capacity) is tabulated by
    evaluating the project with that input alone at GRID_POINTS points over its range; a draw
    adds the fixed and per-token effects of every input and multiplies the capacity effects
    (capacity is a product of throughput, utilization and hours). Inputs that scale one
    another's effect (a markup on a price that also moves) are combined to first order.
    """
    if draws < 1 or draws > 10_000_000:
        raise InferCostError(f"draws must be 1 to 10,000,000, not {draws}")
    base = evaluate_scenario(project, scenario)
    params0 = base.params()
    n_opt = len(base.labels)
    ok = np.array(base.computable_comparable(), dtype=bool)
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
        grid = np.linspace(inp.low, inp.high, GRID_POINTS)
        table = np.empty((GRID_POINTS, n_opt, 3))
        for g, value in enumerate(grid):
            p = with_overrides(project, {inp.address: float(value)}, scenario.id)
            table[g] = evaluate_scenario(p, p.scenario(scenario.id)).params()
        for k in range(n_opt):
            if not ok[k]:
                continue
            fixed[k] += np.interp(x, grid, table[:, k, 0]) - params0[k, 0]
            per_token[k] += np.interp(x, grid, table[:, k, 1]) - params0[k, 1]
            if np.isfinite(params0[k, 2]):
                capacity[k] *= np.interp(x, grid, table[:, k, 2]) / params0[k, 2]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        units = np.where(
            np.isfinite(capacity), np.maximum(1.0, np.ceil(volume / capacity)), 0.0
        )
        cost = units * fixed + volume * per_token
    cost[~ok] = np.inf
    if ok.any():
        winner = cost.argmin(axis=0)
        p = np.bincount(winner, minlength=n_opt) / draws
        p[~ok] = 0.0
    else:
        p = np.zeros(n_opt)
    finite = np.where(np.isfinite(cost), cost, np.nan)
    with np.errstate(invalid="ignore"):
        pct = [np.nanpercentile(finite, q, axis=1) if ok.any() else np.full(n_opt, np.nan)
               for q in (5, 50, 95)]  # fmt: skip
    return MonteCarlo(
        draws,
        seed,
        base.labels,
        tuple(float(v) for v in p),
        *(tuple(float(v) for v in arr) for arr in pct),
    )
