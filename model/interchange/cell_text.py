"""The one rule for text that leaves the app as spreadsheet cells (xlsx, TSV clipboard, CSV):
text that a spreadsheet would read as a formula is escaped; numbers stay numbers."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

# OWASP CSV injection: a cell starting with one of these is run as a formula by Excel or
# LibreOffice (tab and CR are listed because some readers strip them and read what follows).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# A number as our tables show it: "-5", "1,234.5", "-$12.50", "3.2e+09", "45%", "$0.0040".
_NUMBER = re.compile(r"[-+]?\$?(\d{1,3}(,\d{3})+|\d*)(\.\d+)?([eE][-+]?\d+)?%?")


class CellText(NamedTuple):
    """A value's text for one cell and whether it must be shown as text (quote prefix)."""

    text: str
    escaped: bool


def cell_text(value: Any) -> CellText:
    """The text a cell gets for ``value`` and whether it needs escaping.

    Escaped: text starting with ``= + - @``, a tab, CR or LF, unless the whole text is a
    number as the app writes one (``-5``, ``-$12.50``): a negative figure stays a figure;
    a lone ``-`` (a table's "no figure") cannot form a formula and stays as it is.
    Real numbers (int, float) are never escaped.
    """
    if value is None:
        return CellText("", False)
    if isinstance(value, bool):
        return CellText(str(value), False)
    if isinstance(value, int | float):
        return CellText(repr(value) if isinstance(value, float) else str(value), False)
    text = str(value)
    if not text.startswith(FORMULA_START) or text == "-":  # a lone dash: "no figure"
        return CellText(text, False)
    if text[0] in "-+" and any(ch.isdigit() for ch in text) and _NUMBER.fullmatch(text):
        return CellText(text, False)
    return CellText(text, True)


def delimited_cell(value: Any) -> str:
    """One cell of a TSV or CSV text: on one line, and escaped with ``'`` when formula-like.

    Tabs and line breaks inside would split the cell in the sheet it is pasted into; they
    become single spaces (leading ones dropped), then the formula check applies.
    """
    text = " ".join(cell_text(value).text.split())
    if isinstance(value, str) and value and not text:
        return ""
    safe = cell_text(text if isinstance(value, str) else value)
    return "'" + safe.text if safe.escaped else safe.text


def tsv_text(rows: Iterable[Sequence[Any]]) -> str:
    """Rows as tab-separated text for the clipboard, every cell passed through
    :func:`delimited_cell`; one line per row, a final newline."""
    return "".join("\t".join(delimited_cell(c) for c in row) + "\n" for row in rows)


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV (RFC 4180 quoting), every cell passed through :func:`delimited_cell`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in rows:
        writer.writerow([delimited_cell(c) for c in row])
    return buf.getvalue()
