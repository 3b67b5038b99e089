"""What an import would do before it does it: added, changed (old -> new), unchanged and
rejected rows, each rejection with its location and reason, and the catalog it would give.

Every importer (workbook, SkyPilot CSV, LiteLLM, OpenRouter) produces an :class:`ImportBatch`
of candidate entries; :func:`preview` merges it into a copy of the catalog. Applying is one
``ReplaceCatalog`` command with ``preview.catalog``: the user's catalog is never half-changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from infercost.model.catalog.base import Entry
from infercost.model.catalog.catalog import SECTIONS, Catalog, integrity_problems
from infercost.model.errors import InferCostError
from infercost.model.guard import cap_text

MAX_ROUNDS = 50  # integrity passes: each removes the imported entries a problem names


@dataclass(frozen=True, slots=True)
class Rejection:
    """A row that was not imported: where it is (sheet!cell, line N, key 'x') and why."""

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entry read from a file, with where it was read."""

    section: str
    entry: Entry
    location: str


@dataclass
class ImportBatch:
    """What a file held: entries that validated, rows that did not, and remarks."""

    origin: str
    kind: str
    candidates: list[Candidate] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Changed:
    section: str
    id: str
    location: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class Added:
    section: str
    id: str
    location: str


@dataclass(frozen=True)
class ImportPreview:
    """The outcome of an import, computed on a copy; ``catalog`` is what applying gives."""

    origin: str
    kind: str
    added: tuple[Added, ...]
    changed: tuple[Changed, ...]
    unchanged: tuple[Added, ...]
    rejected: tuple[Rejection, ...]
    notes: tuple[str, ...]
    catalog: Catalog

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.changed)

    def summary(self) -> str:
        return (
            f"{len(self.added):,} added, {len(self.changed):,} changed, "
            f"{len(self.unchanged):,} unchanged, {len(self.rejected):,} rejected"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.origin,
            "kind": self.kind,
            "added": [{"section": a.section, "id": a.id, "at": a.location} for a in self.added],
            "changed": [
                {
                    "section": c.section,
                    "id": c.id,
                    "at": c.location,
                    "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in c.fields],
                }
                for c in self.changed
            ],
            "unchanged": [{"section": u.section, "id": u.id} for u in self.unchanged],
            "rejected": [{"at": r.location, "reason": r.reason} for r in self.rejected],
            "notes": list(self.notes),
        }


def preview(catalog: Catalog, batch: ImportBatch) -> ImportPreview:
    """Merge ``batch`` into a copy of ``catalog``: same id in the same section replaces the
    entry, a new id is added. A candidate that clashes with another section's id, repeats an
    id of the same file, or leaves a reference dangling (a rental's GPU not in the catalog) is
    rejected with its reason; the rest still apply."""
    rejected = list(batch.rejected)
    owner = {e.id: name for name, e in catalog.entries()}
    seen: dict[tuple[str, str], str] = {}
    section_of: dict[str, str] = {}
    kept: list[Candidate] = []
    for cand in batch.candidates:
        key = (cand.section, cand.entry.id)
        if key in seen:
            rejected.append(
                Rejection(cand.location, f"id '{cand.entry.id}' repeats {seen[key]}; first kept")
            )
            continue
        other = owner.get(cand.entry.id)
        if other is not None and other != cand.section:
            rejected.append(
                Rejection(
                    cand.location,
                    f"id '{cand.entry.id}' is already used by {SECTIONS[other][1]}",
                )
            )
            continue
        first_section = section_of.setdefault(cand.entry.id, cand.section)
        if first_section != cand.section:
            rejected.append(
                Rejection(
                    cand.location,
                    f"id '{cand.entry.id}' is also read for {SECTIONS[first_section][1]}",
                )
            )
            continue
        seen[key] = cand.location
        kept.append(cand)
    merged = None
    for _ in range(MAX_ROUNDS):
        merged, blamed = _merge(catalog, kept)
        if not blamed:
            break
        for cand, reason in blamed:
            rejected.append(Rejection(cand.location, reason))
        dropped = {id(c) for c, _ in blamed}
        kept = [c for c in kept if id(c) not in dropped]
    else:  # pragma: no cover - each round drops at least one candidate
        kept, merged = [], catalog
    assert merged is not None
    old = {(name, e.id): e for name, e in catalog.entries()}
    added, changed, unchanged = [], [], []
    for cand in kept:
        before = old.get((cand.section, cand.entry.id))
        if before is None:
            added.append(Added(cand.section, cand.entry.id, cand.location))
            continue
        diffs = _diff(before, cand.entry)
        if diffs:
            changed.append(Changed(cand.section, cand.entry.id, cand.location, diffs))
        else:
            unchanged.append(Added(cand.section, cand.entry.id, cand.location))
    return ImportPreview(
        batch.origin,
        batch.kind,
        tuple(added),
        tuple(changed),
        tuple(unchanged),
        tuple(rejected),
        tuple(batch.notes),
        merged if (added or changed) else catalog,
    )


_PROBLEM = re.compile(r"^(\w+) '([^']+)': (.*)$")


def _merge(catalog: Catalog, kept: list[Candidate]) -> tuple[Catalog, list]:
    sections = {name: list(catalog.section(name)) for name in SECTIONS}
    index = {name: {e.id: i for i, e in enumerate(entries)} for name, entries in sections.items()}
    by_key = {}
    for cand in kept:
        entries, pos = sections[cand.section], index[cand.section]
        if cand.entry.id in pos:
            entries[pos[cand.entry.id]] = cand.entry
        else:
            pos[cand.entry.id] = len(entries)
            entries.append(cand.entry)
        by_key[(cand.section, cand.entry.id)] = cand
    merged = Catalog.model_construct(**sections)
    blamed = []
    for problem in integrity_problems(merged):
        m = _PROBLEM.match(problem)
        cand = by_key.get((m.group(1), m.group(2))) if m else None
        if cand is not None and all(c is not cand for c, _ in blamed):
            blamed.append((cand, m.group(3)))
    if blamed:
        return merged, blamed
    # Validated for real (entries are already models, so only the catalog rules run again).
    try:
        return Catalog(**sections), []
    except ValueError as exc:  # a rule no single imported row can be blamed for
        raise InferCostError(
            f"the import would break the catalog: {cap_text(str(exc), 300)}"
        ) from None


def _diff(old: Entry, new: Entry) -> tuple[FieldChange, ...]:
    a, b = old.model_dump(mode="json"), new.model_dump(mode="json")
    return tuple(
        FieldChange(k, _short(a.get(k)), _short(b.get(k))) for k in b if a.get(k) != b.get(k)
    )


def _short(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value if not isinstance(value, str) or len(value) <= 80 else cap_text(value, 80)
    return cap_text(value, 80)
