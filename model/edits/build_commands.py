"""Edits the build configurator needs beyond one field: several fields at once, new builds."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from infercost.model.catalog.build import Build
from infercost.model.catalog.fields import field_label, validation_message
from infercost.model.catalog.fileio import default_catalog
from infercost.model.edits.commands import (
    Change,
    Command,
    HasProject,
    InsertRows,
    _probe,
    _refuse_problems,
    section_list,
    unused_id,
)
from infercost.model.errors import EditRefused, UnknownIdError

PRESETS: dict[str, str] = {
    "rtx-5090-rig": "the seed's RTX 5090 local rig ($3,350)",
    "8x-h100-node": "an 8x H100 SXM node",
}
"""Default-catalog builds a new build can start from, with what each one is."""


class SetFields(Command):
    """Set several fields of one entry together (a tariff chosen clears the own price): one
    validation, one undo step."""

    def __init__(
        self, doc: HasProject, section: str, row: int, values: dict[str, Any], text: str = ""
    ) -> None:
        entries = section_list(doc.project, section)
        if not 0 <= row < len(entries):
            raise EditRefused(f"{section}: there is no row {row}")
        if not values:
            raise EditRefused(f"{section}: nothing to set")
        old = entries[row]
        cls = type(old)
        for name in values:
            if name not in cls.model_fields:
                raise UnknownIdError(f"field of {section}", name, cls.model_fields)
        try:
            new = cls.model_validate({**old.model_dump(), **values})
        except ValidationError as exc:
            raise EditRefused(f"{old.id}: {validation_message(cls, exc)}") from None
        labels = ", ".join(field_label(cls, n) for n in values)
        self.text = text or f"Edit {labels} of {old.id}"
        _refuse_problems(
            _probe(doc.project, section, [*entries[:row], new, *entries[row + 1 :]]), self.text
        )
        self.section, self.row, self.old, self.new = section, row, old, new

    def apply_change(self) -> Change:
        return Change("set", self.section, self.row, 1)

    revert_change = apply_change

    def apply(self, doc: HasProject) -> Change:
        section_list(doc.project, self.section)[self.row] = self.new
        return self.apply_change()

    def revert(self, doc: HasProject) -> Change:
        section_list(doc.project, self.section)[self.row] = self.old
        return self.revert_change()


def new_build(doc: HasProject, preset: str | None = None) -> InsertRows:
    """Add a build at the end: empty, or a copy of a default-catalog preset under a new id.

    An empty build is priced at the project's first tariff (the default catalog's when the
    project has none, as its own USD/kWh).
    """
    project = doc.project
    row = len(project.catalog.builds)
    if preset is None:
        energy: dict[str, Any]
        if project.catalog.tariffs:
            energy = {"tariff_id": project.catalog.tariffs[0].id}
        else:
            defaults = default_catalog().tariffs
            if not defaults:
                raise EditRefused("New build: no tariff to price its electricity; add one first")
            energy = {"usd_per_kwh": defaults[0].usd_per_kwh}
        build = Build(id=unused_id(project, "build"), name="New build", **energy)
        return InsertRows(doc, "builds", row, [build], text="New empty build")
    if preset not in PRESETS:
        raise UnknownIdError("preset", preset, list(PRESETS))
    source = next(b for b in default_catalog().builds if b.id == preset)
    build = source.model_copy(update={"id": unused_id(project, preset)})
    return InsertRows(doc, "builds", row, [build], text=f"New build from {source.name}")


def duplicate_build(doc: HasProject, row: int) -> InsertRows:
    """A copy of build ``row`` under a new id, right after it."""
    builds = doc.project.catalog.builds
    if not 0 <= row < len(builds):
        raise EditRefused(f"builds: there is no row {row}")
    old = builds[row]
    copy = old.model_copy(
        update={"id": unused_id(doc.project, old.id), "name": f"{old.name} (copy)"[:200]}
    )
    return InsertRows(doc, "builds", row + 1, [copy], text=f"Duplicate {old.id}")
