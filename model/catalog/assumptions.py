"""What a scenario assumes about time and uncertainty: its horizon, price declines, discount
rate, and the user's own low/high range for any addressable input."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, model_validator

from infercost.model.catalog.base import Bounded, Count, Strict

ADDRESS_PATTERN = (
    r"^(offer|rental|gpu|part|build|markup|tariff|workload|option):[^\s.][^\s]*\.[a-z_]+$"
)

Address = Annotated[
    str,
    Field(
        pattern=ADDRESS_PATTERN,
        max_length=200,
        description="An input's address: kind:id.field (offer:openai/gpt-4.1.output_usd_per_mtok)",
    ),
]

DeclinePct = Bounded(0, 99, "0 to 99 % a year; the source document's trend is ~80 %")


class InputRange(Strict):
    """The user's own low and high for one input (replaces the range InferCost would derive)."""

    address: Address
    low: Bounded(0, 1e18, "at most 10^18") = Field(description="Low end, in the input's unit")
    high: Bounded(0, 1e18, "at most 10^18") = Field(description="High end, in the input's unit")
    note: Annotated[str, Field(max_length=500)] = Field(
        default="", description="Where the range comes from"
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.high < self.low:
            raise ValueError(f"{self.address}: high ({self.high:g}) is below low ({self.low:g})")
        return self


class Decline(Strict):
    """An annual price decline for one offer, one rental, or one quality tier's API offers.

    ``target`` is ``offer:<id>``, ``rental:<id>`` or ``tier:<tier value>``
    (``tier:good_general``)."""

    target: Annotated[str, Field(pattern=r"^(offer|rental|tier):\S+$", max_length=200)] = Field(
        description="offer:<id>, rental:<id> or tier:<tier>"
    )
    pct_per_year: DeclinePct = Field(description="Share of the price lost each year, %")


# Section 4 of the source document: GPT-4-class output fell from $60/M (March 2023) to a
# projected $0.30-0.60 early 2026, about three years: (0.45 / 60) ** (1 / 3) = 0.196 of the
# price is left after each year, an 80.4 % annual decline (78.5 % at $0.60, 82.9 % at $0.30).
DOCUMENT_API_DECLINE_PCT = 80.4
DOCUMENT_API_DECLINE_RANGE_PCT = (78.5, 82.9)
DECLINE_NOTE = (
    "Default: the source document's section 4, GPT-4-class $60/M (Mar 2023) to $0.30-0.60 "
    "(early 2026), i.e. 78.5-82.9 % a year for the same capability; its '10x every 18-24 "
    "months' is 68-78 % a year. Published faster estimates (a16z, 'LLMflation', Nov 2024: "
    "10x a year for a constant capability) put it at 90 % a year. A price you pay for a named "
    "offer may fall more slowly: set 0 to price today's rates for the whole horizon."
)


class TimeAssumptions(Strict):
    """How a scenario's costs move month by month over its horizon."""

    horizon_months: Count(600, "1 to 600 months (50 years)") = Field(
        default=36, description="Months the timeline covers (3 years: the seed's amortization)"
    )
    api_decline_pct_per_year: DeclinePct = Field(
        default=DOCUMENT_API_DECLINE_PCT,
        description="Annual decline of API prices (the document's section 4 trend: 80.4 %)",
    )
    rental_decline_pct_per_year: DeclinePct = Field(
        default=0.0, description="Annual decline of GPU rental prices"
    )
    declines: list[Decline] = Field(
        default_factory=list, description="Declines for one offer, rental or quality tier"
    )
    discount_rate_pct_per_year: Bounded(0, 100, "0 to 100 % a year") = Field(
        default=0.0, description="Cost of capital for the net present value (0: none)"
    )
    generation_months: Count(240, "1 to 240 months") = Field(
        default=24,
        description="Months between GPU generations, each ~2x throughput per dollar (document §4)",
    )
    generation_gain: Bounded(1, 10, "1x to 10x") = Field(
        default=2.0, description="Throughput per dollar gained each generation (document: ~2x)"
    )
