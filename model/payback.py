"""Own or rent: cumulative cost of a build against renting the same GPUs; the payback month."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from infercost.model.build import Build
from infercost.model.catalog import Catalog
from infercost.model.entries import DiscountKind, GpuRental
from infercost.model.option_throughput import build_hardware
from infercost.model.tco import build_cost

# Commitments billed every hour whether used or not; on-demand, spot and marketplace GPUs are
# rented only for the hours they are used.
_COMMITTED = frozenset({DiscountKind.RESERVED, DiscountKind.RESERVED_1YR})


@dataclass(frozen=True, slots=True)
class RentCurve:
    """Renting the build's GPUs from one offer at one price."""

    rental_id: str
    label: str
    price: Literal["on_demand", "discounted"]
    units: int
    gpus_per_unit: int
    usd_per_month: float
    cumulative_usd: np.ndarray
    payback_month: float | None
    horizon_months: int

    @property
    def payback_text(self) -> str:
        """ "month 20"; "never" when renting costs less a month than running the build; past
        the amortization horizon, the month and that it is past."""
        if self.payback_month is None:
            return "never"
        month = math.ceil(self.payback_month - 1e-9)
        if month > self.horizon_months:
            return f"month {month:,}, past the {self.horizon_months}-month horizon"
        return f"month {month}"


@dataclass(frozen=True, slots=True)
class Payback:
    """Month-by-month cumulative cost of owning (purchase, then running costs) and renting.

    ``months`` runs 0 .. the amortization horizon. Owning costs the purchase at month 0,
    then energy at the utilization plus operations each month; renting costs each month's
    rented hours. The payback month is when renting has cost as much as owning (a fraction;
    it may lie past the horizon), None when renting costs less each month than running the
    build.
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


def rental_usd_per_month(
    rental: GpuRental,
    gpus: int,
    price: Literal["on_demand", "discounted"],
    hours_per_month: float,
    utilization: float,
) -> tuple[int, float]:
    """(units rented, USD a month) to rent ``gpus`` GPUs from ``rental``.

    Units are whole instances (8 GPUs on a p5 instance). A reserved price is paid for every
    hour; any other for the used hours, ``utilization`` x ``hours_per_month``.
    """
    units = math.ceil(gpus / rental.gpus_per_instance)
    committed = price == "discounted" and rental.discount_kind in _COMMITTED
    hours = hours_per_month * (1.0 if committed else utilization)
    return units, units * rental.unit_usd_per_hour(price) * hours


def payback_month(purchase_usd: float, own_usd_per_month: float, rent_usd_per_month: float):
    """The month (a fraction) when the purchase is paid back by what renting would have cost
    beyond running the owned hardware: purchase / (rent - own running cost) a month; None when
    renting costs no more a month than running what is owned (it never pays back)."""
    saving = rent_usd_per_month - own_usd_per_month
    return purchase_usd / saving if saving > 0 else None


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
    own_month = (cost.energy_usd_per_hour + cost.fixed_usd_per_hour) * hours
    own = cost.purchase_usd + own_month * months
    curves = []
    for rental in catalog.gpu_rentals:
        if rental.gpu_id != gpu_id:
            continue
        prices: list[Literal["on_demand", "discounted"]] = ["on_demand"]
        if rental.discounted_usd_per_hour is not None:
            prices.append("discounted")
        for price in prices:
            units, per_month = rental_usd_per_month(rental, count, price, hours, util)
            pay = payback_month(cost.purchase_usd, own_month, per_month)
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
                    payback_month=pay,
                    horizon_months=n,
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
        own_cumulative_usd=own,
        rentals=tuple(curves),
    )
