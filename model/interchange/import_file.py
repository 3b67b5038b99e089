"""One entry point for every import: recognise the file, read it, preview the merge."""

from __future__ import annotations

import re
from pathlib import Path

from infercost.model.catalog.catalog import Catalog
from infercost.model.errors import FileFormatError
from infercost.model.guard import read_head
from infercost.model.interchange.import_preview import (
    Candidate,
    ImportBatch,
    ImportPreview,
    Rejection,
    preview,
)
from infercost.model.interchange.importers import read_price_file

FORMATS = ("auto", "workbook", "skypilot", "litellm", "openrouter")
_KEY = re.compile(r"\((?:key|id) '(.*)'\)$")


def detect(path: str | Path) -> str:
    """workbook, skypilot or json (LiteLLM and OpenRouter are told apart by content)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "workbook"
    if suffix == ".csv":
        return "skypilot"
    if suffix == ".json":
        return "json"
    if suffix in (".ods", ".xls", ".numbers"):
        raise FileFormatError(str(p), f"{suffix} files are not read; save it as .xlsx")
    head = read_head(p, 4096, what="price file")
    if head.startswith(b"PK"):
        return "workbook"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return "json"
    if b"InstanceType" in head.split(b"\n", 1)[0]:
        return "skypilot"
    raise FileFormatError(
        str(p),
        "is not a file InferCost imports: a workbook (.xlsx), a SkyPilot catalog (.csv) or "
        "a LiteLLM or OpenRouter price list (.json)",
    )


def read_batch(path: str | Path, catalog: Catalog, fmt: str = "auto", progress=None) -> ImportBatch:
    """The candidate entries and rejected rows of a file."""
    kind = detect(path) if fmt == "auto" else fmt
    if kind == "workbook":
        from infercost.model.interchange.excel_import import read_workbook

        return read_workbook(path, progress=progress)
    if kind == "skypilot":
        from infercost.model.interchange.rental_import import read_skypilot

        return read_skypilot(path, catalog, progress=progress)
    if kind in ("json", "litellm", "openrouter"):
        result = read_price_file(path, "auto" if kind == "json" else kind, progress)
        if kind == "json":
            openrouter = any(o.tier == "openrouter" for o in result.offers)
            kind = "openrouter" if openrouter else "litellm"
        batch = ImportBatch(str(path), kind)
        for offer in result.offers:
            m = _KEY.search(offer.source)
            where = f"key '{m.group(1)}'" if m else offer.id
            batch.candidates.append(Candidate("api_offers", offer, where))
        batch.rejected.extend(Rejection(f"key '{s.key}'", s.reason) for s in result.skipped)
        batch.notes.extend(f"{f.id}: {f.reason}" for f in result.flagged)
        return batch
    raise FileFormatError(str(path), f"unknown import format {fmt!r} ({', '.join(FORMATS)})")


def read_import(
    path: str | Path, catalog: Catalog, fmt: str = "auto", progress=None
) -> ImportPreview:
    """Read a file and preview what importing it into ``catalog`` would do."""
    return preview(catalog, read_batch(path, catalog, fmt, progress))
