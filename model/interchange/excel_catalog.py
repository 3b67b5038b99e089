"""How the catalog is laid out in a workbook: one sheet and Table per section, the headers (label
and unit, from model/catalog/fields.py) and the header spellings an import recognises."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel

from infercost.model.catalog.build import Build
from infercost.model.catalog.catalog import SECTIONS
from infercost.model.catalog.fields import (
    allows_none,
    field_label,
    field_unit,
    is_integer,
    is_number,
)

# Sheet name of each section in an exported workbook (Excel allows 31 characters). The builds
# section is "Build settings": "Builds" is the bill-of-materials calculation sheet.
SHEET_NAMES: dict[str, str] = {
    name: ("Build settings" if name == "builds" else title) for name, (_, title) in SECTIONS.items()
}
BUILD_PARTS_SHEET = "Build parts"
BUILD_PARTS_COLUMNS = ("build_id", "line", "item_id", "quantity", "name", "price_usd", "power_w")
BUILD_PARTS_HEADERS = {
    "build_id": "Build ID",
    "line": "Line (part or custom)",
    "item_id": "Item ID (GPU or part)",
    "quantity": "Quantity",
    "name": "Name (custom line)",
    "price_usd": "Price ($, custom line)",
    "power_w": "Power (W, custom line)",
}
# Nested lists are not columns: a build's lines live on the Build parts sheet.
NESTED = frozenset({"lines", "custom_lines"})


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a section's Table: the field, its header and how its cells are formatted."""

    field: str
    header: str
    unit: str
    numeric: bool
    integer: bool
    optional: bool


def section_class(section: str) -> type[BaseModel]:
    return SECTIONS[section][0]


def columns(section: str) -> tuple[Column, ...]:
    """The Table columns of a section, in the model's field order (nested lists left out)."""
    return _columns(section_class(section))


_CACHE: dict[type, tuple[Column, ...]] = {}


def _columns(cls: type[BaseModel]) -> tuple[Column, ...]:
    if cls in _CACHE:
        return _CACHE[cls]
    out = []
    seen: set[str] = set()
    for name, info in cls.model_fields.items():
        if name in NESTED:
            continue
        unit = field_unit(cls, name)
        label = field_label(cls, name)
        label = label[:1].upper() + label[1:]
        header = f"{label} ({unit})" if unit else label
        if header.lower() in seen:  # Table headers must be unique
            header = name
        seen.add(header.lower())
        ann = info.annotation
        out.append(Column(name, header, unit, is_number(ann), is_integer(ann), allows_none(ann)))
    _CACHE[cls] = tuple(out)
    return _CACHE[cls]


def number_format(col: Column) -> str:
    """An Excel number format for a column: money with cents, counts with separators."""
    if not col.numeric:
        return "@"
    if col.integer:
        return "#,##0"
    if col.unit.startswith("$"):
        return "$#,##0.00##"
    if col.unit == "%":
        return "0.##"
    return "#,##0.####"


def cell_value(value: Any) -> Any:
    """A field value as a cell holds it: enums as their text, None as an empty cell."""
    if isinstance(value, Enum):
        return value.value
    return value


# --- header recognition (import) -----------------------------------------------------------

_UNIT_WORDS = (
    (r"\$|\busd\b|dollars?", "usd"),
    (r"(/|\bper\b)\s*(1\s*m|1m|m|mtok|million|1,000,000|1e6)\s*(tok(en)?s?)?\b", "permtok"),
    (r"(/|\bper\b)\s*(hr|h|hour)\b", "perhour"),
    (r"(/|\bper\b)\s*(kwh)\b", "perkwh"),
    (r"(/|\bper\b)\s*(mo|month)\b", "permonth"),
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise_header(text: str) -> str:
    """A header reduced to letters and digits with its unit spelled one way.

    "Input $/1M", "input_usd_per_mtok" and "Input price (USD/Mtok)" all contain
    "inputusdpermtok" once "price" is dropped (see :func:`header_keys`).
    """
    t = str(text).strip().lower().replace("_", " ")
    for pattern, word in _UNIT_WORDS:
        t = re.sub(pattern, f" {word} ", t)
    return _NON_ALNUM.sub("", t)


# Headers a person types for a field that has no one spelling (section -> key -> field).
# "price" alone on a rental or a part is the single price of a range: both ends get it.
SYNONYMS: dict[str, dict[str, str]] = {
    "*": {"key": "id", "name": "name", "model": "llm_name", "provider": "provider"},
    "api_offers": {
        "inputusdpermtok": "input_usd_per_mtok",
        "outputusdpermtok": "output_usd_per_mtok",
        "input": "input_usd_per_mtok",
        "output": "output_usd_per_mtok",
        "cachedinputusdpermtok": "cached_input_usd_per_mtok",
        "cachedusdpermtok": "cached_input_usd_per_mtok",
        "cacheread": "cached_input_usd_per_mtok",
        "batchdiscount": "batch_discount_pct",
        "llm": "llm_name",
    },
    "gpu_rentals": {
        "priceusdperhour": "*on_demand_usd_per_hour",
        "usdperhour": "*on_demand_usd_per_hour",
        "price": "*on_demand_usd_per_hour",
        "ondemandusdperhour": "*on_demand_usd_per_hour",
        "spotpriceusdperhour": "discounted_usd_per_hour",
        "spotusdperhour": "discounted_usd_per_hour",
        "gpu": "gpu_id",
        "gpus": "gpus_per_instance",
    },
    "gpus": {"priceusd": "*price_usd", "price": "*price_usd"},
    "parts": {"priceusd": "*price_usd", "price": "*price_usd"},
    "tariffs": {"priceusdperkwh": "usd_per_kwh", "usdperkwh": "usd_per_kwh"},
}
SYNONYMS["hosted_offers"] = SYNONYMS["api_offers"]
# A single price that fills both ends of a range.
RANGE_PAIRS = {
    "*on_demand_usd_per_hour": ("on_demand_low_usd_per_hour", "on_demand_high_usd_per_hour"),
    "*price_usd": ("price_low_usd", "price_high_usd"),
}


def header_keys(section: str) -> dict[str, str]:
    """Normalised header -> field name for a section: names, labels with and without units."""
    keys: dict[str, str] = {}
    keys.update(
        {k: v for k, v in SYNONYMS["*"].items() if v in section_class(section).model_fields}
    )
    for col in columns(section):
        label = field_label(section_class(section), col.field)
        for text in (col.field, col.header, label, f"{label} {col.unit}"):
            key = normalise_header(text)
            keys.setdefault(key, col.field)
            keys.setdefault(key.replace("price", ""), col.field)
    keys.update(SYNONYMS.get(section, {}))
    return keys


def build_sheet_title(build: Build) -> str:
    return f"{build.name} ({build.id})"
