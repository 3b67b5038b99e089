"""A minimal .xlsx writer for hostile workbooks: every part written by hand, so a case can say
exactly what a file holds (a lying zip header, an array formula without a cached value, a
hidden sheet, a number openpyxl would round to 0) and large sheets are written in a second."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}{strings}</Types>"
)
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

Cell = object  # str (inline text), int/float (number), Formula, or None


@dataclass(frozen=True)
class Formula:
    """A formula cell; ``cached`` None writes no saved value; ``array`` makes it {=...}."""

    text: str
    cached: float | None = None
    array: bool = False


@dataclass(frozen=True)
class RawNumber:
    """A number cell written exactly as ``text`` (``1e-400``, ``2,5``)."""

    text: str


@dataclass
class Sheet:
    title: str
    rows: Iterable[Sequence[Cell]] = ()
    state: str = "visible"
    shared: bool = False  # text as shared strings instead of inline strings
    dimension: str | None = None
    extra_rows: int = 0  # rows of one number appended after ``rows`` (fast bulk)
    extra_cols: int = 1
    strings: list[str] = field(default_factory=list)


def _col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell(ref: str, v: Cell, sheet: Sheet) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return f'<c r="{ref}" t="b"><v>{int(v)}</v></c>'
    if isinstance(v, int | float):
        return f'<c r="{ref}"><v>{v!r}</v></c>'
    if isinstance(v, RawNumber):
        return f'<c r="{ref}"><v>{escape(v.text)}</v></c>'
    if isinstance(v, Formula):
        attrs = f' t="array" ref="{ref}"' if v.array else ""
        cached = "" if v.cached is None else f"<v>{v.cached!r}</v>"
        return f'<c r="{ref}"><f{attrs}>{escape(v.text)}</f>{cached}</c>'
    text = escape(str(v))
    if sheet.shared:
        sheet.strings.append(str(v))
        return f'<c r="{ref}" t="s"><v>{len(sheet.strings) - 1}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _sheet_chunks(sheet: Sheet):
    dim = f'<dimension ref="{sheet.dimension}"/>' if sheet.dimension else ""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>{dim}<sheetData>'
    r = 0
    for r, row in enumerate(sheet.rows, start=1):
        cells = "".join(_cell(f"{_col(i)}{r}", v, sheet) for i, v in enumerate(row))
        yield f'<row r="{r}">{cells}</row>'
    if sheet.extra_rows:
        letters = [_col(i) for i in range(1, sheet.extra_cols)]
        batch = []
        for n in range(r + 1, r + 1 + sheet.extra_rows):
            cells = f'<c r="A{n}" t="inlineStr"><is><t>p{n}</t></is></c>' + "".join(
                f'<c r="{c}{n}"><v>1.5</v></c>' for c in letters
            )
            batch.append(f'<row r="{n}">{cells}</row>')
            if len(batch) >= 2000:
                yield "".join(batch)
                batch = []
        yield "".join(batch)
    yield "</sheetData></worksheet>"


def write_xlsx(path: Path, sheets: Sequence[Sheet], *, strings_xml: bytes | None = None) -> Path:
    """A workbook of ``sheets``; ``strings_xml`` replaces the shared-strings part."""
    sheet_types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
        for i in range(1, len(sheets) + 1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        entries = "".join(
            f'<sheet name="{escape(s.title)}" sheetId="{i}" r:id="rId{i}"'
            + (f' state="{s.state}"' if s.state != "visible" else "")
            + "/>"
            for i, s in enumerate(sheets, start=1)
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        shared = any(s.shared for s in sheets) or strings_xml is not None
        n = len(sheets)
        if shared:
            rels += (
                f'<Relationship Id="rId{n + 1}" Type="{REL}/sharedStrings" '
                'Target="sharedStrings.xml"/>'
            )
        z.writestr(
            "[Content_Types].xml",
            CONTENT_TYPES.format(
                sheets=sheet_types,
                strings=f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>'
                if shared
                else "",
            ),
        )
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", f"<workbook {NS} {RNS}><sheets>{entries}</sheets></workbook>")
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for i, sheet in enumerate(sheets, start=1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as fh:
                for chunk in _sheet_chunks(sheet):
                    fh.write(chunk.encode())
        if shared:
            if strings_xml is None:
                strings = [s for sh in sheets for s in sh.strings]
                items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
                strings_xml = (
                    f'<sst {NS} count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
                ).encode()
            z.writestr("xl/sharedStrings.xml", strings_xml)
    return path


def offers_sheet(rows: Sequence[Sequence[Cell]], title: str = "API offers", **kw) -> Sheet:
    """An API-offers sheet: a header InferCost recognises, then ``rows``."""
    header = ["Provider", "Model", "Input $/1M", "Output $/1M"]
    return Sheet(title, [header, *rows], **kw)


def set_version_needed(path: Path, member: str, version: int) -> None:
    """Rewrite the 'version needed to extract' of ``member`` in both headers (10.0 -> 100)."""
    data = bytearray(path.read_bytes())
    # (signature, offset of the name length, of the name, of the version) per header kind
    for sig, len_at, name_at, version_at in (
        (b"PK\x03\x04", 26, 30, 4),
        (b"PK\x01\x02", 28, 46, 6),
    ):
        at = 0
        while (at := data.find(sig, at)) >= 0:
            n = struct.unpack_from("<H", data, at + len_at)[0]
            if bytes(data[at + name_at : at + name_at + n]) == member.encode():
                struct.pack_into("<H", data, at + version_at, version)
            at += 4
    path.write_bytes(bytes(data))
