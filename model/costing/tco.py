"""Total cost of ownership of a build: purchase, residual value, power, and cost per hour."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from infercost.model.catalog.build import Build
from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.entries import Gpu
from infercost.model.errors import InferCostError

HOURS_PER_YEAR = 8760.0
"""Amortization runs over 365-day years (the seed: $3,350 / (3 x 8760) = $0.128/hr)."""

GPU_IDLE_FRACTION = 0.10
"""Board power of an idle GPU as a share of its load power, used when the catalog gives no
idle_power_w. An InferCost assumption: nvidia-smi reports ~60-70 W idle for a 700 W H100 SXM
and ~20-30 W for a 450-575 W GeForce card, so 10% sits between data-center and desktop cards."""

PART_IDLE_FRACTION = 0.30
"""Draw of a non-GPU part (CPU, RAM, host) at idle as a share of its load draw. An InferCost
assumption: servers commonly idle at a quarter to a third of their full-load wall power."""


@dataclass(frozen=True, slots=True)
class BuildLineCost:
    """One line of a bill of materials, priced."""

    name: str
    item_id: str | None
    quantity: int
    unit_price_usd: float
    price_usd: float
    load_power_w: float
    is_gpu: bool


@dataclass(frozen=True, slots=True)
class BuildCost:
    """What owning a build costs per hour, with every part of the figure.

    ``usd_per_hour`` = ``amortization_usd_per_hour`` + ``energy_usd_per_hour`` +
    ``fixed_usd_per_hour``. Power figures are at the wall when ``power_scope`` is "system"
    (PSU losses and PUE included) and board power when it is "gpu".
    """

    build_id: str
    lines: tuple[BuildLineCost, ...]
    price_point: Literal["low", "mid", "high"]
    years: float
    usd_per_kwh: float
    utilization: float
    power_scope: Literal["gpu", "system"]
    purchase_usd: float
    residual_usd: float
    load_power_w: float
    idle_power_w: float
    average_power_w: float
    amortization_usd_per_hour: float
    energy_usd_per_hour: float
    fixed_usd_per_hour: float
    usd_per_hour: float

    @property
    def load_energy_usd_per_hour(self) -> float:
        """Energy cost of an hour at full load."""
        return self.load_power_w / 1000.0 * self.usd_per_kwh

    @property
    def idle_energy_usd_per_hour(self) -> float:
        """Energy cost of an idle hour."""
        return self.idle_power_w / 1000.0 * self.usd_per_kwh

    def usd_per_month(self, hours_per_month: float = HOURS_PER_YEAR / 12) -> float:
        """Cost of a month of ``hours_per_month`` hours (730 by default; the seed uses 720)."""
        return self.usd_per_hour * hours_per_month


def build_cost(
    build: Build,
    catalog: Catalog,
    *,
    years: float | None = None,
    usd_per_kwh: float | None = None,
    utilization: float | None = None,
    price_point: Literal["low", "mid", "high"] | None = None,
) -> BuildCost:
    """Price a build: hourly amortization, energy and operations.

    Parameters
    ----------
    build
        The build (its own years, tariff, utilization and price point are the defaults).
    catalog
        Resolves the build's parts and tariff.
    years, usd_per_kwh, utilization, price_point
        Overrides of the build's own values.

    Returns
    -------
    BuildCost
        amortization = (purchase - residual) / (years x 8760), the residual from
        ``residual_share``; energy = average power x USD/kWh,
        where average power = utilization x load + (1 - utilization) x idle; fixed = (ops +
        colocation per month) x 12 / 8760. Utilization lowers energy, never amortization:
        idle hardware still loses value.

    Raises
    ------
    InferCostError
        When an override is out of range or a part has no price.
    UnknownIdError
        When a line or the tariff names an id the catalog lacks.
    """
    years = build.amortization_years if years is None else years
    util = build.utilization if utilization is None else utilization
    point = price_point or build.price_point
    if not (years > 0 and years <= 100):
        raise InferCostError(
            f"build '{build.id}': years must be above 0 and at most 100, not {years:g}"
        )
    if not 0 <= util <= 1:
        raise InferCostError(
            f"build '{build.id}': utilization must be between 0 and 1, not {util:g}"
        )
    kwh = _usd_per_kwh(build, catalog, usd_per_kwh)

    lines = tuple(_price_lines(build, catalog, point))
    purchase = sum(line.price_usd for line in lines)
    residual = purchase * residual_share(build, years)
    load_w, idle_w = _power(build, catalog, lines)
    average_w = util * load_w + (1.0 - util) * idle_w

    amortization = (purchase - residual) / (years * HOURS_PER_YEAR)
    energy = average_w / 1000.0 * kwh
    fixed = (build.ops_usd_per_month + build.colocation_usd_per_month) * 12.0 / HOURS_PER_YEAR
    return BuildCost(
        build_id=build.id,
        lines=lines,
        price_point=point,
        years=years,
        usd_per_kwh=kwh,
        utilization=util,
        power_scope=build.power_scope,
        purchase_usd=purchase,
        residual_usd=residual,
        load_power_w=load_w,
        idle_power_w=idle_w,
        average_power_w=average_w,
        amortization_usd_per_hour=amortization,
        energy_usd_per_hour=energy,
        fixed_usd_per_hour=fixed,
        usd_per_hour=amortization + energy + fixed,
    )


def residual_share(build: Build, years: float) -> float:
    """Share of the purchase price the build is worth after ``years``.

    With a depreciation rate r per year the value falls geometrically: (1 - r)^years (the
    seed's 40-50 % a year takes a $30,000 H100 to $15,000-18,000 after a year and to
    $7,500-10,800 after two). Without one, the build's fixed residual share applies.
    """
    if build.depreciation_rate_pct is not None:
        return (1.0 - build.depreciation_rate_pct / 100.0) ** years
    return build.residual_value_pct / 100.0


def usd_per_mtok(usd_per_hour: float, tokens_per_s: float, utilization: float = 1.0) -> float:
    """Cost per million tokens of an hourly cost: usd_per_hour / (tok/s x 3600 x util) x 1e6.

    Hardware that sits idle part of the time still costs every hour, so the hourly cost is
    divided by the tokens actually delivered (seed: $2.49/hr at 3,000 tok/s = $0.23/Mtok).
    """
    if tokens_per_s <= 0 or utilization <= 0:
        raise InferCostError("cost per token needs tokens_per_s and utilization above 0")
    return usd_per_hour / (tokens_per_s * 3600.0 * utilization) * 1e6


def _usd_per_kwh(build: Build, catalog: Catalog, override: float | None) -> float:
    if override is not None:
        if not override >= 0 or override > 100:
            raise InferCostError(f"build '{build.id}': USD/kWh must be 0-100, not {override:g}")
        return override
    if build.usd_per_kwh is not None:
        return build.usd_per_kwh
    if build.tariff_id is None:
        raise InferCostError(f"build '{build.id}': needs a tariff_id or a usd_per_kwh")
    return catalog.tariff(build.tariff_id).usd_per_kwh


def _price_lines(build: Build, catalog: Catalog, point: Literal["low", "mid", "high"]):
    for line in build.lines:
        item = catalog.item(line.item_id)
        unit = item.price_usd(point)
        if unit is None:
            raise InferCostError(
                f"build '{build.id}': part '{line.item_id}' has no price in the catalog; "
                "add one or replace the line with a custom line"
            )
        yield BuildLineCost(
            name=item.name,
            item_id=item.id,
            quantity=line.quantity,
            unit_price_usd=unit,
            price_usd=unit * line.quantity,
            load_power_w=item.power_w * line.quantity,
            is_gpu=isinstance(item, Gpu),
        )
    for custom in build.custom_lines:
        yield BuildLineCost(
            name=custom.name,
            item_id=None,
            quantity=1,
            unit_price_usd=custom.price_usd,
            price_usd=custom.price_usd,
            load_power_w=custom.power_w,
            is_gpu=False,
        )


def _power(build: Build, catalog: Catalog, lines: tuple[BuildLineCost, ...]) -> tuple[float, float]:
    """Load and idle draw in watts: GPU boards only, or the whole system at the wall."""
    gpu_load = gpu_idle = other_load = 0.0
    for line in lines:
        if line.is_gpu:
            gpu = catalog.gpu(line.item_id or "")
            idle_each = (
                gpu.idle_power_w
                if gpu.idle_power_w is not None
                else (GPU_IDLE_FRACTION * gpu.power_w)
            )
            gpu_load += line.load_power_w
            gpu_idle += idle_each * line.quantity
        else:
            other_load += line.load_power_w
    if build.power_scope == "gpu":
        return gpu_load, gpu_idle
    wall = build.pue / build.psu_efficiency
    return (gpu_load + other_load) * wall, (gpu_idle + PART_IDLE_FRACTION * other_load) * wall
