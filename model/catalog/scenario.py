"""Workloads (what is run) and scenarios (which ways of running it are compared)."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from infercost.model.catalog.assumptions import InputRange, TimeAssumptions
from infercost.model.catalog.base import (
    Bounded,
    Context,
    Count,
    Entry,
    Flag,
    Fraction,
    PositiveTokens,
    Slug,
    Strict,
    Tokens,
    TokensPerS,
)
from infercost.model.catalog.entries import Name
from infercost.model.catalog.quality import QualityTier

MAX_TOKENS_PER_MONTH = 1e18

DEFAULT_UTILIZATION = 0.7
"""Share of a self-hosted unit's throughput that serves traffic. Requests arrive unevenly, and
a server run near its peak queues them: in an M/M/1 queue the wait is rho / (1 - rho) service
times, 2.3 at 70 % load and 9 at 90 %. 70 % keeps the queue short at a steady load; an
InferCost assumption derived from that formula, not a measurement. The seed's own figures
assume 100 % and its scenarios set that explicitly."""

UTILIZATION_DESCRIPTION = (
    "Share of capacity usable: headroom for peaks (default 70 %: queueing delay grows as "
    "rho / (1 - rho), 2.3x at 70 % load, 9x at 90 %)"
)

# Throughput of one unit. Below 0.001 tok/s (2,600 tokens a month) a unit serves nothing a
# cost can be computed for: the units needed overflow a float. 1e9 is far above any machine.


class Workload(Entry):
    """A monthly token volume and its shape: the seed's section-5 strategies are inputs here."""

    name: Name = Field(description="Workload name")
    monthly_tokens: Tokens = Field(
        default=1e9, description="Tokens per month, input and output together"
    )
    input_share: Fraction = Field(default=0.75, description="Share of tokens that are input")
    cached_input_share: Fraction = Field(
        default=0.0, description="Share of input tokens read from the prompt cache"
    )
    batch_share: Fraction = Field(
        default=0.0, description="Share of traffic sent through the batch API"
    )
    routing_share: Fraction = Field(
        default=0.0, description="Share of traffic routed to a cheaper offer"
    )
    routing_offer_id: Slug | None = Field(
        default=None, description="The cheaper API offer routed traffic goes to"
    )
    prompt_tokens: Count(100_000_000, "at most 10^8 tokens per request") = Field(
        default=2_000, description="Typical prompt length per request (for long-context tiers)"
    )
    hours_per_month: Bounded(1, 744, "1 to 744 hours; a month has at most 744") = Field(
        default=730.0,
        description="Hours in a month (8760 / 12; the seed uses 720)",
        json_schema_extra={"unit": "h"},
    )


class ApiOption(Strict):
    """Pay per token for an API offer, optionally through a cloud platform's markup."""

    kind: Literal["api"] = "api"
    offer_id: Slug = Field(description="API or hosted offer")
    markup_id: Slug | None = Field(
        default=None, description="Platform markup, if bought through one"
    )
    markup_point: Literal["low", "mid", "high"] = Field(
        default="mid", description="Where in the markup range to price"
    )


class Speculation(Strict):
    """Speculative decoding: a draft LLM proposes tokens the served LLM verifies in one pass.

    See ``infercost.model.estimator.speculative`` for what it yields and costs.
    """

    draft_llm_id: Slug = Field(description="Draft LLM (same tokenizer as the target)")
    draft_quant_id: Slug | None = Field(
        default=None, description="Draft weight format (the target's if unset)"
    )
    tokens_proposed: Count(32, "1 to 32 tokens per step; drafts of 3-8 are usual") = Field(
        default=4, description="Tokens the draft proposes per verification step (k)"
    )
    acceptance_rate: Fraction = Field(
        default=0.7,
        description="Probability the target accepts each proposed token (a, per token)",
    )


class _ServedLlm(Strict):
    """What a self-hosted option serves, for estimating its throughput when none is pinned."""

    llm_id: Slug | None = Field(
        default=None, description="LLM served; with quant_id, estimates tokens_per_s when unpinned"
    )
    quant_id: Slug | None = Field(default=None, description="Weight format of the LLM served")
    concurrency: Count(100_000, "at most 100,000 sequences at once") = Field(
        default=1, description="Sequences decoded together (for the throughput estimate)"
    )
    context_tokens: Context | None = Field(
        default=None, description="Tokens per sequence (the workload's prompt length if unset)"
    )
    speculation: Speculation | None = Field(
        default=None, description="Speculative decoding with a draft LLM (estimate only)"
    )
    use_own_figure: Flag = Field(
        default=False,
        description=(
            "Use my figure: cost at the pinned or measured tok/s even when it is above the "
            "physical ceiling or the LLM does not fit (a figure measured on your own rig)"
        ),
    )

    @model_validator(mode="after")
    def _llm_and_quant(self) -> Self:
        if (self.llm_id is None) != (self.quant_id is None):
            raise ValueError("give both llm_id and quant_id to estimate throughput, or neither")
        return self


class RentalOption(_ServedLlm):
    """Rent GPUs by the hour: always on, or paid only for the hours used."""

    kind: Literal["rental"] = "rental"
    rental_id: Slug = Field(description="GPU rental offer")
    price: Literal["on_demand", "discounted"] = Field(
        default="on_demand", description="On-demand or the reserved/spot price"
    )
    mode: Literal["always_on", "per_use"] = Field(
        default="always_on", description="Pay every hour, or only hours with work"
    )
    tokens_per_s: TokensPerS | None = Field(
        default=None, description="Throughput of one rented unit (blended tok/s)"
    )
    utilization: Fraction = Field(default=DEFAULT_UTILIZATION, description=UTILIZATION_DESCRIPTION)
    instances: Count(1024, "at most 1,024 rented instances") = Field(
        default=1, description="Rented instances that serve together as one unit (8 for 8x H100)"
    )
    on_hours_share: Fraction = Field(
        default=1.0,
        description="Always-on only: share of the month's hours it runs (1 = 24/7, 0.5 = 12 h/day)",
    )


class OwnedOption(_ServedLlm):
    """Run on an owned build."""

    kind: Literal["owned"] = "owned"
    build_id: Slug = Field(description="The build")
    tokens_per_s: TokensPerS | None = Field(
        default=None, description="Throughput of one build (blended tok/s)"
    )
    utilization: Fraction = Field(default=DEFAULT_UTILIZATION, description=UTILIZATION_DESCRIPTION)
    energy_basis: Literal["build", "volume"] = Field(
        default="volume",
        description=(
            "Idle power every hour plus load power for the hours the volume needs (default), "
            "or energy at the build's own utilization every hour (the seed's method)"
        ),
    )


CostOption = Annotated[ApiOption | RentalOption | OwnedOption, Field(discriminator="kind")]


class ScenarioOption(Strict):
    """A labelled way of serving the workload."""

    label: Annotated[str, Field(min_length=1, max_length=200)] = Field(description="Legend label")
    option: CostOption


class DocumentFigure(Strict):
    """A figure the source document prints for a scenario, kept beside the computed one.

    ``kind`` says how InferCost computes the same figure: "cost" is option's monthly cost at
    ``volume_tokens``, "usd_per_mtok" its cost per million tokens there, "break_even" the first
    volume where option and ``other`` cross, "ratio" other's cost over option's at the volume.
    ``reason`` says why the computed figure differs from the document's (empty: it agrees).
    """

    what: Annotated[str, Field(min_length=1, max_length=300)] = Field(
        description="What the figure is"
    )
    kind: Literal["cost", "usd_per_mtok", "break_even", "ratio"] = Field(
        description="How the same figure is computed"
    )
    option: Annotated[str, Field(min_length=1, max_length=200)] = Field(
        description="Label of the option the figure is about"
    )
    other: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        default=None, description="Label of the option it is compared with (break-even, ratio)"
    )
    volume_tokens: Tokens | None = Field(
        default=None, description="Monthly volume the figure is at (cost, $/Mtok, ratio)"
    )
    document_value: Bounded(0, 1e18, "at most 10^18 ($, tokens or a ratio)") = Field(
        description="The document's number ($/month, $/Mtok, tokens/month or a ratio)"
    )
    document_text: Annotated[str, Field(max_length=300)] = Field(
        default="", description="The figure as the document prints it"
    )
    where: Annotated[str, Field(max_length=200)] = Field(
        default="", description="Where in the document it is"
    )
    reason: Annotated[str, Field(max_length=2000)] = Field(
        default="", description="Why the computed figure differs (empty: it agrees)"
    )

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.kind in ("cost", "usd_per_mtok", "ratio") and self.volume_tokens is None:
            raise ValueError(f"a {self.kind} figure needs volume_tokens")
        if self.kind in ("break_even", "ratio") and self.other is None:
            raise ValueError(f"a {self.kind} figure needs the other option")
        return self


MAX_SCENARIO_OPTIONS = 320
"""Options one scenario may hold: the size of the break-even benchmark (320 mixed options,
0.2 s for the exact pass), far above any real comparison (the seed's have 3-6). Every surface
grows at least as n^2 in options (pairs of crossings, the chart's legend), so the bound is
the largest size a benchmark keeps quick; an export past a few dozen options leaves out the
pairs table and the chart instead of growing without bound."""


class Scenario(Entry):
    """A comparison: one workload, several options, and the facts the decision matrix reads."""

    name: Name = Field(description="Scenario name")
    workload_id: Slug = Field(description="The workload")
    options: list[ScenarioOption] = Field(
        default_factory=list,
        max_length=MAX_SCENARIO_OPTIONS,
        description=f"What is compared (at most {MAX_SCENARIO_OPTIONS})",
    )
    volume_min_tokens: Tokens = Field(default=1e6, description="Chart range start, tokens/month")
    volume_max_tokens: PositiveTokens = Field(
        default=1e11, description="Chart range end, tokens/month"
    )
    quality_needed: QualityTier | None = Field(
        default=None,
        description="Lowest quality tier acceptable; options below it are not comparable",
    )
    latency_tolerant: Flag = Field(
        default=False, description="Responses may wait (batch, queueing): seed §6 matrix"
    )
    predictable_load: Flag = Field(
        default=False, description="Traffic is steady enough to reserve capacity: seed §6 matrix"
    )
    privacy_critical: Flag = Field(
        default=False, description="Data must not leave your hardware: seed §6 matrix"
    )
    prototyping: Flag = Field(
        default=False, description="Prototyping or experimentation: seed §6 matrix"
    )
    single_developer: Flag = Field(
        default=False, description="A single developer, personal use: seed §6 matrix"
    )
    document_figures: list[DocumentFigure] = Field(
        default_factory=list,
        description="The source document's own figures for this scenario, with reasons",
    )
    time: TimeAssumptions = Field(
        default_factory=TimeAssumptions,
        description="Horizon, price declines and discount rate of the timeline",
    )
    input_ranges: list[InputRange] = Field(
        default_factory=list,
        description="Your own low/high for inputs (replacing the ranges InferCost derives)",
    )
