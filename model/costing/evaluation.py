"""The one evaluation of a scenario at a volume: each option's cost, throughput, quality and
feasibility, the cheapest comparable feasible option and its margin, the upfront cash and
payback of owning, the break-even volumes, the lower envelope, and the document's figures.

Every surface (Scenarios view, Break-even table, advisor, CLI, workbook) reads this result;
none picks a "cheapest" of its own. Inputs are varied by evaluating a changed Project.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from infercost.model.catalog.project import Project
from infercost.model.catalog.quality import QualityTier, comparable, tier_for_output_price
from infercost.model.catalog.scenario import (
    ApiOption,
    DocumentFigure,
    Scenario,
    ScenarioOption,
    Workload,
)
from infercost.model.costing.breakeven import BreakEven, Crossing, analyse_functions
from infercost.model.costing.curves import CostFunction, OptionCost, cost_at, cost_function
from infercost.model.costing.envelope import EnvelopeChange, lower_envelope
from infercost.model.costing.payback import payback_month
from infercost.model.costing.throughput_check import ThroughputCheck, ThroughputChoice
from infercost.model.errors import InferCostError

AGREE_PCT = 5.0
"""A computed figure within this many percent of the document's agrees with it (rounding)."""

OPERATIONS_NOT_INCLUDED = "operations not included ($0/month set on the build)"


@dataclass(frozen=True, slots=True)
class OptionEval:
    """One option at the scenario's volume.

    ``cost`` is None when it cannot be computed (``error`` says why). ``comparable`` says the
    option meets the scenario's quality needed; ``feasible`` that it can serve the workload at
    all (``infeasible_reason`` says why not). ``throughput`` is the figure a self-hosted unit
    is costed at, its origin, and the pinned or measured claim when one exists (used or not).
    ``upfront_usd`` is the purchase price of the units an owned option needs; ``payback_month``
    when that purchase is paid back against ``payback_against`` (the cheapest comparable
    feasible rental or API option), None when it never is or does not apply.
    """

    index: int
    label: str
    kind: str
    quality: QualityTier | None
    quality_source: str
    comparable: bool
    feasible: bool
    infeasible_reason: str
    cost: OptionCost | None
    error: str | None
    throughput: ThroughputChoice | None = None
    upfront_usd: float | None = None
    payback_month: float | None = None
    payback_against: str | None = None
    operations_included: bool = True

    @property
    def usd(self) -> float | None:
        """Monthly cost at the volume, None when it cannot be computed."""
        return None if self.cost is None else self.cost.usd

    @property
    def usd_per_mtok(self) -> float | None:
        return None if self.cost is None else self.cost.usd_per_mtok

    @property
    def units(self) -> int | None:
        """Units needed at the volume; None for an option without capacity steps or no cost."""
        c = self.cost
        return None if c is None or c.capacity_tokens_per_unit is None else c.units

    @property
    def function(self) -> CostFunction | None:
        return None if self.cost is None else self.cost.function

    @property
    def eligible(self) -> bool:
        """Comparable, feasible and costed: a candidate for the cheapest."""
        return self.comparable and self.feasible and self.cost is not None

    @property
    def tokens_per_s(self) -> float | None:
        return None if self.throughput is None else self.throughput.tokens_per_s

    @property
    def throughput_origin(self) -> str | None:
        """ "estimate", "measured" or "pinned"; None for an API option."""
        return None if self.throughput is None else self.throughput.origin

    @property
    def claim(self) -> ThroughputCheck | None:
        """The pinned or measured figure and its check, whether used or not."""
        return None if self.throughput is None else self.throughput.claim

    @property
    def claim_rejected(self) -> bool:
        """True when a pinned or measured figure is not used (the estimate is)."""
        return self.throughput is not None and self.throughput.claim_rejected

    @property
    def use_own_figure(self) -> bool:
        return self.throughput is not None and self.throughput.use_own_figure


@dataclass(frozen=True, slots=True)
class FigureCheck:
    """A document figure and the same figure computed from the catalog and the formulas.

    ``computed_at_claim`` is the figure with the options' pinned or measured figures used as
    the document states them (None when every figure was used anyway): it shows whether the
    document's own method reproduces its number when ``computed`` differs because a claim is
    above the physical ceiling. ``claim_note`` says which claims were set aside.
    """

    figure: DocumentFigure
    computed: float | None
    error: str | None
    computed_at_claim: float | None = None
    claim_note: str = ""

    @property
    def difference_pct(self) -> float | None:
        """Computed minus the document's, as a share of the document's figure, in percent."""
        return _pct(self.computed, self.figure.document_value)

    @property
    def claim_difference_pct(self) -> float | None:
        return _pct(self.computed_at_claim, self.figure.document_value)

    @property
    def agrees(self) -> bool:
        """True when the computed figure is within AGREE_PCT of the document's."""
        d = self.difference_pct
        return d is not None and abs(d) <= AGREE_PCT


def _pct(value: float | None, document: float) -> float | None:
    if value is None or document == 0:
        return None
    return (value / document - 1.0) * 100.0


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Everything known about one scenario at one volume (default: its workload's).

    ``cheapest`` is the cheapest comparable feasible option, ``runner_up`` the next one.
    ``break_even`` holds every crossing of the costed options up to its range; ``envelope``
    the volumes where the cheapest comparable feasible option changes.
    """

    scenario_id: str
    name: str
    workload: Workload
    volume_tokens: float
    quality_needed: QualityTier | None
    options: tuple[OptionEval, ...]
    cheapest: OptionEval | None
    runner_up: OptionEval | None
    break_even: BreakEven | None
    break_even_error: str | None
    envelope: tuple[EnvelopeChange, ...]
    figures: tuple[FigureCheck, ...]

    @property
    def margin_usd(self) -> float | None:
        """How much cheaper the cheapest option is than the runner-up, per month."""
        if self.cheapest is None or self.runner_up is None:
            return None
        return self.runner_up.usd - self.cheapest.usd  # type: ignore[operator]

    @property
    def margin_pct(self) -> float | None:
        """The margin as a share of the runner-up's cost, in percent (None when that is $0)."""
        m = self.margin_usd
        if m is None or not self.runner_up.usd:  # type: ignore[union-attr]
            return None
        return m / self.runner_up.usd * 100.0  # type: ignore[union-attr, operator]

    @property
    def upfront_usd(self) -> float | None:
        """Cash paid up front for the cheapest option (owned builds), None otherwise."""
        return None if self.cheapest is None else self.cheapest.upfront_usd

    @property
    def rejected_claims(self) -> tuple[OptionEval, ...]:
        """The options whose pinned or measured figure is not used."""
        return tuple(o for o in self.options if o.claim_rejected)

    def option(self, label: str) -> OptionEval:
        """The option labelled ``label``."""
        for o in self.options:
            if o.label == label:
                return o
        raise KeyError(label)

    def crossings_of(self, label: str) -> list[Crossing]:
        """Every crossing of the option labelled ``label`` with another, by volume."""
        if self.break_even is None:
            return []
        return [c for c in self.break_even.crossings if label in (c.a, c.b)]


def option_quality(project: Project, option: ScenarioOption) -> tuple[QualityTier | None, str]:
    """The quality tier of an option and where it came from.

    An API offer's own tier; else the tier of the LLM it serves; else the §4 band its output
    price falls in. A rental or build takes the tier of the LLM it serves (none: not rated).
    """
    cat = project.catalog
    opt = option.option
    if isinstance(opt, ApiOption):
        offer = cat.offer(opt.offer_id)
        if offer.quality_tier is not None:
            return offer.quality_tier, f"offer {offer.id}"
        llm = next((m for m in cat.llms if m.id == offer.llm_id), None)
        if llm is not None and llm.quality_tier is not None:
            return llm.quality_tier, f"LLM {llm.id}"
        return tier_for_output_price(offer.output_usd_per_mtok), (
            f"price band of ${offer.output_usd_per_mtok:g}/M output"
        )
    if opt.llm_id is None:
        return None, "no LLM named"
    llm = cat.llm(opt.llm_id)
    if llm.quality_tier is None:
        return None, f"LLM {llm.id} has no tier"
    return llm.quality_tier, f"LLM {llm.id}"


def evaluate(project: Project, scenario: Scenario | str, volume: float | None = None) -> Evaluation:
    """Evaluate a scenario (or its id) at ``volume`` tokens/month (default: its workload's).

    Raises
    ------
    InferCostError
        For an unknown scenario or workload, or a volume that is not a finite number >= 0.
    """
    if isinstance(scenario, str):
        scenario = project.scenario(scenario)
    workload = project.workload(scenario.workload_id)
    v = workload.monthly_tokens if volume is None else float(volume)
    if not (v >= 0 and np.isfinite(v)):
        raise InferCostError(f"volume must be a finite number of tokens >= 0, not {volume!r}")
    rows = [_option(project, scenario, i, so, workload, v) for i, so in enumerate(scenario.options)]
    rows = _with_payback(rows)
    ranked = sorted((r for r in rows if r.eligible), key=lambda r: r.usd)  # type: ignore[arg-type, return-value]
    cheapest = ranked[0] if ranked else None
    runner_up = ranked[1] if len(ranked) > 1 else None

    vmax = max([scenario.volume_max_tokens, v, *_break_even_reach(scenario.document_figures)])
    costed = [r for r in rows if r.cost is not None]
    try:
        be = analyse_functions(tuple(r.cost.function for r in costed), vmax)  # type: ignore[union-attr]
        be_error = None
        envelope = lower_envelope(be, [r.eligible for r in costed], [r.index for r in costed])
    except InferCostError as exc:
        be, be_error, envelope = None, str(exc), ()
    memo: dict[int, CostFunction] = {}

    def at_claim(r: OptionEval) -> CostFunction:
        # Each option's function at its own claim, made once however many figures use it.
        if r.index not in memo:
            memo[r.index] = _claim_function(project, scenario, workload, r)
        return memo[r.index]

    figures = tuple(_check(f, rows, vmax, be, at_claim) for f in scenario.document_figures)
    return Evaluation(
        scenario.id,
        scenario.name,
        workload,
        v,
        scenario.quality_needed,
        tuple(rows),
        cheapest,
        runner_up,
        be,
        be_error,
        envelope,
        figures,
    )


def evaluate_all(project: Project) -> tuple[Evaluation, ...]:
    """The evaluation of every scenario of the project at its workload's volume, in order."""
    return tuple(evaluate(project, s) for s in project.scenarios)


def _option(
    project: Project, scenario: Scenario, i: int, so: ScenarioOption, w: Workload, v: float
) -> OptionEval:
    try:
        tier, source = option_quality(project, so)
    except InferCostError as exc:
        tier, source = None, str(exc)
    ok = comparable(tier, scenario.quality_needed)
    try:
        cost, error = cost_at(cost_function(project, so, w), v), None
    except InferCostError as exc:
        cost, error = None, str(exc)
    choice = None if cost is None else cost.function.throughput
    feasible, why = True, ""
    if cost is None:
        feasible, why = False, error or "cannot be costed"
    elif choice is not None and choice.claim_rejected and choice.claim.verdict == "does not fit":  # type: ignore[union-attr]
        feasible, why = False, f"cannot be served as stated: {choice.reason}"
    upfront, ops = None, True
    bc = None if cost is None else cost.function.build_cost
    if bc is not None:
        upfront = bc.purchase_usd * cost.units  # type: ignore[union-attr]
        build = project.catalog.build(so.option.build_id)  # type: ignore[union-attr]
        ops = build.ops_usd_per_month > 0
    return OptionEval(
        i, so.label, so.option.kind, tier, source, ok, feasible, why, cost, error, choice,
        upfront, operations_included=ops,
    )  # fmt: skip


def _with_payback(rows: list[OptionEval]) -> list[OptionEval]:
    """Each owned option's payback month against the cheapest comparable feasible option that
    is paid as it goes (a rental or an API): purchase / (its monthly cost - owning's running
    cost), the running cost being the owned option's monthly cost without amortization."""
    from dataclasses import replace

    alts = sorted((r for r in rows if r.eligible and r.upfront_usd is None), key=lambda r: r.usd)  # type: ignore[arg-type, return-value]
    if not alts:
        return rows
    alt = alts[0]
    out = []
    for r in rows:
        if r.upfront_usd is None or r.cost is None:
            out.append(r)
            continue
        f = r.cost.function
        bc = f.build_cost
        assert bc is not None and f.paid_hours_per_unit is not None
        running = r.cost.usd - r.cost.units * bc.amortization_usd_per_hour * f.paid_hours_per_unit
        month = payback_month(r.upfront_usd, running, alt.usd)  # type: ignore[arg-type]
        out.append(replace(r, payback_month=month, payback_against=alt.label))
    return out


def _break_even_reach(figures: list[DocumentFigure]) -> list[float]:
    # A break-even the document puts past the chart range must still be found.
    return [10 * f.document_value for f in figures if f.kind == "break_even"]


def _check(
    f: DocumentFigure,
    rows: list[OptionEval],
    vmax: float,
    be: BreakEven | None,
    at_claim: Callable[[OptionEval], CostFunction],
) -> FigureCheck:
    by_label = {r.label: r for r in reversed(rows)}
    for label in (f.option, f.other):
        if label is not None and label not in by_label:
            return FigureCheck(f, None, f"the scenario has no option '{label}'")
    used = [by_label[x] for x in (f.option, f.other) if x is not None]
    try:
        value = _figure(f, [_function(r) for r in used], vmax, be)
        error = None
    except InferCostError as exc:
        value, error = None, str(exc)
    rejected = [r for r in used if r.claim_rejected]
    if not rejected:
        return FigureCheck(f, value, error)
    # The same figure with the document's own (pinned) throughput, as it states its method.
    try:
        claimed = _figure(f, [at_claim(r) for r in used], vmax)
    except InferCostError:
        claimed = None
    note = "; ".join(
        f"{r.label}: costed at the estimate {r.tokens_per_s:,.0f} tok/s, the document's "
        f"{r.claim.figure_tokens_per_s:,.0f} tok/s is not used ({r.throughput.reason})"  # type: ignore[union-attr]
        for r in rejected
    )
    return FigureCheck(f, value, error, claimed, note)


def _function(r: OptionEval) -> CostFunction:
    if r.cost is None:
        raise InferCostError(r.error or f"'{r.label}' has no cost")
    return r.cost.function


def _claim_function(
    project: Project, scenario: Scenario, workload: Workload, r: OptionEval
) -> CostFunction:
    t = r.throughput
    if t is None or t.claim is None or not r.claim_rejected:
        return _function(r)
    # The claim as "use my figure" would use it, from the check already made.
    origin = "pinned" if t.claim.source == "pinned" else "measured"
    used = ThroughputChoice(
        t.claim.figure_tokens_per_s, origin, t.claim.source, t.claim, True, True
    )
    return cost_function(project, scenario.options[r.index], workload, used)


def _figure(
    f: DocumentFigure, funcs: list[CostFunction], vmax: float, be: BreakEven | None = None
) -> float | None:
    if f.kind == "break_even":
        # The scenario's analysis has every pair already; a pair at its claims is analysed alone.
        pair = be.between(f.option, f.other) if be is not None else None  # type: ignore[arg-type]
        found = pair if pair is not None else analyse_functions(funcs, vmax).crossings
        if not found:
            raise InferCostError(f"'{f.option}' and '{f.other}' never cross")
        return found[0].volume_tokens
    usd = float(funcs[0].usd(f.volume_tokens))
    if f.kind == "cost":
        return usd
    if f.kind == "usd_per_mtok":
        return usd / f.volume_tokens * 1e6 if f.volume_tokens else None
    other = float(funcs[1].usd(f.volume_tokens))
    return other / usd if usd else None
