"""infercost-cli catalog: list the catalog's sections, a section's entries, or one entry."""

from __future__ import annotations

import argparse

from pydantic import BaseModel

from infercost import cli
from infercost.cli import common as c
from infercost.model.catalog.base import Entry
from infercost.model.catalog.catalog import SECTIONS, Catalog
from infercost.model.catalog.fields import field_unit
from infercost.model.errors import UnknownIdError
from infercost.model.guard import printable

# The fields that say what an entry is, per section, for the one-line listing.
_SUMMARY: dict[str, tuple[str, ...]] = {
    "api_offers": ("provider", "llm_name", "input_usd_per_mtok", "output_usd_per_mtok"),
    "hosted_offers": ("provider", "llm_name", "input_usd_per_mtok", "output_usd_per_mtok"),
    "platform_markups": ("platform", "markup_low_pct", "markup_high_pct"),
    "gpu_rentals": ("provider", "gpu_id", "on_demand_low_usd_per_hour", "discounted_usd_per_hour"),
    "gpus": ("name", "vram_gb", "power_w", "price_low_usd", "price_high_usd"),
    "parts": ("name", "kind", "price_low_usd", "power_w"),
    "builds": ("name", "amortization_years", "power_scope"),
    "llms": ("name", "total_params_b", "active_params_b"),
    "quants": ("name", "bits_per_weight"),
    "tariffs": ("name", "usd_per_kwh"),
    "measurements": ("gpu_id", "llm_id", "phase", "low_tokens_per_s", "high_tokens_per_s"),
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "section",
        nargs="?",
        metavar="SECTION",
        help=f"A section ({', '.join(SECTIONS)}) or an entry id",
    )
    p.add_argument("id", nargs="?", metavar="ID", help="An entry of the section to show")
    c.add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="Print JSON")


def run(args: argparse.Namespace) -> int:
    cat = c.load_catalog_source(args)
    if args.section is None:
        return _sections(cat, args.json)
    section = args.section.replace("-", "_").lower()
    if section not in SECTIONS:
        if args.id is None:
            return _show(cat, _find_any(cat, args.section), args.json)
        raise UnknownIdError("catalog section", args.section, SECTIONS)
    if args.id is None:
        return _list(cat, section, args.json)
    return _show(cat, (section, cat.find(args.id, section, what=SECTIONS[section][1])), args.json)


def _find_any(cat: Catalog, ident: str) -> tuple[str, Entry]:
    for name, entry in cat.entries():
        if entry.id == ident:
            return name, entry
    known = [*SECTIONS, *(e.id for _, e in cat.entries())]
    raise UnknownIdError("catalog section or id", ident, known)


def _sections(cat: Catalog, as_json: bool) -> int:
    rows = [(name, title, len(cat.section(name))) for name, (_, title) in SECTIONS.items()]
    if as_json:
        cli.print_json([{"section": n, "title": t, "entries": k} for n, t, k in rows])
    else:
        print(c.table(["section", "title", "entries"], [[n, t, str(k)] for n, t, k in rows]))
    return cli.EXIT_OK


def _list(cat: Catalog, section: str, as_json: bool) -> int:
    entries = cat.section(section)
    if as_json:
        cli.print_json([e.model_dump(mode="json") for e in entries])
        return cli.EXIT_OK
    fields = _SUMMARY[section]
    rows = [[e.id, *(_cell(e, f) for f in fields)] for e in entries]
    print(
        c.table(["id", *(_header(type(entries[0]) if entries else None, f) for f in fields)], rows)
    )
    return cli.EXIT_OK


def _show(cat: Catalog, found: tuple[str, Entry], as_json: bool) -> int:
    section, entry = found
    if as_json:
        cli.print_json({"section": section, "entry": entry.model_dump(mode="json")})
        return cli.EXIT_OK
    print(f"{SECTIONS[section][1]}: {entry.id}")
    width = max(len(n) for n in type(entry).model_fields)
    for name in type(entry).model_fields:
        value = getattr(entry, name)
        if value in (None, "", []):
            continue
        unit = field_unit(type(entry), name)
        if isinstance(value, list):
            value = "; ".join(_inline(v) for v in value)
        print(f"  {name.ljust(width)}  {_plain(value)}{' ' + unit if unit else ''}")
    return cli.EXIT_OK


def _header(cls: type[BaseModel] | None, name: str) -> str:
    unit = field_unit(cls, name) if cls is not None else ""
    return f"{name} ({unit})" if unit else name


def _cell(entry: Entry, name: str) -> str:
    value = getattr(entry, name, None)
    return "-" if value is None else _plain(value)


def _plain(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return printable(str(getattr(value, "value", value)))


def _inline(value: object) -> str:
    if isinstance(value, BaseModel):
        return ", ".join(f"{k}={_plain(v)}" for k, v in value.model_dump().items())
    return _plain(value)
