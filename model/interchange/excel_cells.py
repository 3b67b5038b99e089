"""Writing cells safely: text never becomes a formula, control characters never reach the file,
and the styles every sheet of an exported workbook shares."""

from __future__ import annotations

import re
from typing import Any

from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from infercost.model.interchange.cell_text import cell_text

# C0 controls except tab and newline, DEL, C1 controls: Excel refuses most of them in XML.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
MAX_CELL_TEXT = 32_767

INPUT, HEADER, CALC, TITLE, NOTE = "ic_input", "ic_header", "ic_calc", "ic_title", "ic_note"


def clean_text(text: Any) -> str:
    """Text with control characters removed, cut to what a cell holds."""
    return _CONTROL.sub("", str(text))[:MAX_CELL_TEXT]


def put_text(ws: Worksheet, row: int, col: int, text: Any, style: str | None = None):
    """Write text that came from a catalog, a file or a user: always a string cell.

    A value starting with ``= + - @`` (or a tab, CR, LF) would be read as a formula by
    openpyxl and by Excel; it is stored as a string with the quote prefix Excel shows as '
    (:func:`infercost.model.interchange.cell_text.cell_text` decides, as for every copy and CSV).
    """
    value = clean_text(text)
    cell = ws.cell(row=row, column=col)
    cell.value = value
    cell.data_type = "s"
    if style:
        cell.style = style
    if cell_text(value).escaped:
        cell.quotePrefix = True
    return cell


def put(ws: Worksheet, row: int, col: int, value: Any, style: str | None = None, fmt: str = ""):
    """Write a number or a formula we built (never text from outside: use :func:`put_text`)."""
    cell = ws.cell(row=row, column=col, value=value)
    if style:
        cell.style = style
    if fmt:
        cell.number_format = fmt
    return cell


def addr(ws: Worksheet | str, row: int, col: int) -> str:
    """An absolute address with its sheet: ``'API offers'!$E$5``."""
    title = ws if isinstance(ws, str) else ws.title
    return f"{sheet_ref(title)}!${get_column_letter(col)}${row}"


def col_range(title: str, col: int) -> str:
    """A whole column of a sheet: ``'API offers'!$E:$E``."""
    letter = get_column_letter(col)
    return f"{sheet_ref(title)}!${letter}:${letter}"


def sheet_ref(title: str) -> str:
    """A sheet name as a formula writes it (always quoted, so spaces and digits are safe)."""
    quoted = quote_sheetname(title)
    return quoted if quoted.startswith("'") else f"'{title}'"


def sheet_title(text: str, taken: set[str]) -> str:
    """A unique, valid sheet name (at most 31 characters, none of []:*?/\\) from user text."""
    base = " ".join(_SHEET_BAD.sub("-", clean_text(text)).split()).strip(" '") or "Sheet"
    title, n = shorten(base, 31), 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = shorten(base, 31 - len(suffix)) + suffix, n + 1
    taken.add(title.lower())
    return title


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at the last word boundary (a word longer than the
    limit is cut), without a dangling separator at the end."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > limit // 3 else text[:limit]
    return cut.rstrip(" -,:;.'(") or text[:limit]


def add_styles(wb: Workbook) -> None:
    """Register the shared named styles once (assigning a name per cell is cheap)."""
    styles = [
        NamedStyle(
            INPUT,
            font=Font(color="1F3F99"),
            fill=PatternFill("solid", fgColor="FFF4CC"),
        ),
        NamedStyle(
            HEADER,
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor="DDE4EE"),
            alignment=Alignment(wrap_text=True, vertical="top"),
        ),
        NamedStyle(CALC, font=Font(color="000000")),
        NamedStyle(TITLE, font=Font(bold=True, size=14)),
        NamedStyle(NOTE, font=Font(italic=True, color="555555")),
    ]
    for style in styles:
        wb.add_named_style(style)


def widths(ws: Worksheet, *sizes: float) -> None:
    """Column widths from A onwards."""
    for i, w in enumerate(sizes, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
