"""Table columns generated from pydantic fields: header with unit, tooltip, and cell text."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel

from infercost.model.catalog.build import Build
from infercost.model.catalog.fields import field_rule
from infercost.model.edits.commands import entry_class
from infercost.model.formatting import format_money, format_number

# Provenance goes last so the figures come first, but stays visible (the user must see
# where a number comes from before trusting it).
_TRAILING = ("source", "as_of", "notes")
EMPTY = "—"


@dataclass(frozen=True)
class Column:
    """One table column: a field of the section's entries."""

    field: str
    label: str
    unit: str
    description: str
    editable: bool
    numeric: bool
    optional: bool
    choices: tuple[str, ...] | None
    anchor: str = ""  # the field's entry in the built-in guide
    help_line: str = ""  # unit, field and F1 for a tooltip

    @property
    def header(self) -> str:
        """Two-line header: the label, then the unit (narrow columns, units always shown)."""
        return f"{self.label}\n{self.unit}" if self.unit else self.label


def columns_for(section: str) -> list[Column]:
    """The columns of a catalog (or project) section, in display order."""
    cls = entry_class(section)
    names = [n for n in cls.model_fields if n not in _TRAILING]
    names += [n for n in _TRAILING if n in cls.model_fields]
    return [_column(cls, n) for n in names]


def _column(cls: type[BaseModel], name: str) -> Column:
    rule = field_rule(cls, name)
    return Column(
        field=name,
        label=rule.label[:1].upper() + rule.label[1:],
        unit=rule.unit,
        description=rule.description,
        editable=name not in _NESTED,
        numeric=rule.numeric,
        optional=rule.optional,
        choices=rule.choices,
        anchor=rule.anchor,
        help_line=rule.help_line,
    )


# Nested lists: shown as a summary; edited by their own editor (the build configurator).
_NESTED = frozenset({"lines", "custom_lines", "options"})


def display_text(entry: BaseModel, col: Column) -> str:
    """The cell text of one field of one entry."""
    value = getattr(entry, col.field)
    if value is None:
        return EMPTY
    if col.field in _NESTED:
        return nested_summary(entry, col.field)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return format_number(value, col.unit)
    return str(value)


def edit_text(entry: BaseModel, col: Column) -> str:
    """The text an editor starts from: the exact stored value, no formatting."""
    value = getattr(entry, col.field)
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else f"{value:.0f}"
    return str(value)


def sort_key(entry: BaseModel, col: Column) -> Any:
    """A value that sorts like the data: numbers numerically, empty cells first."""
    value = getattr(entry, col.field)
    if col.numeric:
        return float(value) if isinstance(value, int | float) else float("-inf")
    return display_text(entry, col).casefold() if value is not None else ""


def nested_summary(entry: BaseModel, field: str) -> str:
    """One line for a nested list: "2 × rtx-5090, 1 × ryzen-9" or "3 options"."""
    items = getattr(entry, field)
    if not items:
        return EMPTY
    if isinstance(entry, Build) and field == "lines":
        return ", ".join(f"{line.quantity} × {line.item_id}" for line in items)
    if isinstance(entry, Build) and field == "custom_lines":
        return ", ".join(
            f"{line.name} ({format_money(line.price_usd, whole=True)})" for line in items
        )
    labels = [getattr(i, "label", None) or getattr(i, "name", None) or "" for i in items]
    return ", ".join(x for x in labels if x) or f"{len(items)} items"
