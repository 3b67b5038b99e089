"""The price catalog: every section, its integrity rules and id lookups."""

from collections import Counter
from collections.abc import Iterator
from typing import Self, TypeVar

from pydantic import Field, model_validator

from infercost.model.catalog.base import Entry, Strict
from infercost.model.catalog.build import MAX_BUILD_GPUS, Build
from infercost.model.catalog.entries import (
    ApiOffer,
    Gpu,
    GpuRental,
    LlmSpec,
    Measurement,
    Part,
    PlatformMarkup,
    QuantFormat,
    Tariff,
)
from infercost.model.errors import CatalogError, UnknownIdError, closest

E = TypeVar("E", bound=Entry)

# Section name -> (entry class, user-facing title). The order is the order of the editor's tabs.
SECTIONS: dict[str, tuple[type[Entry], str]] = {
    "api_offers": (ApiOffer, "API offers"),
    "platform_markups": (PlatformMarkup, "Platform markups"),
    "hosted_offers": (ApiOffer, "Hosted open-weight offers"),
    "gpu_rentals": (GpuRental, "GPU rentals"),
    "gpus": (Gpu, "GPUs"),
    "parts": (Part, "Parts"),
    "builds": (Build, "Builds"),
    "llms": (LlmSpec, "LLM specs"),
    "quants": (QuantFormat, "Quantization formats"),
    "tariffs": (Tariff, "Electricity tariffs"),
    "measurements": (Measurement, "Throughput measurements"),
}


class Catalog(Strict):
    """All prices and specs a project computes from."""

    api_offers: list[ApiOffer] = Field(default_factory=list)
    platform_markups: list[PlatformMarkup] = Field(default_factory=list)
    hosted_offers: list[ApiOffer] = Field(default_factory=list)
    gpu_rentals: list[GpuRental] = Field(default_factory=list)
    gpus: list[Gpu] = Field(default_factory=list)
    parts: list[Part] = Field(default_factory=list)
    builds: list[Build] = Field(default_factory=list)
    llms: list[LlmSpec] = Field(default_factory=list)
    quants: list[QuantFormat] = Field(default_factory=list)
    tariffs: list[Tariff] = Field(default_factory=list)
    measurements: list[Measurement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _integrity(self) -> Self:
        problems = integrity_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def check(self) -> None:
        """Raise CatalogError if a list was mutated into a state the validator would refuse."""
        problems = integrity_problems(self)
        if problems:
            raise CatalogError(problems)

    def section(self, name: str) -> list[Entry]:
        """The entries of one section, by its field name."""
        if name not in SECTIONS:
            raise UnknownIdError("catalog section", name, SECTIONS)
        return getattr(self, name)

    def entries(self) -> Iterator[tuple[str, Entry]]:
        """Every entry with the name of its section."""
        for name in SECTIONS:
            for entry in getattr(self, name):
                yield name, entry

    def find(self, entry_id: str, *sections: str, what: str = "id") -> Entry:
        """Look an id up in the given sections (all when none are named).

        Raises
        ------
        UnknownIdError
            With the closest known ids when nothing matches.
        """
        names = sections or tuple(SECTIONS)
        for name in names:
            for entry in getattr(self, name):
                if entry.id == entry_id:
                    return entry
        known = [e.id for n in names for e in getattr(self, n)]
        raise UnknownIdError(what, entry_id, known)

    def gpu(self, gpu_id: str) -> Gpu:
        return self.find(gpu_id, "gpus", what="GPU")  # type: ignore[return-value]

    def llm(self, llm_id: str) -> LlmSpec:
        return self.find(llm_id, "llms", what="LLM")  # type: ignore[return-value]

    def quant(self, quant_id: str) -> QuantFormat:
        return self.find(quant_id, "quants", what="quantization")  # type: ignore[return-value]

    def offer(self, offer_id: str) -> ApiOffer:
        return self.find(offer_id, "api_offers", "hosted_offers", what="API offer")  # type: ignore[return-value]

    def rental(self, rental_id: str) -> GpuRental:
        return self.find(rental_id, "gpu_rentals", what="GPU rental")  # type: ignore[return-value]

    def build(self, build_id: str) -> Build:
        return self.find(build_id, "builds", what="build")  # type: ignore[return-value]

    def tariff(self, tariff_id: str) -> Tariff:
        return self.find(tariff_id, "tariffs", what="tariff")  # type: ignore[return-value]

    def markup(self, markup_id: str) -> PlatformMarkup:
        return self.find(markup_id, "platform_markups", what="platform markup")  # type: ignore[return-value]

    def item(self, item_id: str) -> Gpu | Part:
        return self.find(item_id, "gpus", "parts", what="GPU or part")  # type: ignore[return-value]


def integrity_problems(cat: Catalog) -> list[str]:
    """Every duplicate id and dangling reference, each naming the entry and the field.

    Linear in the catalog: each reference pool is built once, and the common case (an id that
    resolves) is one set lookup; only a problem pays for its message.
    """
    problems: list[str] = []
    lists = {name: getattr(cat, name) for name in SECTIONS}
    ids = {name: {e.id for e in entries} for name, entries in lists.items()}
    if sum(map(len, lists.values())) != len(set().union(*ids.values())):
        counts = Counter(e.id for entries in lists.values() for e in entries)
        for name, entries in lists.items():
            problems += [
                f"{name} '{e.id}': id is used by {counts[e.id]} entries"
                for e in entries
                if counts[e.id] > 1
            ]
    parts = ids["gpus"] | ids["parts"]
    gpus, llms, quants, tariffs = ids["gpus"], ids["llms"], ids["quants"], ids["tariffs"]

    def miss(section: str, entry: Entry, field: str, value: str, *targets: str) -> None:
        pool = set().union(*(ids[t] for t in targets))
        hint = closest(value, pool)
        tip = f" (did you mean {', '.join(hint)}?)" if hint else ""
        problems.append(
            f"{section} '{entry.id}': {field} '{value}' is not in {'/'.join(targets)}{tip}"
        )

    for section in ("api_offers", "hosted_offers"):
        for offer in lists[section]:
            if offer.llm_id is not None and offer.llm_id not in llms:
                miss(section, offer, "llm_id", offer.llm_id, "llms")
    for rental in cat.gpu_rentals:
        if rental.gpu_id not in gpus:
            miss("gpu_rentals", rental, "gpu_id", rental.gpu_id, "gpus")
    for build in cat.builds:
        for i, line in enumerate(build.lines):
            if line.item_id not in parts:
                miss("builds", build, f"lines[{i}].item_id", line.item_id, "gpus", "parts")
        n_gpus = sum(line.quantity for line in build.lines if line.item_id in gpus)
        if n_gpus > MAX_BUILD_GPUS:
            problems.append(
                f"builds '{build.id}': {n_gpus:,} GPUs; a build holds at most "
                f"{MAX_BUILD_GPUS:,} (what one estimate covers)"
            )
        if build.tariff_id is not None and build.tariff_id not in tariffs:
            miss("builds", build, "tariff_id", build.tariff_id, "tariffs")
        if build.tariff_id is None and build.usd_per_kwh is None:
            problems.append(f"builds '{build.id}': needs a tariff_id or a usd_per_kwh")
    for m in cat.measurements:
        if m.gpu_id not in gpus:
            miss("measurements", m, "gpu_id", m.gpu_id, "gpus")
        if m.llm_id not in llms:
            miss("measurements", m, "llm_id", m.llm_id, "llms")
        if m.quant_id is not None and m.quant_id not in quants:
            miss("measurements", m, "quant_id", m.quant_id, "quants")
    return problems
