"""One scenario compared at its workload's volume: each option's cost and quality, the cheapest
comparable option and its margin, the break-even volumes, and the document's figures beside ours."""

from __future__ import annotations

from dataclasses import dataclass

from infercost.model.breakeven import BreakEven, Crossing, analyse_functions
from infercost.model.curves import OptionCost, option_cost_at
from infercost.model.errors import InferCostError
from infercost.model.project import Project
from infercost.model.quality import QualityTier, comparable, tier_for_output_price
from infercost.model.scenario import (
    ApiOption,
    DocumentFigure,
    Scenario,
    ScenarioOption,
    Workload,
)

AGREE_PCT = 5.0
"""A computed figure within this many percent of the document's agrees with it (rounding)."""


@dataclass(frozen=True, slots=True)
class OptionRow:
    """One option at the workload's volume: its cost (None when it cannot be computed, with
    ``error`` saying why), its quality tier and where that came from, and whether it meets the
    scenario's quality needed."""

    index: int
    label: str
    kind: str
    quality: QualityTier | None
    quality_source: str
    comparable: bool
    cost: OptionCost | None
    error: str | None

    @property
    def usd(self) -> float | None:
        """Monthly cost at the volume, None when it cannot be computed."""
        return None if self.cost is None else self.cost.usd


@dataclass(frozen=True, slots=True)
class FigureCheck:
    """A document figure and the same figure computed from the catalog and the formulas."""

    figure: DocumentFigure
    computed: float | None
    error: str | None

    @property
    def difference_pct(self) -> float | None:
        """Computed minus the document's, as a share of the document's figure, in percent."""
        if self.computed is None or self.figure.document_value == 0:
            return None
        return (self.computed / self.figure.document_value - 1.0) * 100.0

    @property
    def agrees(self) -> bool:
        """True when the computed figure is within AGREE_PCT of the document's."""
        d = self.difference_pct
        return d is not None and abs(d) <= AGREE_PCT


@dataclass(frozen=True, slots=True)
class ScenarioComparison:
    """Everything the comparison shows for one scenario at its workload's volume.

    ``cheapest`` is the cheapest comparable option (meeting ``quality_needed``), ``runner_up``
    the next comparable one, ``margin_usd`` the runner-up's cost minus the cheapest's.
    ``break_even`` holds every crossing of the computable options up to ``volume_max_tokens``.
    """

    scenario_id: str
    name: str
    workload: Workload
    volume_tokens: float
    quality_needed: QualityTier | None
    rows: tuple[OptionRow, ...]
    cheapest: OptionRow | None
    runner_up: OptionRow | None
    break_even: BreakEven | None
    break_even_error: str | None
    figures: tuple[FigureCheck, ...]

    @property
    def margin_usd(self) -> float | None:
        """How much cheaper the cheapest comparable option is than the runner-up, per month."""
        if self.cheapest is None or self.runner_up is None:
            return None
        return self.runner_up.usd - self.cheapest.usd  # type: ignore[operator]

    @property
    def margin_pct(self) -> float | None:
        """The margin as a share of the runner-up's cost, in percent."""
        m = self.margin_usd
        if m is None or not self.runner_up.usd:  # type: ignore[union-attr]
            return None
        return m / self.runner_up.usd * 100.0  # type: ignore[union-attr, operator]

    def row(self, label: str) -> OptionRow:
        """The row of the option labelled ``label``."""
        for r in self.rows:
            if r.label == label:
                return r
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


def compare(
    project: Project, scenario: Scenario, volume: float | None = None
) -> ScenarioComparison:
    """Compare a scenario's options at ``volume`` (default: its workload's monthly tokens)."""
    workload = project.workload(scenario.workload_id)
    v = workload.monthly_tokens if volume is None else volume
    rows = []
    for i, so in enumerate(scenario.options):
        try:
            tier, source = option_quality(project, so)
        except InferCostError as exc:
            tier, source = None, str(exc)
        ok = comparable(tier, scenario.quality_needed)
        try:
            cost, error = option_cost_at(project, so, workload, v), None
        except InferCostError as exc:
            cost, error = None, str(exc)
        rows.append(OptionRow(i, so.label, so.option.kind, tier, source, ok, cost, error))
    ranked = sorted((r for r in rows if r.comparable and r.cost is not None), key=lambda r: r.usd)
    cheapest = ranked[0] if ranked else None
    runner_up = ranked[1] if len(ranked) > 1 else None

    vmax = max([scenario.volume_max_tokens, v, *_break_even_reach(scenario.document_figures)])
    functions = tuple(r.cost.function for r in rows if r.cost is not None)
    try:
        be, be_error = analyse_functions(functions, vmax), None
    except InferCostError as exc:
        be, be_error = None, str(exc)
    figures = tuple(_check(f, rows, be, be_error) for f in scenario.document_figures)
    return ScenarioComparison(
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
        figures,
    )


def compare_all(project: Project) -> tuple[ScenarioComparison, ...]:
    """The comparison of every scenario of the project, in order."""
    return tuple(compare(project, s) for s in project.scenarios)


def _break_even_reach(figures: list[DocumentFigure]) -> list[float]:
    # A break-even the document puts past the chart range must still be found.
    return [10 * f.document_value for f in figures if f.kind == "break_even"]


def _check(
    f: DocumentFigure, rows: list[OptionRow], be: BreakEven | None, be_error: str | None
) -> FigureCheck:
    by_label = {r.label: r for r in reversed(rows)}
    for label in (f.option, f.other):
        if label is not None and label not in by_label:
            return FigureCheck(f, None, f"the scenario has no option '{label}'")
    row = by_label[f.option]
    other = by_label[f.other] if f.other is not None else None
    if f.kind == "break_even":
        if be is None:
            return FigureCheck(f, None, be_error)
        found = be.between(f.option, f.other)  # type: ignore[arg-type]
        if not found:
            return FigureCheck(f, None, f"'{f.option}' and '{f.other}' never cross")
        return FigureCheck(f, found[0].volume_tokens, None)
    try:
        usd = _usd_at(row, f.volume_tokens)  # type: ignore[arg-type]
        if f.kind == "cost":
            return FigureCheck(f, usd, None)
        if f.kind == "usd_per_mtok":
            return FigureCheck(f, usd / f.volume_tokens * 1e6 if f.volume_tokens else None, None)
        other_usd = _usd_at(other, f.volume_tokens)  # type: ignore[arg-type]
        return FigureCheck(f, other_usd / usd if usd else None, None)
    except InferCostError as exc:
        return FigureCheck(f, None, str(exc))


def _usd_at(row: OptionRow, volume: float) -> float:
    if row.cost is None:
        raise InferCostError(row.error or f"'{row.label}' has no cost")
    return float(row.cost.function.usd(volume))
