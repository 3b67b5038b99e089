"""The catalog entries a scenario's costs read, with each figure, its source and its date: the
report's sources appendix and its catalog date."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum

from infercost.model.catalog.base import Entry
from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.fields import field_label, field_unit, is_number
from infercost.model.catalog.project import Project
from infercost.model.catalog.scenario import ApiOption, OwnedOption, RentalOption, Scenario
from infercost.model.formatting import format_number

SECTION_NAMES = {
    "api_offers": "API offer",
    "hosted_offers": "Hosted offer",
    "platform_markups": "Platform markup",
    "gpu_rentals": "GPU rental",
    "gpus": "GPU",
    "parts": "Part",
    "builds": "Build",
    "llms": "LLM",
    "quants": "Format",
    "tariffs": "Tariff",
    "measurements": "Measurement",
}


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One catalog entry used: its section, id and name, its figures as text, source, date."""

    section: str
    entry_id: str
    name: str
    figures: tuple[str, ...]
    source: str
    as_of: str

    @property
    def what(self) -> str:
        return f"{SECTION_NAMES.get(self.section, self.section)} {self.entry_id}"


def used_entries(project: Project, scenario: Scenario) -> list[tuple[str, Entry]]:
    """Every catalog entry the scenario's options and workload read, once each, in the order
    the options name them (offer, markup, rental, build, its parts, GPU, LLM, format, tariff,
    measurements). An id the catalog lacks is skipped: the comparison reports it."""
    cat = project.catalog
    out: dict[tuple[str, str], Entry] = {}

    def add(section: str, entry_id: str | None) -> None:
        if entry_id is None or (section, entry_id) in out:
            return
        for e in cat.section(section):
            if e.id == entry_id:
                out[(section, entry_id)] = e
                return

    workload = project.workload(scenario.workload_id)
    for so in scenario.options:
        opt = so.option
        if isinstance(opt, ApiOption):
            _add_offer(cat, add, opt.offer_id)
            add("platform_markups", opt.markup_id)
            continue
        gpu_id = None
        if isinstance(opt, RentalOption):
            add("gpu_rentals", opt.rental_id)
            rental = next((r for r in cat.gpu_rentals if r.id == opt.rental_id), None)
            gpu_id = rental.gpu_id if rental else None
        elif isinstance(opt, OwnedOption):
            add("builds", opt.build_id)
            build = next((b for b in cat.builds if b.id == opt.build_id), None)
            if build is not None:
                for line in build.lines:
                    is_gpu = any(g.id == line.item_id for g in cat.gpus)
                    add("gpus" if is_gpu else "parts", line.item_id)
                    gpu_id = line.item_id if is_gpu else gpu_id
                add("tariffs", build.tariff_id)
        add("gpus", gpu_id)
        add("llms", opt.llm_id)
        add("quants", opt.quant_id)
        if opt.speculation is not None:
            add("llms", opt.speculation.draft_llm_id)
            add("quants", opt.speculation.draft_quant_id)
        for m in cat.measurements:
            if m.gpu_id == gpu_id and m.llm_id == opt.llm_id and m.quant_id == opt.quant_id:
                add("measurements", m.id)
    if workload.routing_share > 0 and workload.routing_offer_id:
        _add_offer(cat, add, workload.routing_offer_id)
    return [(section, e) for (section, _), e in out.items()]


def _add_offer(cat: Catalog, add, offer_id: str) -> None:
    section = "hosted_offers" if any(o.id == offer_id for o in cat.hosted_offers) else "api_offers"
    add(section, offer_id)


def source_rows(project: Project, scenario: Scenario) -> tuple[SourceRow, ...]:
    """The sources appendix: each entry used with every figure it holds."""
    return tuple(
        SourceRow(
            section,
            e.id,
            _name(e),
            entry_figures(e),
            e.source or "(no source given)",
            e.as_of or "(undated)",
        )
        for section, e in used_entries(project, scenario)
    )


def entry_figures(e: Entry) -> tuple[str, ...]:
    """Every number an entry holds, as "input price $3.00 / Mtok", in field order."""
    cls = type(e)
    out = []
    for name, info in cls.model_fields.items():
        if not is_number(info.annotation):
            continue
        value = getattr(e, name)
        if value is None or isinstance(value, bool | Enum):
            continue
        out.append(f"{field_label(cls, name)} {format_number(float(value), field_unit(cls, name))}")
    for line in getattr(e, "lines", ()):  # a build's bill of materials
        out.append(f"{line.quantity} x {line.item_id}")
    for line in getattr(e, "custom_lines", ()):
        out.append(f"{line.name} {format_number(line.price_usd, '$')}")
    return tuple(out)


def catalog_date(rows: tuple[SourceRow, ...]) -> str:
    """When the figures used were true: "early 2026 (12 entries), 2025 (3)", most used first."""
    if not rows:
        return "no catalog entries used"
    counts = Counter(r.as_of for r in rows)
    parts = [f"{d} ({n} entr{'ies' if n > 1 else 'y'})" for d, n in counts.most_common()]
    return ", ".join(parts)


def _name(e: Entry) -> str:
    for attr in ("name", "llm_name"):
        value = getattr(e, attr, "")
        if value:
            provider = getattr(e, "provider", "")
            return f"{provider} {value}".strip() if attr == "llm_name" else str(value)
    return e.id
