"""Print setup of an exported workbook's sheets: orientation, fit to width, repeated header
rows and ID column, print area, a header and a footer with page numbers."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

# Wider than this many characters of column width prints landscape.
PORTRAIT_WIDTH = 110.0


def set_print(
    ws: Worksheet,
    *,
    title_rows: str | None = None,
    title_cols: str | None = None,
    area: tuple[int, int, int, int] | None = None,
    project: str = "",
    one_page: bool = False,
) -> None:
    """Set up ``ws`` for printing on A4 or Letter.

    ``title_rows`` ("3:3") repeat at the top of every page, ``title_cols`` ("A:A") at the
    left; ``area`` (first row, first column, last row, last column) is what prints (default:
    every used cell). Landscape when the printed columns are wider than a portrait page;
    always one page wide, as many pages tall as needed (one page with ``one_page``).
    """
    r1, c1, r2, c2 = area or (1, 1, max(ws.max_row, 1), max(ws.max_column, 1))
    ws.print_area = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"
    width = sum(_width(ws, c) for c in range(c1, c2 + 1))
    ws.page_setup.orientation = "landscape" if width > PORTRAIT_WIDTH else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 1 if one_page else 0
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    header, footer = ws.oddHeader, ws.oddFooter
    header.left.text = _escape(project)
    header.right.text = "&A"  # the sheet's name
    footer.left.text = "InferCost"
    footer.right.text = "Page &P of &N"


def _width(ws: Worksheet, col: int) -> float:
    dim = ws.column_dimensions.get(get_column_letter(col))
    return float(dim.width) if dim is not None and dim.width else 8.43


def _escape(text: str) -> str:
    """Header text: ``&`` starts a code (page number, sheet name) and is written doubled."""
    return text.replace("&", "&&")[:100]
