"""Open a spreadsheet file only after its container has been checked: a regular file of bounded
size (model/guard.py), a zip whose central directory promises a bounded, plausibly compressed
content (no zip bomb), and XML parsed by defusedxml (no entity expansion, no external entity)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

from infercost.model.errors import FileFormatError
from infercost.model.guard import read_bounded

MAX_WORKBOOK_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_UNCOMPRESSED = 300 * 1024 * 1024
"""All members together, unpacked. openpyxl in read-only mode streams the worksheets."""
MAX_PART = 40 * 1024 * 1024
"""Any other part (shared strings, styles, the workbook) is parsed whole into a tree or a list
of strings, ~10-30 bytes of Python objects per byte of XML: 40 MB keeps that under 1 GB."""
MIN_RATIO = 0.01  # compressed / uncompressed below this (over 100:1) is a bomb (Apache POI)
RATIO_FROM_BYTES = 1024 * 1024  # small members may compress better (a sheet of zeros)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def defused() -> bool:
    """openpyxl parses with defusedxml (it does only when defusedxml is importable)."""
    return bool(getattr(openpyxl, "DEFUSEDXML", False))


def read_workbook_bytes(path: str | Path) -> bytes:
    """The bytes of a .xlsx/.xlsm file, refused early with a reason when it cannot be one."""
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
    check_zip(data, name)
    return data


def check_zip(data: bytes, name: str) -> None:
    """Refuse a zip whose central directory lists too many members, too much content or a
    compression ratio no spreadsheet has, before a single member is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            names = set(z.namelist())
            mimetype = z.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise FileFormatError(name, "is not an .xlsx workbook (not a valid zip file)") from None
    if b"opendocument" in mimetype:
        raise FileFormatError(
            name, "is an OpenDocument spreadsheet (.ods); save it as .xlsx and import that"
        )
    if len(infos) > MAX_MEMBERS:
        raise FileFormatError(name, f"holds {len(infos):,} parts; a workbook has far fewer")
    total = 0
    for info in infos:
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
                f"part {info.filename[:60]!r} is compressed {ratio:,}:1; no spreadsheet "
                "compresses like that (a zip bomb)",
            )
        streamed = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        if info.file_size > MAX_PART and not streamed:
            raise FileFormatError(
                name,
                f"part {info.filename[:60]!r} unpacks to {_size(info.file_size)}; InferCost "
                f"reads parts of at most {_size(MAX_PART)} besides the sheets",
            )
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        raise FileFormatError(name, "is a zip file but not an Excel workbook (no workbook part)")


def _size(n: int) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 100_000 else f"{n:,} bytes"
