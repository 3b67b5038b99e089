"""What the break-even chart shows for one scenario, read from its Evaluation: curves with exact
steps, the crossings where the cheapest option changes (labelled on the chart) and every other
crossing (in the table and on hover), each option's cost at the workload's volume, and cost per
Mtok against utilization. Nothing here picks a cheapest option: the Evaluation does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import RentalOption, Scenario, ScenarioOption
from infercost.model.costing.advice_text import row_status
from infercost.model.costing.breakeven import BreakEven, Crossing, NeverPair
from infercost.model.costing.curves import CostFunction, OptionCost, cost_at
from infercost.model.costing.evaluation import EnvelopeChange, Evaluation, OptionEval, evaluate
from infercost.model.costing.throughput_check import ThroughputCheck
from infercost.model.errors import InferCostError
from infercost.model.formatting import format_tokens as tokens

GRID_POINTS = 400
"""Log-spaced samples per curve between steps; the cost between two steps is a straight line in
linear axes, a gentle curve in log-log ones, and 400 points draw it smoothly at any width."""

MAX_DRAWN_STEPS = 400
"""Unit steps drawn as exact vertical jumps per option. Past the 400th unit a step adds under
0.25% to the cost, far below a pixel on a log axis; further on the curve is the exact cost
sampled on the grid, and the break-even search still examines every step."""

UTILIZATION_POINTS = 100


@dataclass(frozen=True, slots=True)
class OptionSeries:
    """One option's curve: ``volumes`` with the cost at each, a step as two points at one x.

    ``usd`` and ``usd_per_mtok`` are the monthly cost and the cost per million tokens at
    ``volumes`` (read-only arrays). ``at_workload`` is its cost at the workload's volume;
    ``option`` is the option's row of the Evaluation (quality, feasibility, throughput).
    """

    index: int
    label: str
    kind: str
    volumes: np.ndarray
    usd: np.ndarray
    usd_per_mtok: np.ndarray
    steps_drawn: int
    at_workload: OptionCost
    function: CostFunction
    option: OptionEval
    status: str = ""
    """What the row is in the Evaluation: cheapest comparable, runner-up, not comparable..."""

    @property
    def check(self) -> ThroughputCheck | None:
        """The check of a pinned or measured figure, used or not (None: nothing to check)."""
        return self.option.claim

    @property
    def eligible(self) -> bool:
        """Comparable and feasible: the Evaluation may name it cheapest."""
        return self.option.eligible


@dataclass(frozen=True, slots=True)
class CrossingMark:
    """A crossing of the model's break-even analysis with the sentence the chart shows.

    ``envelope`` is the change of cheapest option this crossing is (None when the cheapest
    does not change there).
    """

    crossing: Crossing
    sentence: str
    envelope: EnvelopeChange | None = None

    @property
    def volume_tokens(self) -> float:
        return self.crossing.volume_tokens

    @property
    def usd_per_month(self) -> float:
        return self.crossing.usd_per_month


class Crossings(Sequence[CrossingMark]):
    """The chart's crossings in table order: first those where the cheapest option changes
    (the envelope, by volume), then every other crossing by volume. Numbered from 1 in this
    order on the chart and in the table.

    A scenario of 300 options has tens of thousands of crossings: a mark (with its sentence)
    is built when asked for, and ``volumes``/``usd`` give them all as arrays.
    """

    def __init__(self, be: BreakEven | None, envelope: tuple[EnvelopeChange, ...]) -> None:
        self.be = be
        f = be.found if be is not None else None
        n = 0 if f is None else int(f.volume.size)
        first: list[int] = []
        self.changes: dict[int, EnvelopeChange] = {}
        if f is not None and n:
            labels = be.labels  # type: ignore[union-attr]
            for change in envelope:
                k = _matching_crossing(f, labels, change)
                if k is not None and k not in self.changes:
                    first.append(k)
                    self.changes[k] = change
        rest = np.ones(n, dtype=bool)
        rest[first] = False
        self.order = np.concatenate((np.array(first, dtype=np.int64), np.flatnonzero(rest)))
        self.envelope_count = len(first)
        empty = np.empty(0)
        self.volumes = f.volume[self.order] if f is not None else empty
        self.usd = f.usd[self.order] if f is not None else empty
        # The two options of each crossing, as their positions in ``labels``.
        self.labels = be.labels if be is not None else ()
        self.a = f.a[self.order] if f is not None else np.empty(0, dtype=np.int64)
        self.b = f.b[self.order] if f is not None else np.empty(0, dtype=np.int64)
        self._marks: dict[int, CrossingMark] = {}

    def __len__(self) -> int:
        return int(self.order.size)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i %= len(self)
        mark = self._marks.get(i)
        if mark is None:
            assert self.be is not None
            k = int(self.order[i])
            c = self.be.crossing(k)
            change = self.changes.get(k)
            text = crossing_sentence(c)
            if change is not None:
                text += f": {change.after} becomes the cheapest option"
            mark = self._marks[i] = CrossingMark(c, text, change)
        return mark

    def on_envelope(self) -> list[CrossingMark]:
        """The crossings where the cheapest option changes (the first ``envelope_count``)."""
        return [self[i] for i in range(self.envelope_count)]


@dataclass(frozen=True, slots=True)
class UtilizationSeries:
    """Cost per Mtok of one option against the share of its capacity in use.

    For an option with capacity (owned, rented always on) the unit costs the same whatever it
    serves, so per token it costs fixed / (capacity at 100% x u) + variable; a rental paid per
    use pays per busy hour, hourly price / (tok/s x 3600 x u). An API option costs the same at
    any utilization (``flat``). ``workload_utilization`` is the share the workload's volume
    keeps busy (volume / (units x capacity at 100%)); a per-use rental's is its own setting.
    ``workload_usd_per_mtok`` is the curve there, which equals the option's cost per Mtok at
    the workload's volume.
    """

    index: int
    label: str
    kind: str
    utilization: np.ndarray
    usd_per_mtok: np.ndarray
    flat: bool
    workload_utilization: float | None
    workload_usd_per_mtok: float | None


@dataclass(frozen=True, slots=True)
class ChartData:
    """Everything the break-even view draws for one scenario, read from ``evaluation``."""

    scenario_id: str
    scenario_name: str
    workload_id: str
    workload_name: str
    workload_row: int
    volume_min_tokens: float
    volume_max_tokens: float
    workload_tokens: float
    series: tuple[OptionSeries, ...]
    crossings: Crossings
    never: tuple[NeverPair, ...]
    utilization: tuple[UtilizationSeries, ...]
    cheapest_at_workload: str | None
    problems: tuple[str, ...]
    breakeven: BreakEven | None
    evaluation: Evaluation = field(repr=False)

    def labels(self) -> tuple[str, ...]:
        return tuple(s.label for s in self.series)

    @property
    def envelope(self) -> tuple[EnvelopeChange, ...]:
        """The volumes where the cheapest comparable feasible option changes."""
        return self.evaluation.envelope

    def cheapest_at(self, volume: float) -> str | None:
        """The Evaluation's cheapest option at ``volume``, read off its envelope: the option
        after the last change below ``volume`` (None when no option is eligible)."""
        env = self.evaluation.envelope
        if not env:
            return self.cheapest_at_workload
        before = [c for c in env if c.volume_tokens < volume]
        return before[-1].after if before else env[0].before


def chart_data(project: Project, scenario_id: str, *, grid_points: int = GRID_POINTS) -> ChartData:
    """The break-even chart of scenario ``scenario_id``, from its :func:`evaluate`.

    The volume range is the scenario's (from 1 token when it starts at 0), widened to take in
    the workload's own volume; the scenario is evaluated over that range, so every crossing on
    the chart is the Evaluation's. An option whose cost cannot be computed (no throughput, a
    rental without a discounted price) is left out and named in ``problems``.

    Raises
    ------
    InferCostError
        For an unknown scenario or workload, or a range the break-even search refuses.
    """
    scenario = project.scenario(scenario_id)
    workload = project.workload(scenario.workload_id)
    row = next(i for i, w in enumerate(project.workloads) if w.id == workload.id)
    volume = workload.monthly_tokens
    lo, hi = chart_range(scenario, volume)
    # The same evaluation as every other surface, over the chart's range (an input like any).
    wide = scenario.model_copy(update={"volume_max_tokens": max(hi, scenario.volume_max_tokens)})
    ev = evaluate(project, wide)
    if ev.break_even_error is not None:
        raise InferCostError(ev.break_even_error)

    drawn: list[OptionEval] = []
    problems: list[str] = []
    for o in ev.options:
        if o.cost is None:
            problems.append(_with_label(o.label, o.error or "cannot be costed"))
            continue
        try:
            cost_at(o.cost.function, hi)
        except InferCostError as exc:
            problems.append(_with_label(o.label, str(exc)))
            continue
        drawn.append(o)

    be = ev.break_even
    grid = np.logspace(np.log10(lo), np.log10(hi), max(grid_points, 2))
    series = tuple(_series(i, o, grid, lo, hi, _status(ev, o)) for i, o in enumerate(drawn))
    by_index = {o.index: so for o, so in zip(ev.options, scenario.options, strict=True)}
    util = tuple(
        _utilization(i, s.function, by_index[s.option.index], s.at_workload)
        for i, s in enumerate(series)
    )
    shown = {s.label for s in series}
    cheapest = ev.cheapest.label if ev.cheapest and ev.cheapest.label in shown else None
    return ChartData(
        scenario_id=scenario.id,
        scenario_name=scenario.name,
        workload_id=workload.id,
        workload_name=workload.name,
        workload_row=row,
        volume_min_tokens=lo,
        volume_max_tokens=hi,
        workload_tokens=volume,
        series=series,
        crossings=Crossings(be, ev.envelope),
        never=be.never if be is not None else (),
        utilization=util,
        cheapest_at_workload=cheapest,
        problems=tuple(problems),
        breakeven=be,
        evaluation=ev,
    )


def _matching_crossing(f, labels: tuple[str, ...], change: EnvelopeChange) -> int | None:
    """The crossing of ``change``'s two options at its volume (None when there is none)."""
    lo = int(np.searchsorted(f.volume, change.volume_tokens, side="left"))
    hi = int(np.searchsorted(f.volume, change.volume_tokens, side="right"))
    pair = {change.before, change.after}
    for k in range(lo, hi):
        if {labels[int(f.a[k])], labels[int(f.b[k])]} == pair:
            return k
    return None


def chart_range(scenario: Scenario, workload_tokens: float) -> tuple[float, float]:
    """The chart's volume range: the scenario's, widened to 2x past a volume outside it.

    A volume inside the range (the volume line dragged to its end) leaves it as it is, so the
    axes never move under a drag.
    """
    lo = max(scenario.volume_min_tokens, 1.0)
    hi = max(scenario.volume_max_tokens, lo * 10)
    if 0 < workload_tokens < lo:
        lo = workload_tokens / 2
    if workload_tokens > hi:
        hi = workload_tokens * 2
    return lo, hi


def crossing_sentence(c: Crossing) -> str:
    """'RTX 5090 rig is cheaper than GPT-4o-mini above 236M tokens/month', with the unit count
    when the crossing is a step (an added unit makes the other option cheaper)."""
    text = f"{c.cheaper_after} is cheaper than {c.cheaper_before} above {tokens(c.volume_tokens)} "
    text += "tokens/month"
    if c.kind == "step":
        steps = [
            (label, n)
            for label, n in ((c.a, c.units_a), (c.b, c.units_b))
            if n > 1 and label == c.cheaper_before
        ]
        if steps:
            label, n = steps[0]
            text += f", where {label} needs {n} units"
    elif c.beyond_capacity:
        many = [
            f"{label} on {n} units" for label, n in ((c.a, c.units_a), (c.b, c.units_b)) if n > 1
        ]
        text += ", with " + " and ".join(many)
    return text


def _status(ev: Evaluation, o: OptionEval) -> str:
    """The Scenarios tab's words for the row, and why an option cannot serve the workload."""
    status = row_status(ev, o)
    if o.cost is not None and not o.feasible and o.infeasible_reason not in status:
        status = "; ".join(x for x in (status, f"cannot serve: {o.infeasible_reason}") if x)
    return status


def _series(
    index: int, o: OptionEval, grid: np.ndarray, lo: float, hi: float, status: str
) -> OptionSeries:
    assert o.cost is not None
    f = o.cost.function
    cap = f.capacity_tokens_per_unit
    steps = _drawn_steps(f, lo, hi)
    if cap is None or steps.size == 0:
        x = grid.copy()
        units = f.units(x)
    else:
        # Units left of step k x cap are k, right of it k + 1: counted from k, not from
        # ceil(x / cap), which can round to k + 1 on both sides.
        k = np.rint(steps / cap)
        # Grid points that are themselves a step are dropped (the step adds both sides).
        # searchsorted on the sorted steps, not np.isin: isin imports numpy.ma (~20 ms cold).
        at = np.minimum(np.searchsorted(steps, grid), steps.size - 1)
        inside = steps[at] != grid
        gx = grid[inside]
        x = np.concatenate((gx, steps, steps))
        units = np.concatenate((f.units(gx), k, k + 1))
        order = np.lexsort((units, x))
        x, units = x[order], units[order]
    usd = units * f.fixed_usd_per_unit + x * f.variable_usd_per_token
    per_mtok = usd / x * 1e6
    for arr in (x, usd, per_mtok):
        arr.flags.writeable = False
    return OptionSeries(
        index=index,
        label=f.label,
        kind=f.kind,
        volumes=x,
        usd=usd,
        usd_per_mtok=per_mtok,
        steps_drawn=int(steps.size) if cap is not None else 0,
        at_workload=o.cost,
        function=f,
        option=o,
        status=status,
    )


def _drawn_steps(f: CostFunction, lo: float, hi: float) -> np.ndarray:
    """The first MAX_DRAWN_STEPS unit steps inside (lo, hi), without listing all of them."""
    cap = f.capacity_tokens_per_unit
    if cap is None or f.fixed_usd_per_unit == 0:
        return np.empty(0)
    first = max(1, int(np.floor(lo / cap)))
    last = min(int(np.floor(hi / cap)), first + MAX_DRAWN_STEPS)
    steps = np.arange(first, last + 1, dtype=float) * cap
    return steps[(steps > lo) & (steps < hi)][:MAX_DRAWN_STEPS]


def _utilization(
    index: int, f: CostFunction, so: ScenarioOption, at: OptionCost
) -> UtilizationSeries:
    u = np.linspace(0.01, 1.0, UTILIZATION_POINTS)
    opt = so.option
    at_mtok = at.usd_per_mtok
    if f.kind == "api":
        y = np.full_like(u, f.variable_usd_per_token * 1e6)
        return UtilizationSeries(index, f.label, f.kind, u, y, True, None, at_mtok)
    assert f.tokens_per_s is not None
    per_hour_tokens = f.tokens_per_s * 3600.0
    if f.capacity_tokens_per_unit is None:  # a rental paid per busy hour
        assert f.unit_usd_per_hour is not None
        y = f.unit_usd_per_hour / (per_hour_tokens * u) * 1e6
        mark = opt.utilization if isinstance(opt, RentalOption) else None
    else:
        assert f.paid_hours_per_unit is not None
        full = per_hour_tokens * f.paid_hours_per_unit  # one unit's tokens at 100% busy
        y = (f.fixed_usd_per_unit / (full * u) + f.variable_usd_per_token) * 1e6
        mark = at.volume_tokens / (at.units * full) if at.volume_tokens > 0 else None
    for arr in (u, y):
        arr.flags.writeable = False
    return UtilizationSeries(index, f.label, f.kind, u, y, False, mark, at_mtok)


def _with_label(label: str, message: str) -> str:
    return message if label in message else f"{label}: {message}"
