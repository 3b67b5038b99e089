"""Import catalog entries from a workbook: our own export (round trip) or a user's simple sheet.

Sheets are matched to catalog sections by name ("API offers", "rentals", "GPUs"), by a
"section" column, or by their headers; headers are matched case- and space-insensitively with
units recognised ("Input $/1M", "input_usd_per_mtok", "Price (USD/hr)"). Every cell that cannot
be read (a date, an error value, a formula without a saved value, NaN, text in a number column)
rejects its row with the sheet, the cell and the reason; nothing is ever evaluated.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import openpyxl
import openpyxl.reader.excel
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from pydantic import ValidationError

from infercost.model.catalog.base import is_flag
from infercost.model.catalog.catalog import SECTIONS
from infercost.model.errors import FileFormatError, InferCostError
from infercost.model.guard import NumberError, cap_text, strict_number
from infercost.model.interchange.excel_catalog import (
    BUILD_PARTS_SHEET,
    RANGE_PAIRS,
    SHEET_NAMES,
    Column,
    columns,
    header_keys,
    normalise_header,
    section_class,
)
from infercost.model.interchange.excel_cells import clean_text
from infercost.model.interchange.excel_guard import MAX_ROWS as WORKBOOK_MAX_ROWS
from infercost.model.interchange.excel_guard import WorkbookScan, read_workbook_bytes
from infercost.model.interchange.import_preview import Candidate, ImportBatch, Rejection
from infercost.model.interchange.importers import slugify

HEADER_SEARCH_ROWS = 30
MAX_ROWS = WORKBOOK_MAX_ROWS + HEADER_SEARCH_ROWS  # per sheet; the guard counts the workbook
MAX_COLS = 60
GENERIC = frozenset({"id", "source", "as_of", "notes", "name", "provider"})
_ALIASES = {
    "rentals": "gpu_rentals", "gpurental": "gpu_rentals", "rental": "gpu_rentals",
    "offers": "api_offers", "apiprices": "api_offers", "prices": "api_offers",
    "markups": "platform_markups", "hosted": "hosted_offers", "hostedoffers": "hosted_offers",
    "tariff": "tariffs", "electricity": "tariffs", "llm": "llms", "models": "llms",
    "formats": "quants", "quantization": "quants", "throughput": "measurements",
    "build": "builds", "gpu": "gpus", "part": "parts",
}  # fmt: skip
Progress = Callable[[int, int], None]


class _Missing:
    pass


MISSING = _Missing()


class _SizedLater(ReadOnlyWorksheet):
    """openpyxl's read-only sheet, minus its size probe: without a <dimension> element the
    probe parses the whole sheet once more just to learn nothing. Rows are bounded by the
    guard's byte count and by ``iter_rows(max_row=...)`` instead."""

    def _get_size(self) -> None:
        return None


openpyxl.reader.excel.ReadOnlyWorksheet = _SizedLater  # type: ignore[misc]


class CellError(ValueError):
    pass


def section_for(title: Any) -> str | None:
    """The catalog section a sheet name or a section cell names, if any."""
    key = normalise_header(str(title))
    for name, (_cls, label) in SECTIONS.items():
        if key in {
            normalise_header(name),
            normalise_header(label),
            normalise_header(SHEET_NAMES[name]),
        }:
            return name
    return _ALIASES.get(key) or _ALIASES.get(key.removesuffix("s"))


def read_workbook(path, *, progress: Progress | None = None) -> ImportBatch:
    """Candidate entries of every catalog sheet of a .xlsx/.xlsm workbook.

    Raises
    ------
    FileFormatError
        Naming the file, when it is not a workbook InferCost can read (see excel_guard).
    """
    name = str(path)
    data, scan = read_workbook_bytes(path)
    try:
        # openpyxl warns about parts it drops (an unknown extension, a bad defined name): the
        # warnings become notes of the preview, never an error or a message on the terminal.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            # Formulas are read in a second pass only when the byte scan saw one.
            forms = (
                openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
                if scan.formulas
                else None
            )
    except InferCostError:
        raise
    except Exception as exc:  # openpyxl raises a dozen types for a broken file: name them once
        raise FileFormatError(name, _unreadable(exc)) from None
    batch = ImportBatch(name, "workbook")
    batch.notes.extend(_warning_notes(caught))
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _read_sheets(values, forms, scan, batch, progress)
        batch.notes.extend(_warning_notes(caught))
    except InferCostError:
        raise
    except Exception as exc:
        raise FileFormatError(name, _unreadable(exc)) from None
    finally:
        values.close()
        if forms is not None:
            forms.close()
    return batch


def _warning_notes(caught) -> list[str]:
    texts = dict.fromkeys(cap_text(str(w.message), 120)[1:-1] for w in caught)
    return [f"the workbook reader noted: {t}" for t in list(texts)[:5]]


def _unreadable(exc: Exception) -> str:
    from defusedxml import DefusedXmlException

    seen, cause = 0, exc
    while cause is not None and seen < 10:  # openpyxl re-raises parse errors as ValueError
        if isinstance(cause, DefusedXmlException):
            return (
                f"declares XML entities or a DTD ({type(cause).__name__}): an XML bomb or an "
                "external entity; refused unread"
            )
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return (
        f"cannot be read as a workbook ({type(exc).__name__}: {cap_text(str(exc), 120)}); "
        "open it in Excel or LibreOffice and save it as .xlsx"
    )


def _read_sheets(values, forms, scan: WorkbookScan, batch: ImportBatch, progress) -> None:
    titles = values.sheetnames
    own = "Cover" in titles and _first_cell(values["Cover"]) == "InferCost workbook"
    builds: list[tuple[dict, str, dict]] = []  # (raw build, location, column letters)
    lines: dict[str, list[tuple[dict, str]]] = {}
    total = max(sum(scan.rows.values()), 1)
    done = 0
    for title in titles:
        ws = values[title]
        if not hasattr(ws, "iter_rows"):
            continue  # a chart sheet
        part = getattr(ws, "_worksheet_path", "")
        wf = forms[title] if forms is not None and part in scan.formulas else None
        state = getattr(ws, "sheet_state", "visible")
        if state != "visible":
            batch.notes.append(
                f"sheet '{cap_text(title, 40)[1:-1]}' is {state} in the workbook; its rows "
                "are read like any other's"
            )
        start = done
        done += scan.rows.get(part, 0)

        def tick(r: int, start: int = start) -> None:
            if progress is not None and r % 500 == 0:
                progress(min(start + r, total), total)  # may raise Cancelled

        if title == BUILD_PARTS_SHEET:
            _read_parts(ws, wf, lines, batch)
            continue
        section = section_for(title)
        if own and title not in SHEET_NAMES.values():
            continue
        tiny = scan.underflows.get(part, set())
        _read_sheet(ws, wf, title, section, batch, builds, tick, tiny)
    _finish_builds(builds, lines, batch)
    if progress is not None:
        progress(total, total)


def _first_cell(ws) -> Any:
    for row in ws.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True):
        return row[0] if row else None
    return None


def _rows(ws, wf):
    """(row number, values, formulas, number formats) of a sheet, bounded in rows and columns.
    Without a formula pass (``wf`` None: the sheet holds no formula) formulas are all None."""
    # No max_col: openpyxl would pad every row to it; rows are cut to MAX_COLS here instead.
    vals = ws.iter_rows(max_row=MAX_ROWS + 1)
    if wf is None:
        for r, vrow in enumerate(vals, start=1):
            vrow = vrow[:MAX_COLS]
            yield r, [_value(c) for c in vrow], [None] * len(vrow), _formats(vrow)
        return
    frms = wf.iter_rows(max_row=MAX_ROWS + 1, values_only=True)
    for r, (vrow, frow) in enumerate(zip(vals, frms, strict=False), start=1):
        vrow = vrow[:MAX_COLS]
        yield r, [_value(c) for c in vrow], list(frow[:MAX_COLS]), _formats(vrow)


def _formats(vrow) -> list[str]:
    return [getattr(c, "number_format", "General") or "General" for c in vrow]


class _TooSmall:
    """A number cell that underflows to 0 (1e-400): openpyxl reads it as 0."""


_TOO_SMALL = _TooSmall()


class ErrorValue(str):
    """A cell holding an Excel error (#DIV/0!, #N/A ...), not text that looks like one."""


def _value(cell) -> Any:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "e" and value is not None:
        return ErrorValue(value)
    return value


def _header(cells: list[Any], section: str | None) -> tuple[str | None, dict[int, str], int | None]:
    """Section, column -> field and the section column's index, when ``cells`` is a header."""
    keys = [normalise_header(c) if isinstance(c, str) and c.strip() else None for c in cells]
    sec_col = next((i for i, k in enumerate(keys) if k in ("section", "catalogsection")), None)
    candidates = [section] if section else list(SECTIONS)
    best, best_map, best_score = None, {}, 0
    for name in candidates:
        table = header_keys(name)
        mapping = {i: table[k] for i, k in enumerate(keys) if k and k in table}
        score = sum(1 for f in mapping.values() if f not in GENERIC) + (
            0.5 if "id" in mapping.values() else 0
        )
        if score > best_score:
            best, best_map, best_score = name, mapping, score
    if sec_col is not None and best_score >= 1:
        return None, _union_map(keys), sec_col
    if best_score >= 1.5 or (section and best_score >= 1):
        return best, best_map, None
    return None, {}, None


def _union_map(keys: list[str | None]) -> dict[int, str]:
    """With a section column, a header may name any section's fields: keep each text key."""
    return {i: k for i, k in enumerate(keys) if k}


def _read_sheet(ws, wf, title, section, batch: ImportBatch, builds, tick=None, tiny=()) -> None:
    header_row, mapping, sec_col, chosen = None, {}, None, None
    rows_seen = 0
    for r, vals, frms, fmts in _rows(ws, wf):
        rows_seen = r
        if tick is not None:
            tick(r)
        if header_row is None:
            if r > HEADER_SEARCH_ROWS:
                break
            chosen, mapping, sec_col = _header(vals, section)
            if mapping:
                header_row = r
            continue
        if r > MAX_ROWS:
            batch.rejected.append(
                Rejection(f"{title}!A{r}", f"rows past {MAX_ROWS:,} are not read")
            )
            break
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in vals):
            continue
        row_section = chosen
        row_map = mapping
        if sec_col is not None:
            row_section = section_for(vals[sec_col]) if vals[sec_col] is not None else None
            if row_section is None:
                batch.rejected.append(
                    Rejection(
                        f"{title}!{get_column_letter(sec_col + 1)}{r}",
                        f"section {cap_text(vals[sec_col])} is not a catalog section",
                    )
                )
                continue
            table = header_keys(row_section)
            row_map = {i: table[k] for i, k in mapping.items() if k in table}
        for ref in [f"{get_column_letter(i + 1)}{r}" for i in row_map if tiny]:
            if ref in tiny:
                vals[column_index_from_string(ref.rstrip("0123456789")) - 1] = _TOO_SMALL
        _read_row(title, r, row_section, row_map, vals, frms, fmts, batch, builds)
    if header_row is None and rows_seen and section is not None:
        batch.rejected.append(
            Rejection(f"{title}!A1", "no header row with catalog columns in the first 30 rows")
        )
    elif header_row is None and rows_seen:
        batch.notes.append(f"sheet '{cap_text(title, 40)[1:-1]}': no catalog columns, skipped")


def _read_row(title, r, section, mapping, vals, frms, fmts, batch, builds) -> None:
    cls = section_class(section)
    cols = {c.field: c for c in columns(section)}
    raw: dict[str, Any] = {}
    letters: dict[str, str] = {}
    for i, fname in mapping.items():
        where = f"{title}!{get_column_letter(i + 1)}{r}"
        targets = RANGE_PAIRS.get(fname, (fname,))
        col = cols.get(targets[0])
        if col is None or i >= len(vals):
            continue
        try:
            value = convert(vals[i], frms[i] if i < len(frms) else None, fmts[i], col, cls)
        except CellError as exc:
            batch.rejected.append(Rejection(where, f"{col.header}: {exc}"))
            return
        if value is MISSING:
            continue
        for t in targets:
            raw.setdefault(t, value)
            letters[t] = where
    if not raw:
        return
    if "id" not in raw:
        ident = _make_id(section, raw)
        if ident is None:
            batch.rejected.append(
                Rejection(f"{title}!A{r}", "no ID (and nothing to make one from)")
            )
            return
        raw["id"] = ident
    if section == "builds":
        builds.append((raw, f"{title}!A{r}", letters))
        return
    _validate(cls, section, raw, f"{title}!A{r}", letters, batch)


def _validate(cls, section, raw, location, letters, batch) -> None:
    try:
        entry = cls.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors(include_url=False)[:3]:
            field = str(err["loc"][0]) if err["loc"] else ""
            where = letters.get(field, location)
            what = f"{field}: " if field else ""
            msg = str(err["msg"]).removeprefix("Value error, ")
            batch.rejected.append(Rejection(where, f"{what}{msg}"))
        return
    batch.candidates.append(Candidate(section, entry, location))


def _make_id(section: str, raw: dict) -> str | None:
    if section in ("api_offers", "hosted_offers") and raw.get("llm_name"):
        return slugify(f"{raw.get('provider', '')}/{raw['llm_name']}".strip("/"))
    if raw.get("name"):
        return slugify(str(raw["name"]))
    return None


def convert(value: Any, formula: Any, fmt: str, col: Column, cls) -> Any:
    """A cell's value as the field takes it, MISSING for an empty cell, else CellError."""
    if value is None:
        formula = getattr(formula, "text", formula)  # an array formula {=...} is an object
        if isinstance(formula, str) and formula.startswith("="):
            raise CellError(
                "a formula without a saved value (InferCost never evaluates formulas: open and "
                "save the file in Excel or LibreOffice, or type the number)"
            )
        return MISSING
    if isinstance(value, ErrorValue):
        raise CellError(f"the error value {cap_text(str(value), 20)[1:-1]}, not a value")
    if value is _TOO_SMALL:
        raise CellError("a number too small to compute with (it reads as 0), like 1e-400")
    if is_flag(cls.model_fields[col.field].annotation):
        return _boolean(value)
    if col.numeric:
        return _number(value, fmt, col)
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, time):
        raise CellError("a time of day, not text")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value).strip()
    return text if text else MISSING


def _number(value: Any, fmt: str, col: Column) -> Any:
    if isinstance(value, datetime | date | time):
        raise CellError("a date, not a number")
    if isinstance(value, bool):
        raise CellError("TRUE/FALSE, not a number")
    if isinstance(value, str):
        text = value.strip().removeprefix("$") if value.strip() else ""
        if not text:
            return MISSING
        if "," in text:
            raise CellError(
                f"{cap_text(value, 30)} has a comma: a decimal comma (2,5) and a thousands "
                "separator (2,500) read differently, so it is not guessed; type 2.5 or 2500, "
                "or store the cell as a number"
            )
        value = text
    try:
        number = strict_number(value, where="value")
    except NumberError as exc:
        raise CellError(str(exc).removeprefix("value ")) from None
    if col.unit == "%" and "%" in fmt and not isinstance(value, str):
        number *= 100  # Excel stores 50% as 0.5
    if col.integer:
        if not number.is_integer():
            raise CellError(f"{number:g} is not a whole number")
        return int(number)
    return number


def _boolean(value: Any) -> bool:
    """TRUE/FALSE cells, or the text true/false; 1, yes, off and the like are refused."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if isinstance(value, str) else None
    if text in ("true", "false"):
        return text == "true"
    raise CellError(f"{cap_text(value)} is not TRUE or FALSE")


def _read_parts(ws, wf, lines: dict, batch: ImportBatch) -> None:
    """Build lines of our own export (Build parts sheet), by build id, in order."""
    for r, vals, _frms, _fmts in _rows(ws, wf):
        if r == 1 or all(v is None for v in vals):
            continue
        cells = (vals + [None] * 7)[:7]
        build_id, kind, item, qty, name, price, power = cells
        where = f"{BUILD_PARTS_SHEET}!A{r}"
        if build_id is None:
            batch.rejected.append(Rejection(where, "no build ID"))
            continue
        if kind == "custom":
            line = {"name": name, "price_usd": price, "power_w": power if power is not None else 0}
        else:
            line = {"item_id": item, "quantity": qty}
        lines.setdefault(str(build_id), []).append(({"kind": kind, **line}, where))


def _finish_builds(builds, lines, batch: ImportBatch) -> None:
    from infercost.model.catalog.build import Build

    for raw, location, letters in builds:
        parts = lines.get(raw["id"], [])
        raw["lines"] = [
            {k: v for k, v in p.items() if k != "kind"} for p, _ in parts if p["kind"] != "custom"
        ]
        raw["custom_lines"] = [
            {k: v for k, v in p.items() if k != "kind"} for p, _ in parts if p["kind"] == "custom"
        ]
        _validate(Build, "builds", raw, location, letters, batch)
