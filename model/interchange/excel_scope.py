"""What an exported workbook holds: the scenarios chosen (default: one) and the catalog entries
they use (default), or every scenario and the whole catalog (for editing and importing back)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from infercost.model.catalog.catalog import SECTIONS, Catalog
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import ApiOption, OwnedOption, RentalOption, Scenario
from infercost.model.errors import InferCostError
from infercost.model.estimator.option_throughput import option_hardware


def chosen_scenarios(
    project: Project, scenario_ids: str | Sequence[str] | None, all_scenarios: bool = False
) -> list[Scenario]:
    """The scenarios to export, in the order asked (the first one drives the Inputs sheet).

    None: the project's first scenario (none when the project has none); ``all_scenarios``:
    every scenario, the asked ones first.
    """
    ids = [scenario_ids] if isinstance(scenario_ids, str) else list(scenario_ids or ())
    chosen: list[Scenario] = []
    for sid in ids:
        s = project.scenario(sid)  # an unknown id gets the project's own clear message
        if s not in chosen:
            chosen.append(s)
    if all_scenarios:
        chosen += [s for s in project.scenarios if s not in chosen]
    elif not chosen and project.scenarios:
        chosen = [project.scenarios[0]]
    return chosen


def used_catalog(project: Project, scenarios: Iterable[Scenario]) -> Catalog:
    """The catalog entries ``scenarios`` use, directly or through another entry (an offer's
    LLM, a rental's GPU, a build's parts and tariff, the measurements of the hardware and LLMs
    served), in the catalog's own order."""
    cat = project.catalog
    keep: dict[str, set[str]] = {section: set() for section in SECTIONS}
    offers = {o.id: s for s in ("api_offers", "hosted_offers") for o in cat.section(s)}

    def offer(offer_id: str | None) -> None:
        if offer_id in offers:
            keep[offers[offer_id]].add(offer_id)
            llm = cat.offer(offer_id).llm_id
            if llm:
                keep["llms"].add(llm)

    served: set[tuple[str, str]] = set()
    for scenario in scenarios:
        offer(project.workload(scenario.workload_id).routing_offer_id)
        for so in scenario.options:
            opt = so.option
            if isinstance(opt, ApiOption):
                offer(opt.offer_id)
                if opt.markup_id:
                    keep["platform_markups"].add(opt.markup_id)
                continue
            if isinstance(opt, RentalOption):
                keep["gpu_rentals"].add(opt.rental_id)
            elif isinstance(opt, OwnedOption):
                build = cat.build(opt.build_id)
                keep["builds"].add(build.id)
                for line in build.lines:
                    item = cat.item(line.item_id)
                    keep["gpus" if item in cat.gpus else "parts"].add(item.id)
                if build.tariff_id:
                    keep["tariffs"].add(build.tariff_id)
            for llm, quant in ((opt.llm_id, opt.quant_id), _draft(opt)):
                if llm:
                    keep["llms"].add(llm)
                if quant:
                    keep["quants"].add(quant)
            try:
                gpu = option_hardware(cat, opt)[0]
            except InferCostError:
                continue
            keep["gpus"].add(gpu)
            if opt.llm_id:
                served.add((gpu, opt.llm_id))
    for m in cat.measurements:
        if (m.gpu_id, m.llm_id) in served:
            keep["measurements"].add(m.id)
            if m.quant_id:
                keep["quants"].add(m.quant_id)
    return cat.model_copy(
        update={s: [e for e in cat.section(s) if e.id in keep[s]] for s in SECTIONS}, deep=False
    )


def _draft(opt: RentalOption | OwnedOption) -> tuple[str | None, str | None]:
    spec = opt.speculation
    return (None, None) if spec is None else (spec.draft_llm_id, spec.draft_quant_id)
