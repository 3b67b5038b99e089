"""Owned hardware builds: a bill of materials plus how the hardware is paid for and powered."""

from typing import Annotated, Literal

from pydantic import Field

from infercost.model.catalog.base import (
    Bounded,
    Count,
    Entry,
    Fraction,
    NumberInput,
    Percent,
    PositiveWatts,
    Slug,
    Strict,
    Usd,
    UsdPerKwh,
    UsdPerMonth,
    Watts,
)
from infercost.model.catalog.entries import Name

MAX_BUILD_GPUS = 1024
"""GPUs in one build, all lines together: the estimator's limit (one tensor-parallel group of
at most 1,024), so every build the schema accepts can be fitted, costed and shown."""


class BuildLine(Strict):
    """A catalog part (GPU or other) times a quantity."""

    item_id: Slug = Field(description="A GPU or part id from the catalog")
    quantity: Count(100_000, "at most 100,000 of one item in a build") = Field(
        default=1, description="How many"
    )


class CustomLine(Strict):
    """A line the catalog does not carry: a quote, a rack, a UPS."""

    name: Name = Field(description="What it is")
    price_usd: Usd = Field(description="Purchase price")
    power_w: Watts = Field(default=0, description="Draw at load")
    note: str = Field(default="", description="What the figure is based on", max_length=500)


class Build(Entry):
    """An owned machine and the assumptions that turn its price into an hourly cost."""

    name: Name = Field(description="Build name")
    lines: list[BuildLine] = Field(default_factory=list, description="Catalog parts")
    custom_lines: list[CustomLine] = Field(default_factory=list, description="Other costs")
    price_point: Literal["low", "mid", "high"] = Field(
        default="mid", description="Where in each catalog price range to buy"
    )
    amortization_years: Bounded(0.01, 30, "0.01 to 30 years; hardware is written off over 3-5") = (
        Field(default=3, description="Years over which the purchase is written off")
    )
    tariff_id: Slug | None = Field(default=None, description="Electricity tariff")
    usd_per_kwh: UsdPerKwh | None = Field(
        default=None, description="Energy price; overrides the tariff when set"
    )
    power_scope: Literal["gpu", "system"] = Field(
        default="system",
        description="Whole system at the wall, with PSU losses and PUE (default), or GPU board "
        "power only (the seed's method)",
    )
    psu_efficiency: Annotated[float, NumberInput, Field(gt=0.3, le=1, allow_inf_nan=False)] = Field(
        default=0.92, description="Power supply efficiency (system scope only)"
    )
    utilization: Fraction = Field(
        default=1.0, description="Share of hours at load; the rest is idle draw"
    )
    residual_value_pct: Percent = Field(
        default=0, description="Resale value at the end of amortization, % of purchase"
    )
    depreciation_rate_pct: (
        Annotated[float, NumberInput, Field(ge=0, lt=100, allow_inf_nan=False)] | None
    ) = Field(
        default=None,
        description="Value lost each year (the seed: 40-50 %); when set, the residual value "
        "is (1 - rate)^years of the purchase and replaces the residual share",
    )
    hours_per_month: Bounded(1, 744, "1 to 744 hours; a month has at most 744") = Field(
        default=730,
        description="Hours in a month for monthly costs (730 = 8760/12; seed: 720)",
        json_schema_extra={"unit": "h"},
    )
    circuit_w: PositiveWatts | None = Field(
        default=None,
        description="What the wall circuit supplies (1,800 W for 15 A at 120 V); unset: no check",
    )
    ops_usd_per_month: UsdPerMonth = Field(
        default=0,
        description="Maintenance and operations (0: not included; the advisor and comparison "
        "say so)",
    )
    colocation_usd_per_month: UsdPerMonth = Field(default=0, description="Rack space and network")
    pue: Bounded(1, 3, "1 to 3; data centres run at 1.1-1.6") = Field(
        default=1.0, description="Facility power overhead (datacenter PUE; 1 at home)"
    )
