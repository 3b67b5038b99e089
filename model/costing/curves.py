"""Monthly cost of each way of serving a workload as a function of token volume."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import (
    ApiOption,
    CostOption,
    OwnedOption,
    RentalOption,
    Scenario,
    ScenarioOption,
    Workload,
)
from infercost.model.costing.pricing import Blend, blended_usd_per_mtok
from infercost.model.costing.tco import BuildCost, build_cost
from infercost.model.costing.throughput_check import ThroughputChoice, throughput_choice
from infercost.model.errors import InferCostError

SECONDS_PER_HOUR = 3600.0


@dataclass(frozen=True, slots=True)
class CostFunction:
    """C(V) = units(V) x fixed_usd_per_unit + V x variable_usd_per_token, per month.

    ``units(V)`` is 1 up to one unit's capacity and ceil(V / capacity) past it; options without
    a capacity (an API, a rental paid per use) scale without steps and have no fixed part.
    """

    label: str
    kind: Literal["api", "rental", "owned"]
    fixed_usd_per_unit: float
    variable_usd_per_token: float
    capacity_tokens_per_unit: float | None
    tokens_per_s: float | None = None
    throughput_source: str | None = None
    unit_usd_per_hour: float | None = None
    paid_hours_per_unit: float | None = None
    blend: Blend | None = None
    build_cost: BuildCost | None = None
    throughput: ThroughputChoice | None = None

    def units(self, volume: float | np.ndarray) -> np.ndarray:
        """Units needed at each volume (0 for options without capacity steps)."""
        v = np.asarray(volume, dtype=float)
        if self.capacity_tokens_per_unit is None:
            return np.zeros_like(v)
        with np.errstate(over="ignore"):  # an overflow is caught by the callers as inf
            return np.maximum(1.0, np.ceil(v / self.capacity_tokens_per_unit))

    def usd(self, volume: float | np.ndarray) -> np.ndarray:
        """Monthly cost at each volume."""
        v = np.asarray(volume, dtype=float)
        return self.units(v) * self.fixed_usd_per_unit + v * self.variable_usd_per_token

    def breakpoints(self, volume_max: float) -> np.ndarray:
        """Volumes in (0, volume_max) where another unit is added."""
        cap = self.capacity_tokens_per_unit
        if cap is None or self.fixed_usd_per_unit == 0:
            return np.empty(0)
        n = int(np.floor(volume_max / cap))
        ks = np.arange(1, n + 1, dtype=float) * cap
        return ks[ks < volume_max]


@dataclass(frozen=True, slots=True)
class OptionCost:
    """One option's monthly cost at one volume, with its parts."""

    label: str
    kind: Literal["api", "rental", "owned"]
    volume_tokens: float
    units: int
    fixed_usd: float
    variable_usd: float
    usd: float
    usd_per_mtok: float | None
    capacity_tokens_per_unit: float | None
    paid_hours: float | None
    function: CostFunction

    @property
    def beyond_one_unit(self) -> bool:
        """True when the volume needs more than one unit."""
        return self.units > 1


@dataclass(frozen=True, slots=True)
class ScenarioCurves:
    """Monthly cost of every option of a scenario over a volume grid.

    ``usd[i, j]`` is option ``labels[i]`` at ``volumes[j]``; ``cheapest[j]`` the index of the
    cheapest option there (the first one on a tie).
    """

    scenario_id: str
    workload_id: str
    volumes: np.ndarray
    labels: tuple[str, ...]
    usd: np.ndarray
    cheapest: np.ndarray
    functions: tuple[CostFunction, ...] = field(repr=False)

    def usd_per_mtok(self) -> np.ndarray:
        """Cost per million tokens, same shape as ``usd`` (inf at volume 0)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.volumes > 0, self.usd / self.volumes * 1e6, np.inf)

    def curve(self, label: str) -> np.ndarray:
        """The monthly cost array of the option called ``label``."""
        return self.usd[self.labels.index(label)]


def option_label(option: CostOption | ScenarioOption) -> str:
    """The legend label of an option: its own for a ScenarioOption, else its catalog id."""
    if isinstance(option, ScenarioOption):
        return option.label
    if isinstance(option, ApiOption):
        return (
            option.offer_id if option.markup_id is None else f"{option.offer_id}@{option.markup_id}"
        )
    if isinstance(option, RentalOption):
        return option.rental_id
    return option.build_id


def option_tokens_per_s(
    project: Project, option: CostOption | ScenarioOption, workload: Workload
) -> float | None:
    """The throughput of one unit of a self-hosted option; None for an API option.

    See :func:`option_throughput`, which also says where the figure came from.
    """
    return option_throughput(project, option, workload)[0]


def option_throughput(
    project: Project, option: CostOption | ScenarioOption, workload: Workload
) -> tuple[float | None, str | None]:
    """Throughput of one unit of a self-hosted option and its provenance; (None, None) for an API.

    The figure decided by :func:`~infercost.model.costing.throughput_check.throughput_choice`, the
    one
    place an option's throughput is decided: pinned ("pinned"), a catalog measurement
    ("measured: <id>") or the estimate; a pinned or measured figure above the physical
    ceiling (or for an LLM that does not fit) is replaced by the estimate unless the option
    says ``use_own_figure``, and the source then says why.

    Raises
    ------
    InferCostError
        When a rental or owned option has neither ``tokens_per_s`` nor an LLM and format.
    """
    choice = throughput_choice(project, option, workload)
    return (None, None) if choice is None else (choice.tokens_per_s, choice.source)


def cost_function(
    project: Project,
    option: CostOption | ScenarioOption,
    workload: Workload,
    throughput: ThroughputChoice | None = None,
) -> CostFunction:
    """Turn an option into its cost function of monthly volume.

    API: V x blended price. Rental always on: a unit costs price x hours x on_hours_share and
    serves tok/s x 3600 x hours x on_hours_share x utilization tokens. Rental per use: V /
    (tok/s x 3600 x utilization) hours at the hourly price, no steps. Owned: a unit costs the
    build's hourly cost x hours and serves tok/s x 3600 x hours x utilization tokens; with
    ``energy_basis="volume"`` it pays idle power every hour plus the extra load power for the
    hours the volume needs.
    """
    label = option_label(option)
    opt = option.option if isinstance(option, ScenarioOption) else option
    catalog = project.catalog
    hours = workload.hours_per_month
    if isinstance(opt, ApiOption):
        blend = blended_usd_per_mtok(
            catalog.offer(opt.offer_id), workload, catalog, opt.markup_id, opt.markup_point
        )
        return CostFunction(label, "api", 0.0, blend.usd_per_mtok / 1e6, None, blend=blend)

    # ``throughput`` is a choice already made (the evaluation's figure at a claim), else decided.
    choice = throughput or throughput_choice(project, option, workload)
    assert choice is not None
    tps, tps_source = choice.tokens_per_s, choice.source
    if opt.utilization <= 0:
        raise InferCostError(f"option '{label}': utilization must be above 0")
    tokens_per_hour = tps * SECONDS_PER_HOUR
    if isinstance(opt, RentalOption):
        rental = catalog.rental(opt.rental_id)
        if opt.price == "discounted" and rental.discounted_usd_per_hour is None:
            raise InferCostError(
                f"option '{label}': rental '{rental.id}' has no reserved/spot price; "
                "use the on-demand price"
            )
        per_hour = rental.unit_usd_per_hour(opt.price) * opt.instances
        if opt.mode == "per_use":
            return CostFunction(
                label,
                "rental",
                0.0,
                per_hour / (tokens_per_hour * opt.utilization),
                None,
                tokens_per_s=tps,
                throughput_source=tps_source,
                throughput=choice,
                unit_usd_per_hour=per_hour,
            )
        if opt.on_hours_share <= 0:
            raise InferCostError(f"option '{label}': on_hours_share must be above 0")
        paid = hours * opt.on_hours_share
        return CostFunction(
            label,
            "rental",
            per_hour * paid,
            0.0,
            tokens_per_hour * paid * opt.utilization,
            tokens_per_s=tps,
            throughput_source=tps_source,
            throughput=choice,
            unit_usd_per_hour=per_hour,
            paid_hours_per_unit=paid,
        )
    if isinstance(opt, OwnedOption):
        bc = build_cost(catalog.build(opt.build_id), catalog)
        capacity = tokens_per_hour * hours * opt.utilization
        if opt.energy_basis == "volume":
            idle_hour = (
                bc.amortization_usd_per_hour + bc.fixed_usd_per_hour + bc.idle_energy_usd_per_hour
            )
            extra = (bc.load_energy_usd_per_hour - bc.idle_energy_usd_per_hour) / tokens_per_hour
            return CostFunction(
                label,
                "owned",
                idle_hour * hours,
                extra,
                capacity,
                tokens_per_s=tps,
                throughput_source=tps_source,
                throughput=choice,
                unit_usd_per_hour=idle_hour,
                paid_hours_per_unit=hours,
                build_cost=bc,
            )
        return CostFunction(
            label,
            "owned",
            bc.usd_per_hour * hours,
            0.0,
            capacity,
            tokens_per_s=tps,
            throughput_source=tps_source,
            throughput=choice,
            unit_usd_per_hour=bc.usd_per_hour,
            paid_hours_per_unit=hours,
            build_cost=bc,
        )
    raise InferCostError(f"option '{label}': unknown kind {type(opt).__name__}")


def option_cost_at(
    project: Project, option: CostOption | ScenarioOption, workload: Workload, volume: float
) -> OptionCost:
    """Monthly cost of one option at ``volume`` tokens, split into fixed and variable parts."""
    if not (volume >= 0 and np.isfinite(volume)):
        raise InferCostError(f"volume must be a finite number of tokens >= 0, not {volume!r}")
    return cost_at(cost_function(project, option, workload), volume)


def cost_at(f: CostFunction, volume: float) -> OptionCost:
    """A cost function's monthly cost at ``volume`` tokens, split into fixed and variable parts.

    Raises
    ------
    InferCostError
        When the volume needs more units than a float can count (the cost overflows).
    """
    units_f = float(f.units(volume))
    # A unit that serves almost nothing (tokens_per_s near 0) needs more units than a float holds.
    if not np.isfinite(units_f * f.fixed_usd_per_unit + volume * f.variable_usd_per_token):
        cap = f.capacity_tokens_per_unit
        raise InferCostError(
            f"option '{f.label}' cannot serve {volume:.4g} tokens/month: one unit serves "
            f"{cap:.4g} tokens/month, so the cost overflows; raise its tokens_per_s, "
            "utilization or hours"
        )
    units = int(units_f)
    fixed = units * f.fixed_usd_per_unit
    variable = volume * f.variable_usd_per_token
    usd = fixed + variable
    if f.paid_hours_per_unit is not None:
        paid = units * f.paid_hours_per_unit
    elif f.unit_usd_per_hour is not None and f.tokens_per_s is not None:
        paid = usd / f.unit_usd_per_hour if f.unit_usd_per_hour > 0 else 0.0
    else:
        paid = None
    return OptionCost(
        label=f.label,
        kind=f.kind,
        volume_tokens=volume,
        units=units,
        fixed_usd=fixed,
        variable_usd=variable,
        usd=usd,
        usd_per_mtok=usd / volume * 1e6 if volume > 0 else None,
        capacity_tokens_per_unit=f.capacity_tokens_per_unit,
        paid_hours=paid,
        function=f,
    )


def scenario_functions(project: Project, scenario: Scenario) -> tuple[CostFunction, ...]:
    """The cost function of every option of a scenario, in order."""
    workload = project.workload(scenario.workload_id)
    return tuple(cost_function(project, so, workload) for so in scenario.options)


def curves_of(
    functions: tuple[CostFunction, ...],
    volumes: np.ndarray,
    scenario_id: str = "",
    workload_id: str = "",
) -> ScenarioCurves:
    """Evaluate cost functions over a volume array (the numpy core of scenario_curves)."""
    v = np.array(volumes, dtype=float)
    if v.ndim != 1 or not np.all(np.isfinite(v)) or np.any(v < 0):
        raise InferCostError("volumes must be a 1-D array of finite token counts >= 0")
    usd = np.empty((len(functions), v.size))
    for i, f in enumerate(functions):
        usd[i] = f.usd(v)
    cheapest = usd.argmin(axis=0) if functions else np.empty(v.size, dtype=int)
    for arr in (v, usd, cheapest):
        arr.flags.writeable = False
    return ScenarioCurves(
        scenario_id, workload_id, v, tuple(f.label for f in functions), usd, cheapest, functions
    )


def scenario_curves(project: Project, scenario: Scenario, volumes: np.ndarray) -> ScenarioCurves:
    """Monthly cost of each option of ``scenario`` at each of ``volumes`` (tokens/month)."""
    return curves_of(
        scenario_functions(project, scenario), volumes, scenario.id, scenario.workload_id
    )


def volume_grid(scenario: Scenario, points: int = 400) -> np.ndarray:
    """A log-spaced grid over the scenario's chart range (from 1 token when it starts at 0)."""
    lo = max(scenario.volume_min_tokens, 1.0)
    hi = max(scenario.volume_max_tokens, lo * 10)
    return np.logspace(np.log10(lo), np.log10(hi), max(points, 2))
