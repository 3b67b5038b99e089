"""The project document: a catalog plus the workloads and scenarios compared against it."""

from __future__ import annotations

from collections import Counter
from typing import Self

from pydantic import Field, model_validator

from infercost.model.catalog.base import Strict
from infercost.model.catalog.catalog import Catalog
from infercost.model.catalog.scenario import (
    ApiOption,
    OwnedOption,
    RentalOption,
    Scenario,
    Workload,
)
from infercost.model.errors import CatalogError, UnknownIdError, closest


class Project(Strict):
    """Everything a user saves: catalog, workloads, scenarios."""

    name: str = Field(default="Untitled", max_length=200, description="Project name")
    catalog: Catalog = Field(default_factory=Catalog)
    workloads: list[Workload] = Field(default_factory=list)
    scenarios: list[Scenario] = Field(default_factory=list)

    @model_validator(mode="after")
    def _integrity(self) -> Self:
        problems = project_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def check(self) -> None:
        """Raise CatalogError when in-place list edits broke a rule the validator enforces."""
        problems = self.catalog_problems() + project_problems(self)
        if problems:
            raise CatalogError(problems, "project")

    def catalog_problems(self) -> list[str]:
        from infercost.model.catalog.catalog import integrity_problems

        return integrity_problems(self.catalog)

    def workload(self, workload_id: str) -> Workload:
        for w in self.workloads:
            if w.id == workload_id:
                return w
        raise UnknownIdError("workload", workload_id, [w.id for w in self.workloads])

    def scenario(self, scenario_id: str) -> Scenario:
        for s in self.scenarios:
            if s.id == scenario_id:
                return s
        raise UnknownIdError("scenario", scenario_id, [s.id for s in self.scenarios])


def project_problems(p: Project) -> list[str]:
    """Duplicate workload/scenario ids and references the catalog cannot resolve."""
    problems: list[str] = []
    for kind, items in (("workloads", p.workloads), ("scenarios", p.scenarios)):
        for ident, n in Counter(i.id for i in items).items():
            if n > 1:
                problems.append(f"{kind} '{ident}': id is used by {n} entries")
    cat = p.catalog
    offers = {o.id for o in cat.api_offers} | {o.id for o in cat.hosted_offers}
    pools = {
        "offer": offers,
        "markup": {m.id for m in cat.platform_markups},
        "rental": {r.id for r in cat.gpu_rentals},
        "build": {b.id for b in cat.builds},
        "workload": {w.id for w in p.workloads},
    }

    def ref(where: str, what: str, value: str | None) -> None:
        if value is not None and value not in pools[what]:
            hint = closest(value, pools[what])
            tip = f" (did you mean {', '.join(hint)}?)" if hint else ""
            problems.append(f"{where}: {what} '{value}' is not in the project{tip}")

    for w in p.workloads:
        ref(f"workloads '{w.id}' > routing_offer_id", "offer", w.routing_offer_id)
    for s in p.scenarios:
        ref(f"scenarios '{s.id}' > workload_id", "workload", s.workload_id)
        for i, so in enumerate(s.options):
            where = f"scenarios '{s.id}' > options[{i}] '{so.label}'"
            opt = so.option
            if isinstance(opt, ApiOption):
                ref(where, "offer", opt.offer_id)
                ref(where, "markup", opt.markup_id)
            elif isinstance(opt, RentalOption):
                ref(where, "rental", opt.rental_id)
            elif isinstance(opt, OwnedOption):
                ref(where, "build", opt.build_id)
    return problems
