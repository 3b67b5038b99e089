"""Own or rent: cumulative cost of a build against renting the same GPUs; the payback month.

Owning is the build's monthly schedule (``model/costing/depreciation.py``): the purchase at month 0,
energy and operations each month, and, counted every month, what the hardware could be sold
for then. Renting is priced by the same cost function a scenario's rental option is: a
reserved price every hour, any other only for the hours used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from infercost.model.catalog.build import Build
from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.entries import DiscountKind, GpuRental
from infercost.model.costing.depreciation import resale_value
from infercost.model.costing.tco import HOURS_PER_YEAR, build_cost
from infercost.model.estimator.option_throughput import build_hardware

# Commitments billed every hour whether used or not; on-demand, spot and marketplace GPUs are
# rented only for the hours they are used.
_COMMITTED = frozenset({DiscountKind.RESERVED, DiscountKind.RESERVED_1YR})
SEARCH_MONTHS = 1200
"""How far past the horizon a payback month is looked for (100 years)."""


@dataclass(frozen=True, slots=True)
class RentCurve:
    """Renting the build's GPUs from one offer at one price.

    ``payback_month`` is when renting has cost as much as owning net of the hardware's resale
    value then (a fraction; it may lie past the horizon); ``cash_payback_month`` when the
    monthly saving has returned the whole purchase, resale left out.
    """

    rental_id: str
    label: str
    price: Literal["on_demand", "discounted"]
    units: int
    gpus_per_unit: int
    usd_per_month: float
    cumulative_usd: np.ndarray
    payback_month: float | None
    horizon_months: int
    cash_payback_month: float | None = None

    @property
    def payback_text(self) -> str:
        """ "month 20"; "never" when renting costs less a month than running the build; past
        the amortization horizon, the month and that it is past."""
        if self.payback_month is None:
            return "never"
        month = max(1, math.ceil(self.payback_month - 1e-9))
        if month > self.horizon_months:
            return f"month {month:,}, past the {self.horizon_months}-month horizon"
        return f"month {month}"

    @property
    def cash_payback_text(self) -> str:
        """When the monthly saving has returned the purchase in cash: "month 20" or "never"."""
        if self.cash_payback_month is None:
            return "never"
        return f"month {max(1, math.ceil(self.cash_payback_month - 1e-9)):,}"


@dataclass(frozen=True, slots=True)
class Payback:
    """Month-by-month cumulative cost of owning and renting over months 0 .. the horizon.

    ``own_cumulative_usd`` is owning's cost so far net of the resale value at that month;
    ``own_cash_usd`` the cash paid out (the purchase at month 0, then running costs) and
    ``resale_usd`` what the hardware is worth at the end of each month.
    """

    build_id: str
    gpu_id: str
    gpu_count: int
    utilization: float
    hours_per_month: float
    months: np.ndarray
    purchase_usd: float
    residual_usd: float
    own_usd_per_month: float
    own_cumulative_usd: np.ndarray
    rentals: tuple[RentCurve, ...]
    own_cash_usd: np.ndarray | None = None
    resale_usd: np.ndarray | None = None


def rental_usd_per_month(
    rental: GpuRental,
    gpus: int,
    price: Literal["on_demand", "discounted"],
    hours_per_month: float,
    utilization: float,
    catalog: Catalog | None = None,
) -> tuple[int, float]:
    """(units rented, USD a month) to rent ``gpus`` GPUs from ``rental``, priced by the cost
    function of the equivalent scenario option.

    Units are whole instances (8 GPUs on a p5 instance). A reserved price is an always-on
    option paying every hour; any other a per-use option paying the used hours,
    ``utilization`` x ``hours_per_month``.
    """
    from infercost.model.catalog.project import Project
    from infercost.model.catalog.scenario import RentalOption, Workload
    from infercost.model.costing.curves import cost_function

    units = math.ceil(gpus / rental.gpus_per_instance)
    committed = price == "discounted" and rental.discount_kind in _COMMITTED
    # One token a second per unit: the volume below is the unit-hours used.
    option = RentalOption(
        rental_id=rental.id,
        price=price,
        mode="always_on" if committed else "per_use",
        tokens_per_s=1.0,
        utilization=1.0,
        instances=units,
    )
    # Standalone (no catalog): the rental alone, without the GPU entry it names.
    cat = catalog if catalog is not None else Catalog.model_construct(gpu_rentals=[rental])
    workload = Workload(id="own-or-rent", name="Own or rent", hours_per_month=hours_per_month)
    f = cost_function(Project.model_construct(catalog=cat), option, workload)
    used = 3600.0 * hours_per_month * utilization
    return units, float(f.usd(used))


def payback_month(purchase_usd: float, own_usd_per_month: float, rent_usd_per_month: float):
    """The month (a fraction) when the purchase is paid back by what renting would have cost
    beyond running the owned hardware: purchase / (rent - own running cost) a month; None when
    renting costs no more a month than running what is owned (it never pays back)."""
    saving = rent_usd_per_month - own_usd_per_month
    return purchase_usd / saving if saving > 0 else None


def _net_payback(net: np.ndarray, rent_per_month: float) -> float | None:
    """First month (a fraction, linear between month ends) where renting has cost at least
    owning's net cost so far; None if it never does within SEARCH_MONTHS."""
    months = np.arange(len(net), dtype=float)
    gap = rent_per_month * months - net  # >= 0 once renting has cost as much
    hit = np.flatnonzero(gap[1:] >= -1e-9)
    if hit.size == 0:
        return None
    m = int(hit[0]) + 1
    if gap[m - 1] >= 0:
        return float(m - 1) if m > 1 else 1.0
    return (m - 1) + (-gap[m - 1]) / (gap[m] - gap[m - 1])


def payback(build: Build, catalog: Catalog) -> Payback:
    """Own against rent for every catalog rental of the build's GPU type.

    Raises
    ------
    InferCostError
        For a build without exactly one GPU type, or one ``build_cost`` refuses.
    """
    gpu_id, count, _, _ = build_hardware(catalog, build)
    cost = build_cost(build, catalog)
    hours = build.hours_per_month
    util = build.utilization
    n = max(1, math.ceil(build.amortization_years * 12 - 1e-9))
    months = np.arange(n + 1, dtype=float)
    search = np.arange(max(n, SEARCH_MONTHS) + 1, dtype=float)
    own_month = (cost.energy_usd_per_hour + cost.fixed_usd_per_hour) * hours
    value = resale_value(
        cost.purchase_usd,
        cost.residual_usd,
        cost.years,
        build.depreciation_rate_pct,
        search * hours / HOURS_PER_YEAR,
    )
    cash = cost.purchase_usd + own_month * search
    net = cash - value
    curves = []
    for rental in catalog.gpu_rentals:
        if rental.gpu_id != gpu_id:
            continue
        prices: list[Literal["on_demand", "discounted"]] = ["on_demand"]
        if rental.discounted_usd_per_hour is not None:
            prices.append("discounted")
        for price in prices:
            units, per_month = rental_usd_per_month(rental, count, price, hours, util, catalog)
            kind = "on demand" if price == "on_demand" else rental.discount_kind.value
            curves.append(
                RentCurve(
                    rental_id=rental.id,
                    label=f"{rental.provider} {kind}",
                    price=price,
                    units=units,
                    gpus_per_unit=rental.gpus_per_instance,
                    usd_per_month=per_month,
                    cumulative_usd=per_month * months,
                    payback_month=_net_payback(net, per_month),
                    horizon_months=n,
                    cash_payback_month=payback_month(cost.purchase_usd, own_month, per_month),
                )
            )
    return Payback(
        build_id=build.id,
        gpu_id=gpu_id,
        gpu_count=count,
        utilization=util,
        hours_per_month=hours,
        months=months,
        purchase_usd=cost.purchase_usd,
        residual_usd=cost.residual_usd,
        own_usd_per_month=own_month,
        own_cumulative_usd=net[: n + 1],
        rentals=tuple(curves),
        own_cash_usd=cash[: n + 1],
        resale_usd=value[: n + 1],
    )
