"""Open a spreadsheet file only after its container has been checked: a regular file of bounded
size (model/guard.py), a zip whose central directory promises a bounded, plausibly compressed
content (no zip bomb), and XML parsed by defusedxml (no entity expansion, no external entity)."""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from infercost.model.errors import FileFormatError
from infercost.model.guard import cap_text, read_bounded

MAX_WORKBOOK_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_UNCOMPRESSED = 300 * 1024 * 1024
"""All members together, unpacked. openpyxl in read-only mode streams the worksheets."""
MAX_PART = 40 * 1024 * 1024
"""Any other part (shared strings, styles, the workbook) is parsed whole into a tree or a list
of strings, ~10-30 bytes of Python objects per byte of XML: 40 MB keeps that under 1 GB."""
MAX_SHARED_STRINGS = 8 * 1024 * 1024
"""The shared-strings part is read whole before any sheet: ~3 s for 8 MB on a busy 2-core
machine, so a workbook of the allowed size is read in a few seconds."""
MAX_SHEETS = 200
MAX_ROWS = 10_000
"""Rows per workbook: a catalog or a provider's price list holds a few thousand rows (LiteLLM's
whole map is ~2,500 models); each row becomes a validated entry in the preview."""
HEADER_ROWS = 30
"""Rows above a sheet's entries (title, notes, the header) that the row limit does not count."""
MAX_CELLS = 150_000
"""Cells per workbook (all sheets). openpyxl parses sheets through defusedxml's pure-Python
XML layer: ~50,000 cells a second of CPU on this project's 2-core machine, checks and preview
included, so the largest accepted workbook (10,000 entries of 15 columns) imports in about
3 s; anything larger is refused before a sheet is parsed, with the limit named."""
MIN_RATIO = 0.01  # compressed / uncompressed below this (over 100:1) is a bomb (Apache POI)
RATIO_FROM_BYTES = 1024 * 1024  # small members may compress better (a sheet of zeros)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def defused() -> bool:
    """openpyxl parses with defusedxml (it does only when defusedxml is importable)."""
    return bool(getattr(openpyxl, "DEFUSEDXML", False))


def read_workbook_bytes(path: str | Path) -> tuple[bytes, WorkbookScan]:
    """The bytes of a .xlsx/.xlsm file and its sheets' counts, refused early with a reason
    when it cannot be one or is over the limits."""
    name = str(path)
    if not defused():
        raise FileFormatError(name, "defusedxml is not installed: workbooks are not read")
    data = read_bounded(path, max_bytes=MAX_WORKBOOK_BYTES, what="workbook")
    if data.startswith(OLE_MAGIC):
        raise FileFormatError(
            name,
            "is password-protected or an old .xls workbook; save it in Excel as .xlsx "
            "without a password and import that",
        )
    return data, check_zip(data, name)


def check_zip(data: bytes, name: str) -> WorkbookScan:
    """Refuse a zip whose central directory lists too many members, too much content, a
    compression ratio no spreadsheet has, or a member Python cannot unpack (encrypted, a later
    zip version, another compression method), before a single member is inflated. Then count
    the sheets' rows and cells with a byte scan (no XML is parsed) and refuse a workbook over
    the limits at once, naming the limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            _check_members(infos, name)
            names = {i.filename for i in infos}
            mimetype = _read_capped(z, "mimetype", 100) if "mimetype" in names else b""
            if b"opendocument" in mimetype:
                raise FileFormatError(
                    name, "is an OpenDocument spreadsheet (.ods); save it as .xlsx and import that"
                )
            if "xl/workbook.xml" not in names and not any(
                n.endswith("workbook.xml") for n in names
            ):
                raise FileFormatError(
                    name, "is a zip file but not an Excel workbook (no workbook part)"
                )
            return _scan_sheets(z, infos, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, zlib.error):
        raise FileFormatError(name, "is not an .xlsx workbook (not a valid zip file)") from None
    except NotImplementedError as exc:  # a "version needed to extract" above zipfile's
        raise FileFormatError(
            name, f"is a damaged workbook ({cap_text(str(exc), 60)[1:-1]}; Excel writes 2.0)"
        ) from None


def _check_members(infos: list[zipfile.ZipInfo], name: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise FileFormatError(name, f"holds {len(infos):,} parts; a workbook has far fewer")
    total = 0
    for info in infos:
        part = repr(info.filename[:60])
        if info.flag_bits & 0x1:
            raise FileFormatError(
                name, f"part {part} is encrypted; save the workbook without a password"
            )
        if info.extract_version > zipfile.MAX_EXTRACT_VERSION:
            raise FileFormatError(
                name,
                f"is a damaged workbook: part {part} needs zip version "
                f"{info.extract_version / 10:.1f} to unpack (Excel writes 2.0)",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FileFormatError(
                name,
                f"is a damaged workbook: part {part} uses compression method "
                f"{info.compress_type} (Excel uses deflate)",
            )
        total += info.file_size
        if total > MAX_UNCOMPRESSED:
            raise FileFormatError(
                name,
                f"unpacks to more than {MAX_UNCOMPRESSED // 2**20} MB; that is more than "
                "InferCost reads (a zip bomb, or far too large a sheet)",
            )
        if info.file_size > RATIO_FROM_BYTES and info.compress_size < info.file_size * MIN_RATIO:
            ratio = info.file_size // max(info.compress_size, 1)
            raise FileFormatError(
                name,
                f"part {part} is compressed {ratio:,}:1; no spreadsheet compresses like that "
                "(a zip bomb)",
            )
        limit = MAX_SHARED_STRINGS if info.filename.endswith("sharedStrings.xml") else MAX_PART
        if info.file_size > limit and not _is_sheet(info.filename):
            raise FileFormatError(
                name,
                f"part {part} unpacks to {_size(info.file_size)}; InferCost reads parts of at "
                f"most {_size(limit)} besides the sheets",
            )


def _is_sheet(member: str) -> bool:
    return member.startswith("xl/worksheets/") and member.endswith(".xml")


def _read_capped(z: zipfile.ZipFile, member: str, cap: int) -> bytes:
    with z.open(member) as fh:
        return fh.read(cap)


@dataclass
class WorkbookScan:
    """What the byte scan of the sheets found: rows and cells per sheet part, and whether a
    part holds any formula (only then is a second, formula-reading pass needed)."""

    rows: dict[str, int] = field(default_factory=dict)
    cells: dict[str, int] = field(default_factory=dict)
    formulas: set[str] = field(default_factory=set)
    underflows: dict[str, set[str]] = field(default_factory=dict)
    """Cells (A1 references) per part whose number, like 1e-400, underflows to 0: openpyxl
    would read it as 0 without a word."""


# Tags with or without a namespace prefix (<c ...>, <x:c ...>); '<f' never starts another tag
# of a sheet (conditional formats use <formula>).
_CELL = (b"<c ", b"<c>", b":c ", b":c>")
_ROW = (b"<row ", b"<row>", b":row ", b":row>")
_FORMULA = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/")
SCAN_CHUNK = 1 << 20
_TINY = re.compile(
    rb'\br="([A-Z]{1,3}[0-9]{1,7})"[^>]*>(?:<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>))?'
    rb"<(?:\w+:)?v>\s*([-+]?[0-9]*\.?[0-9]+[eE]-[0-9]{3,})\s*<"
)


def _scan_sheets(z: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> WorkbookScan:
    found = WorkbookScan()
    sheets = [i for i in infos if _is_sheet(i.filename)]
    if len(sheets) > MAX_SHEETS:
        raise FileFormatError(
            name, f"holds {len(sheets):,} sheets; InferCost imports at most {MAX_SHEETS}"
        )
    rows = cells = 0
    for info in sheets:
        tail = back = b""
        with z.open(info) as fh:
            while chunk := fh.read(SCAN_CHUNK):
                if b"e-" in chunk or b"E-" in chunk:
                    _underflows(back + chunk, found.underflows.setdefault(info.filename, set()))
                back = chunk[-300:]  # a cell cut by the chunk boundary is seen whole next time
                buf = tail + chunk
                r = sum(buf.count(t) for t in _ROW)
                c = sum(buf.count(t) for t in _CELL)
                if any(t in buf for t in _FORMULA):
                    found.formulas.add(info.filename)
                tail = buf[-5:]
                # the 5-byte tail holds no whole tag, so nothing is counted twice
                rows, cells = rows + r, cells + c
                found.rows[info.filename] = found.rows.get(info.filename, 0) + r
                found.cells[info.filename] = found.cells.get(info.filename, 0) + c
                if rows > MAX_ROWS + HEADER_ROWS * len(sheets) or cells > MAX_CELLS:
                    raise FileFormatError(name, _over_limits(rows, cells))
    return found


def _underflows(buf: bytes, refs: set[str]) -> None:
    for m in _TINY.finditer(buf):
        with contextlib.suppress(ValueError):
            if float(m.group(2)) == 0.0 and re.search(
                rb"[1-9]", m.group(2).split(b"e")[0].split(b"E")[0]
            ):
                refs.add(m.group(1).decode())


def _over_limits(rows: int, cells: int) -> str:
    what = f"more than {MAX_CELLS:,} cells" if cells > MAX_CELLS else f"more than {MAX_ROWS:,} rows"
    return (
        f"holds {what}; InferCost imports workbooks of at most {MAX_ROWS:,} rows and "
        f"{MAX_CELLS:,} cells (split it, or keep only the rows to import)"
    )


def _size(n: int) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 100_000 else f"{n:,} bytes"
