"""The proposal report of one scenario, built from its one Evaluation by a pure function, so
the command line and the window write the same document.

Sections come from ``SECTIONS``, an ordered tuple of (id, builder); a builder takes the
:class:`ReportContext` and returns a :class:`Section` or None (nothing to say). Another module
adds its own (a timeline, a tornado) by passing ``extra`` builders to :func:`build_report`,
which go before the appendix, or by adding them to ``SECTIONS``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import Scenario
from infercost.model.costing.advisor import Advice, advise
from infercost.model.costing.evaluation import Evaluation, evaluate
from infercost.model.formatting import format_tokens as tokens
from infercost.model.report.report_breakeven import chart_section, crossings_section
from infercost.model.report.report_doc import ReportDocument, Section, TitleBlock
from infercost.model.report.report_sections import (
    advice_section,
    comparison_section,
    recommendation_section,
    sources_section,
    throughput_section,
    workload_section,
)
from infercost.model.report.report_sources import SourceRow, catalog_date, source_rows
from infercost.model.report.report_time import sensitivity_section, timeline_section


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """Who the report is for and by, its date and the app's version (the title block)."""

    prepared_for: str = ""
    prepared_by: str = ""
    date: str = ""
    app_version: str = ""


@dataclass(frozen=True, slots=True)
class ReportContext:
    """What every section builder reads: the project, the scenario, its one evaluation, the
    advice set against it, the sources used and the title block's facts."""

    project: Project
    scenario: Scenario
    evaluation: Evaluation
    advice: Advice
    sources: tuple[SourceRow, ...]
    meta: ReportMeta


SectionBuilder = Callable[[ReportContext], Section | None]


def build_report(
    project: Project,
    scenario_id: str,
    meta: ReportMeta | None = None,
    extra: Sequence[SectionBuilder] = (),
) -> ReportDocument:
    """The report of scenario ``scenario_id`` at its workload's volume.

    Raises
    ------
    InferCostError
        For an unknown scenario or workload.
    """
    scenario = project.scenario(scenario_id)
    ev = evaluate(project, scenario)
    meta = meta or ReportMeta()
    if not meta.date:
        meta = ReportMeta(
            meta.prepared_for, meta.prepared_by, date.today().isoformat(), meta.app_version
        )
    ctx = ReportContext(
        project,
        scenario,
        ev,
        advise(project, scenario.id, ev),
        source_rows(project, scenario),
        meta,
    )
    builders = [b for _, b in SECTIONS if b is not sources_section]
    builders += [*extra, sources_section]
    sections = tuple(s for s in (b(ctx) for b in builders) if s is not None)
    facts = [("Scenario", f"{scenario.name} ({scenario.id})"), ("Project", project.name)]
    if meta.prepared_for:
        facts.append(("Prepared for", meta.prepared_for))
    if meta.prepared_by:
        facts.append(("Prepared by", meta.prepared_by))
    facts += [
        ("Date", meta.date),
        ("InferCost version", meta.app_version or "unknown"),
        ("Catalog date", catalog_date(ctx.sources)),
    ]
    title = TitleBlock(
        "Inference cost proposal",
        f"{scenario.name}: {tokens(ev.volume_tokens)} tokens/month",
        tuple(facts),
    )
    footer = f"InferCost · {scenario.name} · {meta.date}"
    return ReportDocument(title, sections, footer, scenario.id, dict(facts))


SECTIONS: tuple[tuple[str, SectionBuilder], ...] = (
    ("recommendation", recommendation_section),
    ("workload", workload_section),
    ("comparison", comparison_section),
    ("breakeven", chart_section),
    ("crossings", crossings_section),
    ("advice", advice_section),
    ("throughput", throughput_section),
    ("timeline", timeline_section),
    ("sensitivity", sensitivity_section),
    ("sources", sources_section),
)
"""The report's sections in order; the sources appendix always comes last."""
